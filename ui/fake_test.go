package ui

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/library"
)

// fakeLib is a library in memory: the screens' tests need no SQLite, no
// HTTP and no clock.
type fakeLib struct {
	mu             sync.Mutex
	cfg            config.Config
	feeds          []library.Feed
	entries        []library.Entry
	text           map[int64]string // the feed's text
	page           map[int64]string // the web page's, for f
	fromPage       map[int64]bool
	bookmarks      map[int64]library.Bookmark
	state          library.UIState
	saves          int
	fetches        int
	readOnly       bool
	ctxs           []context.Context // every context a call was given
	collapsed      map[string]bool
	followed       []string // columnists followed, by name
	pictureFetches int
}

func newFakeLib() *fakeLib {
	return &fakeLib{cfg: config.Default(), text: map[int64]string{}, page: map[int64]string{}, fromPage: map[int64]bool{},
		bookmarks: map[int64]library.Bookmark{}}
}

var fakeNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// column adds a feed with n articles, newest first, and returns its id.
func (l *fakeLib) column(title, author string, n int) int64 {
	id := int64(len(l.feeds) + 1)
	l.feeds = append(l.feeds, library.Feed{ID: id, Title: title, URL: fmt.Sprintf("https://feed%d.nl/feed", id)})
	for i := range n {
		aid := id*100 + int64(i) + 1
		l.entries = append(l.entries, library.Entry{ID: aid, FeedID: id, FeedTitle: title, Author: author,
			Title: fmt.Sprintf("%s column %d over klantbeleving", title, i+1), URL: fmt.Sprintf("https://feed%d.nl/%d", id, i+1),
			Published: fakeNow.Add(-time.Duration(int(id)*10+i) * time.Hour), Words: 600})
		l.text[aid] = fmt.Sprintf("Dit is column %d van %s. %s", i+1, title, strings.Repeat("Klanten verwachten dat merken hun beloftes waarmaken. ", 40))
	}
	return id
}

func (l *fakeLib) seen(ctx context.Context) {
	l.ctxs = append(l.ctxs, ctx)
}

func (l *fakeLib) entry(id int64) (*library.Entry, error) {
	for i := range l.entries {
		if l.entries[i].ID == id {
			_, bm := l.bookmarks[id]
			l.entries[i].Bookmarked = bm
			return &l.entries[i], nil
		}
	}
	return nil, fmt.Errorf("article %d: %w", id, library.ErrNotFound)
}

func (l *fakeLib) Config() library.Config { return l.cfg }
func (l *fakeLib) ReadOnly() bool         { return l.readOnly }
func (l *fakeLib) Seeded() bool           { return false }

func (l *fakeLib) Feeds(ctx context.Context) ([]library.Feed, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen(ctx)
	out := slices.Clone(l.feeds)
	for i := range out {
		for _, e := range l.entries {
			if e.FeedID == out[i].ID && !e.Read {
				out[i].Unread++
			}
		}
	}
	return out, nil
}

func (l *fakeLib) Articles(ctx context.Context, q library.ArticleQuery) ([]library.Entry, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen(ctx)
	var out []library.Entry
	for _, e := range l.entries {
		if (q.FeedID == 0 || e.FeedID == q.FeedID) && (!q.Unread || !e.Read) {
			_, e.Bookmarked = l.bookmarks[e.ID]
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b library.Entry) int { return b.Published.Compare(a.Published) })
	return out, nil
}

func (l *fakeLib) Bookmarks(ctx context.Context, q library.BookmarkQuery) ([]library.Bookmark, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []library.Bookmark
	for _, b := range l.bookmarks {
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b library.Bookmark) int { return b.BookmarkedAt.Compare(a.BookmarkedAt) })
	return out, nil
}

func (l *fakeLib) Search(ctx context.Context, query string, limit int) ([]library.SearchHit, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []library.SearchHit
	for _, e := range l.entries {
		if strings.Contains(strings.ToLower(e.Title), strings.ToLower(query)) {
			out = append(out, library.SearchHit{Article: e, Snippet: "[" + query + "]"})
		}
	}
	return out, nil
}

func (l *fakeLib) Article(ctx context.Context, id int64) (library.Article, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen(ctx)
	e, err := l.entry(id)
	if err != nil {
		return library.Article{}, err
	}
	md := l.text[id]
	if l.fromPage[id] {
		md = l.page[id]
	}
	return library.Article{Entry: *e, Markdown: md, Words: 600, ReadingTime: 3 * time.Minute, FullText: l.fromPage[id]}, nil
}

