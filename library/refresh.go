package library

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/feeds"
	"github.com/kolom/kolom/store"

	"github.com/kolom/kolom/lang"
)

// EventKind says what happened to a feed during a refresh.
type EventKind int

// The events of a refresh, in the order a feed goes through them.
const (
	FeedStarted EventKind = iota
	FeedUpdated
	FeedNotModified
	FeedFailed
	FeedSkipped // not fetched: the server asked to wait, or it was fetched just now
)

func (k EventKind) String() string {
	return [...]string{"started", "updated", "not modified", "failed", "skipped"}[k]
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
	// Skipped: not before Until, because of Reason.
	Until  time.Time
	Reason string
	// Mailbox: the event is of a mailbox read for its newsletters (Feed
	// holds its name and address); Note says what else the read found.
	Mailbox bool
	Note    string
	// Filtered: of the new articles, how many a filter hid or marked read.
	Filtered int
}

// Summary totals a refresh.
type Summary struct {
	Feeds, OK, NotModified, Failed, Skipped int
	New, Updated                            int
	Mailboxes                               int // of Feeds, how many were mailboxes
	Filtered                                int // of New, how many a filter hid or marked read
}

// RefreshOptions say which feeds a refresh fetches.
type RefreshOptions struct {
	IDs []int64 // the feeds; empty: all
	// Explicit: the person named these feeds, so a server's wish to wait
	// (Retry-After, Cache-Control max-age) does not hold them back.
	Explicit bool
	// MinInterval skips feeds fetched less than this long ago (the reader's
	// R and auto refresh: a key held down is not a request per press).
	MinInterval time.Duration
	// OwnOnly: with a feed server, only what the server does not fetch —
	// kolom's own feeds and the mailboxes (after a sync).
	OwnOnly bool
}

// allOwn reports whether ids name only feeds kolom fetches itself.
func (l *Library) allOwn(ctx context.Context, ids []int64) (bool, error) {
	if len(ids) == 0 {
		return false, nil
	}
	all, err := l.store.Feeds(ctx)
	if err != nil {
		return false, err
	}
	server := map[int64]bool{}
	for _, f := range all {
		server[f.ID] = f.ServerID != ""
	}
	for _, id := range ids {
		if server[id] {
			return false, nil
		}
	}
	return true, nil
}

// refreshBySync is a refresh with a feed server: one sync, told as a
// refresh of every feed (the reader's progress and counts), then what the
// server does not fetch — kolom's own feeds and the mailboxes, which are
// read also when the server is away.
func (l *Library) refreshBySync(ctx context.Context, opts RefreshOptions, progress func(Event)) (Summary, error) {
	var sum Summary
	if s, err := l.Sync(ctx, nil); err != nil {
		sum = Summary{Feeds: 1, Failed: 1}
		if progress != nil {
			progress(Event{Kind: FeedFailed, Feed: store.Feed{Title: lang.T("refresh.feed_server")}, Err: err, Done: 1, Total: 1})
		}
	} else {
		all, err := l.store.Feeds(ctx)
		if err != nil {
			return Summary{}, err
		}
		sum = Summary{New: s.New, Updated: s.Read + s.Star}
		for _, f := range all {
			if f.ServerID == "" {
				continue
			}
			sum.Feeds++
			sum.OK++
			if progress != nil {
				progress(Event{Kind: FeedUpdated, Feed: f, Done: sum.Feeds, Total: len(all)})
			}
		}
	}
	opts.IDs, opts.OwnOnly = nil, true
	rest, err := l.refreshFeeds(ctx, opts, progress)
	if err != nil {
		return sum, err
	}
	sum.Feeds += rest.Feeds
	sum.OK += rest.OK
	sum.NotModified += rest.NotModified
	sum.Failed += rest.Failed
	sum.Skipped += rest.Skipped
	sum.New += rest.New
	sum.Updated += rest.Updated
	sum.Mailboxes += rest.Mailboxes
	sum.Filtered += rest.Filtered
	return sum, nil
}

// Refresh fetches the given feeds (all when ids is empty) with at most
// refresh_workers at once. Each feed streams from fetch to store in its own
// worker, so only the feeds in flight are in memory. progress, if not nil, is
// called from one goroutine at a time. A failing feed is recorded and
// reported; it never stops the others. The error is only for the library
// itself (the store could not be read).
//
// Feeds named in ids are an explicit refresh; all feeds are not (see
// RefreshWith).
func (l *Library) Refresh(ctx context.Context, ids []int64, progress func(Event)) (Summary, error) {
	return l.RefreshWith(ctx, RefreshOptions{IDs: ids, Explicit: len(ids) > 0}, progress)
}

