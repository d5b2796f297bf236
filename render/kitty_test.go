package render

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/kitty"
)

// What kolom sends decodes back to the picture, and the placeholders are
// cols × rows cells carrying the picture's id in their colour and each
// cell's row and column in its diacritics.
func TestKittyRoundTrip(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 32))
	for y := range 32 {
		for x := range 64 {
			img.Set(x, y, color.RGBA{uint8(x * 4), uint8(y * 8), 120, 255})
		}
	}
	transmit, place, err := Kitty(img, 0x0102ab, 20, 10, 2)
	if err != nil {
		t.Fatal(err)
	}
	// The chunks' payloads, joined, are the base64 of a PNG.
	chunks := regexp.MustCompile(`\x1b_G([^;]*);([^\x1b]*)\x1b\\`).FindAllStringSubmatch(transmit, -1)
	if len(chunks) == 0 || !strings.Contains(chunks[0][1], "a=T") || !strings.Contains(chunks[0][1], "U=1") ||
		!strings.Contains(chunks[0][1], "i=66219") || !strings.Contains(chunks[0][1], "c=20") || !strings.Contains(chunks[0][1], "r=5") {
		t.Fatalf("first chunk %q", chunks[0][1])
	}
	var payload strings.Builder
	for _, c := range chunks {
		payload.WriteString(c[2])
	}
	raw, err := base64.StdEncoding.DecodeString(payload.String())
	if err != nil {
		t.Fatal(err)
	}
	back, err := (&kitty.Decoder{Format: kitty.PNG}).Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if back.Bounds() != img.Bounds() {
		t.Fatalf("decoded %v", back.Bounds())
	}
	for _, p := range []image.Point{{0, 0}, {63, 31}, {20, 10}} {
		r1, g1, b1, _ := img.At(p.X, p.Y).RGBA()
		r2, g2, b2, _ := back.At(p.X, p.Y).RGBA()
		if r1 != r2 || g1 != g2 || b1 != b2 {
			t.Errorf("pixel %v differs", p)
		}
	}
	lines := strings.Split(place, "\n")
	if len(lines) != 5 {
		t.Fatalf("%d placeholder rows, want 5 (64×32 at 20 columns)", len(lines))
	}
	for r, l := range lines {
		if !strings.Contains(l, "\x1b[38;2;1;2;171m") || ansi.StringWidth(l) != 22 {
			t.Errorf("row %d: width %d, %q", r, ansi.StringWidth(l), l[:40])
		}
		cells := []rune(ansi.Strip(l))[2:]
		for c := 0; c < 20; c++ {
			if cells[3*c] != kitty.Placeholder || cells[3*c+1] != kitty.Diacritic(r) || cells[3*c+2] != kitty.Diacritic(c) {
				t.Fatalf("row %d cell %d: %q", r, c, string(cells[3*c:3*c+3]))
			}
		}
	}
}

func TestPlacesKittyPictures(t *testing.T) {
	for v, want := range map[string]bool{"kitty(0.35.2)": true, "kitty(0.28.0)": true, "kitty(0.26.5)": false, "kitty(1.0.0)": true,
		"ghostty 1.1.3": true, "WezTerm 20240203-110809-5046fc22": false, "XTerm(390)": false, "": false} {
		if got := PlacesKittyPictures(v); got != want {
			t.Errorf("%q: %v", v, got)
		}
	}
}
