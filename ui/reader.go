package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
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

// UPDATE (keys; the root routes them here)

func (m *Model) readerKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	vp := &m.reader.vp
	switch {
	case key.Matches(msg, k.Back, k.Quit):
		m.rememberOffset()
		m.screen = articlesScreen
		m.reader.has = m.wide() && m.reader.has
		return m.reloadArticles(m.articles.src)
	case key.Matches(msg, k.Up):
		vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		vp.ScrollDown(1)
	case key.Matches(msg, k.Top):
		vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		vp.GotoBottom()
	case key.Matches(msg, k.HalfDown):
		vp.HalfPageDown()
	case key.Matches(msg, k.HalfUp):
		vp.HalfPageUp()
	case key.Matches(msg, k.PageDown):
		vp.PageDown()
	case key.Matches(msg, k.PageUp):
		vp.PageUp()
	case key.Matches(msg, k.Next):
		return m.step(1, false)
	case key.Matches(msg, k.Prev):
		return m.step(-1, false)
	case key.Matches(msg, k.NextUnread):
		return m.step(1, true)
	case key.Matches(msg, k.FullText):
		if m.reader.has {
			m.reader.loading = m.reader.article.ID
			return tea.Batch(loadArticle(m.lib, m.reader.article.ID, true), m.setStatus("Fetching the full text…", false))
		}
	default:
		return m.articleAction(msg, m.reader.article.ID)
	}
	return nil
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
