package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/store"
)

// MSG: what commands report back. Each is small and named for what happened.

// Loads carry the number they were asked with: an answer older than the
// one shown is dropped, so a slow early load never overwrites a newer list.
type feedsLoadedMsg struct {
	gen   int
	feeds []store.Feed
	err   error
}

type articlesLoadedMsg struct {
	gen      int
	source   source
	items    []store.Article
	tags     map[int64][]string
	snippets map[int64]string
	err      error
}

type articleLoadedMsg struct {
	article library.Article
	err     error
}

type contentRenderedMsg struct {
	id      int64
	width   int
	style   string
	content string
	partial bool // the head of a long article; the whole follows
	err     error
}

type refreshEventMsg struct{ ev library.Event }

type refreshDoneMsg struct {
	sum library.Summary
	err error
}

type bookmarkedMsg struct {
	id  int64
	on  bool
	err error
}

type readMarkedMsg struct {
	ids  []int64
	read bool
	err  error
}

type feedAddedMsg struct {
	res library.Added
	err error
}

type statusMsg struct {
	text  string
	isErr bool
}

type clearStatusMsg struct{ id int }

type autoRefreshMsg struct{}

type watchTickMsg struct{}

type libraryChangedMsg struct{}

// COMMANDS: all I/O happens here, never in Update.

func loadFeeds(lib *library.Library, gen int) tea.Cmd {
	return func() tea.Msg {
		fs, err := lib.Feeds(context.Background())
		return feedsLoadedMsg{gen, fs, err}
	}
}

func loadArticles(lib *library.Library, src source, gen int) tea.Cmd {
	return func() tea.Msg {
		msg := loadArticlesNow(lib, src)
		msg.gen = gen
		return msg
	}
}

func loadArticlesNow(lib *library.Library, src source) articlesLoadedMsg {
	ctx := context.Background()
	switch src.kind {
	case sourceBookmarks:
		bs, err := lib.Bookmarks(ctx, store.BookmarkQuery{})
		msg := articlesLoadedMsg{source: src, tags: map[int64][]string{}, err: err}
		for _, b := range bs {
			msg.items = append(msg.items, store.Article{ID: b.ArticleID, Title: b.Title, URL: b.URL, Author: b.Author,
				FeedTitle: b.FeedTitle, Published: b.Published, Read: true, Bookmarked: true, Words: article.WordCount(b.Markdown)})
			msg.tags[b.ArticleID] = b.Tags
		}
		return msg
	case sourceSearch:
		hits, err := lib.Search(ctx, src.query, 200)
		msg := articlesLoadedMsg{source: src, snippets: map[int64]string{}, err: err}
		for _, h := range hits {
			msg.items = append(msg.items, h.Article)
			msg.snippets[h.ID] = h.Snippet
		}
		return msg
	}
	q := store.ArticleQuery{FeedID: src.feedID, Unread: src.kind == sourceUnread}
	items, err := lib.Articles(ctx, q)
	return articlesLoadedMsg{source: src, items: items, err: err}
}

func loadArticle(lib *library.Library, id int64, fullText bool) tea.Cmd {
	return func() tea.Msg {
		ctx := context.Background()
		var a library.Article
		var err error
		if fullText {
			a, err = lib.FetchFullText(ctx, id)
		} else {
			a, err = lib.Article(ctx, id)
		}
		if err == nil && !a.Read {
			err = lib.MarkRead(ctx, id, true)
		}
		return articleLoadedMsg{a, err}
	}
}

// renderArticle renders an article for the reader: a long one first in
// part, so it opens at once, then whole (renderWhole).
func renderArticle(r *Renderer, a library.Article, width int, style string) tea.Cmd {
	doc := a.Document()
	return func() tea.Msg {
		out, complete, err := r.RenderHead(a.ID, doc, width, style)
		return contentRenderedMsg{a.ID, width, style, out, !complete, err}
	}
}

func renderWhole(r *Renderer, a library.Article, width int, style string) tea.Cmd {
	doc := a.Document()
	return func() tea.Msg {
		out, err := r.Render(a.ID, doc, width, style)
		return contentRenderedMsg{a.ID, width, style, out, false, err}
	}
}

