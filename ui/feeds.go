package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/library"
)

// MODEL

type rowKind int

const (
	rowUnread rowKind = iota
	rowBookmarks
	rowFolder
	rowFeed
)

type feedRow struct {
	kind   rowKind
	label  string
	feed   library.Feed
	unread int
}

// source is the list a row opens.
func (r feedRow) source() Source {
	switch r.kind {
	case rowUnread:
		return Source{Kind: SourceUnread, Title: "All unread"}
	case rowBookmarks:
		return Source{Kind: SourceBookmarks, Title: "Bookmarks"}
	}
	return Source{Kind: SourceFeed, FeedID: r.feed.ID, Title: r.label, LastError: r.feed.LastError}
}

// feedsScreen is the first screen: "All unread", "Bookmarks", then the
// feeds by folder with unread counts and a mark on feeds that failed.
type feedsScreen struct {
	c       *common
	id      int
	rows    []feedRow
	cursor  int // index into rows; never a folder row
	offset  int
	loaded  bool
	gen     int
	pending Source // selected when the next load brings it (a feed just added, a restored place)
	width   int
	height  int
}

type feedsLoadedMsg struct {
	to
	gen   int
	feeds []library.Feed
	err   error
}

func newFeeds(c *common) (*feedsScreen, tea.Cmd) {
	f := &feedsScreen{c: c, id: c.newID()}
	return f, f.reload()
}

func (f *feedsScreen) reload() tea.Cmd {
	f.gen++
	ctx, lib, msg := f.c.ctx, f.c.lib, feedsLoadedMsg{to: to{f.id}, gen: f.gen}
	return func() tea.Msg {
		msg.feeds, msg.err = lib.Feeds(ctx)
		return msg
	}
}

func (f *feedsScreen) setFeeds(fs []library.Feed) {
	keep, _ := f.selected()
	total := 0
	for _, x := range fs {
		total += x.Unread
	}
	rows := []feedRow{{kind: rowUnread, label: "All unread", unread: total}, {kind: rowBookmarks, label: "Bookmarks"}}
	folder := "\x00"
	for _, x := range fs {
		if x.Folder != folder {
			folder = x.Folder
			if folder != "" {
				rows = append(rows, feedRow{kind: rowFolder, label: folder})
			}
		}
		rows = append(rows, feedRow{kind: rowFeed, label: library.FeedName(x), feed: x, unread: x.Unread})
	}
	f.rows, f.loaded = rows, true
	if f.pending != (Source{}) && f.choose(f.pending) {
		f.pending = Source{}
		return
	}
	if !f.choose(keep.source()) {
		f.cursor = 0
		f.move(0)
	}
}

// choose puts the cursor on the row that opens src.
func (f *feedsScreen) choose(src Source) bool {
	for i, r := range f.rows {
		if r.kind != rowFolder && r.source().Same(src) {
			f.cursor = i
			f.scroll()
			return true
		}
	}
	return false
}

func (f *feedsScreen) selected() (feedRow, bool) {
	if f.cursor < 0 || f.cursor >= len(f.rows) || f.rows[f.cursor].kind == rowFolder {
		return feedRow{}, false
	}
	return f.rows[f.cursor], true
}

// selectable lists the rows the cursor may stand on.
func (f *feedsScreen) selectable() []int {
	var out []int
	for i, r := range f.rows {
		if r.kind != rowFolder {
			out = append(out, i)
		}
	}
	return out
}

// UPDATE

// feedAddedMsg: a feed was subscribed to; the feeds screen shows it.
type feedAddedMsg struct{ feed library.Feed }

func (f *feedsScreen) Update(msg tea.Msg) (screen, tea.Cmd) {
	switch msg := msg.(type) {
	case resizeMsg:
		f.width, f.height = msg.width, msg.height
		f.scroll()
	case feedsLoadedMsg:
		if msg.gen != f.gen {
			return f, nil
		}
		if msg.err != nil {
			f.loaded = true
			return f, f.c.fail(msg.err)
		}
		f.setFeeds(msg.feeds)
	case feedAddedMsg:
		f.pending = Source{Kind: SourceFeed, FeedID: msg.feed.ID}
		return f, f.reload()
	case reloadMsg, flagsChangedMsg:
		return f, f.reload() // counts changed
	case tea.KeyPressMsg:
		return f, f.key(msg)
	case tea.MouseWheelMsg:
		f.move(wheelStep(msg))
	}
	return f, nil
}

