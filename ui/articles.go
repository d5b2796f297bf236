package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

// MODEL

// articlesScreen is a list of articles: one feed, all unread, the
// bookmarks or a search's hits (its Source).
type articlesScreen struct {
	c        *common
	id       int
	src      Source
	items    []library.Entry
	readAt   map[int64]bool     // read when the list was opened: H hides these
	tags     map[int64][]string // bookmarks
	snippets map[int64]string   // search hits
	cursor   int                // index into items
	offset   int                // first row drawn
	filter   string
	loaded   bool
	gen      int   // the last load asked for
	selectID int64 // selected when the next load brings it (a restored place)
	width    int
	height   int
}

func newArticles(c *common, src Source, selectID int64) (*articlesScreen, tea.Cmd) {
	a := &articlesScreen{c: c, id: c.newID(), src: src, selectID: selectID, readAt: map[int64]bool{}}
	return a, a.reload()
}

func (a *articlesScreen) reload() tea.Cmd {
	a.gen++
	return loadList(a.c, a.id, a.gen, a.src)
}

func (a *articlesScreen) visible(i int) bool {
	it := a.items[i]
	if a.c.hideRead && a.readAt[it.ID] {
		return false
	}
	if a.filter == "" {
		return true
	}
	q := strings.ToLower(a.filter)
	if tag, ok := strings.CutPrefix(q, "tag:"); ok {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "#")
		for _, t := range a.tags[it.ID] {
			if strings.HasPrefix(t, tag) {
				return true
			}
		}
		return false
	}
	return strings.Contains(strings.ToLower(it.Title), q) || strings.Contains(strings.ToLower(it.FeedTitle), q) ||
		strings.Contains(strings.ToLower(it.Author), q)
}

func (a *articlesScreen) visibleIdx() []int {
	var out []int
	for i := range a.items {
		if a.visible(i) {
			out = append(out, i)
		}
	}
	return out
}

func (a *articlesScreen) selected() (library.Entry, bool) {
	if a.cursor < 0 || a.cursor >= len(a.items) || !a.visible(a.cursor) {
		return library.Entry{}, false
	}
	return a.items[a.cursor], true
}

func (a *articlesScreen) choose(id int64) bool {
	for i, it := range a.items {
		if it.ID == id && a.visible(i) {
			a.cursor = i
			a.scroll()
			return true
		}
	}
	return false
}

// order is the visible list, for the reader's n, p and N.
func (a *articlesScreen) order() []library.Entry {
	var out []library.Entry
	for _, i := range a.visibleIdx() {
		out = append(out, a.items[i])
	}
	return out
}

// UPDATE

func (a *articlesScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case resizeMsg:
		a.width, a.height = msg.width, msg.height
		a.scroll()
	case listLoadedMsg:
		return a, a.loadedList(msg)
	case filterMsg:
		a.filter = msg.filter
		a.fixCursor()
	case articleShownMsg:
		a.choose(msg.id)
	case hideReadMsg:
		a.fixCursor()
	case flagsChangedMsg:
		if a.src.Kind == SourceBookmarks {
			return a, a.reload() // a bookmark came or went
		}
	case reloadMsg:
		if msg.touches(a.src) {
			return a, a.reload()
		}
	case tea.KeyPressMsg:
		return a, a.key(msg)
	case tea.MouseWheelMsg:
		a.move(wheelStep(msg))
	}
	return a, nil
}

func (a *articlesScreen) loadedList(msg listLoadedMsg) tea.Cmd {
	if msg.gen != a.gen {
		return nil // an older load: a newer one is on its way
	}
	if msg.err != nil {
		a.loaded = true
		return a.c.fail(msg.err)
	}
	a.c.flags.learn(msg.items, msg.asked)
	keep, _ := a.selected()
	items := msg.items
	if a.src.Kind == SourceUnread && a.loaded {
		items = keepRead(a.items, items, func(e library.Entry) bool { return a.c.flags.of(e).read })
	}
	if a.src.Title == "" && len(items) > 0 {
		a.src.Title = items[0].FeedTitle // a list restored at start knows only its feed's id
	}
	first := !a.loaded
	a.items, a.tags, a.snippets, a.loaded = items, msg.tags, msg.snippets, true
	if first {
		for _, it := range items {
			if it.Read {
				a.readAt[it.ID] = true
			}
		}
	}
	switch {
	case a.selectID != 0 && a.choose(a.selectID):
		a.selectID = 0
	case keep.ID != 0 && a.choose(keep.ID):
	default:
		a.cursor = 0
		a.fixCursor()
	}
	return nil
}

