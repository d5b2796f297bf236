package render

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/iterm2"
	"github.com/charmbracelet/x/ansi/sixel"
	"golang.org/x/image/draw"
)

// Sixel and iTerm2 pictures have no placeholders: the terminal draws them
// where the cursor is, over the text. So the text holds their place —
// blank cells, each row marked with the picture's id and the row
// (OverlayPlace) — and once a frame is on the screen Locate finds the
// marked rows in it, and DrawAt draws what is visible of each picture there.

// overlayMark begins every marked row: a foreground colour, which blank
// cells never show. (Not an underline colour, which reads as its own
// attributes — underline, reverse — in terminals without it, such as xterm.)
const overlayMark = "\x1b[38;2;76;" // 76: not one of the kitty ids (KittyIDs)

// OverlayPlace is the text that keeps a picture's place: rows of cols blank
// cells after indent spaces, each row marked with id (1–255) and its row.
func OverlayPlace(id, cols, rows, indent int) string {
	var b strings.Builder
	pad := strings.Repeat(" ", max(indent, 0))
	blank := strings.Repeat(" ", cols)
	for r := range rows {
		fmt.Fprintf(&b, "%s%s%d;%dm%s\x1b[39m", pad, overlayMark, id&0xff, r&0xff, blank)
		if r < rows-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// HasOverlay reports whether a frame holds the place of any picture.
func HasOverlay(frame string) bool { return strings.Contains(frame, overlayMark) }

// Placement is where a picture shows in a frame: X, Y the screen cell (from
// 0) of its first visible row, which is row First of the picture, and Rows
// of its rows from there.
type Placement struct {
	ID, X, Y, First, Rows int
}

// Locate finds the pictures whose place a frame holds, each as the run of
// its rows that is on the screen (a frame that cuts a picture shows only a
// part: a scrolled one its lower rows, a window its upper).
func Locate(frame string) []Placement {
	var out []Placement
	at := map[int]int{} // id → index in out
	for y, line := range strings.Split(frame, "\n") {
		for rest, skip := line, 0; ; {
			i := strings.Index(rest, overlayMark)
			if i < 0 {
				break
			}
			x := ansi.StringWidth(line[:skip+i])
			id, row, n, ok := markAt(rest[i+len(overlayMark):])
			rest, skip = rest[i+len(overlayMark)+n:], skip+i+len(overlayMark)+n
			if !ok {
				continue
			}
			k, seen := at[id]
			switch {
			case !seen:
				at[id] = len(out)
				out = append(out, Placement{ID: id, X: x, Y: y, First: row, Rows: 1})
			case out[k].First+out[k].Rows == row && out[k].Y+out[k].Rows == y:
				out[k].Rows++
			}
		}
	}
	return out
}

// markAt reads "id;row m" after the mark.
func markAt(s string) (id, row, n int, ok bool) {
	end := strings.IndexByte(s, 'm')
	if end < 0 || end > 8 {
		return 0, 0, 0, false
	}
	a, b, found := strings.Cut(s[:end], ";")
	id, err1 := strconv.Atoi(a)
	row, err2 := strconv.Atoi(b)
	return id, row, end + 1, found && err1 == nil && err2 == nil
}

// CellWidth and CellHeight are a common cell's pixels, for a terminal that
// says none.
const CellWidth, CellHeight = 10, 20

// OverlayCells is the cells a picture takes at most maxCols × maxRows, its
// proportions kept, for cells of cellW × cellH pixels (never larger than
// the picture itself, at one pixel per pixel).
func OverlayCells(img image.Image, maxCols, maxRows, cellW, cellH int) (cols, rows int) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 || maxCols <= 0 || maxRows <= 0 || cellW <= 0 || cellH <= 0 {
		return 0, 0
	}
	cols = min(maxCols, max((w+cellW-1)/cellW, 1))
	rows = max((cols*cellW*h/w+cellH/2)/cellH, 1)
	if rows > maxRows {
		rows = maxRows
		cols = max(min(maxCols, (rows*cellH*w/h+cellW/2)/cellW), 1)
	}
	return cols, rows
}

// visiblePart is the picture scaled to cols × rows cells of cellW × cellH
// pixels, cut to the rows p shows — a picture of its own, from (0, 0): the
// sixel encoder reads a picture from there whatever its bounds.
func visiblePart(img image.Image, cols, rows, cellW, cellH int, p Placement) image.Image {
	full := image.NewRGBA(image.Rect(0, 0, cols*cellW, rows*cellH))
	draw.CatmullRom.Scale(full, full.Bounds(), img, img.Bounds(), draw.Src, nil)
	part := image.NewRGBA(image.Rect(0, 0, cols*cellW, p.Rows*cellH))
	draw.Draw(part, part.Bounds(), full, image.Pt(0, p.First*cellH), draw.Src)
	return part
}

// SixelImage is the sixel graphics of rows [first, first+n) of a picture
// taking cols × rows cells of cellW × cellH pixels, drawn where the cursor is.
func SixelImage(img image.Image, cols, rows, cellW, cellH, first, n int) string {
	part := visiblePart(img, cols, rows, cellW, cellH, Placement{First: first, Rows: n})
	var payload bytes.Buffer
	if err := (&sixel.Encoder{}).Encode(&payload, part); err != nil {
		return ""
	}
	return ansi.SixelGraphics(0, 1, 0, payload.Bytes())
}

// ITerm2Image is the inline image of rows [first, first+n) of a picture
// taking cols × rows cells, drawn where the cursor is and stretched by the
// terminal to its cells; the pixels are the picture's at a common cell's
// size, enough for any screen.
func ITerm2Image(img image.Image, cols, rows, first, n int) string {
	part := visiblePart(img, cols, rows, CellWidth, CellHeight, Placement{First: first, Rows: n})
	var b bytes.Buffer
	if err := png.Encode(&b, part); err != nil {
		return ""
	}
	f := iterm2.File{Inline: true, IgnoreAspectRatio: true, Width: iterm2.Cells(cols), Height: iterm2.Cells(n),
		Size: int64(b.Len()), Content: []byte(base64.StdEncoding.EncodeToString(b.Bytes()))}
	return ansi.ITerm2(f)
}

// DrawAt is what draws a picture (SixelImage, ITerm2Image) at p's first
// cell: the cursor and the pen are saved around it, so the renderer finds
// both as it left them.
func DrawAt(p Placement, picture string) string {
	return "\x1b7" + ansi.CursorPosition(p.X+1, p.Y+1) + picture + "\x1b8"
}

// Repaint is what writes the given rows of frame again, whole, over
// whatever a picture left there: erased first (which also takes a sixel's
// pixels off), then the frame's own text, so the screen is again what the
// renderer last drew.
func Repaint(frame string, ys []int) string {
	lines := strings.Split(frame, "\n")
	var b strings.Builder
	for _, y := range ys {
		if y < 0 || y >= len(lines) {
			continue
		}
		b.WriteString("\x1b7" + ansi.CursorPosition(1, y+1) + ansi.EraseEntireLine + lines[y] + "\x1b[m\x1b8")
	}
	return b.String()
}
