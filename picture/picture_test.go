package picture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, 0, color.RGBA{200, 30, 30, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bomb is a PNG header that announces width × height pixels, with no pixels.
func bomb(width, height uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], width)
	binary.BigEndian.PutUint32(ihdr[4:], height)
	ihdr[8], ihdr[9] = 8, 6 // 8 bits, RGBA
	chunk := append([]byte("IHDR"), ihdr...)
	binary.Write(&b, binary.BigEndian, uint32(13))
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return b.Bytes()
}

func TestDecode(t *testing.T) {
	img, err := Decode(pngOf(t, 40, 20), MaxPixels)
	if err != nil || img.Bounds().Dx() != 40 {
		t.Fatalf("png: %v %v", img, err)
	}
	if _, err := Decode(bomb(30000, 30000), MaxPixels); !errors.Is(err, ErrTooLarge) {
		t.Errorf("30,000 × 30,000: %v", err)
	}
	full := pngOf(t, 40, 20)
	if _, err := Decode(full[:len(full)/2], MaxPixels); err == nil {
		t.Error("a truncated PNG decoded")
	}
	for name, b := range map[string][]byte{
		"svg":  []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`),
		"html": []byte("<!DOCTYPE html><html><body>Niet gevonden</body></html>"),
	} {
		if _, err := Decode(b, MaxPixels); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// A GIF of 10,000 frames costs its first frame.
func TestDecodeGIFFirstFrame(t *testing.T) {
	g := &gif.GIF{}
	pal := color.Palette{color.Black, color.White}
	for i := range 10000 {
		f := image.NewPaletted(image.Rect(0, 0, 4, 4), pal)
		f.SetColorIndex(0, 0, uint8(i%2))
		g.Image, g.Delay = append(g.Image, f), append(g.Delay, 1)
	}
	var b bytes.Buffer
	if err := gif.EncodeAll(&b, g); err != nil {
		t.Fatal(err)
	}
	img, err := Decode(b.Bytes(), MaxPixels)
	if err != nil || img.Bounds().Dx() != 4 {
		t.Fatalf("%v %v", img, err)
	}
}

func TestCacheKeepsTheRecentlyUsed(t *testing.T) {
	c := Cache{Dir: filepath.Join(t.TempDir(), "pictures"), Limit: 250}
	old := time.Now().Add(-time.Hour)
	c.Put("https://x.nl/a.png", bytes.Repeat([]byte{1}, 100))
	os.Chtimes(c.path("https://x.nl/a.png"), old, old)
	c.Put("https://x.nl/b.png", bytes.Repeat([]byte{2}, 100))
	os.Chtimes(c.path("https://x.nl/b.png"), old.Add(time.Minute), old.Add(time.Minute))
	if _, ok := c.Get("https://x.nl/a.png"); !ok { // a is used now: b is the oldest
		t.Fatal("a is not kept")
	}
	c.Put("https://x.nl/c.png", bytes.Repeat([]byte{3}, 100))
	if _, ok := c.Get("https://x.nl/b.png"); ok {
		t.Error("the least recently used is still there past the limit")
	}
	for _, u := range []string{"https://x.nl/a.png", "https://x.nl/c.png"} {
		if b, ok := c.Get(u); !ok || len(b) != 100 {
			t.Errorf("%s lost", u)
		}
	}
}

// FuzzDecode: any bytes decode or fail within the pixel bound, never panic.
func FuzzDecode(f *testing.F) {
	f.Add(bomb(30000, 30000))
	f.Add(bomb(10, 10))
	f.Add([]byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	f.Fuzz(func(t *testing.T, b []byte) {
		if img, err := Decode(b, 1<<16); err == nil && img.Bounds().Dx()*img.Bounds().Dy() > 1<<16 {
			t.Fatalf("%v decoded past the bound", img.Bounds())
		}
	})
}

func TestFit(t *testing.T) {
	big := image.NewRGBA(image.Rect(0, 0, 4000, 1000))
	for x := range 4000 {
		big.Set(x, 500, color.RGBA{255, 0, 0, 255})
	}
	got := Fit(big, MaxSide)
	if b := got.Bounds(); b.Dx() != 2048 || b.Dy() != 512 {
		t.Errorf("4000×1000 fitted to %v", b)
	}
	small := image.NewRGBA(image.Rect(0, 0, 40, 20))
	if Fit(small, MaxSide) != image.Image(small) {
		t.Error("a picture that fits was copied")
	}
	tall := Fit(image.NewRGBA(image.Rect(0, 0, 100, 5000)), MaxSide)
	if b := tall.Bounds(); b.Dy() != 2048 || b.Dx() != 40 {
		t.Errorf("100×5000 fitted to %v", b)
	}
}
