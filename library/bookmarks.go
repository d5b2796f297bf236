package library

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/store"
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
	a, err := l.Article(ctx, id)
	if err != nil {
		return false, err
	}
	_, err = l.store.AddBookmark(ctx, store.Bookmark{
		ArticleID: id, Title: a.Title, URL: a.URL, Author: a.Author, FeedTitle: a.FeedTitle,
		Published: a.Published, Markdown: a.Markdown, BookmarkedAt: time.Now(), Text: article.MarkdownText(a.Markdown),
	})
	return err == nil, err
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
	a := Article{Article: store.Article{
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
		return fmt.Errorf("save reader state: %w", err)
	}
	return l.store.SetMeta(ctx, metaUIState, string(b))
}
