package render

import (
	"bytes"
	"fmt"
	"image"
	"strings"

	"github.com/charmbracelet/x/ansi/kitty"
)

// cellsFor is the cells a picture takes at most maxCols wide (never wider
// than the picture) and maxRows high, its proportions kept, and the pixel
// rows it is drawn in: a cell is about twice as high as wide and holds two,
// so a picture's pixels stay square at one pixel per column. Zero cells for
// a picture or a room of nothing.
func cellsFor(img image.Image, maxCols, maxRows int) (cols, rows, px int) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 || maxCols <= 0 || maxRows <= 0 {
		return 0, 0, 0
	}
	cols = min(maxCols, w)
	px = max(cols*h/w, 1)
	if (px+1)/2 > maxRows {
		px = maxRows * 2
		cols = max(px*w/h, 1)
	}
	return cols, (px + 1) / 2, px
}

// Kitty is a picture for the kitty graphics protocol (kitty, WezTerm,
// Ghostty, Konsole): transmit is the escape sequence that sends it once, out
// of band, with a virtual placement of cols × rows cells under id; place is
// the text that shows it — Unicode placeholder cells (U+10EEEE with row and
// column diacritics, the id in the foreground colour), which move with the
// text like any other characters when it scrolls or redraws.
func Kitty(img image.Image, id, maxCols, maxRows, indent int) (transmit, place string, err error) {
	cols, rows, _ := cellsFor(img, maxCols, maxRows)
	if cols == 0 {
		return "", "", nil
	}
	var b bytes.Buffer
	err = kitty.EncodeGraphics(&b, img, &kitty.Options{
		Action: kitty.TransmitAndPut, Quiet: 2, ID: id, Format: kitty.PNG, Transmission: kitty.Direct,
		Chunk: true, VirtualPlacement: true, Columns: cols, Rows: rows,
	})
	if err != nil {
		return "", "", fmt.Errorf("kitty picture: %w", err)
	}
	colour := fmt.Sprintf("\x1b[38;2;%d;%d;%dm", id>>16&0xff, id>>8&0xff, id&0xff)
	var p strings.Builder
	pad := strings.Repeat(" ", max(indent, 0))
	for r := range rows {
		p.WriteString(pad + colour)
		for c := range cols {
			p.WriteRune(kitty.Placeholder)
			p.WriteRune(kitty.Diacritic(r))
			p.WriteRune(kitty.Diacritic(c))
		}
		p.WriteString("\x1b[39m")
		if r < rows-1 {
			p.WriteByte('\n')
		}
	}
	return b.String(), p.String(), nil
}

// KittyIDs is where kolom's kitty picture ids begin: the id is the
// placeholder cells' foreground colour, and this one is no text's.
const KittyIDs = 0x4b0000

// KittyDelete is the sequence that frees the picture id in the terminal.
func KittyDelete(id int) string {
	return fmt.Sprintf("\x1b_Ga=d,d=I,i=%d,q=2\x1b\\", id)
}

// PlacesKittyPictures reports whether a terminal, by the name and version
// it gives (XTVERSION: "kitty(0.35.2)", "ghostty 1.1.3"), places kitty
// pictures with Unicode placeholders: kitty from 0.28 and Ghostty do;
// older kitty knows the protocol but not the placeholders (it shows their
// boxes), and WezTerm and Konsole place pictures only at the cursor.
func PlacesKittyPictures(version string) bool {
	v := strings.ToLower(strings.TrimSpace(version))
	if strings.HasPrefix(v, "ghostty") {
		return true
	}
	rest, ok := strings.CutPrefix(v, "kitty(")
	if !ok {
		return false
	}
	var major, minor int
	if _, err := fmt.Sscanf(rest, "%d.%d", &major, &minor); err != nil {
		return false
	}
	return major > 0 || minor >= 28
}
