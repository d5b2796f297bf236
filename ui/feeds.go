package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"fmt"
	"strings"

	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/store"
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
	feed   store.Feed
	unread int
}

// feedsModel is the feeds screen: "All unread", "Bookmarks", then the feeds
// by folder with unread counts and a marker on feeds whose refresh failed.
type feedsModel struct {
	rows   []feedRow
	cursor int // index into rows; never a folder row
	offset int
	loaded bool
	// pendingKey is selected when the next load brings it (a feed just added).
	pendingKey int64
}

func (f *feedsModel) setFeeds(fs []store.Feed) {
	keep := f.selectedKey()
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
	f.cursor = 0
	if f.pendingKey != 0 && f.selectKey(f.pendingKey) {
		f.pendingKey = 0
		return
	}
	f.selectKey(keep)
}

// rowKey identifies a row across reloads: -1 all unread, -2 bookmarks, or a feed id.
func rowKey(r feedRow) int64 {
	switch r.kind {
	case rowUnread:
		return -1
	case rowBookmarks:
		return -2
	}
	return r.feed.ID
}

func (f feedsModel) selectedKey() int64 {
	if r, ok := f.selected(); ok {
		return rowKey(r)
	}
	return 0
}

func (f *feedsModel) selectKey(k int64) bool {
	for i, r := range f.rows {
		if r.kind != rowFolder && rowKey(r) == k {
			f.cursor = i
			return true
		}
	}
	f.fixCursor()
	return false
}

func (f feedsModel) selected() (feedRow, bool) {
	if f.cursor < 0 || f.cursor >= len(f.rows) || f.rows[f.cursor].kind == rowFolder {
		return feedRow{}, false
	}
	return f.rows[f.cursor], true
}

// selectable lists the row indexes the cursor may stand on.
func (f feedsModel) selectable() []int {
	var out []int
	for i, r := range f.rows {
		if r.kind != rowFolder {
			out = append(out, i)
		}
	}
	return out
}

// UPDATE

func (f *feedsModel) move(delta int) { f.cursor = stepIn(f.selectable(), f.cursor, delta) }

func (f *feedsModel) fixCursor() {
	if _, ok := f.selected(); ok {
		return
	}
	if sel := f.selectable(); len(sel) > 0 {
		f.cursor = sel[0]
	}
}

// UPDATE (keys; the root routes them here)

func (m *Model) feedsKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Up):
		m.feeds.move(-1)
	case key.Matches(msg, k.Down):
		m.feeds.move(1)
	case key.Matches(msg, k.Top):
		m.feeds.move(-len(m.feeds.rows))
	case key.Matches(msg, k.Bottom):
		m.feeds.move(len(m.feeds.rows))
	case key.Matches(msg, k.HalfDown, k.PageDown):
		m.feeds.move(m.bodyHeight() / 2)
	case key.Matches(msg, k.HalfUp, k.PageUp):
		m.feeds.move(-m.bodyHeight() / 2)
	case key.Matches(msg, k.Open):
		r, ok := m.feeds.selected()
		if !ok {
			return nil
		}
		return m.openList(sourceOf(r))
	case key.Matches(msg, k.Refresh):
		if r, ok := m.feeds.selected(); ok && r.kind == rowFeed {
			return m.startRefresh([]int64{r.feed.ID}, "")
		}
		return m.startRefresh(nil, "")
	case key.Matches(msg, k.ShowError):
		if r, ok := m.feeds.selected(); ok && r.feed.LastError != "" {
			m.overlay = fmt.Sprintf("%s\n\nLast refresh failed %s:\n\n%s", r.label,
				relDate(r.feed.LastErrorAt, m.opts.Now())+" ago", r.feed.LastError)
			return nil
		}
		return m.setStatus("This feed has no error.", false)
	case key.Matches(msg, k.HideRead):
		m.articles.hideRead = !m.articles.hideRead
		return m.setStatus(hideReadText(m.articles.hideRead), false)
	}
	return nil
}

// VIEW

func (f *feedsModel) view(st styles, width, height int) string {
	if !f.loaded {
		return st.dim.Render("Loading your library…")
	}
	var extra []string
	if len(f.rows) == 2 {
		extra = []string{"", st.dim.Render("  No feeds yet — press a to add one.")}
	}
	// Only the rows in the window are drawn: a library of 1,000 feeds drawn
	// whole on every frame made a refresh cost the square of its feeds.
	total := len(f.rows) + len(extra)
	f.offset = scrollOffset(f.offset, f.cursor, total, height)
	var lines []string
	for i := f.offset; i < min(total, f.offset+max(height, 0)); i++ {
		if i < len(f.rows) {
			lines = append(lines, f.rowView(st, f.rows[i], i == f.cursor, width))
		} else {
			lines = append(lines, extra[i-len(f.rows)])
		}
	}
	return strings.Join(lines, "\n")
}

func (f feedsModel) rowView(st styles, r feedRow, selected bool, width int) string {
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
		mark, label = "!", label+" "+oneLineError(r.feed.LastError)
	}
	count := ""
	if r.unread > 0 {
		count = fmt.Sprint(r.unread)
	}
	nameW := max(width-len(indent)-2-7, 4)
	text := indent + mark + " " + padRight(label, nameW) + fmt.Sprintf("%6s", count) + " "
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

// oneLineError is the reason of a failed refresh without the URL it names.
func oneLineError(e string) string {
	if i := strings.Index(e, ": "); i > 0 && strings.Contains(e[:i], "://") {
		e = e[i+2:]
	}
	if j := strings.Index(e, ";"); j > 0 {
		e = e[:j]
	}
	return "— " + e
}

// restoreKey moves the cursor to a feed once the next load brings it.
func (f *feedsModel) restoreKey(id int64) {
	f.pendingKey = id
}
