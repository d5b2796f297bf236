package ui

import (
	"fmt"
	"image"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/render"

	"github.com/kolom/kolom/lang"
)

// MODEL

// readerScreen shows one article, rendered by glamour, in a viewport. It
// walks the list it was opened from, as the list was then.
type readerScreen struct {
	c       *common
	id      int
	art     library.Article
	has     bool  // an article is shown
	loading int64 // the article asked for
	gen     int   // the last load asked for
	order   []library.Entry
	vp      viewport.Model
	shown   struct {
		id    int64
		width int
		style string
		text  string // the Markdown it was rendered from
		plain string // what it rendered to, without the pictures
	}
	pictures      map[string]image.Image // the article's pictures fetched, by address
	picturesOf    int64                  // the article they are of
	held          map[string]heldPicture // of those, the ones drawn with an id (kitty, sixel, iTerm2)
	pendingOffset int
	width, height int
}

type articleLoadedMsg struct {
	to
	gen      int
	article  library.Article
	fullText bool   // f asked for the page
	before   string // the Markdown shown when f was pressed
	err      error
	markErr  error // it could not be marked read
}

type contentRenderedMsg struct {
	to
	id      int64
	width   int
	style   string
	content string
	partial bool // the head of a long article; the whole follows
	err     error
}

func newReader(c *common, order []library.Entry) *readerScreen {
	vp := viewport.New()
	vp.MouseWheelEnabled = true
	vp.SoftWrap = false
	return &readerScreen{c: c, id: c.newID(), vp: vp, order: order}
}

// open loads an article (its page too with fullText) and marks it read.
func (r *readerScreen) open(e library.Entry, fullText bool) tea.Cmd {
	r.remember()
	r.loading = e.ID
	r.gen++
	if r.art.ID != e.ID {
		r.has = false
	}
	ctx, lib, before := r.c.ctx, r.c.lib, r.art.Markdown
	msg := articleLoadedMsg{to: to{r.id}, gen: r.gen, fullText: fullText, before: before}
	load := func() tea.Msg {
		if fullText {
			msg.article, msg.err = lib.FetchFullText(ctx, e.ID)
		} else {
			msg.article, msg.err = lib.Article(ctx, e.ID)
		}
		if msg.err == nil && !msg.article.Read {
			// Shown even when it cannot be marked (a read-only library).
			msg.markErr = lib.MarkRead(ctx, e.ID, true)
		}
		return msg
	}
	if fullText {
		return tea.Batch(r.c.say(lang.T("status.fetching_full"), false), load)
	}
	return load
}

// remember keeps the scroll position of the article shown.
func (r *readerScreen) remember() {
	if r.has && r.c.offsets[r.art.ID] != r.vp.YOffset() {
		r.c.offsets[r.art.ID] = r.vp.YOffset()
		r.c.offsetsSet++
	}
}

// UPDATE

func (r *readerScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case resizeMsg:
		r.width, r.height = msg.width, msg.height
		return r, r.layout()
	case themeMsg:
		return r, r.layout()
	case articleLoadedMsg:
		return r, r.loaded(msg)
	case contentRenderedMsg:
		return r, r.rendered(msg)
	case pictureMsg:
		return r, r.pictured(msg)
	case pictureModeMsg:
		return r, r.redrawPictures()
	case tea.KeyPressMsg:
		return r, r.key(msg)
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelDown {
			r.vp.ScrollDown(3)
		} else {
			r.vp.ScrollUp(3)
		}
	}
	return r, nil
}

func (r *readerScreen) loaded(msg articleLoadedMsg) tea.Cmd {
	if msg.gen != r.gen {
		return nil // the reader moved on
	}
	r.loading = 0
	if msg.err != nil {
		return r.c.fail(msg.err)
	}
	a := msg.article
	keep := r.has && r.art.ID == a.ID
	r.art, r.has = a, true
	r.pendingOffset = r.c.offsets[a.ID]
	if keep {
		r.pendingOffset = r.vp.YOffset()
	}
	f := r.c.flags.of(a.Entry)
	f.read = msg.markErr == nil || f.read
	cmds := []tea.Cmd{r.layout(), r.c.tell(flagsChangedMsg{map[int64]flags{a.ID: f}}), r.c.tell(articleShownMsg{a.ID}), r.fetchPictures()}
	switch {
	case msg.markErr != nil:
		cmds = append(cmds, r.c.fail(msg.markErr))
	case a.Notice != "":
		cmds = append(cmds, r.c.say(a.Notice, false))
	case msg.fullText && a.Markdown == msg.before:
		cmds = append(cmds, r.c.say(lang.T("status.full_same"), false))
	case msg.fullText:
		cmds = append(cmds, r.c.say(lang.T("status.full_done"), false))
	}
	return tea.Batch(cmds...)
}

func (r *readerScreen) rendered(msg contentRenderedMsg) tea.Cmd {
	if msg.err != nil {
		return r.c.fail(msg.err)
	}
	if msg.id != r.art.ID || msg.width != r.readingWidth() || msg.style != r.c.glamourStyle {
		return nil // stale: the window or the article changed meanwhile
	}
	if r.shown.id == msg.id && r.shown.width == msg.width && r.shown.style == msg.style && r.shown.text == r.art.Markdown {
		r.pendingOffset = r.vp.YOffset() // the whole after its head: stay where the reader is
	}
	r.shown.id, r.shown.width, r.shown.style, r.shown.text, r.shown.plain = msg.id, msg.width, msg.style, r.art.Markdown, msg.content
	content, send := r.withPictures(msg.content)
	r.vp.SetContent(content)
	r.vp.SetYOffset(r.pendingOffset)
	if msg.partial {
		return tea.Batch(send, r.render(false))
	}
	return send
}

