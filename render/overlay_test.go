package render

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi/sixel"
)

// halves is a picture red on the left and blue on the right.
func halves(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{200, 30, 30, 255}
			if x >= w/2 {
				c = color.RGBA{30, 30, 200, 255}
			}
			img.Set(x, y, c)
		}
	}
	return img
}

// A frame: a pane border and Dutch text (wide é, a CJK character) before
// the places of two pictures; the first scrolled so that only its lower
// rows show.
func TestLocateFindsEachPictureRun(t *testing.T) {
	first := strings.Split(OverlayPlace(3, 6, 4, 2), "\n")[2:] // rows 2 and 3
	second := strings.Split(OverlayPlace(4, 5, 3, 0), "\n")
	var lines []string
	for _, row := range first {
		lines = append(lines, "│ café "+row)
	}
	lines = append(lines, "│ Afbeelding: grafiek → https://example.nl/a.png", "│ 中文")
	for _, row := range second {
		lines = append(lines, "│ \x1b[1mx\x1b[m "+row)
	}
	got := Locate(strings.Join(lines, "\n"))
	want := []Placement{{ID: 3, X: 9, Y: 0, First: 2, Rows: 2}, {ID: 4, X: 4, Y: 4, First: 0, Rows: 3}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("Locate = %+v, want %+v", got, want)
	}
	if Locate("plain text\nno pictures") != nil || HasOverlay("plain") || !HasOverlay(lines[0]) {
		t.Error("found a picture where there is none, or none where there is")
	}
}

func TestOverlayCellsKeepProportions(t *testing.T) {
	img := halves(400, 200)
	for _, tc := range []struct{ maxCols, maxRows, cellW, cellH, cols, rows int }{
		{80, 40, 10, 20, 40, 10}, // its own size: 400 px in 10-px cells
		{20, 40, 10, 20, 20, 5},  // narrower
		{80, 4, 10, 20, 16, 4},   // lower: 4 rows of 20 px = 80 px high, 160 px wide
		{80, 40, 8, 16, 50, 13},  // another font
		{0, 40, 10, 20, 0, 0},    // no room
		{80, 40, 0, 0, 0, 0},     // no cell size
	} {
		cols, rows := OverlayCells(img, tc.maxCols, tc.maxRows, tc.cellW, tc.cellH)
		if cols != tc.cols || rows != tc.rows {
			t.Errorf("%+v: %d × %d cells", tc, cols, rows)
		}
	}
}

// What kolom sends as sixel decodes (with x/ansi's decoder) to the visible
// part of the picture at the cells' pixel size, colours kept.
func TestSixelDecodesBackToThePicture(t *testing.T) {
	img := halves(400, 200)
	p := Placement{ID: 1, X: 4, Y: 7, First: 1, Rows: 3} // rows 1–3 of 5
	seq := DrawAt(p, SixelImage(img, 20, 5, 10, 20, p.First, p.Rows))
	if !strings.HasPrefix(seq, "\x1b7\x1b[8;5H\x1bP0;1q") || !strings.HasSuffix(seq, "\x1b\\\x1b8") {
		t.Fatalf("sequence begins %q, ends %q", seq[:min(20, len(seq))], seq[max(0, len(seq)-8):])
	}
	payload := seq[strings.Index(seq, "q")+1 : len(seq)-len("\x1b\\\x1b8")]
	back, err := (&sixel.Decoder{}).Decode(strings.NewReader(payload))
	if err != nil {
		t.Fatal(err)
	}
	if b := back.Bounds(); b.Dx() != 200 || b.Dy() != 60 {
		t.Fatalf("decoded %v, want 200 × 60 (20 cells × 3 rows of 10 × 20 px)", b)
	}
	for _, pt := range []struct {
		x, y    int
		red     bool
		comment string
	}{{10, 5, true, "left"}, {190, 55, false, "right"}, {90, 30, true, "left of the middle"}} {
		r, _, b, _ := back.At(pt.x, pt.y).RGBA()
		if (r > b) != pt.red {
			t.Errorf("%s (%d,%d): r=%d b=%d", pt.comment, pt.x, pt.y, r>>8, b>>8)
		}
	}
}

// iTerm2's inline image is a PNG of the visible part, sized in cells.
func TestITerm2DecodesBackToThePicture(t *testing.T) {
	img := halves(400, 200)
	p := Placement{ID: 1, X: 0, Y: 2, First: 0, Rows: 2}
	seq := DrawAt(p, ITerm2Image(img, 20, 5, p.First, p.Rows))
	m := regexp.MustCompile(`^\x1b7\x1b\[3;1H\x1b\]1337;File=([^:]*):([^\x07]*)\x07\x1b8$`).FindStringSubmatch(seq)
	if m == nil {
		t.Fatalf("sequence %q…", seq[:min(60, len(seq))])
	}
	if !strings.Contains(m[1], "width=20") || !strings.Contains(m[1], "height=2") || !strings.Contains(m[1], "inline=1") {
		t.Errorf("arguments %q", m[1])
	}
	raw, err := base64.StdEncoding.DecodeString(m[2])
	if err != nil {
		t.Fatal(err)
	}
	back, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if b := back.Bounds(); b.Dx() != 200 || b.Dy() != 40 {
		t.Fatalf("decoded %v", b)
	}
	if r, _, b, _ := back.At(10, 10).RGBA(); r <= b {
		t.Error("left is not red")
	}
	if r, _, b, _ := back.At(190, 30).RGBA(); r >= b {
		t.Error("right is not blue")
	}
}

func TestRepaintWritesTheFrameLinesAgain(t *testing.T) {
	frame := "kop\n\x1b[1mregel\x1b[m twee\nderde"
	got := Repaint(frame, []int{1, 5})
	if got != "\x1b7\x1b[2;1H\x1b[2K\x1b[1mregel\x1b[m twee\x1b[m\x1b8" {
		t.Errorf("Repaint = %q", got)
	}
}
