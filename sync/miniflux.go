package sync

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	miniflux "miniflux.app/v2/client"
)

// minifluxServer speaks Miniflux's REST API through Miniflux's own client.
type minifluxServer struct {
	c        *miniflux.Client
	pageSize int
}

func openMiniflux(ctx context.Context, o Options) (Server, error) {
	opts := []miniflux.Option{miniflux.WithHTTPClient(o.Client)}
	if o.User != "" {
		opts = append(opts, miniflux.WithCredentials(o.User, o.Password))
	} else {
		opts = append(opts, miniflux.WithAPIKey(o.Password))
	}
	s := &minifluxServer{c: miniflux.NewClientWithOptions(o.URL, opts...), pageSize: o.PageSize}
	if o.Verify {
		if _, err := s.c.MeContext(ctx); err != nil {
			return nil, minifluxError(o.URL, err)
		}
	}
	return s, nil
}

func (s *minifluxServer) API() string { return "miniflux" }

func minifluxError(where string, err error) error {
	switch {
	case errors.Is(err, miniflux.ErrNotAuthorized), errors.Is(err, miniflux.ErrForbidden):
		return fmt.Errorf("%s: %w", where, ErrAuth)
	case err == nil:
		return nil
	}
	return fmt.Errorf("%s: %w", where, err)
}

func (s *minifluxServer) Subscriptions(ctx context.Context) ([]Subscription, error) {
	feeds, err := s.c.FeedsContext(ctx)
	if err != nil {
		return nil, minifluxError("feeds", err)
	}
	out := make([]Subscription, 0, len(feeds))
	for _, f := range feeds {
		out = append(out, minifluxSubscription(f))
	}
	return out, nil
}

func minifluxSubscription(f *miniflux.Feed) Subscription {
	sub := Subscription{ID: strconv.FormatInt(f.ID, 10), Title: f.Title, FeedURL: f.FeedURL, SiteURL: f.SiteURL}
	// Miniflux puts every feed in a category, "All" when the user chose
	// none: that one is no folder.
	if f.Category != nil && f.Category.Title != "All" {
		sub.Folder = f.Category.Title
	}
	return sub
}

func (s *minifluxServer) Subscribe(ctx context.Context, feedURL, folder string) (Subscription, error) {
	req := &miniflux.FeedCreationRequest{FeedURL: feedURL}
	if folder != "" {
		id, err := s.category(ctx, folder)
		if err != nil {
			return Subscription{}, err
		}
		req.CategoryID = id
	}
	id, err := s.c.CreateFeedContext(ctx, req)
	if err != nil {
		return Subscription{}, minifluxError("subscribe to "+feedURL, err)
	}
	f, err := s.c.FeedContext(ctx, id)
	if err != nil {
		return Subscription{}, minifluxError("feed "+feedURL, err)
	}
	return minifluxSubscription(f), nil
}

// category is the id of the category with this title, made when missing.
func (s *minifluxServer) category(ctx context.Context, title string) (int64, error) {
	cats, err := s.c.CategoriesContext(ctx)
	if err != nil {
		return 0, minifluxError("categories", err)
	}
	for _, c := range cats {
		if strings.EqualFold(c.Title, title) {
			return c.ID, nil
		}
	}
	c, err := s.c.CreateCategoryContext(ctx, title)
	if err != nil {
		return 0, minifluxError("create category "+title, err)
	}
	return c.ID, nil
}

func (s *minifluxServer) Edit(ctx context.Context, id, title, from, folder string) error {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return fmt.Errorf("feed id %q: not a Miniflux id", id)
	}
	// Every Miniflux feed is in a category: "no folder" is "All".
	cat := folder
	if cat == "" {
		cat = "All"
	}
	catID, err := s.category(ctx, cat)
	if err != nil {
		return err
	}
	_, err = s.c.UpdateFeedContext(ctx, n, &miniflux.FeedModificationRequest{Title: &title, CategoryID: &catID})
	return minifluxError("edit feed "+id, err)
}

func (s *minifluxServer) Unsubscribe(ctx context.Context, id string) error {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return fmt.Errorf("feed id %q: not a Miniflux id", id)
	}
	return minifluxError("unsubscribe "+id, s.c.DeleteFeedContext(ctx, n))
}

// Entries pages through the entries after the last one seen, by id: ids
// only grow, so a stopped sync resumes without gaps. (Read state and stars
// of older entries are reconciled through IDs.)
func (s *minifluxServer) Entries(ctx context.Context, since Cursor, page func([]Entry, Cursor) error) (Cursor, error) {
	after, _ := strconv.ParseInt(string(since), 10, 64)
	for {
		res, err := s.c.EntriesContext(ctx, &miniflux.Filter{AfterEntryID: after, Order: "id", Direction: "asc", Limit: s.pageSize})
		if err != nil {
			return Cursor(strconv.FormatInt(after, 10)), minifluxError("entries", err)
		}
		if len(res.Entries) == 0 {
			return Cursor(strconv.FormatInt(after, 10)), nil
		}
		batch := make([]Entry, 0, len(res.Entries))
		last := after
		for _, e := range res.Entries {
			batch = append(batch, minifluxEntry(e))
			last = max(last, e.ID)
		}
		next := Cursor(strconv.FormatInt(last, 10))
		if err := page(batch, next); err != nil {
			return since, err
		}
		since, after = next, last
		if len(res.Entries) < s.pageSize {
			return next, nil
		}
	}
}

