package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

// MODEL

type rowKind int

const (
	rowUnread rowKind = iota
	rowBookmarks
	rowFolder
	rowFeed
	rowColumnist
)

type feedRow struct {
	kind      rowKind
	label     string
	feed      library.Feed
	unread    int
	path      string // rowFolder: the folder's path
	depth     int    // how deep in the folder tree
	collapsed bool   // rowFolder: shown closed
	failing   bool   // rowFolder: a feed in it failed its last refresh
	ids       []int64
}

// source is the list a row opens.
func (r feedRow) source() Source {
	switch r.kind {
	case rowUnread:
		return Source{Kind: SourceUnread, Title: lang.T("feeds.all_unread")}
	case rowBookmarks:
		return Source{Kind: SourceBookmarks, Title: lang.T("feeds.bookmarks")}
	case rowColumnist:
		return Source{Kind: SourceColumnist, Title: r.label, Query: r.label}
	}
	return Source{Kind: SourceFeed, FeedID: r.feed.ID, Title: r.label, LastError: r.feed.LastError}
}

// feedsScreen is the first screen: "All unread", "Bookmarks", then the
// feeds in their folder tree with unread counts and a mark on feeds that
// failed. Folders open and close (kept for next time).
type feedsScreen struct {
	c         *common
	id        int
	rows      []feedRow
	feeds     []library.Feed
	followed  []library.Author
	collapsed map[string]bool
	cursor    int // index into rows
	offset    int
	loaded    bool
	gen       int
	pending   Source // selected when the next load brings it (a feed just added, a restored place)
	width     int
	height    int
}

type feedsLoadedMsg struct {
	to
	gen       int
	feeds     []library.Feed
	followed  []library.Author
	collapsed map[string]bool
	err       error
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
		if msg.err == nil {
			msg.collapsed, msg.err = lib.CollapsedFolders(ctx)
		}
		if msg.err == nil {
			msg.followed, msg.err = lib.Followed(ctx)
		}
		return msg
	}
}

// columnistsPath is the Columnists section's place among the folders
// (kept closed or open like them); no folder's path holds a NUL.
const columnistsPath = "\x00columnists"

// folderNode is a folder of the tree the rows are drawn from.
type folderNode struct {
	name, path string
	unread     int
	feeds      []library.Feed
	kids       []*folderNode
	ids        []int64 // every feed in it and below
	failing    bool    // one of them failed its last refresh
}

// tree files the feeds by folder, in the order they come.
func tree(fs []library.Feed) *folderNode {
	root := &folderNode{}
	at := map[string]*folderNode{"": root}
	for _, x := range fs {
		node, path := root, ""
		if x.Folder != "" {
			for _, name := range strings.Split(x.Folder, "/") {
				if path == "" {
					path = name
				} else {
					path += "/" + name
				}
				next, ok := at[path]
				if !ok {
					next = &folderNode{name: name, path: path}
					at[path] = next
					node.kids = append(node.kids, next)
				}
				node = next
				node.unread += x.Unread
				node.ids = append(node.ids, x.ID)
				node.failing = node.failing || x.LastError != ""
			}
		}
		node.feeds = append(node.feeds, x)
	}
	return root
}