func (l *fakeLib) FetchFullText(ctx context.Context, id int64) (library.Article, error) {
	l.mu.Lock()
	l.fetches++
	if _, ok := l.page[id]; ok {
		l.fromPage[id] = true
	}
	l.mu.Unlock()
	a, err := l.Article(ctx, id)
	if err == nil && !a.FullText {
		a.Notice = "Showing the feed's text: the page is gone from the site"
	}
	return a, err
}

func (l *fakeLib) MarkRead(ctx context.Context, id int64, read bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.readOnly {
		return library.ErrReadOnly
	}
	e, err := l.entry(id)
	if err == nil {
		e.Read = read
	}
	return err
}

func (l *fakeLib) MarkAllRead(ctx context.Context, ids []int64) error {
	for _, id := range ids {
		if err := l.MarkRead(ctx, id, true); err != nil {
			return err
		}
	}
	return nil
}

func (l *fakeLib) Bookmark(ctx context.Context, id int64, note *string, addTags []string) (library.Bookmark, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, err := l.entry(id)
	if err != nil {
		return library.Bookmark{}, err
	}
	b, ok := l.bookmarks[id]
	if !ok {
		b = library.Bookmark{ArticleID: id, Title: e.Title, URL: e.URL, FeedTitle: e.FeedTitle, Markdown: l.text[id],
			BookmarkedAt: fakeNow.Add(time.Duration(len(l.bookmarks)) * time.Minute)}
	}
	if note != nil {
		b.Note = *note
	}
	b.Tags = append(b.Tags, addTags...)
	l.bookmarks[id] = b
	return b, nil
}

func (l *fakeLib) BookmarkOf(ctx context.Context, id int64) (library.Bookmark, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.bookmarks[id]
	if !ok {
		return b, fmt.Errorf("bookmark of %d: %w", id, library.ErrNotFound)
	}
	return b, nil
}

func (l *fakeLib) SaveBookmark(ctx context.Context, id int64, note string, tags []string) (library.Bookmark, error) {
	b, err := l.Bookmark(ctx, id, &note, nil)
	if err != nil {
		return b, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b.Tags = tags
	l.bookmarks[id] = b
	return b, nil
}

func (l *fakeLib) RemoveBookmark(ctx context.Context, id int64) (library.Bookmark, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.bookmarks[id]
	if !ok {
		return b, errors.New("not bookmarked")
	}
	delete(l.bookmarks, id)
	return b, nil
}

func (l *fakeLib) RestoreBookmark(ctx context.Context, b library.Bookmark) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.bookmarks[b.ArticleID] = b
	return nil
}

func (l *fakeLib) SaveMarkdown(ctx context.Context, id int64, dir string) (string, error) {
	return dir + "/artikel.md", nil
}

func (l *fakeLib) Add(ctx context.Context, rawURL, title, folder string) (library.Added, error) {
	return library.Added{}, fmt.Errorf("%s: the site answered with a cookie wall, not a feed; open it in a browser, accept or refuse, and look for an RSS link on the page, then add that address", rawURL)
}

func (l *fakeLib) feedByRef(ref string) (*library.Feed, error) {
	for i := range l.feeds {
		if fmt.Sprint(l.feeds[i].ID) == ref {
			return &l.feeds[i], nil
		}
	}
	return nil, fmt.Errorf("no feed %q", ref)
}

func (l *fakeLib) Rename(ctx context.Context, ref, title string) (library.Feed, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, err := l.feedByRef(ref)
	if err != nil {
		return library.Feed{}, err
	}
	if strings.TrimSpace(title) == "" {
		return *f, errors.New("give the new name")
	}
	f.Title = title
	return *f, nil
}

func (l *fakeLib) Move(ctx context.Context, ref, folder string) (library.Feed, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, err := l.feedByRef(ref)
	if err != nil {
		return library.Feed{}, err
	}
	folder, err = library.NormalizeFolder(folder)
	if err != nil {
		return *f, err
	}
	f.Folder = folder
	return *f, nil
}

func (l *fakeLib) Followed(ctx context.Context) ([]library.Author, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []library.Author
	for _, name := range l.followed {
		a := library.Author{Name: name, Followed: true}
		for _, e := range l.entries {
			if e.Author == name && !e.Read {
				a.Unread++
			}
		}
		out = append(out, a)
	}
	return out, nil
}

func (l *fakeLib) FindAuthor(ctx context.Context, name string) (library.Author, error) {
	return library.Author{Name: name}, nil
}

func (l *fakeLib) AuthorArticles(ctx context.Context, a library.Author, q library.ArticleQuery) ([]library.Entry, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []library.Entry
	for _, e := range l.entries {
		if e.Author == a.Name {
			out = append(out, e)
		}
	}
	return out, nil
}

