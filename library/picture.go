package library

import (
	"context"
	"errors"
	"image"
	"regexp"
	"strings"

	"github.com/kolom/kolom/feeds"
	"github.com/kolom/kolom/lang"
	"github.com/kolom/kolom/picture"
)

// pictureCacheLimit is how much the cache of pictures may hold on disk.
const pictureCacheLimit = 200 << 20

// Picture is the image at link, for the reader: from the cache on disk,
// else fetched as feeds are (http and https only, kolom's user agent, the
// size cap and timeout of the config) and kept. It is decoded within
// picture.MaxPixels; SVG and what is not a picture are refused, so the
// reader shows the caption instead. What comes back is at most
// picture.MaxSide on a side.
func (l *Library) Picture(ctx context.Context, link string) (image.Image, error) {
	u, ok := WebURL(link)
	if !ok {
		return nil, lang.E("picture.not_web")
	}
	cache := picture.Cache{Dir: l.paths.PictureDir(), Limit: pictureCacheLimit}
	if b, ok := cache.Get(u); ok {
		if img, err := picture.Decode(b, picture.MaxPixels); err == nil {
			return picture.Fit(img, picture.MaxSide), nil
		}
	}
	resp, err := l.client.Fetch(ctx, feeds.Request{URL: u, Accept: "image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1"})
	if err != nil {
		return nil, walled(err)
	}
	if ct := strings.ToLower(resp.ContentType); strings.HasPrefix(ct, "image/svg") || strings.HasPrefix(ct, "text/") {
		return nil, withKind(KindOther, lang.E("picture.unsupported"))
	}
	img, err := picture.Decode(resp.Body, picture.MaxPixels)
	switch {
	case errors.Is(err, picture.ErrTooLarge):
		return nil, lang.E("picture.too_large")
	case err != nil:
		return nil, lang.E("picture.unsupported")
	}
	cache.Put(u, resp.Body)
	return picture.Fit(img, picture.MaxSide), nil
}

// pictureLink finds the pictures of a Markdown document.
var pictureLink = regexp.MustCompile(`!\[[^\]]*\]\(<?(https?://[^)\s>]+)>?(?:\s+"[^"]*")?\)`)

// PictureLinks are the addresses of a Markdown document's pictures, in
// order, each once, at most n.
func PictureLinks(md string, n int) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range pictureLink.FindAllStringSubmatch(md, -1) {
		if u := m[1]; !seen[u] && len(out) < n {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// keepPictures keeps the pictures of a bookmarked article that are in the
// cache out of its eviction, so the column reads offline with them.
func (l *Library) keepPictures(md string) {
	cache := picture.Cache{Dir: l.paths.PictureDir(), Limit: pictureCacheLimit}
	for _, u := range PictureLinks(md, 32) {
		cache.Keep(u)
	}
}