func (f *feedsScreen) setFeeds(fs []library.Feed) {
	keep, _ := f.selected()
	if keep.kind == rowFolder {
		defer f.chooseFolder(keep.path)
	}
	total := 0
	for _, x := range fs {
		total += x.Unread
	}
	rows := []feedRow{{kind: rowUnread, label: lang.T("feeds.all_unread"), unread: total}, {kind: rowBookmarks, label: lang.T("feeds.bookmarks")}}
	// The columnists followed, each a list of their columns from every feed.
	if len(f.followed) > 0 {
		closed := f.collapsed[columnistsPath]
		unread := 0
		for _, a := range f.followed {
			unread += a.Unread
		}
		rows = append(rows, feedRow{kind: rowFolder, label: lang.T("feeds.columnists"), path: columnistsPath, unread: unread, collapsed: closed})
		for _, a := range f.followed {
			if !closed {
				rows = append(rows, feedRow{kind: rowColumnist, label: a.Name, unread: a.Unread, depth: 1})
			}
		}
	}
	// A folder's feeds, then the folders inside it; nothing of a closed one.
	var add func(n *folderNode, depth int)
	add = func(n *folderNode, depth int) {
		for _, x := range n.feeds {
			rows = append(rows, feedRow{kind: rowFeed, label: library.FeedName(x), feed: x, unread: x.Unread, depth: depth})
		}
		for _, k := range n.kids {
			closed := f.collapsed[k.path]
			rows = append(rows, feedRow{kind: rowFolder, label: k.name, path: k.path, unread: k.unread, depth: depth, collapsed: closed, ids: k.ids, failing: k.failing})
			if !closed {
				add(k, depth+1)
			}
		}
	}
	add(tree(fs), 0)
	f.rows, f.feeds, f.loaded = rows, fs, true
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

// chooseFolder puts the cursor on a folder's row.
func (f *feedsScreen) chooseFolder(path string) {
	for i, r := range f.rows {
		if r.kind == rowFolder && r.path == path {
			f.cursor = i
			f.scroll()
			return
		}
	}
}

func (f *feedsScreen) selected() (feedRow, bool) {
	if f.cursor < 0 || f.cursor >= len(f.rows) {
		return feedRow{}, false
	}
	return f.rows[f.cursor], true
}

// toggle opens or closes a folder, and keeps the choice.
func (f *feedsScreen) toggle(r feedRow) tea.Cmd {
	if f.collapsed == nil {
		f.collapsed = map[string]bool{}
	}
	closed := !f.collapsed[r.path]
	if closed {
		f.collapsed[r.path] = true
	} else {
		delete(f.collapsed, r.path)
	}
	f.setFeeds(f.feeds)
	f.chooseFolder(r.path)
	ctx, lib := f.c.ctx, f.c.lib
	return func() tea.Msg {
		if err := lib.SetFolderCollapsed(ctx, r.path, closed); err != nil && ctx.Err() == nil {
			if closed {
				return statusMsg{lang.T("status.folder_not_kept_closed", "Err", lang.Text(err)), true}
			}
			return statusMsg{lang.T("status.folder_not_kept_open", "Err", lang.Text(err)), true}
		}
		return nil
	}
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
		f.collapsed, f.followed = msg.collapsed, msg.followed
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
		if r, ok := f.selected(); ok && r.kind == rowFolder {
			return f.toggle(r)
		} else if ok {
			return f.c.tell(openListMsg{r.source()})
		}
	case key.Matches(msg, k.Back):
		if r, ok := f.selected(); ok && r.kind == rowFolder && !r.collapsed {
			return f.toggle(r)
		}
	case key.Matches(msg, k.Rename):
		if r, ok := f.selected(); ok && r.kind == rowFeed {
			return f.c.tell(openPromptMsg{kind: promptRename, label: lang.T("prompt.rename") + " ", value: r.label, feed: r.feed})
		}
		return f.c.say(lang.T("status.choose_rename"), false)
	case key.Matches(msg, k.Move):
		if r, ok := f.selected(); ok && r.kind == rowFeed {
			return f.c.tell(openPromptMsg{kind: promptMove, label: lang.T("prompt.move") + " ", value: r.feed.Folder, feed: r.feed})
		}
		return f.c.say(lang.T("status.choose_move"), false)
	case key.Matches(msg, k.Search):
		return f.c.tell(openPromptMsg{kind: promptSearch, label: lang.T("prompt.search") + " "})
	case key.Matches(msg, k.Refresh):
		if r, ok := f.selected(); ok && r.kind == rowFeed {
			return f.c.tell(refreshMsg{ids: []int64{r.feed.ID}})
		} else if ok && r.kind == rowFolder && r.path != columnistsPath {
			return f.c.tell(refreshMsg{ids: r.ids})
		}
		return f.c.tell(refreshMsg{})
	case key.Matches(msg, k.ShowError):
		if r, ok := f.selected(); ok && r.kind == rowFolder {
			return f.c.say(lang.T("status.choose_error"), false)
		} else if ok && r.feed.LastError != "" {
			text := lang.T("feeds.error_text", "When", lang.Ago(r.feed.LastErrorAt, f.c.opts.Now()), "Error", r.feed.LastError)
			return f.c.tell(overlayMsg{title: r.label, text: text})
		}
		return f.c.say(lang.T("status.no_error"), false)
	case key.Matches(msg, k.HideRead):
		return f.c.tell(hideReadMsg{})
	}
	return nil
}

func (f *feedsScreen) move(delta int) {
	// Every row takes the cursor (folders open and close), so a step is a
	// clamp; a cursor off the list starts from the top.
	if len(f.rows) > 0 {
		if f.cursor < 0 || f.cursor >= len(f.rows) {
			f.cursor = 0
		}
		f.cursor = clamp(f.cursor+delta, 0, len(f.rows)-1)
	}
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
		return st.dim.Render(lang.T("status.loading_library"))
	}
	var lines []string
	for i, r := range window(f.rows, f.offset, height) {
		lines = append(lines, f.row(r, f.offset+i == f.cursor, width))
	}
	if len(f.rows) == 2 && len(lines) < height {
		lines = append(lines, "", st.dim.Render("  "+lang.T("empty.feeds")))
	}
	return strings.Join(window(lines, 0, height), "\n")
}

func (f *feedsScreen) row(r feedRow, selected bool, width int) string {
	st := f.c.st
	indent := strings.Repeat("  ", r.depth+1)
	if r.kind == rowFolder {
		mark, label := "▾ ", r.label
		if r.collapsed {
			mark = "▸ "
			if r.failing {
				label += " !" // what failed inside is out of sight
			}
		}
		count := ""
		if r.unread > 0 {
			count = fmt.Sprint(r.unread)
		}
		text := strings.Repeat("  ", r.depth) + " " + mark + padRight(label, max(width-len(strings.Repeat("  ", r.depth))-3-7, 4)) + " " + padLeft(count, 5) + " "
		if selected {
			return st.selected.Render(clipText(text, width))
		}
		return st.folder.Render(clipText(text, width))
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
func (f *feedsScreen) Crumb() string { return lang.T("crumb.feeds") }

// Position is empty: the counts are on the rows.
func (f *feedsScreen) Position() string { return "" }

// Keys is the feeds screen's short help.
func (f *feedsScreen) Keys() []key.Binding {
	k := f.c.keys
	return []key.Binding{k.Open, k.Add, k.RefreshAll, k.Refresh, k.Search, k.Rename, k.Move, k.Quit}
}

func (x *feedsScreen) sid() int { return x.id }
