// Package ui is kolom's terminal reader: a small root (root.go) that keeps
// a stack of screens — feeds, an articles list, the reader — and one modal
// at a time (help, an overlay, a prompt, the note editor). Screens are
// components: each has its own model, Update, pure View and keys, and talks
// to the others only by messages (messages.go).
package ui

import (
	"context"
	"image"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/lang"
	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/render"
)

// Library is what the reader needs of a library. *library.Library is one;
// the screens' tests use a fake.
type Library interface {
	Config() library.Config
	ReadOnly() bool
	Seeded() bool
	Feeds(ctx context.Context) ([]library.Feed, error)
	Articles(ctx context.Context, q library.ArticleQuery) ([]library.Entry, error)
	Bookmarks(ctx context.Context, q library.BookmarkQuery) ([]library.Bookmark, error)
	Search(ctx context.Context, query string, limit int) ([]library.SearchHit, error)
	Article(ctx context.Context, id int64) (library.Article, error)
	FetchFullText(ctx context.Context, id int64) (library.Article, error)
	MarkRead(ctx context.Context, id int64, read bool) error
	MarkAllRead(ctx context.Context, ids []int64) error
	Bookmark(ctx context.Context, id int64, note *string, addTags []string) (library.Bookmark, error)
	BookmarkOf(ctx context.Context, id int64) (library.Bookmark, error)
	SaveBookmark(ctx context.Context, id int64, note string, tags []string) (library.Bookmark, error)
	RemoveBookmark(ctx context.Context, id int64) (library.Bookmark, error)
	RestoreBookmark(ctx context.Context, b library.Bookmark) error
	SaveMarkdown(ctx context.Context, id int64, dir string) (string, error)
	Add(ctx context.Context, rawURL, title, folder string) (library.Added, error)
	Followed(ctx context.Context) ([]library.Author, error)
	FindAuthor(ctx context.Context, name string) (library.Author, error)
	AuthorArticles(ctx context.Context, a library.Author, q library.ArticleQuery) ([]library.Entry, error)
	Rename(ctx context.Context, ref, title string) (library.Feed, error)
	Move(ctx context.Context, ref, folder string) (library.Feed, error)
	CollapsedFolders(ctx context.Context) (map[string]bool, error)
	SetFolderCollapsed(ctx context.Context, path string, collapsed bool) error
	RefreshWith(ctx context.Context, opts library.RefreshOptions, progress func(library.Event)) (library.Summary, error)
	UpdateIndex(ctx context.Context) (int, error)
	LoadUIState(ctx context.Context) (library.UIState, error)
	SaveUIState(ctx context.Context, st library.UIState) error
	WatchChanges(ctx context.Context) (library.Watcher, error)
	Picture(ctx context.Context, link string) (image.Image, error)
}

// Options tune the reader; the zero value is what kolom uses.
type Options struct {
	Now     func() time.Time   // the clock for relative dates (tests fix it)
	OpenURL func(string) error // starts the browser (tests record it)
	NoColor bool               // also implied by NO_COLOR
	// CellPixels is a cell's size in pixels, 0, 0 when unknown (nil: not
	// asked; Run asks the kernel, as the terminal told it).
	CellPixels func() (w, h int)
	// WatchEvery is how often the reader looks for changes made by another
	// kolom process (0: every 2 s; tests look more often).
	WatchEvery time.Duration
	// MinInterval: refreshing all feeds skips those fetched less than this
	// long ago (0: a minute; negative: none, for tests).
	MinInterval time.Duration
	// StatusFor is how long a status message stays (0: 4 s, errors 10 s;
	// tests keep it until it is replaced, whatever the machine's speed).
	StatusFor time.Duration
	// SaveEvery is how long the reader waits after a move before it saves
	// its place (0: a second).
	SaveEvery time.Duration
}

// common is what every screen shares. Only the root changes it (theme,
// hide-read, flags); screens read it.
type common struct {
	ctx          context.Context // ends when the reader quits: every command uses it
	lib          Library
	opts         Options
	keys         keyMap
	st           styles
	glamourStyle string
	pictureMode  string // how pictures are drawn: "kitty", "sixel", "iterm2", "blocks", or "" (captions only)
	pictureIDs   int    // the kitty picture ids handed out (the terminal keeps them)
	said         string // how the terminal said it draws pictures (see PictureMode)
	cellW, cellH int    // a cell's pixels, as the terminal said (0: not said)
	renderer     *render.Renderer
	maxWidth     int
	flags        *flagBook
	hideRead     bool
	offsets      map[int64]int // scroll position per article read
	offsetsSet   int           // counts changes to offsets
	lastID       int
	// outbox holds what screens tell the root; the root reads it right
	// after the Update that wrote it, so a key pressed next already finds
	// the screen the last one opened.
	outbox []tea.Msg
	// timer is tea.Tick; the screens' tests run without timers.
	timer func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
}

// tell hands msg to the root (open a list, go back, an article's new flags…).
func (c *common) tell(msg tea.Msg) tea.Cmd {
	c.outbox = append(c.outbox, msg)
	return nil
}

// say shows text on the status line.
func (c *common) say(text string, isErr bool) tea.Cmd { return c.tell(statusMsg{text, isErr}) }

// fail shows what went wrong. The words are the library's; what the reader
// leaves out is chosen by the error's kind: nothing is said about cancelled
// work (and once the reader is quitting, the root says nothing at all).
func (c *common) fail(err error) tea.Cmd {
	if library.KindOf(err) == library.KindCancelled {
		return nil
	}
	return c.say(lang.Text(err), true)
}

// after is a message after d.
// cellSize is a cell's pixels: as the terminal said, else a common cell's.
func (c *common) cellSize() (w, h int) {
	if c.cellW > 0 && c.cellH > 0 {
		return c.cellW, c.cellH
	}
	return render.CellWidth, render.CellHeight
}

func (c *common) after(d time.Duration, msg tea.Msg) tea.Cmd {
	if c.timer == nil {
		return tea.Tick(d, func(time.Time) tea.Msg { return msg })
	}
	return c.timer(d, func(time.Time) tea.Msg { return msg })
}

// newID numbers a screen, so that an answer finds the screen that asked.
func (c *common) newID() int {
	c.lastID++
	return c.lastID
}

// flags are an article's read and bookmark state.
type flags struct{ read, bookmarked bool }

// flagBook is the one home of articles' flags once the reader changed them:
// lists and the reader show them from here. A load asked before a change
// does not undo it.
type flagBook struct {
	m   map[int64]flagEntry
	seq int
}

type flagEntry struct {
	flags
	seq int
}

func newFlagBook() *flagBook { return &flagBook{m: map[int64]flagEntry{}} }

// of is an entry's flags: as changed here, else as loaded.
func (b *flagBook) of(e library.Entry) flags {
	if f, ok := b.m[e.ID]; ok {
		return f.flags
	}
	return flags{e.Read, e.Bookmarked}
}

// mark is when a load is asked: learn ignores what changed after it.
func (b *flagBook) mark() int { return b.seq }

// learn takes the flags a load brought, unless they changed since it was asked.
func (b *flagBook) learn(entries []library.Entry, asked int) {
	for _, e := range entries {
		if f, ok := b.m[e.ID]; ok && f.seq > asked {
			continue
		}
		delete(b.m, e.ID)
	}
}

// set records a change the reader made.
func (b *flagBook) set(id int64, f flags) {
	b.seq++
	b.m[id] = flagEntry{f, b.seq}
}