func (f *feedsScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := f.c.keys
	switch {
	case key.Matches(msg, k.Quit):
		return f.c.tell(quitMsg{})
	case key.Matches(msg, k.Up):
		f.move(-1)
	case key.Matches(msg, k.Down):
		f.move(1)
	case key.Matches(msg, k.Top):
		f.move(-len(f.rows))
	case key.Matches(msg, k.Bottom):
		f.move(len(f.rows))
	case key.Matches(msg, k.HalfDown, k.PageDown):
		f.move(max(f.height/2, 1))
	case key.Matches(msg, k.HalfUp, k.PageUp):
		f.move(-max(f.height/2, 1))
	case key.Matches(msg, k.Open):
		if r, ok := f.selected(); ok {
			return f.c.tell(openListMsg{r.source()})
		}
	case key.Matches(msg, k.Search):
		return f.c.tell(openPromptMsg{kind: promptSearch, label: "Search: "})
	case key.Matches(msg, k.Refresh):
		if r, ok := f.selected(); ok && r.kind == rowFeed {
			return f.c.tell(refreshMsg{ids: []int64{r.feed.ID}})
		}
		return f.c.tell(refreshMsg{})
	case key.Matches(msg, k.ShowError):
		if r, ok := f.selected(); ok && r.feed.LastError != "" {
			text := fmt.Sprintf("Last refresh failed %s ago:\n\n%s", relDate(r.feed.LastErrorAt, f.c.opts.Now()), r.feed.LastError)
			return f.c.tell(overlayMsg{title: r.label, text: text})
		}
		return f.c.say("This feed has no error.", false)
	case key.Matches(msg, k.HideRead):
		return f.c.tell(hideReadMsg{})
	}
	return nil
}

func (f *feedsScreen) move(delta int) {
	f.cursor = stepIn(f.selectable(), f.cursor, delta)
	f.scroll()
}

func (f *feedsScreen) scroll() {
	f.offset = scrollOffset(f.offset, f.cursor, len(f.rows)+2, f.height)
}

// VIEW

// View draws the rows in the window only: a library of 1,000 feeds drawn
// whole on every frame made a refresh cost the square of its feeds.
func (f *feedsScreen) View(width, height int) string {
	st := f.c.st
	if !f.loaded {
		return st.dim.Render("Loading your library…")
	}
	var lines []string
	for i, r := range window(f.rows, f.offset, height) {
		lines = append(lines, f.row(r, f.offset+i == f.cursor, width))
	}
	if len(f.rows) == 2 && len(lines) < height {
		lines = append(lines, "", st.dim.Render("  No feeds yet — press a to add one."))
	}
	return strings.Join(window(lines, 0, height), "\n")
}

func (f *feedsScreen) row(r feedRow, selected bool, width int) string {
	st := f.c.st
	if r.kind == rowFolder {
		return st.folder.Render(clipText(" "+r.label, width))
	}
	indent := "  "
	if r.kind == rowFeed && r.feed.Folder != "" {
		indent = "    "
	}
	failing := r.kind == rowFeed && r.feed.LastError != ""
	mark, label := " ", r.label
	if failing {
		mark, label = "!", label+" "+library.ShortError(r.feed.LastError)
	}
	count := ""
	if r.unread > 0 {
		count = fmt.Sprint(r.unread)
	}
	nameW := max(width-len(indent)-2-7, 4)
	text := indent + mark + " " + padRight(label, nameW) + " " + padLeft(count, 5) + " "
	style := st.normal
	switch {
	case selected:
		style = st.selected
	case failing:
		style = st.failed
	case r.unread > 0:
		style = st.unread
	}
	return style.Render(clipText(text, width))
}

// Crumb: the feeds screen is the start of the path.
func (f *feedsScreen) Crumb() string { return "Feeds" }

// Position is empty: the counts are on the rows.
func (f *feedsScreen) Position() string { return "" }

// Keys is the feeds screen's short help.
func (f *feedsScreen) Keys() []key.Binding {
	k := f.c.keys
	return []key.Binding{k.Open, k.Add, k.RefreshAll, k.Refresh, k.Search, k.ShowError, k.Quit}
}

func (x *feedsScreen) sid() int { return x.id }