// refreshRun streams a refresh into the program: events, then one done
// message, over ch. waitRefresh reads the next one.
func refreshRun(ctx context.Context, lib *library.Library, opts library.RefreshOptions, ch chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		go func() {
			defer close(ch)
			sum, err := lib.RefreshWith(ctx, opts, func(ev library.Event) {
				select {
				case ch <- refreshEventMsg{ev}:
				case <-ctx.Done():
				}
			})
			select {
			case ch <- refreshDoneMsg{sum, err}:
			case <-ctx.Done():
			}
		}()
		return waitRefresh(ch)()
	}
}

func waitRefresh(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

// updateIndex indexes what the refresh stored, so the next search is quick.
func updateIndex(lib *library.Library) tea.Cmd {
	return func() tea.Msg {
		if _, err := lib.UpdateIndex(context.Background()); err != nil {
			return statusMsg{text: err.Error(), isErr: true}
		}
		return nil
	}
}

func toggleBookmark(lib *library.Library, id int64) tea.Cmd {
	return func() tea.Msg {
		on, err := lib.ToggleBookmark(context.Background(), id)
		return bookmarkedMsg{id, on, err}
	}
}

func markRead(lib *library.Library, ids []int64, read bool) tea.Cmd {
	return func() tea.Msg {
		var err error
		if len(ids) == 1 {
			err = lib.MarkRead(context.Background(), ids[0], read)
		} else if read {
			err = lib.MarkAllRead(context.Background(), ids)
		}
		return readMarkedMsg{ids, read, err}
	}
}

func addFeed(lib *library.Library, raw string) tea.Cmd {
	return func() tea.Msg {
		res, err := lib.Add(context.Background(), raw, "", "")
		return feedAddedMsg{res, err}
	}
}

// saveState keeps the reader's state and lets go of the change watcher.
func saveState(lib *library.Library, st library.UIState, w *store.ChangeWatcher) tea.Cmd {
	return func() tea.Msg {
		if w != nil {
			w.Close()
		}
		if err := lib.SaveUIState(context.Background(), st); err != nil {
			return statusMsg{text: err.Error(), isErr: true}
		}
		return nil
	}
}

func clearStatusAfter(id int, d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return clearStatusMsg{id} })
}

// watchInterval is how often the reader looks for changes made by another
// kolom process by default; the check is one PRAGMA on an idle connection.
const watchInterval = 2 * time.Second

func watchAfter(d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return watchTickMsg{} })
}

func checkChanges(w *store.ChangeWatcher) tea.Cmd {
	return func() tea.Msg {
		if changed, err := w.Changed(context.Background()); err == nil && changed {
			return libraryChangedMsg{}
		}
		return nil
	}
}

func autoRefreshAfter(d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return autoRefreshMsg{} })
}

// openURL starts the browser on an http(s) link: $BROWSER, else the
// platform's opener, with the URL as one argument and no shell.
func openURL(opener func(string) error, link string) tea.Cmd {
	return func() tea.Msg {
		if err := checkWebURL(link); err != nil {
			return statusMsg{text: err.Error(), isErr: true}
		}
		if err := opener(link); err != nil {
			return statusMsg{text: "could not start the browser: " + err.Error(), isErr: true}
		}
		return statusMsg{text: "Opened in the browser"}
	}
}

func checkWebURL(link string) error {
	if _, ok := library.WebURL(link); !ok {
		return fmt.Errorf("only http and https links open in the browser, not %q", clipText(link, 40))
	}
	return nil
}

// BrowserCommand is the program and leading arguments that open a URL.
func BrowserCommand() []string {
	if b := strings.Fields(os.Getenv("BROWSER")); len(b) > 0 {
		return b
	}
	if runtime.GOOS == "darwin" {
		return []string{"open"}
	}
	return []string{"xdg-open"}
}

// StartBrowser runs the browser command with link as its last argument.
func StartBrowser(link string) error {
	argv := append(BrowserCommand(), link)
	cmd := exec.Command(argv[0], argv[1:]...)
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return fmt.Errorf("%s not found; set $BROWSER", argv[0])
		}
		return err
	}
	go cmd.Wait() // reap it; the browser lives on
	return nil
}
