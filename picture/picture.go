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
