package library

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/store"
)

// EventKind says what happened to a feed during a refresh.
type EventKind int

// The events of a refresh, in the order a feed goes through them.
const (
	FeedStarted EventKind = iota
	FeedUpdated
	FeedNotModified
	FeedFailed
)

func (k EventKind) String() string {
	return [...]string{"started", "updated", "not modified", "failed"}[k]
}

// Event is one step of a refresh. Done and Total count finished feeds.
type Event struct {
	Kind    EventKind
	Feed    store.Feed
	New     int
	Updated int
	Err     error
	Done    int
	Total   int
}

// Summary totals a refresh.
type Summary struct {
	Feeds, OK, NotModified, Failed int
	New, Updated                   int
}

// Refresh fetches the given feeds (all when ids is empty) with at most
// refresh_workers at once. Each feed streams from fetch to store in its own
// worker, so only the feeds in flight are in memory. progress, if not nil, is
// called from one goroutine at a time. A failing feed is recorded and
// reported; it never stops the others. The error is only for the library
// itself (the store could not be read).
func (l *Library) Refresh(ctx context.Context, ids []int64, progress func(Event)) (Summary, error) {
	all, err := l.store.Feeds(ctx)
	if err != nil {
		return Summary{}, err
	}
	var todo []store.Feed
	if len(ids) == 0 {
		todo = all
	} else {
		want := map[int64]bool{}
		for _, id := range ids {
			want[id] = true
		}
		for _, f := range all {
			if want[f.ID] {
				todo = append(todo, f)
			}
		}
	}
	sum := Summary{Feeds: len(todo)}
	if len(todo) == 0 {
		return sum, nil
	}

	workers := l.cfg.RefreshWorkers
	if workers < 1 {
		workers = 1
	}
	if workers > len(todo) {
		workers = len(todo)
	}
	jobs := make(chan store.Feed)
	events := make(chan Event)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				events <- Event{Kind: FeedStarted, Feed: f}
				events <- l.refreshOne(ctx, f)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, f := range todo {
			select {
			case jobs <- f:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(events) }()

	done := 0
	for ev := range events {
		if ev.Kind != FeedStarted {
			done++
			switch ev.Kind {
			case FeedUpdated:
				sum.OK++
			case FeedNotModified:
				sum.NotModified++
			case FeedFailed:
				sum.Failed++
			}
			sum.New += ev.New
			sum.Updated += ev.Updated
		}
		ev.Done, ev.Total = done, len(todo)
		if progress != nil {
			progress(ev)
		}
	}
	return sum, ctx.Err()
}

// refreshOne fetches, parses and stores one feed, and records the outcome.
func (l *Library) refreshOne(ctx context.Context, f store.Feed) Event {
	now := time.Now()
	fail := func(err error) Event {
		err = walled(err)
		// A refresh the user cancelled says nothing about the feed.
		if ctx.Err() == nil {
			_ = l.store.RecordError(ctx, f.ID, err.Error(), now)
		}
		return Event{Kind: FeedFailed, Feed: f, Err: err}
	}
	// A feed whose address is a site page (the defaults keep some that way)
	// is discovered here and moved to the feed's own address.
	res, err := l.fetchFeed(ctx, f.URL, f.ETag, f.LastModified, f.SiteURL)
	if err != nil {
		return fail(err)
	}
	st := store.FetchState{At: now, ETag: res.resp.ETag, LastModified: res.resp.LastModified}
	if d := l.cfg.KeepDays; d > 0 {
		st.PruneBefore = now.AddDate(0, 0, -d)
	}
	if res.url != f.URL {
		if res.discovered {
			if err := l.store.SetFeedURL(ctx, f.ID, res.url); err != nil {
				return fail(fmt.Errorf("%s: discovered %s but: %w", f.URL, res.url, err))
			}
		} else {
			st.NewURL = res.url
		}
		f.URL = res.url
	}
	if res.notModified {
		if err := l.store.RecordNotModified(ctx, f.ID, st); err != nil {
			return fail(err)
		}
		return Event{Kind: FeedNotModified, Feed: f}
	}
	st.Title = article.SafeLine(res.feed.Title)
	st.SiteURL = res.feed.SiteURL
	c, err := l.store.StoreItems(ctx, f.ID, st, safeItems(res.feed.Items))
	if err != nil {
		return fail(err)
	}
	if f.Title == "" {
		f.Title = st.Title
	}
	return Event{Kind: FeedUpdated, Feed: f, New: c.New, Updated: c.Updated}
}
