package library

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/store"

	"github.com/kolom/kolom/lang"
)

// ToggleBookmark bookmarks an article, or removes its bookmark. A new
// bookmark keeps its own copy of the article, full text first fetched when
// the item is an excerpt. It reports whether the article is bookmarked now.
func (l *Library) ToggleBookmark(ctx context.Context, id int64) (bool, error) {
	_, err := l.store.BookmarkOf(ctx, id)
	if err == nil {
		return false, l.store.RemoveBookmark(ctx, id)
	}
	if !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	b, err := l.newBookmark(ctx, id)
	if err != nil {
		return false, err
	}
	_, err = l.store.AddBookmark(ctx, b)
	return err == nil, err
}

// newBookmark is the copy of an article a bookmark keeps.
func (l *Library) newBookmark(ctx context.Context, id int64) (store.Bookmark, error) {
	a, err := l.Article(ctx, id)
	if err != nil {
		return store.Bookmark{}, err
	}
	return store.Bookmark{
		ArticleID: id, Title: a.Title, URL: a.URL, Author: a.Author, FeedTitle: a.FeedTitle,
		Published: a.Published, Markdown: a.Markdown, BookmarkedAt: time.Now(), Text: article.MarkdownText(a.Markdown),
	}, nil
}

// Bookmarks lists bookmarks, most recent first.
func (l *Library) Bookmarks(ctx context.Context, q store.BookmarkQuery) ([]store.Bookmark, error) {
	return l.store.Bookmarks(ctx, q)
}

// articleFromBookmark serves an article whose feed is gone from its bookmark.
func (l *Library) articleFromBookmark(ctx context.Context, id int64) (Article, bool) {
	b, err := l.store.BookmarkOf(ctx, id)
	if err != nil {
		return Article{}, false
	}
	a := Article{Entry: store.Article{
		ID: id, Title: b.Title, URL: b.URL, Author: b.Author, FeedTitle: b.FeedTitle,
		Published: b.Published, Read: true, Bookmarked: true,
	}}
	return a.with(b.Markdown, false), true
}

// MarkAllRead marks the given articles read.
func (l *Library) MarkAllRead(ctx context.Context, ids []int64) error {
	return l.store.SetReadMany(ctx, ids, true)
}

// UIState is what the reader remembers across restarts.
type UIState struct {
	Feed     int64           `json:"feed"`    // the feed list entry last open (see ui)
	Article  int64           `json:"article"` // the article last open
	HideRead bool            `json:"hide_read"`
	Offsets  map[int64]int   `json:"offsets"` // scroll position per article
	Extra    json.RawMessage `json:"extra,omitempty"`
}

const metaUIState = "ui_state"

// LoadUIState returns the saved reader state, or a zero one.
func (l *Library) LoadUIState(ctx context.Context) (UIState, error) {
	var st UIState
	v, ok, err := l.store.Meta(ctx, metaUIState)
	if err != nil || !ok {
		return st, err
	}
	if err := json.Unmarshal([]byte(v), &st); err != nil {
		return UIState{}, nil // an unreadable state is forgotten, not fatal
	}
	return st, nil
}

// SaveUIState stores the reader state.
func (l *Library) SaveUIState(ctx context.Context, st UIState) error {
	b, err := json.Marshal(st)
	if err != nil {
		return lang.Wrap(err, "bookmarks.save_state")
	}
	return l.store.SetMeta(ctx, metaUIState, string(b))
}

// Bookmark makes sure an article is bookmarked, then sets its note (when
// note is not nil) and adds tags, all in one write: a failure leaves no
// bookmark without its note. It returns the bookmark as stored.
func (l *Library) Bookmark(ctx context.Context, id int64, note *string, addTags []string) (store.Bookmark, error) {
	b, err := l.store.BookmarkOf(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		nb, err := l.newBookmark(ctx, id)
		if err != nil {
			return store.Bookmark{}, err
		}
		if note != nil {
			nb.Note = article.Safe(strings.TrimSpace(*note))
		}
		nb.Tags = mergeTags(nil, addTags)
		if _, err := l.store.AddBookmark(ctx, nb); err != nil {
			return store.Bookmark{}, err
		}
		l.keepPictures(nb.Markdown) // the ones the reader fetched read offline too
		return l.store.BookmarkOf(ctx, id)
	case err != nil:
		return store.Bookmark{}, err
	}
	if note == nil && len(addTags) == 0 {
		return b, nil
	}
	if note != nil {
		b.Note = article.Safe(strings.TrimSpace(*note))
	}
	b.Tags = mergeTags(b.Tags, addTags)
	if err := l.store.UpdateBookmark(ctx, id, b.Note, b.Tags); err != nil {
		return store.Bookmark{}, err
	}
	return l.store.BookmarkOf(ctx, id)
}

