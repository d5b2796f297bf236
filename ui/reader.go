package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/viewport"

	"github.com/kolom/kolom/library"
)

// MODEL

// readerModel shows one article, rendered by glamour, in a viewport.
type readerModel struct {
	article  library.Article
	has      bool // an article is loaded
	loading  int64
	vp       viewport.Model
	rendered struct {
		id    int64
		width int
		style string
		text  string // the Markdown it was rendered from
	}
	pendingOffset int
}

func newReader() readerModel {
	vp := viewport.New()
	vp.MouseWheelEnabled = true
	vp.SoftWrap = false
	return readerModel{vp: vp}
}

// needsRender reports whether the viewport shows something else than the
// article at this width and style.
func (r readerModel) needsRender(width int, style string) bool {
	return r.has && (r.rendered.id != r.article.ID || r.rendered.width != width || r.rendered.style != style ||
		r.rendered.text != r.article.Markdown)
}

// VIEW

func (r readerModel) view(st styles, width, height int) string {
	switch {
	case r.loading != 0 && !r.has:
		return st.dim.Render("Opening…")
	case !r.has:
		return st.dim.Render(centerText("Select an article and press enter to read it.", width, height))
	}
	return r.vp.View()
}

// percent is the scroll position for the status line.
func (r readerModel) percent() string {
	if !r.has {
		return ""
	}
	return fmt.Sprintf("%3.0f%%", r.vp.ScrollPercent()*100)
}

func centerText(s string, width, height int) string {
	pad := max((width-len([]rune(s)))/2, 0)
	return strings.Repeat("\n", max(height/3, 0)) + strings.Repeat(" ", pad) + s
}
