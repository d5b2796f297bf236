package ui

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi/sixel"

	"github.com/kolom/kolom/render"
)

// drawn is a picture the terminal was told to draw: where, and its pixels.
type drawn struct {
	x, y, w, h int
	kind       string // "sixel" or "iterm2"
}

var (
	placedAt  = regexp.MustCompile(`\x1b7\x1b\[(\d+);(\d+)H(\x1bP0;1q[^\x1b]*\x1b\\|\x1b\]1337;File=[^\x07]*\x07)\x1b8`)
	repainted = regexp.MustCompile(`\x1b7\x1b\[(\d+);1H\x1b\[2K`)
)

// pictures reads what a raw write draws, and which rows it writes again.
func picturesIn(t *testing.T, raw string) (pics []drawn, rows []int) {
	t.Helper()
	for _, m := range placedAt.FindAllStringSubmatch(raw, -1) {
		y, _ := strconv.Atoi(m[1])
		x, _ := strconv.Atoi(m[2])
		d := drawn{x: x - 1, y: y - 1, kind: "iterm2"}
		if strings.HasPrefix(m[3], "\x1bP") {
			d.kind = "sixel"
			img, err := (&sixel.Decoder{}).Decode(strings.NewReader(m[3][len("\x1bP0;1q") : len(m[3])-2]))
			if err != nil {
				t.Fatalf("the sixel does not decode: %v", err)
			}
			d.w, d.h = img.Bounds().Dx(), img.Bounds().Dy()
		}
		pics = append(pics, d)
	}
	for _, m := range repainted.FindAllStringSubmatch(raw, -1) {
		y, _ := strconv.Atoi(m[1])
		rows = append(rows, y-1)
	}
	return pics, rows
}

// settle lets the frame settle and returns what was written over it.
func (r *rig) settle() string {
	before := len(r.raws)
	r.fire(func(m tea.Msg) bool { _, ok := m.(paintDueMsg); return ok })
	return strings.Join(r.raws[before:], "")
}

// A chart in a column, in a terminal that draws sixel: drawn over the
// blank cells that keep its place once the frame settles, at the cell
// Locate finds, at the cells' pixel size; scrolling draws it again one row
// higher after writing its old rows again; scrolled half off, its lower
// part; the help over it, nothing but the rows written again. (The
// terminal's answers come with the article open, as they can.)
func TestSixelPicturesFollowTheText(t *testing.T) {
	r := chartOpen(t, "Uit ons onderzoek.\n\n![Grafiek: budgetten 2026](https://x.test/grafiek.png)\n\n"+
		strings.Repeat("Klanten verwachten dat merken hun beloftes waarmaken. ", 200))
	r.send(tea.TerminalVersionMsg{Name: "XTerm(379)"}) // no kitty, no iTerm2
	r.send(uv.PrimaryDeviceAttributesEvent{63, 1, 4, 6, 9})
	r.send(uv.CellSizeEvent{Width: 9, Height: 18})
	if r.m.c.pictureMode != "sixel" {
		t.Fatalf("mode %q after the terminal named sixel", r.m.c.pictureMode)
	}
	frame := r.m.content()
	places := render.Locate(frame)
	if len(places) != 1 || places[0].First != 0 {
		t.Fatalf("places %+v in\n%s", places, r.view())
	}
	p := places[0]
	caption := -1
	for i, line := range strings.Split(r.view(), "\n") {
		if strings.Contains(line, "Grafiek: budgetten 2026") {
			caption = i
		}
	}
	if caption != p.Y+p.Rows {
		t.Errorf("the picture's place ends on row %d, the caption is on %d", p.Y+p.Rows-1, caption)
	}
	if strings.Contains(strings.Join(r.raws, ""), "\x1bP") {
		t.Fatal("drawn before the frame settled")
	}
	pics, _ := picturesIn(t, r.settle())
	held, _, _ := r.reader().heldByID(p.ID)
	if len(pics) != 1 || pics[0].x != p.X || pics[0].y != p.Y || pics[0].kind != "sixel" ||
		pics[0].w != held.cols*9 || pics[0].h != p.Rows*18 {
		t.Fatalf("drew %+v for place %+v (%d × %d cells of 9 × 18)", pics, p, held.cols, held.rows)
	}
	if r.settle() != "" {
		t.Error("drawn again on a frame that did not change")
	}
	r.run(r.m.setStatus("Bladwijzer opgeslagen", false)) // a change off the picture's rows…
	r.send(tea.WindowSizeMsg{Width: 80, Height: 40})     // …seen after the next message
	if !strings.Contains(r.view(), "Bladwijzer opgeslagen") || r.m.paint.frame != r.m.content() {
		t.Fatal("the status line did not change the frame")
	}
	if raw := r.settle(); raw != "" || len(r.m.paint.drawn) == 0 {
		t.Errorf("the status line changed, and the picture was drawn again: %q", raw[:min(40, len(raw))])
	}

	r.keys("down")
	got, rows := picturesIn(t, r.settle())
	if len(got) != 1 || got[0].y != p.Y-1 || got[0].x != p.X {
		t.Errorf("after a line down drew %+v, want one row higher than %+v", got, p)
	}
	for y := p.Y; y < p.Y+p.Rows; y++ {
		if !slices.Contains(rows, y) {
			t.Errorf("row %d, where the picture was, not written again (%v)", y, rows)
		}
	}
	if n := len(r.m.paint.cache); n != 1 {
		t.Errorf("%d pictures encoded for one shown whole twice: the cache was not used", n)
	}

	// Down until the picture's top row leaves the window, and one more.
	var cut []render.Placement
	for range 40 {
		r.keys("down")
		if cut = render.Locate(r.m.content()); len(cut) == 1 && cut[0].First > 0 {
			break
		}
	}
	top := cut[0].Y // the window's first row
	r.keys("down")
	cut = render.Locate(r.m.content())
	got, _ = picturesIn(t, r.settle())
	if len(cut) != 1 || cut[0].First != 2 || cut[0].Y != top || cut[0].Rows != p.Rows-2 {
		t.Fatalf("half scrolled off, the frame shows %+v; want rows 2… of %+v from row %d", cut, p, top)
	}
	if len(got) != 1 || got[0].y != top || got[0].h != cut[0].Rows*18 || got[0].w != held.cols*9 {
		t.Errorf("half scrolled off: drew %+v, want the lower %d rows at row %d", got, cut[0].Rows, top)
	}

	r.keys("?")
	got, rows = picturesIn(t, r.settle())
	if len(got) != 0 || len(rows) == 0 {
		t.Errorf("under the help: drew %+v, wrote rows %v again", got, rows)
	}
}

