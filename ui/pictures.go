package ui

import (
	"image"
	"regexp"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/kolom/kolom/render"
)

// The reader shows an article's pictures inline, drawn with half blocks
// above the line glamour gives each ("Image: alt → URL"), which stays as
// the caption. They are fetched once the article is open, a few at a time,
// never for an article that is not shown.

// maxPictures is how many pictures of one article are fetched.
const maxPictures = 8

// pictureLink finds the pictures of a Markdown document.
var pictureLink = regexp.MustCompile(`!\[[^\]]*\]\(<?(https?://[^)\s>]+)>?(?:\s+"[^"]*")?\)`)

// pictureMsg is a picture of an article, fetched (or not).
type pictureMsg struct {
	to
	article int64
	url     string
	img     image.Image
	err     error
}

// picturesOn reports whether the reader draws pictures: images = "off", a
// terminal without colour (NO_COLOR, the notty style) leave the captions.
func (r *readerScreen) picturesOn() bool {
	return r.c.lib.Config().Images != "off" && !r.c.opts.NoColor && r.c.glamourStyle != render.StyleNoTTY
}

// fetchPictures asks for the pictures of the article shown.
func (r *readerScreen) fetchPictures() tea.Cmd {
	if !r.picturesOn() {
		return nil
	}
	if r.pictures == nil || r.picturesOf != r.art.ID {
		r.pictures, r.picturesOf = map[string]image.Image{}, r.art.ID
	}
	var cmds []tea.Cmd
	seen := map[string]bool{}
	for _, m := range pictureLink.FindAllStringSubmatch(r.art.Markdown, -1) {
		u := m[1]
		if seen[u] || len(seen) == maxPictures {
			continue
		}
		seen[u] = true
		if _, ok := r.pictures[u]; ok {
			continue
		}
		ctx, lib, id := r.c.ctx, r.c.lib, r.art.ID
		cmds = append(cmds, func() tea.Msg {
			img, err := lib.Picture(ctx, u)
			return pictureMsg{to: to{r.id}, article: id, url: u, img: img, err: err}
		})
	}
	return tea.Batch(cmds...)
}

// pictured takes a fetched picture in and redraws the article with it; a
// picture that could not be had keeps its caption, quietly.
func (r *readerScreen) pictured(msg pictureMsg) tea.Cmd {
	if msg.article != r.art.ID || msg.article != r.picturesOf || msg.err != nil || msg.img == nil {
		return nil
	}
	r.pictures[msg.url] = msg.img
	if r.shown.id == r.art.ID && r.shown.plain != "" {
		off := r.vp.YOffset()
		r.vp.SetContent(r.withPictures(r.shown.plain))
		r.vp.SetYOffset(off)
	}
	return nil
}

// withPictures is the rendered article with each fetched picture drawn
// above its caption line: at most the reading width and half the window.
func (r *readerScreen) withPictures(content string) string {
	if len(r.pictures) == 0 || r.picturesOf != r.art.ID {
		return content
	}
	lines := strings.Split(content, "\n")
	out := make([]string, 0, len(lines))
	drawn := map[string]bool{}
	for _, l := range lines {
		plain := ansi.Strip(l)
		if strings.Contains(plain, "→") {
			for u, img := range r.pictures {
				// glamour may wrap a long address: its start is enough.
				if !drawn[u] && strings.Contains(plain, u[:min(len(u), 40)]) {
					drawn[u] = true
					indent := len(plain) - len(strings.TrimLeft(plain, " "))
					out = append(out, render.Blocks(img, max(r.readingWidth()-2*indent, 8), max(r.height/2, 4), indent,
						r.c.glamourStyle != render.StyleLight))
				}
			}
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