func (r *readerScreen) readingWidth() int { return render.ReadingWidth(r.width, r.c.maxWidth) }

// layout sizes the viewport and renders the article when the width, style
// or text changed.
func (r *readerScreen) layout() tea.Cmd {
	r.vp.SetWidth(r.width)
	r.vp.SetHeight(r.height)
	w := r.readingWidth()
	if !r.has || r.shown.id == r.art.ID && r.shown.width == w && r.shown.style == r.c.glamourStyle && r.shown.text == r.art.Markdown {
		return nil
	}
	if r.shown.id == r.art.ID {
		r.pendingOffset = r.vp.YOffset()
	}
	return r.render(true)
}

// render renders the article: a long one first in part (head), so that it
// opens at once, then whole.
func (r *readerScreen) render(head bool) tea.Cmd {
	rd, doc, id, w, style := r.c.renderer, r.art.Document(), r.art.ID, r.readingWidth(), r.c.glamourStyle
	msg := contentRenderedMsg{to: to{r.id}, id: id, width: w, style: style}
	return func() tea.Msg {
		if head {
			var complete bool
			msg.content, complete, msg.err = rd.RenderHead(id, doc, w, style)
			msg.partial = !complete
		} else {
			msg.content, msg.err = rd.Render(id, doc, w, style)
		}
		return msg
	}
}

func (r *readerScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := r.c.keys
	vp := &r.vp
	switch {
	case key.Matches(msg, k.Back, k.Quit):
		r.remember()
		return r.c.tell(backMsg{})
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
	case key.Matches(msg, k.OpenPicture):
		if link := r.visiblePicture(); link != "" {
			return openURL(r.c.opts.OpenURL, link)
		}
		return r.c.say(lang.T("status.no_picture"), false)
	case key.Matches(msg, k.Next):
		return r.step(1)
	case key.Matches(msg, k.Prev):
		return r.step(-1)
	case key.Matches(msg, k.NextUnread):
		return r.nextUnread()
	case key.Matches(msg, k.FullText):
		if r.has {
			return r.open(r.art.Entry, true)
		}
	case key.Matches(msg, k.Refresh):
		if r.has && r.art.FeedID != 0 {
			return r.c.tell(refreshMsg{ids: []int64{r.art.FeedID}})
		}
	case r.has:
		return articleAction(r.c, msg, r.art.Entry)
	}
	return nil
}

// place is where the shown article is in the list it was opened from.
func (r *readerScreen) place() int {
	cur := r.art.ID
	if r.loading != 0 {
		cur = r.loading
	}
	for i, e := range r.order {
		if e.ID == cur {
			return i
		}
	}
	return -1
}

// step opens the next or previous article of the list.
func (r *readerScreen) step(delta int) tea.Cmd {
	i := r.place() + delta
	if r.place() < 0 || i < 0 || i >= len(r.order) {
		if delta > 0 {
			return r.c.say(lang.T("status.last_article"), false)
		}
		return r.c.say(lang.T("status.first_article"), false)
	}
	return r.open(r.order[i], false)
}

// nextUnread opens the next unread article, from the top of the list again
// after its end.
func (r *readerScreen) nextUnread() tea.Cmd {
	at := r.place()
	for step := 1; step < len(r.order); step++ {
		i := (at + step) % len(r.order)
		if e := r.order[i]; !r.c.flags.of(e).read {
			cmd := r.open(e, false)
			if at+step >= len(r.order) {
				cmd = tea.Batch(cmd, r.c.say(lang.T("status.wrapped_unread"), false))
			}
			return cmd
		}
	}
	return r.c.say(lang.T("status.no_more_unread"), false)
}

// VIEW

// View is the viewport (it pads its own lines) or why there is nothing.
func (r *readerScreen) View(width, height int) string {
	if r.has {
		return r.vp.View()
	}
	text := lang.T("reader.select")
	if r.loading != 0 {
		text = lang.T("reader.opening")
	}
	return lipgloss.NewStyle().Width(width).Height(height).MaxHeight(height).Render(r.c.st.dim.Render(centerText(text, width, height)))
}

// Crumb is the article's title.
func (r *readerScreen) Crumb() string {
	if !r.has {
		return ""
	}
	return r.art.Title
}

// Position is how far the article is read.
func (r *readerScreen) Position() string {
	if !r.has {
		return ""
	}
	return fmt.Sprintf("%3.0f%%", r.vp.ScrollPercent()*100)
}

// Keys is the reader's short help.
func (r *readerScreen) Keys() []key.Binding {
	k := r.c.keys
	return []key.Binding{k.PageDown, k.Back, k.Next, k.NextUnread, k.Bookmark, k.EditNote, k.FullText, k.Browser}
}

func centerText(s string, width, height int) string {
	pad := max((width-lipgloss.Width(s))/2, 0)
	return strings.Repeat("\n", max(height/3, 0)) + strings.Repeat(" ", pad) + s
}

func (x *readerScreen) sid() int { return x.id }
