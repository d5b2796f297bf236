package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/library"
)

// screen is one screen of the stack. Update returns the screen itself and a
// command; View is pure (offsets are kept in Update); Keys is its short
// help; Crumb names it in the header; Position is the right end of the
// status line ("3/12", "40%").
type screen interface {
	Update(msg tea.Msg) (screen, tea.Cmd)
	View(width, height int) string
	Keys() []key.Binding
	Crumb() string
	Position() string
	sid() int // the screen's number, for the answers it asked for
}

// addressed is a message for one screen: an answer to a load it asked for.
type addressed interface{ target() int }

// to is embedded in messages that answer one screen.
type to struct{ screen int }

func (t to) target() int { return t.screen }

// SOURCE

// SourceKind says which list a Source is.
type SourceKind int

// The lists the reader shows.
const (
	SourceFeed SourceKind = iota
	SourceUnread
	SourceBookmarks
	SourceSearch
	SourceColumnist // a followed columnist's columns from every feed
)

// Source is "which list": one feed, all unread, the bookmarks, or the hits
// of a search.
type Source struct {
	Kind      SourceKind
	FeedID    int64  // SourceFeed
	Query     string // SourceSearch: the query; SourceColumnist: the name
	Title     string // for the header
	LastError string // SourceFeed: why its last refresh failed, for the empty state
}

// Same reports whether two sources are the same list.
func (s Source) Same(o Source) bool {
	return s.Kind == o.Kind && s.FeedID == o.FeedID && s.Query == o.Query
}

// includes reports whether a refresh of feedID can change this list.
func (s Source) includes(feedID int64) bool {
	return s.Kind == SourceUnread || s.Kind == SourceSearch || s.Kind == SourceColumnist || s.Kind == SourceFeed && s.FeedID == feedID
}

// NAVIGATION: screens ask the root to change the stack.

type openListMsg struct{ src Source }

type openArticleMsg struct {
	entry    library.Entry
	order    []library.Entry // the list as it was when the article was opened: n, p and N walk it
	fullText bool
}

type backMsg struct{}

type quitMsg struct{}

// articleShownMsg tells the lists which article the reader shows now.
type articleShownMsg struct{ id int64 }

// MODALS: screens ask the root to open one.

type overlayMsg struct{ title, text string }

type promptKind int

const (
	promptAdd promptKind = iota + 1
	promptFilter
	promptSearch
	promptTags
	promptRename
	promptMove
)

type openPromptMsg struct {
	kind         promptKind
	label, value string
	bookmark     library.Bookmark // promptTags
	flags        flags            // promptTags: the article's, for after the save
	feed         library.Feed     // promptRename, promptMove
}

// filterMsg is the filter as typed so far, for the list that asked.
type filterMsg struct {
	to
	filter string
}

type openEditorMsg struct {
	b     library.Bookmark
	draft bool  // not bookmarked yet: saving creates it, esc leaves nothing
	flags flags // the article's, for after the save
}

// STATE CHANGES the root keeps and passes on.

// flagsChangedMsg is articles' new flags, for the flag book and every screen.
type flagsChangedMsg struct{ changes map[int64]flags }

// batchMsg is several messages from one command, handled in order.
type batchMsg []tea.Msg

type hideReadMsg struct{}

// reloadMsg asks screens to load again what may have changed: after a
// refresh stored something (feeds), another process wrote (all), or a
// bookmark changed.
type reloadMsg struct {
	all   bool
	feeds map[int64]bool
}

func (r reloadMsg) touches(src Source) bool {
	if r.all || src.Kind == SourceBookmarks {
		return r.all
	}
	for id := range r.feeds {
		if src.includes(id) {
			return true
		}
	}
	return false
}

type refreshMsg struct{ ids []int64 }

type statusMsg struct {
	text  string
	isErr bool
}

// resizeMsg is a screen's own size (its pane in two-pane mode).
type resizeMsg struct{ width, height int }

// themeMsg: the styles or the glamour style changed.
type themeMsg struct{}
