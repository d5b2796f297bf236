// Package picture decodes the images of articles within bounds and keeps
// them in a cache on disk, so the reader can show them inline and a
// bookmarked column reads offline with its pictures.
package picture

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // the first frame of a GIF
	_ "image/jpeg"
	_ "image/png"

	_ "golang.org/x/image/webp"
)

// MaxPixels bounds what Decode decodes: a 30,000 × 30,000 PNG is 3.6 GB of
// memory; 40 megapixels is more than any picture in a column.
const MaxPixels = 40_000_000

// Errors Decode tells apart.
var (
	ErrTooLarge    = errors.New("the picture is too large to show")
	ErrUnsupported = errors.New("not a picture kolom can show (PNG, JPEG, GIF or WebP)")
)

// Decode reads a PNG, JPEG, GIF (its first frame) or WebP of at most
// maxPixels, reading the header first so a decompression bomb is refused
// before any pixel is decoded. SVG and everything else is ErrUnsupported.
func Decode(b []byte, maxPixels int) (image.Image, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if errors.Is(err, image.ErrFormat) {
		return nil, ErrUnsupported
	}
	if err != nil {
		return nil, fmt.Errorf("read the picture: %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > int64(maxPixels) {
		return nil, fmt.Errorf("%w (%d × %d)", ErrTooLarge, cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("read the picture: %w", err)
	}
	return img, nil
}

// MaxSide is the longest side a picture is kept at once decoded: more than
// a terminal shows, and a bound on what the reader holds (16 MB a picture).
const MaxSide = 2048

// Fit is img at most side pixels wide and high, its proportions kept (an
// average of the source pixels each new pixel covers); a picture that fits
// comes back as it is.
func Fit(img image.Image, side int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		return img
	}
	nw, nh := side, max(h*side/w, 1)
	if h > w {
		nw, nh = max(w*side/h, 1), side
	}
	out := image.NewRGBA(image.Rect(0, 0, nw, nh))
	for y := range nh {
		y0, y1 := b.Min.Y+y*h/nh, b.Min.Y+max((y+1)*h/nh, y*h/nh+1)
		for x := range nw {
			x0, x1 := b.Min.X+x*w/nw, b.Min.X+max((x+1)*w/nw, x*w/nw+1)
			var r, g, bl, a, n uint32
			// At most 3 × 3 samples of the box: enough for a picture that
			// is drawn smaller again.
			sx, sy := max((x1-x0)/3, 1), max((y1-y0)/3, 1)
			for yy := y0; yy < y1; yy += sy {
				for xx := x0; xx < x1; xx += sx {
					cr, cg, cb, ca := img.At(xx, yy).RGBA()
					r, g, bl, a, n = r+cr, g+cg, bl+cb, a+ca, n+1
				}
			}
			i := out.PixOffset(x, y)
			out.Pix[i], out.Pix[i+1], out.Pix[i+2], out.Pix[i+3] = uint8(r/n>>8), uint8(g/n>>8), uint8(bl/n>>8), uint8(a/n>>8)
		}
	}
	return out
}