// SetBookmarkNote replaces a bookmark's note and tags (the reader's editors).
func (l *Library) SetBookmarkNote(ctx context.Context, id int64, note string, tags []string) error {
	return l.store.UpdateBookmark(ctx, id, article.Safe(strings.TrimSpace(note)), mergeTags(nil, tags))
}

// SaveBookmark sets an article's note and tags (replacing both),
// bookmarking it first when it is not yet: the reader's editors create a
// bookmark only when something is saved.
func (l *Library) SaveBookmark(ctx context.Context, id int64, note string, tags []string) (store.Bookmark, error) {
	_, err := l.store.BookmarkOf(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return l.Bookmark(ctx, id, &note, tags)
	}
	if err != nil {
		return store.Bookmark{}, err
	}
	if err := l.SetBookmarkNote(ctx, id, note, tags); err != nil {
		return store.Bookmark{}, err
	}
	return l.store.BookmarkOf(ctx, id)
}

// RemoveBookmark removes an article's bookmark and returns it whole, note
// and tags included, so that RestoreBookmark can undo the removal.
func (l *Library) RemoveBookmark(ctx context.Context, id int64) (store.Bookmark, error) {
	b, err := l.store.BookmarkOf(ctx, id)
	if err != nil {
		return store.Bookmark{}, err
	}
	return b, l.Unbookmark(ctx, id)
}

// RestoreBookmark puts back a bookmark RemoveBookmark returned, with its own
// copy of the text, note, tags and time.
func (l *Library) RestoreBookmark(ctx context.Context, b store.Bookmark) error {
	b.Text = article.MarkdownText(b.Markdown)
	_, err := l.store.AddBookmark(ctx, b)
	return err
}

// Unbookmark removes the bookmark of an article.
func (l *Library) Unbookmark(ctx context.Context, id int64) error {
	err := l.store.RemoveBookmark(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return lang.E("bookmarks.not_bookmarked", "ID", id)
	}
	return err
}

// BookmarkOf returns an article's bookmark.
func (l *Library) BookmarkOf(ctx context.Context, id int64) (store.Bookmark, error) {
	return l.store.BookmarkOf(ctx, id)
}

// ParseTags splits what a person typed ("deck, retail  q4") into tags.
func ParseTags(s string) []string {
	return mergeTags(nil, strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }))
}

// mergeTags adds tags (trimmed, lowercased, without a leading #) to have, once each.
func mergeTags(have, add []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range append(append([]string{}, have...), add...) {
		t = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(article.SafeLine(t)), "#"))
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// ReadingList writes bookmarks as Markdown people can paste into a team
// channel or a newsletter: per bookmark the title as a link, author, site,
// date, tags, the note, and the opening of the article (see writeBookmark).
func ReadingList(w io.Writer, bs []store.Bookmark, now time.Time) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n*%s*\n", lang.T("readinglist.title"), lang.N("readinglist.kept", len(bs), "Date", lang.Date(now)))
	for _, bm := range bs {
		writeBookmark(&b, bm, "##", true)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// SaveMarkdown writes an article with its header as a Markdown file in dir,
// named after its title; an existing file is never overwritten.
func (l *Library) SaveMarkdown(ctx context.Context, id int64, dir string) (string, error) {
	a, err := l.Article(ctx, id)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", lang.Wrap(err, "save.failed")
	}
	base := article.Slug(a.Title, 80)
	for i := 1; ; i++ {
		name := base + ".md"
		if i > 1 {
			name = fmt.Sprintf("%s-%d.md", base, i)
		}
		path := filepath.Join(dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return "", lang.Wrap(err, "save.failed")
		}
		_, werr := io.WriteString(f, a.Document())
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(path)
			return "", lang.Wrap(werr, "save.failed_path", "Path", path)
		}
		return path, nil
	}
}
