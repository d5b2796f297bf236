package library

import (
	"context"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/store"
)

// Search finds articles and bookmarks: words, "exact phrases", author:,
// feed: and tag: (bookmarks), OR, NOT / -word, word* — ranked by bm25
// with the newest first among equals. A malformed query is an error whose
// text is meant for the person who typed it.
func (l *Library) Search(ctx context.Context, query string, limit int) ([]store.SearchHit, error) {
	q, err := store.ParseQuery(query)
	if err != nil {
		return nil, err
	}
	if _, err := l.UpdateIndex(ctx); err != nil {
		return nil, err
	}
	return l.store.Search(ctx, q, limit)
}

// UpdateIndex indexes what was stored since the last search: refresh only
// queues articles, so that indexing never slows it down. The reader calls it
// after a refresh; Search calls it first.
func (l *Library) UpdateIndex(ctx context.Context) (int, error) {
	n, err := l.store.IndexQueued(ctx, func(b store.Body) string {
		if b.FromPage && b.Markdown != "" {
			return article.MarkdownText(b.Markdown)
		}
		return article.PlainText(longer(b.Summary, b.Content))
	})
	if err == nil && n >= optimizeAfter {
		err = l.store.OptimizeIndex(ctx)
	}
	return n, err
}

// optimizeAfter is how many newly indexed articles make merging the index
// worth it: one merged index answers common words about a third faster, and
// merging 50,000 articles takes about 0.3 s.
const optimizeAfter = 1000
