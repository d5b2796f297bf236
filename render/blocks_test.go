package render

import (
	"image"
	"image/color"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// The drawing read back: each cell's foreground is the top pixel's colour
// and its background the bottom one's, in the source picture's places.
func TestBlocksDrawThePicture(t *testing.T) {
	// 4 × 4: left half red, right half blue; the bottom row green.
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for y := range 4 {
		for x := range 4 {
			c := color.RGBA{200, 0, 0, 255}
			if x >= 2 {
				c = color.RGBA{0, 0, 200, 255}
			}
			if y == 3 {
				c = color.RGBA{0, 160, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	out := Blocks(img, 10, 10, 2, true)
	lines := strings.Split(out, "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2 (4 pixels high, 2 a cell):\n%q", len(lines), out)
	}
	for _, l := range lines {
		if got := ansi.Strip(l); got != "  ▀▀▀▀" {
			t.Fatalf("cells %q", got)
		}
	}
	cells := regexp.MustCompile(`(?:\x1b\[38;2;(\d+;\d+;\d+)m)?(?:\x1b\[48;2;(\d+;\d+;\d+)m)?▀`)
	read := func(line string) (fg, bg []string) {
		f, b := "", ""
		for _, m := range cells.FindAllStringSubmatch(line, -1) {
			if m[1] != "" {
				f = m[1]
			}
			if m[2] != "" {
				b = m[2]
			}
			fg, bg = append(fg, f), append(bg, b)
		}
		return fg, bg
	}
	fg, bg := read(lines[0])
	want := []string{"200;0;0", "200;0;0", "0;0;200", "0;0;200"}
	for i := range 4 {
		if fg[i] != want[i] || bg[i] != want[i] {
			t.Errorf("row 0 cell %d: %s/%s, want %s", i, fg[i], bg[i], want[i])
		}
	}
	fg, bg = read(lines[1])
	for i := range 4 {
		if fg[i] != want[i] || bg[i] != "0;160;0" {
			t.Errorf("row 1 cell %d: %s/%s", i, fg[i], bg[i])
		}
	}
}

// A wide picture is scaled to the width, a tall one to the rows.
func TestBlocksFit(t *testing.T) {
	wide := image.NewRGBA(image.Rect(0, 0, 1600, 800))
	out := Blocks(wide, 60, 40, 0, true)
	lines := strings.Split(out, "\n")
	if len(lines) != 15 || ansi.StringWidth(lines[0]) != 60 {
		t.Errorf("1600×800 at 60 columns: %d lines of %d", len(lines), ansi.StringWidth(lines[0]))
	}
	tall := image.NewRGBA(image.Rect(0, 0, 400, 4000))
	lines = strings.Split(Blocks(tall, 60, 12, 0, true), "\n")
	if len(lines) != 12 || ansi.StringWidth(lines[0]) > 60 {
		t.Errorf("tall: %d lines of %d", len(lines), ansi.StringWidth(lines[0]))
	}
}
