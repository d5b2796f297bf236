package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"fmt"
	"strings"
	"time"

	"github.com/kolom/kolom/store"
)

// MODEL

type sourceKind int

const (
	sourceFeed sourceKind = iota
	sourceUnread
	sourceBookmarks
	sourceSearch
)

// source is what an articles list shows.
type source struct {
	kind      sourceKind
	feedID    int64
	title     string
	query     string // sourceSearch
	lastError string // sourceFeed: why its last refresh failed, for the empty state
}

func sourceOf(r feedRow) source {
	switch r.kind {
	case rowUnread:
		return source{kind: sourceUnread, title: "All unread"}
	case rowBookmarks:
		return source{kind: sourceBookmarks, title: "Bookmarks"}
	}
	return source{kind: sourceFeed, feedID: r.feed.ID, title: r.label, lastError: r.feed.LastError}
}

func (s source) key() int64 {
	switch s.kind {
	case sourceUnread:
		return -1
	case sourceBookmarks:
		return -2
	case sourceSearch:
		return -3
	}
	return s.feedID
}

// includes reports whether a refresh of feedID can change this list.
func (s source) includes(feedID int64) bool {
	return s.kind == sourceUnread || s.kind == sourceSearch || s.kind == sourceFeed && s.feedID == feedID
}

// articlesModel is the list of one feed, all unread, or the bookmarks.
type articlesModel struct {
	src      source
	items    []store.Article
	hidden   map[int64]bool // read when the list was loaded; H hides these
	hideRead bool
	tags     map[int64][]string // bookmarks: their tags, for tag: filters
	snippets map[int64]string   // search results: where they matched
	cursor   int                // index into items
	offset   int
	filter   string
	loaded   bool
}

func (a *articlesModel) setItems(src source, items []store.Article) {
	keep := a.selectedID()
	same := a.src.key() == src.key() && a.src.query == src.query
	a.src, a.items, a.loaded = src, items, true
	a.hidden = map[int64]bool{}
	for _, it := range items {
		if it.Read {
			a.hidden[it.ID] = true
		}
	}
	a.cursor = 0
	if same {
		a.selectID(keep)
	} else {
		a.offset = 0
		a.filter = ""
	}
	a.fixCursor()
}

