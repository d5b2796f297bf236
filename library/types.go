package library

import (
	"context"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/store"
)

// The library's own names for what it stores. The reader and the CLI speak
// these, never the store's: the store can change under them without the
// upper layers noticing. They are aliases for now.
type (
	// Feed is a subscription with its counts and last fetch.
	Feed = store.Feed
	// Entry is an article as a list shows it: title, feed, date and flags,
	// without its text.
	Entry = store.Article
	// ArticleQuery selects entries for a list.
	ArticleQuery = store.ArticleQuery
	// Bookmark is a kept article with its own copy of the text, a note and tags.
	Bookmark = store.Bookmark
	// BookmarkQuery selects bookmarks.
	BookmarkQuery = store.BookmarkQuery
	// SearchHit is an entry found by Search with where it matched.
	SearchHit = store.SearchHit
	// Config is the configuration a library was opened with.
	Config = config.Config
)

// Watcher tells whether another process changed the library since it last
// looked.
type Watcher interface {
	Changed(ctx context.Context) (bool, error)
	Close() error
}