// RefreshWith is Refresh with options. Feeds a server asked to wait, and
// feeds fetched within MinInterval, are skipped with an event that says
// until when and why.
func (l *Library) RefreshWith(ctx context.Context, opts RefreshOptions, progress func(Event)) (Summary, error) {
	// With a feed server, the server fetches: a refresh is a sync.
	// (Feeds named that the server does not fetch are fetched as ever.)
	if _, ok, err := l.Server(); err != nil {
		return Summary{}, err
	} else if ok && !opts.OwnOnly {
		if own, err := l.allOwn(ctx, opts.IDs); err != nil || !own {
			if err != nil {
				return Summary{}, err
			}
			return l.refreshBySync(ctx, opts, progress)
		}
	}
	return l.refreshFeeds(ctx, opts, progress)
}

// refreshFeeds fetches feeds from their sites and reads the mailboxes.
func (l *Library) refreshFeeds(ctx context.Context, opts RefreshOptions, progress func(Event)) (Summary, error) {
	all, err := l.store.Feeds(ctx)
	if err != nil {
		return Summary{}, err
	}
	var todo []store.Feed
	readMail := len(opts.IDs) == 0
	want := map[int64]bool{}
	for _, id := range opts.IDs {
		want[id] = true
	}
	for _, f := range all {
		if len(opts.IDs) > 0 && !want[f.ID] || opts.OwnOnly && f.ServerID != "" {
			continue
		}
		if store.IsMailFeed(f.URL) {
			readMail = true // its mailbox is read instead
			continue
		}
		todo = append(todo, f)
	}
	var boxes []store.Mailbox
	if readMail {
		if boxes, err = l.store.Mailboxes(ctx); err != nil {
			return Summary{}, err
		}
	}
	sum := Summary{Feeds: len(todo) + len(boxes), Mailboxes: len(boxes)}
	if sum.Feeds == 0 {
		return sum, nil
	}
	now := time.Now()
	var skipped []Event
	var jobs []job
	for _, f := range todo {
		switch {
		case !opts.Explicit && now.Before(f.NextFetch):
			skipped = append(skipped, Event{Kind: FeedSkipped, Feed: f, Until: f.NextFetch, Reason: f.WaitReason})
		case opts.MinInterval > 0 && !f.LastFetched.IsZero() && now.Sub(f.LastFetched) < opts.MinInterval:
			skipped = append(skipped, Event{Kind: FeedSkipped, Feed: f, Until: f.LastFetched.Add(opts.MinInterval),
				Reason: lang.T("reason.fetched_ago", "Ago", Duration(now.Sub(f.LastFetched)))})
		case !opts.Explicit && !f.LastFetched.IsZero() && now.Sub(f.LastFetched) < Settings(f).IntervalOf():
			every := Settings(f).IntervalOf()
			skipped = append(skipped, Event{Kind: FeedSkipped, Feed: f, Until: f.LastFetched.Add(every),
				Reason: lang.T("reason.interval", "Every", Duration(every))})
		default:
			jobs = append(jobs, job{feed: f})
		}
	}
	var boxJobs []job
	for _, b := range boxes {
		if opts.MinInterval > 0 && !b.LastRead.IsZero() && now.Sub(b.LastRead) < opts.MinInterval {
			skipped = append(skipped, Event{Kind: FeedSkipped, Mailbox: true, Feed: mailboxFeed(b),
				Until: b.LastRead.Add(opts.MinInterval), Reason: lang.T("reason.read_ago", "Ago", Duration(now.Sub(b.LastRead)))})
			continue
		}
		boxJobs = append(boxJobs, job{box: &b})
	}
	// Mailboxes first: an IMAP login takes longer than a feed.
	jobs = append(boxJobs, jobs...)
	done := 0
	for _, ev := range skipped {
		done++
		sum.Skipped++
		ev.Done, ev.Total = done, sum.Feeds
		if progress != nil {
			progress(ev)
		}
	}
	if len(jobs) == 0 {
		return sum, nil
	}

	workers := l.cfg.RefreshWorkers
	if workers < 1 {
		workers = 1
	}
	if workers > len(jobs) {
		workers = len(jobs)
	}
	filters, err := l.compiledFilters(ctx)
	if err != nil {
		return sum, err
	}
	queue := make(chan job)
	events := make(chan Event)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue {
				if j.box != nil {
					events <- Event{Kind: FeedStarted, Mailbox: true, Feed: mailboxFeed(*j.box)}
					events <- l.refreshMailbox(ctx, *j.box, filters)
					continue
				}
				events <- Event{Kind: FeedStarted, Feed: j.feed}
				events <- l.refreshOne(ctx, j.feed, filters)
			}
		}()
	}
	go func() {
		defer close(queue)
		for _, j := range jobs {
			select {
			case queue <- j:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(events) }()

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
			sum.Filtered += ev.Filtered
		}
		ev.Done, ev.Total = done, sum.Feeds
		if progress != nil {
			progress(ev)
		}
	}
	return sum, ctx.Err()
}