// WezTerm (by its version) gets iTerm2 pictures, in cells.
func TestITerm2PicturesByVersion(t *testing.T) {
	r := chartOpen(t, "Tekst.\n\n![Grafiek](https://x.test/grafiek.png)\n\n"+strings.Repeat("Meer tekst over klanten. ", 30))
	r.send(tea.TerminalVersionMsg{Name: "WezTerm 20240203-110809-5046fc22"})
	r.send(uv.PrimaryDeviceAttributesEvent{65, 4, 6}) // sixel too: iTerm2 said first
	if r.m.c.pictureMode != "iterm2" {
		t.Fatalf("mode %q", r.m.c.pictureMode)
	}
	raw := r.settle()
	got, _ := picturesIn(t, raw)
	places := render.Locate(r.m.content())
	if len(got) != 1 || got[0].kind != "iterm2" || len(places) != 1 || got[0].y != places[0].Y {
		t.Fatalf("drew %+v for %+v", got, places)
	}
	if !strings.Contains(raw, "height="+strconv.Itoa(places[0].Rows)) {
		t.Errorf("not sized in the place's rows: %q", raw[:min(120, len(raw))])
	}
}

// xterm answers no cell-size query by default but tells the kernel: a
// resize reads it from there, and sixel pictures are drawn at that size.
func TestCellSizeFromTheKernel(t *testing.T) {
	l := newFakeLib()
	l.cfg.Images = "sixel"
	r := newRig(t, l, 80, 40)
	r.m.c.opts.CellPixels = func() (int, int) { return 7, 14 }
	r.send(tea.WindowSizeMsg{Width: 100, Height: 40})
	if w, h := r.m.c.cellSize(); w != 7 || h != 14 {
		t.Errorf("cell %d × %d, want 7 × 14", w, h)
	}
	r.m.c.opts.CellPixels = func() (int, int) { return 0, 0 } // none: what was known stays
	r.send(tea.WindowSizeMsg{Width: 90, Height: 40})
	if w, h := r.m.c.cellSize(); w != 7 || h != 14 {
		t.Errorf("after a resize without an answer: %d × %d", w, h)
	}
}
