package library

import (
	"context"
	"fmt"

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
	return l.store.Search(ctx, q, limit)
}

// buildIndex fills the search index of a library made before search existed.
func (l *Library) buildIndex(ctx context.Context) error {
	pending, err := l.store.FTSPending(ctx)
	if err != nil || !pending {
		return err
	}
	if _, err := l.store.IndexArticles(ctx, func(summary, content string) string {
		return article.PlainText(longer(summary, content))
	}); err != nil {
		return fmt.Errorf("build the search index: %w", err)
	}
	return nil
}
