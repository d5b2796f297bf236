package library

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/store"

	"github.com/kolom/kolom/lang"
)

// Filters are a killfile that never deletes: a search query whose
// articles are hidden (or marked read) as they arrive, and, when it is
// added, among those already here. Removing the filter shows them again.
// A bookmarked article is never hidden or marked.

// Filter is a kept filter.
type Filter struct {
	ID        int64     `json:"id"`
	Expr      string    `json:"filter"`
	MarkRead  bool      `json:"mark_read"`
	Hidden    int       `json:"hidden"` // articles it hides now
	CreatedAt time.Time `json:"created"`
}

// compiledFilter is a filter ready to match.
type compiledFilter struct {
	id       int64
	markRead bool
	m        store.Matcher
}

// AddFilter keeps a filter and applies it to the articles here. One that
// would hide every article is refused unless force: it is more likely a
// mistake than a wish. It returns how many articles it hid or marked.
func (l *Library) AddFilter(ctx context.Context, expr string, markRead, force bool) (_ Filter, n int, err error) {
	defer func() { err = walled(err) }()
	expr = strings.TrimSpace(article.SafeLine(expr))
	m, err := store.CompileFilter(expr)
	if err != nil {
		return Filter{}, 0, err
	}
	var hits []int64
	total := 0
	err = l.store.ShownArticles(ctx, nil, func(batch []store.FilterDoc) error {
		for i := range batch {
			total++
			if m.Match(&batch[i].Doc) {
				hits = append(hits, batch[i].ID)
			}
			batch[i].Doc.Release()
		}
		return nil
	})
	if err != nil {
		return Filter{}, 0, err
	}
	if total > 0 && len(hits) == total && !force {
		id := "filter.would_hide_all"
		if markRead {
			id = "filter.would_read_all"
		}
		return Filter{}, 0, lang.E(id, "Filter", strconv.Quote(expr), "Total", total)
	}
	id, err := l.store.AddFilter(ctx, expr, markRead)
	if err != nil {
		return Filter{}, 0, err
	}
	if err := l.store.ApplyFilter(ctx, id, markRead, hits); err != nil {
		return Filter{}, 0, err
	}
	return Filter{ID: id, Expr: expr, MarkRead: markRead, Hidden: len(hits), CreatedAt: time.Now()}, len(hits), nil
}

// Filters lists the filters with what each hides.
func (l *Library) Filters(ctx context.Context) ([]Filter, error) {
	rows, err := l.store.Filters(ctx)
	out := make([]Filter, len(rows))
	for i, r := range rows {
		out[i] = Filter{ID: r.ID, Expr: r.Expr, MarkRead: r.MarkRead, Hidden: r.Hidden, CreatedAt: r.CreatedAt}
	}
	return out, err
}

// RemoveFilter forgets a filter and shows what it hid — unless another
// filter hides it. It returns how many came back. (Articles a --mark-read
// filter marked stay read: whether you read them since is not known.)
func (l *Library) RemoveFilter(ctx context.Context, id int64) (int, error) {
	shown, err := l.store.RemoveFilter(ctx, id)
	if err != nil {
		return 0, withKind(KindNotFound, lang.Wrap(err, "filter.none"))
	}
	filters, err := l.compiledFilters(ctx)
	if err != nil || len(filters) == 0 || len(shown) == 0 {
		return len(shown), err
	}
	again := 0
	err = l.store.ShownArticles(ctx, shown, func(batch []store.FilterDoc) error {
		byFilter := map[int64][]int64{}
		for i := range batch {
			if f, ok := firstMatch(filters, &batch[i].Doc); ok && !f.markRead {
				byFilter[f.id] = append(byFilter[f.id], batch[i].ID)
			}
		}
		for fid, ids := range byFilter {
			if err := l.store.ApplyFilter(ctx, fid, false, ids); err != nil {
				return err
			}
			again += len(ids)
		}
		return nil
	})
	return len(shown) - again, err
}

// compiledFilters are the filters to apply, hiding ones first (a hidden
// article need not be marked read too).
func (l *Library) compiledFilters(ctx context.Context) ([]compiledFilter, error) {
	rows, err := l.store.Filters(ctx)
	if err != nil {
		return nil, err
	}
	var hide, mark []compiledFilter
	for _, r := range rows {
		m, err := store.CompileFilter(r.Expr)
		if err != nil {
			continue // a filter that no longer compiles filters nothing
		}
		f := compiledFilter{id: r.ID, markRead: r.MarkRead, m: m}
		if r.MarkRead {
			mark = append(mark, f)
		} else {
			hide = append(hide, f)
		}
	}
	return append(hide, mark...), nil
}

func firstMatch(filters []compiledFilter, d *store.Doc) (compiledFilter, bool) {
	for _, f := range filters {
		if f.m.Match(d) {
			return f, true
		}
	}
	return compiledFilter{}, false
}

// itemFilter is the store's question for each new item of a feed: does
// a filter hide it, or mark it read? nil when there are no filters.
func itemFilter(filters []compiledFilter, feedTitle string) func(*store.Item) {
	if len(filters) == 0 {
		return nil
	}
	return func(it *store.Item) {
		text := it.Content
		if strings.TrimSpace(text) == "" {
			text = it.Summary
		}
		d := store.Doc{Title: it.Title, Author: it.Author, Feed: feedTitle, HTML: text}
		if f, ok := firstMatch(filters, &d); ok {
			if f.markRead {
				it.MarkRead = true
			} else {
				it.Filtered = f.id
			}
		}
		d.Release()
	}
}