// job is one source for a refresh worker: a feed, or a mailbox.
type job struct {
	feed store.Feed
	box  *store.Mailbox
}

// refreshOne fetches, parses and stores one feed, and records the outcome.
func (l *Library) refreshOne(ctx context.Context, f store.Feed, filters []compiledFilter) Event {
	now := time.Now()
	fail := func(err error) Event {
		var next time.Time
		var reason string
		var se *feeds.StatusError
		if errors.As(err, &se) && !se.RetryAfter.IsZero() {
			next, reason = se.RetryAfter, lang.T("reason.server_wait", "Code", se.Code)
		}
		err = walled(adviseFeed(err))
		// A refresh the user cancelled says nothing about the feed.
		if ctx.Err() == nil {
			_ = l.store.RecordError(ctx, f.ID, lang.Text(err), now, next, reason)
		}
		return Event{Kind: FeedFailed, Feed: f, Err: err, Until: next, Reason: reason}
	}
	// A feed whose address is a site page (the defaults keep some that way)
	// is discovered here and moved to the feed's own address.
	req, err := l.request(ctx, f)
	if err != nil {
		return fail(err)
	}
	res, err := l.fetchFeed(ctx, req, f.SiteURL)
	if err != nil {
		return fail(err)
	}
	st := store.FetchState{At: now, ETag: res.resp.ETag, LastModified: res.resp.LastModified}
	if age := res.resp.MaxAge; age > 0 {
		st.NextFetch = now.Add(age)
		st.WaitReason = lang.T("reason.max_age", "Every", Duration(age))
	}
	if d := l.cfg.KeepDays; d > 0 {
		st.PruneBefore = now.AddDate(0, 0, -d)
	}
	if res.url != f.URL {
		if res.discovered {
			if err := l.store.SetFeedURL(ctx, f.ID, res.url); err != nil {
				return fail(lang.Wrap(err, "refresh.discovered_but", "URL", f.URL, "Found", res.url))
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
	st.Title = article.SafeText(res.feed.Title)
	st.SiteURL = res.feed.SiteURL
	name := f.Title
	if name == "" {
		name = st.Title
	}
	items := safeItems(res.feed.Items)
	if match := itemFilter(filters, name); match != nil {
		// Only what is new takes a filter: a refresh that brings one new
		// column matches one, outside the write.
		fresh, err := l.store.NewItems(ctx, f.ID, items)
		if err != nil {
			return fail(err)
		}
		for i := range items {
			if fresh[i] {
				match(&items[i])
			}
		}
	}
	c, err := l.store.StoreItems(ctx, f.ID, st, items)
	if err != nil {
		return fail(err)
	}
	if f.Title == "" {
		f.Title = st.Title
	}
	return Event{Kind: FeedUpdated, Feed: f, New: c.New, Updated: c.Updated, Filtered: c.Filtered}
}

// Duration says a wait as a person would: "30 s", "5 min", "2 h 30 min".
func Duration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return lang.T("dur.seconds", "N", int(d.Round(time.Second)/time.Second))
	case d < time.Hour:
		return lang.T("dur.minutes", "N", int(d.Round(time.Minute)/time.Minute))
	}
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	if m == 0 {
		return lang.T("dur.hours", "N", h)
	}
	return lang.T("dur.hours_minutes", "H", h, "M", m)
}