func (a *articlesScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := a.c.keys
	switch {
	case key.Matches(msg, k.Back, k.Quit):
		if a.filter != "" {
			a.filter = ""
			a.fixCursor()
			return nil
		}
		return a.c.tell(backMsg{})
	case key.Matches(msg, k.Up, k.Prev):
		a.move(-1)
	case key.Matches(msg, k.Down, k.Next):
		a.move(1)
	case key.Matches(msg, k.Top):
		a.move(-len(a.items))
	case key.Matches(msg, k.Bottom):
		a.move(len(a.items))
	case key.Matches(msg, k.HalfDown):
		a.move(a.height / 2)
	case key.Matches(msg, k.HalfUp):
		a.move(-a.height / 2)
	case key.Matches(msg, k.PageDown):
		a.move(a.height)
	case key.Matches(msg, k.PageUp):
		a.move(-a.height)
	case key.Matches(msg, k.Open, k.FullText):
		if it, ok := a.selected(); ok {
			return a.c.tell(openArticleMsg{entry: it, order: a.order(), fullText: key.Matches(msg, k.FullText)})
		}
	case key.Matches(msg, k.NextUnread):
		return a.nextUnread()
	case key.Matches(msg, k.Filter):
		return a.c.tell(openPromptMsg{kind: promptFilter, label: "/", value: a.filter})
	case key.Matches(msg, k.HideRead):
		return a.c.tell(hideReadMsg{})
	case key.Matches(msg, k.MarkAllRead):
		var unread []library.Entry
		for _, i := range a.visibleIdx() {
			if !a.c.flags.of(a.items[i]).read {
				unread = append(unread, a.items[i])
			}
		}
		if len(unread) == 0 {
			return a.c.say(lang.T("status.all_read_here"), false)
		}
		return markRead(a.c, unread, true)
	case key.Matches(msg, k.Refresh):
		if a.src.Kind == SourceFeed {
			return a.c.tell(refreshMsg{ids: []int64{a.src.FeedID}})
		}
		if it, ok := a.selected(); ok && it.FeedID != 0 {
			return a.c.tell(refreshMsg{ids: []int64{it.FeedID}})
		}
		return a.c.tell(refreshMsg{})
	default:
		if it, ok := a.selected(); ok {
			return articleAction(a.c, msg, it)
		}
	}
	return nil
}

// nextUnread moves to the next unread article, from the top again after the
// last one.
func (a *articlesScreen) nextUnread() tea.Cmd {
	vis := a.visibleIdx()
	pos := indexOf(vis, a.cursor)
	for step := 1; step <= len(vis); step++ {
		i := vis[(pos+step)%len(vis)]
		if !a.c.flags.of(a.items[i]).read {
			a.cursor = i
			a.scroll()
			if pos+step >= len(vis) {
				return a.c.say(lang.T("status.wrapped_unread"), false)
			}
			return nil
		}
	}
	return a.c.say(lang.T("status.no_unread_here"), false)
}

func (a *articlesScreen) move(delta int) {
	a.cursor = stepIn(a.visibleIdx(), a.cursor, delta)
	a.scroll()
}

func (a *articlesScreen) fixCursor() {
	if _, ok := a.selected(); !ok {
		if vis := a.visibleIdx(); len(vis) > 0 {
			a.cursor = vis[0]
		}
	}
	a.scroll()
}

// scroll keeps the cursor's row in the window.
func (a *articlesScreen) scroll() {
	vis := a.visibleIdx()
	a.offset = scrollOffset(a.offset, max(indexOf(vis, a.cursor), 0), len(vis), a.height)
}

// Crumb is the list's name.
func (a *articlesScreen) Crumb() string { return a.src.Title }

// Position is the cursor's place among the visible articles.
func (a *articlesScreen) Position() string {
	if !a.loaded {
		return ""
	}
	vis := a.visibleIdx()
	return itoa(indexOf(vis, a.cursor)+1) + "/" + itoa(len(vis))
}

// Keys is the short help of a list.
func (a *articlesScreen) Keys() []key.Binding {
	k := a.c.keys
	return []key.Binding{k.Open, k.Back, k.ToggleRead, k.Bookmark, k.Filter, k.HideRead, k.Refresh, k.FullText}
}

func (x *articlesScreen) sid() int { return x.id }
