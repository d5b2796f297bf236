package library

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/kolom/kolom/picture"
)

// Pictures come through the feeds' client and the cache: fetched once,
// then read from disk; what is not a picture (SVG, a web page, a picture
// too large to hold) is refused with a reason, and nothing is kept.
func TestPicture(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 30, 20))
	img.Set(0, 0, color.RGBA{200, 0, 0, 255})
	var pngBytes bytes.Buffer
	png.Encode(&pngBytes, img)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/grafiek.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(pngBytes.Bytes())
		case "/logo.svg":
			w.Header().Set("Content-Type", "image/svg+xml")
			w.Write([]byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`))
		case "/foto.jpg": // a web page where a picture should be
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body>Niet gevonden</body></html>"))
		case "/bom.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(pngHeader(30000, 30000))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	l := openLib(t, false)
	ctx := context.Background()
	for range 2 {
		got, err := l.Picture(ctx, srv.URL+"/grafiek.png")
		if err != nil || got.Bounds().Dx() != 30 {
			t.Fatalf("png: %v %v", got, err)
		}
	}
	if hits.Load() != 1 {
		t.Errorf("%d fetches for one picture opened twice", hits.Load())
	}
	for _, p := range []string{"/logo.svg", "/foto.jpg", "/bom.png", "/weg.png"} {
		if _, err := l.Picture(ctx, srv.URL+p); err == nil {
			t.Errorf("%s: no error", p)
		}
	}
	if _, err := l.Picture(ctx, "file:///etc/passwd"); err == nil {
		t.Error("a file: address was read")
	}
}

// pngHeader is a PNG that announces w × h pixels and holds none.
func pngHeader(w, h uint32) []byte {
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1)))
	out := b.Bytes()[:33] // signature and IHDR
	out = append([]byte(nil), out...)
	out[16], out[17], out[18], out[19] = byte(w>>24), byte(w>>16), byte(w>>8), byte(w)
	out[20], out[21], out[22], out[23] = byte(h>>24), byte(h>>16), byte(h>>8), byte(h)
	return out // the checksum no longer matches: DecodeConfig reads the size all the same, or refuses
}

// A bookmarked column's pictures stay in the cache past its limit.
func TestBookmarkKeepsPictures(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 30, 20))
	var pngBytes bytes.Buffer
	png.Encode(&pngBytes, img)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngBytes.Bytes())
	}))
	defer srv.Close()
	l := openLib(t, false)
	ctx := context.Background()
	cache := picture.Cache{Dir: l.paths.PictureDir(), Limit: 0}
	u := srv.URL + "/grafiek.png"
	if _, err := l.Picture(ctx, u); err != nil {
		t.Fatal(err)
	}
	l.keepPictures("Tekst.\n\n![Grafiek](" + u + ")\n")
	cache.Put(srv.URL+"/ander.png", pngBytes.Bytes()) // trims the cache to nothing
	if _, ok := cache.Get(u); !ok {
		t.Error("the bookmarked column's picture went with the rest")
	}
	if got := PictureLinks("![a](https://x.nl/a.png) en ![b](<https://x.nl/b.png> \"titel\") en ![a](https://x.nl/a.png)", 8); len(got) != 2 || got[1] != "https://x.nl/b.png" {
		t.Errorf("links %v", got)
	}
}
