package ui

import (
	"image"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"
	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/render"
)

// The reader shows an article's pictures inline — kitty pictures where the
// terminal places them, sixel or iTerm2 pictures where it draws those, else
// half blocks — above the line glamour gives each ("Image: alt → URL"),
// which stays as the caption. They are fetched once the article is open, a
// few at a time, never for an article that is not shown.

// maxPictures is how many pictures of one article are fetched.
const maxPictures = 8

// pictureModeMsg says the terminal turned out to draw pictures in a better
// way than the reader does now.
type pictureModeMsg struct{}

// pictureMsg is a picture of an article, fetched (or not).
type pictureMsg struct {
	to
	article int64
	url     string
	img     image.Image
	err     error
}

// PictureMode is how the reader (and `kolom read`) draws pictures, from
// the images setting and the terminal. said is what the terminal said it
// draws, asked at start: "kitty" where its version places kitty pictures
// (kitty 0.28 and later, Ghostty), "iterm2" for iTerm2 and WezTerm, "sixel"
// where its device attributes name sixel graphics. iTerm2 and WezTerm also
// say who they are in TERM_PROGRAM. Inside tmux, which passes pictures on
// only when told, and anywhere else: half blocks. None without colour
// (NO_COLOR, the notty style) or with images = "off".
func PictureMode(setting, style string, getenv func(string) string, said string) string {
	switch {
	case setting == "off" || style == render.StyleNoTTY:
		return ""
	case setting != "auto" && setting != "":
		return setting
	case getenv("TMUX") != "":
		return "blocks"
	case said != "":
		return said
	case getenv("TERM_PROGRAM") == "iTerm.app" || getenv("TERM_PROGRAM") == "WezTerm":
		return "iterm2"
	}
	return "blocks"
}

// overlaid reports whether pictures are drawn over the text after a frame
// (sixel, iTerm2) rather than in it.
func overlaid(mode string) bool { return mode == "sixel" || mode == "iterm2" }

// picturesOn reports whether the reader draws pictures.
func (r *readerScreen) picturesOn() bool { return r.c.pictureMode != "" }

// fetchPictures asks for the pictures of the article shown.
func (r *readerScreen) fetchPictures() tea.Cmd {
	if !r.picturesOn() {
		return nil
	}
	var cmds []tea.Cmd
	if r.pictures == nil || r.picturesOf != r.art.ID {
		for _, k := range r.held {
			if r.c.pictureMode == "kitty" {
				cmds = append(cmds, tea.Raw(render.KittyDelete(k.id))) // the terminal frees the last article's
			}
		}
		r.pictures, r.picturesOf, r.held = map[string]image.Image{}, r.art.ID, map[string]heldPicture{}
	}
	for _, u := range library.PictureLinks(r.art.Markdown, maxPictures) {
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
	return r.redrawPictures()
}

// redrawPictures draws the pictures again in the way the reader draws them now.
func (r *readerScreen) redrawPictures() tea.Cmd {
	if r.shown.id != r.art.ID || r.shown.plain == "" {
		return nil
	}
	off := r.vp.YOffset()
	content, send := r.withPictures(r.shown.plain)
	r.vp.SetContent(content)
	r.vp.SetYOffset(off)
	return send
}

// heldPicture is a picture drawn with an id: its cells, and for kitty the
// terminal holds it (sent again when the reading width changes the cells).
type heldPicture struct {
	id, cols, rows int
}

// withPictures is the rendered article with each fetched picture drawn
// above its caption line: at most the reading width and half the window.
// With kitty it returns the sequences that send the terminal the pictures
// it does not hold yet at this size; sixel and iTerm2 pictures only keep
// their place here (the root draws them over it once the frame is out).
func (r *readerScreen) withPictures(content string) (string, tea.Cmd) {
	if len(r.pictures) == 0 || r.picturesOf != r.art.ID {
		return content, nil
	}
	var send []tea.Cmd
	links := make([]string, 0, len(r.pictures))
	for u := range r.pictures {
		links = append(links, u)
	}
	mode := r.c.pictureMode
	content = render.AboveCaptions(content, links, func(u string, indent int) string {
		img := r.pictures[u]
		cols, rows := max(r.readingWidth()-2*indent, 8), max(r.height/2, 4)
		if mode == "blocks" {
			return render.Blocks(img, cols, rows, indent, r.c.glamourStyle != render.StyleLight)
		}
		k, ok := r.held[u]
		if !ok {
			if mode == "kitty" { // the terminal keeps them: ids for the session
				r.c.pictureIDs++
				k.id = render.KittyIDs + r.c.pictureIDs
			} else { // marks in the text: ids for the article (1–255)
				k.id = len(r.held) + 1
			}
		}
		if overlaid(mode) {
			cw, ch := r.c.cellSize()
			k.cols, k.rows = render.OverlayCells(img, cols, rows, cw, ch)
			r.held[u] = k
			return render.OverlayPlace(k.id, k.cols, k.rows, indent)
		}
		transmit, place, err := render.Kitty(img, k.id, cols, rows, indent)
		if err != nil {
			return "" // the caption stays
		}
		if !ok || k.cols != cols || k.rows != rows { // kitty's: the room it had
			k.cols, k.rows = cols, rows
			r.held[u] = k
			send = append(send, tea.Raw(transmit))
		}
		return place
	})
	return content, tea.Batch(send...)
}

// heldByID is the picture drawn with id, if the article shown has one.
func (r *readerScreen) heldByID(id int) (heldPicture, image.Image, bool) {
	for u, k := range r.held {
		if k.id == id {
			return k, r.pictures[u], true
		}
	}
	return heldPicture{}, nil, false
}

// visiblePicture is the address of the first picture whose caption is in
// the window ("" for none): what O opens in the browser.
func (r *readerScreen) visiblePicture() string {
	if !r.has {
		return ""
	}
	links := library.PictureLinks(r.art.Markdown, 64)
	lines := strings.Split(r.vp.GetContent(), "\n")
	top := r.vp.YOffset()
	for i := top; i < min(top+r.height, len(lines)); i++ {
		plain := ansi.Strip(lines[i])
		for _, u := range links {
			if strings.Contains(plain, u[:min(len(u), 40)]) {
				return u
			}
		}
	}
	return ""
}