func (a articlesModel) visible(i int) bool {
	it := a.items[i]
	if a.hideRead && a.hidden[it.ID] {
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

func (a articlesModel) visibleIdx() []int {
	var out []int
	for i := range a.items {
		if a.visible(i) {
			out = append(out, i)
		}
	}
	return out
}

func (a articlesModel) selected() (store.Article, bool) {
	if a.cursor < 0 || a.cursor >= len(a.items) || !a.visible(a.cursor) {
		return store.Article{}, false
	}
	return a.items[a.cursor], true
}

func (a articlesModel) selectedID() int64 {
	if it, ok := a.selected(); ok {
		return it.ID
	}
	return 0
}

func (a *articlesModel) selectID(id int64) bool {
	for i, it := range a.items {
		if it.ID == id && a.visible(i) {
			a.cursor = i
			return true
		}
	}
	return false
}

// UPDATE

func (a *articlesModel) move(delta int) { a.cursor = stepIn(a.visibleIdx(), a.cursor, delta) }

func (a *articlesModel) fixCursor() {
	if _, ok := a.selected(); ok {
		return
	}
	if vis := a.visibleIdx(); len(vis) > 0 {
		a.cursor = vis[0]
	}
}

// nextUnread moves to the next unread article after the cursor.
func (a *articlesModel) nextUnread() bool {
	for i := a.cursor + 1; i < len(a.items); i++ {
		if !a.items[i].Read && a.visible(i) {
			a.cursor = i
			return true
		}
	}
	return false
}

func (a *articlesModel) setRead(ids []int64, read bool) {
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	for i := range a.items {
		if want[a.items[i].ID] {
			a.items[i].Read = read
		}
	}
}

func (a *articlesModel) setBookmarked(id int64, on bool) {
	for i := range a.items {
		if a.items[i].ID == id {
			a.items[i].Bookmarked = on
		}
	}
}

// UPDATE (keys; the root routes them here)

func (m *Model) articlesKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	a := &m.articles
	switch {
	case key.Matches(msg, k.Back, k.Quit):
		if a.filter != "" {
			a.filter = ""
			a.fixCursor()
			return nil
		}
		m.screen = feedsScreen
		return m.reloadFeeds()
	case key.Matches(msg, k.Up):
		a.move(-1)
	case key.Matches(msg, k.Down):
		a.move(1)
	case key.Matches(msg, k.Top):
		a.move(-len(a.items))
	case key.Matches(msg, k.Bottom):
		a.move(len(a.items))
	case key.Matches(msg, k.HalfDown):
		a.move(m.bodyHeight() / 2)
	case key.Matches(msg, k.HalfUp):
		a.move(-m.bodyHeight() / 2)
	case key.Matches(msg, k.PageDown):
		a.move(m.bodyHeight())
	case key.Matches(msg, k.PageUp):
		a.move(-m.bodyHeight())
	case key.Matches(msg, k.Open):
		if it, ok := a.selected(); ok {
			return m.openArticle(it.ID, false)
		}
	case key.Matches(msg, k.Next):
		a.move(1)
	case key.Matches(msg, k.Prev):
		a.move(-1)
	case key.Matches(msg, k.NextUnread):
		if !a.nextUnread() {
			return m.setStatus("No more unread articles here.", false)
		}
	default:
		return m.articleAction(msg, a.selectedID())
	}
	return nil
}

// VIEW

func (a *articlesModel) view(st styles, width, height int, now time.Time) string {
	if !a.loaded {
		return st.dim.Render("Loading…")
	}
	// Only the rows in the window are drawn (see feedsModel.view).
	var shown []int
	cursorLine := 0
	for i := range a.items {
		if !a.visible(i) {
			continue
		}
		if i == a.cursor {
			cursorLine = len(shown)
		}
		shown = append(shown, i)
	}
	if len(shown) > 0 {
		a.offset = scrollOffset(a.offset, cursorLine, len(shown), height)
		var lines []string
		for _, i := range shown[a.offset:min(len(shown), a.offset+max(height, 0))] {
			lines = append(lines, a.rowView(st, a.items[i], i == a.cursor, width, now))
		}
		return strings.Join(lines, "\n")
	}
	msg := "  No articles yet — press r to refresh this feed."
	switch {
	case a.filter != "":
		msg = fmt.Sprintf("  Nothing matches %q — esc clears the filter.", a.filter)
	case a.src.kind == sourceBookmarks:
		msg = "  No bookmarks yet — press b on an article to keep it."
	case a.src.kind == sourceSearch:
		msg = "  Nothing found. Fewer words, or a word without accents, may find more."
	case a.src.kind == sourceUnread || a.hideRead && len(a.items) > 0:
		msg = "  All read. Nothing new — R refreshes every feed."
	case a.src.lastError != "":
		msg = "  No articles: the last refresh failed " + oneLineError(a.src.lastError) + ". e on the feeds screen shows why."
	}
	// Wrapped to the pane, never cut mid-sentence.
	lines := strings.Split(st.dim.Render(lipgloss.NewStyle().Width(width).Render(msg)), "\n")
	a.offset = 0
	return strings.Join(window(lines, 0, height), "\n")
}

func (a articlesModel) rowView(st styles, it store.Article, selected bool, width int, now time.Time) string {
	dot := " "
	if !it.Read {
		dot = "•"
	}
	mark := " "
	if it.Bookmarked {
		mark = st.bookmark.Render("★")
	}
	date := fmt.Sprintf("%7s", relDate(it.Published, now))
	mins := fmt.Sprintf("%7s", readingMinutes(it.Words))
	meta := it.Author
	switch a.src.kind {
	case sourceSearch:
		meta = strings.NewReplacer("[", "", "]", "").Replace(a.snippets[it.ID])
		if meta == "" {
			meta = it.FeedTitle
		}
	case sourceBookmarks:
		meta = it.FeedTitle
		if tags := a.tags[it.ID]; len(tags) > 0 {
			meta = "#" + strings.Join(tags, " #")
		}
	case sourceUnread:
		meta = it.FeedTitle
	}
	fixed := 2 + 2 + 8 + 8 // dot, mark, date, minutes
	metaW := 0
	if width >= 70 && meta != "" {
		metaW = min(20, width/5)
	}
	titleW := max(width-fixed-metaW-1, 8)
	line := dot + " " + mark + " " + padRight(it.Title, titleW)
	if metaW > 0 {
		line += " " + padRight(meta, metaW-1)
	}
	line += date + mins
	style := st.dim
	if !it.Read {
		style = st.unread
	}
	if selected {
		style = st.selected
	}
	return style.Render(clipText(line, width))
}

// LIST HELPERS shared by the lists.

// stepIn moves a cursor by delta places among the allowed row indexes,
// stopping at either end; with no rows allowed it stays.
func stepIn(allowed []int, cursor, delta int) int {
	if len(allowed) == 0 {
		return cursor
	}
	pos := 0
	for i, idx := range allowed {
		if idx == cursor {
			pos = i
		}
	}
	return allowed[clamp(pos+delta, 0, len(allowed)-1)]
}

// scrollOffset keeps the cursor line inside a window of height lines.
func scrollOffset(offset, cursor, total, height int) int {
	if height <= 0 {
		return 0
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+height {
		offset = cursor - height + 1
	}
	return clamp(offset, 0, max(total-height, 0))
}

func window(lines []string, offset, height int) []string {
	end := min(offset+height, len(lines))
	if offset > end {
		return nil
	}
	return lines[offset:end]
}

func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

// position is the 1-based place of the cursor among the visible articles.
func (a articlesModel) position() int {
	for i, idx := range a.visibleIdx() {
		if idx == a.cursor {
			return i + 1
		}
	}
	return 0
}