// IDs pages through /v1/entries/ids (at most 10,000 a request).
func (s *minifluxServer) IDs(ctx context.Context, which State) ([]string, error) {
	var out []string
	for {
		f := &miniflux.EntryIDsFilter{Status: miniflux.EntryStatusUnread, Offset: len(out)}
		if which == Starred {
			yes := true
			f = &miniflux.EntryIDsFilter{Starred: &yes, Offset: len(out)}
		}
		res, err := s.c.EntryIDsContext(ctx, f)
		if err != nil {
			return nil, minifluxError(which.String()+" entry ids", err)
		}
		for _, id := range res.EntryIDs {
			out = append(out, strconv.FormatInt(id, 10))
		}
		if len(res.EntryIDs) == 0 || len(out) >= res.Total {
			return out, nil
		}
	}
}

// Changed pages through the entries changed after the cursor (a Unix
// time, the server's clock), oldest change first; the next cursor is the
// newest change seen. (A change in that same second made after this
// request is missed until the entry changes again or a sync --full.)
func (s *minifluxServer) Changed(ctx context.Context, since Cursor, page func([]Entry) error) (Cursor, error) {
	after, _ := strconv.ParseInt(string(since), 10, 64)
	newest := after
	for offset := 0; ; offset += s.pageSize {
		res, err := s.c.EntriesContext(ctx, &miniflux.Filter{ChangedAfter: after, Order: "changed_at", Direction: "asc",
			Limit: s.pageSize, Offset: offset})
		if err != nil {
			return since, minifluxError("changed entries", err)
		}
		batch := make([]Entry, 0, len(res.Entries))
		for _, e := range res.Entries {
			batch = append(batch, minifluxEntry(e))
			newest = max(newest, e.ChangedAt.Unix())
		}
		if len(batch) > 0 {
			if err := page(batch); err != nil {
				return since, err
			}
		}
		if len(res.Entries) < s.pageSize {
			return Cursor(strconv.FormatInt(newest, 10)), nil
		}
	}
}

func (s *minifluxServer) FullText(ctx context.Context, id string) (string, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return "", fmt.Errorf("entry id %q: not a Miniflux id", id)
	}
	html, err := s.c.FetchEntryOriginalContentContext(ctx, n)
	if err != nil {
		return "", minifluxError("full text of entry "+id, err)
	}
	return html, nil
}

// Lookup asks for each entry (the REST API has no list of ids to ask
// for); callers ask for few: the candidates to unstar.
func (s *minifluxServer) Lookup(ctx context.Context, ids []string) ([]Entry, error) {
	var out []Entry
	for _, id := range ids {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			continue
		}
		e, err := s.c.EntryContext(ctx, n)
		if errors.Is(err, miniflux.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, minifluxError("entry "+id, err)
		}
		out = append(out, minifluxEntry(e))
	}
	return out, nil
}

func minifluxEntry(e *miniflux.Entry) Entry {
	return Entry{
		ID: strconv.FormatInt(e.ID, 10), FeedID: strconv.FormatInt(e.FeedID, 10),
		URL: e.URL, Title: e.Title, Author: e.Author, Content: e.Content,
		Published: e.Date.UTC(), Changed: e.ChangedAt.UTC(),
		Read: e.Status == miniflux.EntryStatusRead, Starred: e.Starred,
	}
}

// Mark sets state in batches with PUT /v1/entries, which is idempotent
// (the star toggle is not: two clients toggling race).
func (s *minifluxServer) Mark(ctx context.Context, which State, on bool, ids []string) error {
	for _, batch := range chunks(ids, batchSize) {
		nums := make([]int64, 0, len(batch))
		for _, id := range batch {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil {
				return fmt.Errorf("entry id %q: not a Miniflux id", id)
			}
			nums = append(nums, n)
		}
		var err error
		switch {
		case which == Starred:
			err = s.c.UpdateEntriesStarredContext(ctx, nums, on)
		case on: // unread
			err = s.c.UpdateEntriesContext(ctx, nums, miniflux.EntryStatusUnread)
		default:
			err = s.c.UpdateEntriesContext(ctx, nums, miniflux.EntryStatusRead)
		}
		if err != nil {
			return minifluxError("mark "+which.String(), err)
		}
	}
	return nil
}