func (l *fakeLib) CollapsedFolders(ctx context.Context) (map[string]bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]bool{}
	for k, v := range l.collapsed {
		out[k] = v
	}
	return out, nil
}

func (l *fakeLib) SetFolderCollapsed(ctx context.Context, path string, collapsed bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.collapsed == nil {
		l.collapsed = map[string]bool{}
	}
	if collapsed {
		l.collapsed[path] = true
	} else {
		delete(l.collapsed, path)
	}
	return nil
}

func (l *fakeLib) RefreshWith(ctx context.Context, opts library.RefreshOptions, progress func(library.Event)) (library.Summary, error) {
	l.seen(ctx)
	for i, f := range l.feeds {
		progress(library.Event{Kind: library.FeedNotModified, Feed: f, Done: i + 1, Total: len(l.feeds)})
	}
	return library.Summary{Feeds: len(l.feeds), NotModified: len(l.feeds)}, nil
}

func (l *fakeLib) UpdateIndex(ctx context.Context) (int, error) { return 0, nil }

func (l *fakeLib) LoadUIState(ctx context.Context) (library.UIState, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.state, nil
}

func (l *fakeLib) SaveUIState(ctx context.Context, st library.UIState) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.state, l.saves = st, l.saves+1
	return nil
}

func (l *fakeLib) WatchChanges(ctx context.Context) (library.Watcher, error) {
	return nil, errors.New("the fake does not watch")
}

// rig runs the root model without a program: every command runs at once,
// in the test's goroutine, and timers only when the test fires them.
type rig struct {
	t      *testing.T
	m      *Model
	lib    *fakeLib
	timers []tea.Msg // what timers would deliver, in order
	raws   []string  // what went to the terminal out of band (tea.Raw)
	opened []string
	quit   bool
}

func newRig(t *testing.T, lib *fakeLib, width, height int) *rig {
	t.Helper()
	r := &rig{t: t, lib: lib}
	r.m = New(lib, Options{Now: func() time.Time { return fakeNow }, OpenURL: func(u string) error {
		r.opened = append(r.opened, u)
		return nil
	}})
	r.m.c.timer = func(_ time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		r.timers = append(r.timers, fn(fakeNow))
		return nil
	}
	r.run(r.m.Init())
	r.send(tea.WindowSizeMsg{Width: width, Height: height})
	return r
}

var cmdType = reflect.TypeOf(tea.Cmd(nil))

// run runs a command and all it leads to.
func (r *rig) run(cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		if msg == nil {
			continue
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
			for i := range v.Len() { // tea.Batch and tea.Sequence
				queue = append(queue, v.Index(i).Interface().(tea.Cmd))
			}
			continue
		}
		if _, ok := msg.(tea.QuitMsg); ok {
			r.quit = true
			continue
		}
		if raw, ok := msg.(tea.RawMsg); ok {
			r.raws = append(r.raws, fmt.Sprint(raw.Msg))
			continue
		}
		_, next := r.m.Update(msg)
		queue = append(queue, next)
	}
}

func (r *rig) send(msg tea.Msg) {
	_, cmd := r.m.Update(msg)
	r.run(cmd)
}

// fire delivers the timers' messages of a kind, as if their time came.
func (r *rig) fire(match func(tea.Msg) bool) {
	var keep, due []tea.Msg
	for _, m := range r.timers {
		if match(m) {
			due = append(due, m)
		} else {
			keep = append(keep, m)
		}
	}
	r.timers = keep
	for _, m := range due {
		r.send(m)
	}
}

func (r *rig) keys(keys ...string) {
	for _, k := range keys {
		r.send(keyMsg(k))
	}
}

// view is the screen as drawn, without styling.
func (r *rig) view() string { return ansi.Strip(r.m.content()) }

func (r *rig) top() screen { return r.m.top() }

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+s":
		return tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	case "ctrl+u":
		return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// Picture is a red-and-blue square for an address ending in .png; anything
// else is not a picture.
func (l *fakeLib) Picture(ctx context.Context, link string) (image.Image, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen(ctx)
	l.pictureFetches++
	if !strings.HasSuffix(link, ".png") {
		return nil, errors.New("not a picture kolom can show")
	}
	img := image.NewRGBA(image.Rect(0, 0, 40, 40))
	for y := range 40 {
		for x := range 40 {
			img.Set(x, y, color.RGBA{uint8(200 * (1 - x/20)), 0, uint8(200 * (x / 20)), 255})
		}
	}
	return img, nil
}
