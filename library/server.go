package library

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/store"
	kolomsync "github.com/kolom/kolom/sync"

	"github.com/kolom/kolom/lang"
)

// A team's feed server as the source: with one set, subscriptions and
// folders come from the server, entries come from the server, and read
// state and stars go both ways (a star is a bookmark; notes and tags stay
// here). Changes made here are queued in the library and sent on the next
// sync, so nothing is lost while the server is away, and a change still to
// send wins over the server's older state.

// ServerConfig is the login for a feed server.
type ServerConfig = config.Server

// ServerInfo says which server the library syncs with.
type ServerInfo struct {
	URL, API, User string
}

// SyncSummary totals a sync.
type SyncSummary struct {
	Feeds      int // subscriptions on the server
	New        int // entries new to the library
	Sent       int // changes made here that the server took
	Read, Star int // articles whose read state or star the server changed
	Problems   []string
}

// Where the last sync's cursors are kept: the entries seen, and the
// changes of read state and stars taken.
const (
	metaSyncCursor  = "sync.cursor"
	metaSyncChanged = "sync.changed"
)

// Server returns the feed server the library syncs with; ok is false when
// it fetches its feeds itself.
func (l *Library) Server() (ServerInfo, bool, error) {
	s, ok, err := config.ReadServer(l.paths.CredentialsFile())
	if err != nil || !ok {
		return ServerInfo{}, false, err
	}
	return ServerInfo{URL: s.URL, API: s.API, User: s.User}, true, nil
}

// AddServer logs in to a feed server (probing its API when s.API is "")
// and keeps the login; the next refresh syncs with it.
func (l *Library) AddServer(ctx context.Context, s ServerConfig) (ServerInfo, error) {
	srv, err := l.openServer(ctx, s, true)
	if err != nil {
		return ServerInfo{}, err
	}
	s.API = srv.API()
	if err := config.WriteServer(l.paths.CredentialsFile(), s); err != nil {
		return ServerInfo{}, err
	}
	return ServerInfo{URL: s.URL, API: s.API, User: s.User}, nil
}

// RemoveServer forgets the server: its feeds stay, fetched by kolom from
// now on, with everything read and bookmarked.
func (l *Library) RemoveServer(ctx context.Context) error {
	if err := l.store.ForgetServer(ctx); err != nil {
		return err
	}
	if err := l.ResyncFromStart(ctx); err != nil {
		return err
	}
	return config.RemoveServer(l.paths.CredentialsFile())
}

// errNoServer is what a sync says without a server (its words in the
// language of the moment).
func errNoServer() error { return lang.E("server.none") }

// connect opens the server the library syncs with; ok is false when none
// is set.
func (l *Library) connect(ctx context.Context) (_ kolomsync.Server, _ ServerConfig, ok bool, err error) {
	cfg, ok, err := config.ReadServer(l.paths.CredentialsFile())
	if err != nil || !ok {
		return nil, cfg, ok, err
	}
	srv, err := l.openServer(ctx, cfg, false)
	return srv, cfg, err == nil, err
}

func (l *Library) openServer(ctx context.Context, s ServerConfig, verify bool) (kolomsync.Server, error) {
	if s.Password == "" && len(l.cfg.PasswordCommand) > 0 {
		pw, err := passwordFrom(ctx, l.cfg.PasswordCommand)
		if err != nil {
			return nil, err
		}
		s.Password = pw
	}
	srv, err := kolomsync.Open(ctx, s.API, kolomsync.Options{URL: s.URL, User: s.User, Password: s.Password,
		Client: &http.Client{Timeout: l.cfg.Timeout, Transport: l.serverTransport}, Verify: verify, PageSize: l.serverPageSize})
	if errors.Is(err, kolomsync.ErrAuth) {
		return nil, serverAdvice{lang.E("server.login_refused", "URL", s.URL, "User", s.User)}
	}
	return srv, serverError(err)
}

// passwordFrom runs password_command (no shell) and takes the first line
// it prints.
func passwordFrom(ctx context.Context, argv []string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, argv[0], argv[1:]...).Output()
	if err != nil {
		return "", lang.E("server.password_command", "Command", strconv.Quote(strings.Join(argv, " ")), "Why", err.Error())
	}
	pw, _, _ := strings.Cut(string(out), "\n")
	if pw = strings.TrimRight(pw, "\r"); pw == "" {
		return "", lang.E("server.password_empty", "Command", strconv.Quote(strings.Join(argv, " ")))
	}
	return pw, nil
}

// serverError says what a failed talk with the server means for the
// reader: a refused login, or a server that is away (the library reads on).
func serverError(err error) error {
	var netErr net.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, new(serverAdvice)):
		return err // advised already
	case errors.Is(err, kolomsync.ErrAuth):
		return serverAdvice{lang.Wrap(err, "server.check_login")}
	case errors.As(err, &netErr):
		return serverAdvice{lang.Wrap(err, "server.unreachable")}
	}
	return err
}

// serverAdvice is a server's error with what to do about it said once.
type serverAdvice struct{ error }

func (s serverAdvice) Unwrap() error { return s.error }

// Sync sends the changes made here, then takes the server's subscriptions,
// new entries and the read state and stars of all of them. Each page of
// entries is stored with the cursor after it, so a sync that is stopped
// goes on where it was. progress, if not nil, hears how far it is.
func (l *Library) Sync(ctx context.Context, progress func(string)) (sum SyncSummary, err error) {
	defer func() { err = walled(serverError(err)) }()
	say := func(text string) {
		if progress != nil {
			progress(text)
		}
	}
	srv, cfg, ok, err := l.connect(ctx)
	if err != nil {
		return sum, err
	}
	if !ok {
		return sum, errNoServer()
	}

	// 1. What was changed here goes first: it is newer than what the
	// server will say.
	pending, err := l.store.PendingChanges(ctx)
	if err != nil {
		return sum, err
	}
	if len(pending) > 0 {
		say(lang.N("sync.sending", len(pending)))
		groups := map[[2]bool][]store.Pending{}
		for _, p := range pending {
			groups[[2]bool{p.State == store.Starred, p.Value}] = append(groups[[2]bool{p.State == store.Starred, p.Value}], p)
		}
		for k, ps := range groups {
			ids := make([]string, len(ps))
			for i, p := range ps {
				ids[i] = p.Entry
			}
			state, on := kolomsync.Unread, !k[1] // read=true is unread off
			if k[0] {
				state, on = kolomsync.Starred, k[1]
			}
			if err := srv.Mark(ctx, state, on, ids); err != nil {
				return sum, lang.Wrap(err, "sync.send_failed", "URL", cfg.URL)
			}
			if err := l.store.ChangesSent(ctx, ps); err != nil {
				return sum, err
			}
			sum.Sent += len(ps)
		}
	}

	// The three questions of an incremental sync — the subscriptions, the
	// new entries, what changed — are asked at once: answering them takes
	// the server longer than anything kolom does with the answers. (Only
	// now: what changed must include what was just sent.)
	changed, _, err := l.store.Meta(ctx, metaSyncChanged)
	if err != nil {
		return sum, err
	}
	type subsAnswer struct {
		subs []kolomsync.Subscription
		err  error
	}
	subsCh := make(chan subsAnswer, 1)
	go func() {
		subs, err := srv.Subscriptions(ctx)
		subsCh <- subsAnswer{subs, err}
	}()
	type changedAnswer struct {
		states []store.EntryState
		next   kolomsync.Cursor
		err    error
	}
	changedCh := make(chan changedAnswer, 1)
	if changed != "" {
		go func() {
			var states []store.EntryState
			next, err := srv.Changed(ctx, kolomsync.Cursor(changed), func(es []kolomsync.Entry) error {
				for _, e := range es {
					states = append(states, store.EntryState{Entry: e.ID, Read: e.Read, Starred: e.Starred})
				}
				return nil
			})
			changedCh <- changedAnswer{states, next, err}
		}()
	}

	// 2. Subscriptions: the server's list is the list.
	say(lang.T("sync.reading"))
	answer := <-subsCh
	if answer.err != nil {
		if changed != "" {
			<-changedCh
		}
		return sum, answer.err
	}
	byServer, adopted, err := l.syncSubscriptions(ctx, srv, answer.subs, &sum)
	if err != nil {
		if changed != "" {
			<-changedCh
		}
		return sum, err
	}

	// 3. New entries, a page at a time, resumable.
	cursor, _, err := l.store.Meta(ctx, metaSyncCursor)
	if err != nil {
		return sum, err
	}
	var newestChange time.Time
	filters, err := l.compiledFilters(ctx) // once: every page and feed is matched against them
	if err != nil {
		return sum, err
	}
	_, err = srv.Entries(ctx, kolomsync.Cursor(cursor), func(es []kolomsync.Entry, next kolomsync.Cursor) error {
		// A feed subscribed on the server since the list was read: read
		// the list again, or its entries would pass with the cursor.
		for _, e := range es {
			if _, ok := byServer[e.FeedID]; !ok {
				subs, err := srv.Subscriptions(ctx)
				if err != nil {
					return err
				}
				more, also, err := l.syncSubscriptions(ctx, srv, subs, &sum)
				if err != nil {
					return err
				}
				byServer = more
				for id := range also {
					adopted[id] = true
				}
				break
			}
		}
		perFeed := map[int64][]store.Item{}
		for _, e := range es {
			if e.Changed.After(newestChange) {
				newestChange = e.Changed
			}
			feedID, ok := byServer[e.FeedID]
			if !ok {
				continue // a feed the server dropped since it listed them
			}
			perFeed[feedID] = append(perFeed[feedID], store.Item{
				GUID: store.ServerGUID(e.ID), URL: strings.TrimSpace(article.Safe(e.URL)),
				Title: article.SafeText(e.Title), Author: article.SafeText(e.Author),
				Published: e.Published, Content: article.Safe(e.Content), Words: article.ApproxWords(e.Content),
			})
		}
		for feedID, items := range perFeed {
			if adopted[feedID] {
				if err := l.store.AdoptArticles(ctx, feedID, items); err != nil {
					return err
				}
			}
			marked, err := l.filterServerEntries(ctx, filters, feedID, items)
			if err != nil {
				return err
			}
			c, err := l.store.StoreItems(ctx, feedID, store.FetchState{At: time.Now()}, items)
			if err != nil {
				return err
			}
			// Read here: queued, so the server's state (still unread)
			// does not take it back, and the server hears of it.
			if err := l.store.MarkReadByGUID(ctx, feedID, marked); err != nil {
				return err
			}
			sum.New += c.New
		}
		say(lang.N("sync.new_entries", sum.New))
		return l.store.SetMeta(ctx, metaSyncCursor, string(next))
	})
	var ch changedAnswer
	if changed != "" {
		ch = <-changedCh
	}
	if err != nil {
		return sum, lang.Wrap(err, "sync.entries_failed", "URL", cfg.URL)
	}

	// 4. Read state and stars: what changed since last time where the
	// server can say (one request), else everything from its id lists.
	var star, unstar []int64
	if changed != "" {
		say(lang.T("sync.taking"))
		switch {
		case errors.Is(ch.err, kolomsync.ErrUnsupported):
			changed = ""
		case ch.err != nil:
			return sum, ch.err
		default:
			n, s, u, err := l.store.ApplyServerStates(ctx, ch.states)
			if err != nil {
				return sum, err
			}
			sum.Read, star, unstar = n, s, u
			if err := l.store.SetMeta(ctx, metaSyncChanged, string(ch.next)); err != nil {
				return sum, err
			}
		}
	}
	if changed == "" {
		say(lang.T("sync.comparing"))
		unread, err := srv.IDs(ctx, kolomsync.Unread)
		if err != nil {
			return sum, err
		}
		starred, err := srv.IDs(ctx, kolomsync.Starred)
		if err != nil {
			return sum, err
		}
		if sum.Read, err = l.store.ApplyServerRead(ctx, set(unread)); err != nil {
			return sum, err
		}
		if star, unstar, err = l.store.StarChanges(ctx, set(starred)); err != nil {
			return sum, err
		}
		// Not in the starred list is unstarred — or deleted on the server,
		// and then the bookmark stays: ask for the ones to take away.
		if unstar, err = l.stillOnServer(ctx, srv, unstar); err != nil {
			return sum, err
		}
		// Changes from here on, where the server can tell them: from the
		// newest change among the entries it sent (its clock, not ours).
		if !newestChange.IsZero() {
			if err := l.store.SetMeta(ctx, metaSyncChanged, fmt.Sprint(newestChange.Unix())); err != nil {
				return sum, err
			}
		}
	}
	for _, id := range star {
		a, err := l.article(ctx, id, false, false)
		if err != nil {
			return sum, err
		}
		b := store.Bookmark{ArticleID: id, Title: a.Title, URL: a.URL, Author: a.Author, FeedTitle: a.FeedTitle,
			Published: a.Published, Markdown: a.Markdown, BookmarkedAt: time.Now(), Text: article.MarkdownText(a.Markdown)}
		if _, err := l.store.AddServerBookmark(ctx, b); err != nil {
			return sum, err
		}
	}
	for _, id := range unstar {
		if err := l.store.RemoveServerBookmark(ctx, id); err != nil && !errors.Is(err, store.ErrNotFound) {
			return sum, err
		}
	}
	sum.Star = len(star) + len(unstar)
	return sum, nil
}

// ResyncFromStart makes the next sync read every entry on the server again
// (read state and stars are compared whole on every sync anyway).
func (l *Library) ResyncFromStart(ctx context.Context) error {
	if err := l.store.SetMeta(ctx, metaSyncChanged, ""); err != nil {
		return err
	}
	return l.store.SetMeta(ctx, metaSyncCursor, "")
}

// serverFullText is the full text of a server's entry as the server
// fetches it (where its API can); "" when it cannot, so kolom fetches the
// page itself.
func (l *Library) serverFullText(ctx context.Context, meta store.Article, excerptWords int) (string, error) {
	entry, ok := store.ServerEntry(meta.GUID)
	if !ok {
		return "", nil
	}
	srv, _, ok, err := l.connect(ctx)
	if err != nil || !ok {
		return "", err
	}
	html, err := srv.FullText(ctx, entry)
	if err != nil {
		return "", err
	}
	md, err := article.FromHTML(html, meta.URL)
	if err != nil || article.WordCount(md) <= excerptWords {
		return "", err
	}
	return md, nil
}

func (l *Library) removeOnServer(ctx context.Context, serverID string) error {
	srv, _, ok, err := l.connect(ctx)
	if err != nil || !ok {
		return err
	}
	if err := srv.Unsubscribe(ctx, serverID); err != nil {
		return lang.Wrap(err, "server.kept_feed")
	}
	return nil
}

// stillOnServer keeps the articles whose entries the server still has,
// unstarred.
func (l *Library) stillOnServer(ctx context.Context, srv kolomsync.Server, ids []int64) ([]int64, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	byEntry := map[string]int64{}
	var entries []string
	for _, id := range ids {
		a, err := l.store.Article(ctx, id)
		if err != nil {
			continue
		}
		e, _ := store.ServerEntry(a.GUID)
		byEntry[e] = id
		entries = append(entries, e)
	}
	found, err := srv.Lookup(ctx, entries)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, e := range found {
		if id, ok := byEntry[e.ID]; ok && !e.Starred {
			out = append(out, id)
		}
	}
	return out, nil
}

// addOnServer subscribes on the server, then syncs so the feed and its
// entries are here at once.
func (l *Library) addOnServer(ctx context.Context, feedURL, folder string) (Added, error) {
	srv, _, ok, err := l.connect(ctx)
	if err != nil {
		return Added{}, err
	}
	if !ok {
		return Added{}, errNoServer()
	}
	sub, err := srv.Subscribe(ctx, feedURL, folder)
	if err != nil {
		return Added{}, lang.Wrap(err, "server.refused_feed", "URL", feedURL)
	}
	sum, err := l.Sync(ctx, nil)
	if err != nil {
		return Added{}, err
	}
	all, err := l.store.Feeds(ctx)
	if err != nil {
		return Added{}, err
	}
	for _, f := range all {
		if f.ServerID == sub.ID {
			return Added{Feed: f, New: f.Total}, nil
		}
	}
	return Added{}, lang.E("server.feed_missing", "URL", feedURL, "Problems", lang.N("count.problems", len(sum.Problems)))
}

// syncSubscriptions makes the library's feeds the server's: feeds it has
// are adopted (same address) or added, feeds it dropped are removed here
// (bookmarks stay), and feeds only here are subscribed to on the server,
// so none is lost by setting a server up. It returns the local feed id of
// each server feed id, and the local feeds that became the server's now.
func (l *Library) syncSubscriptions(ctx context.Context, srv kolomsync.Server, subs []kolomsync.Subscription, sum *SyncSummary) (map[string]int64, map[int64]bool, error) {
	local, err := l.store.Feeds(ctx)
	if err != nil {
		return nil, nil, err
	}
	adopted := map[int64]bool{}
	byServerID, byURL := map[string]store.Feed{}, map[string]store.Feed{}
	for _, f := range local {
		switch {
		case f.ServerID != "":
			byServerID[f.ServerID] = f
		case !store.IsMailFeed(f.URL): // newsletters stay here
			byURL[f.URL] = f
		}
	}
	onServer := map[string]bool{}
	for _, s := range subs {
		onServer[s.FeedURL] = true
	}
	// Feeds the user added here go to the server first; the default list
	// a new library starts with stays kolom's own (refresh fetches it).
	initialised, _, err := l.store.Meta(ctx, metaInitialised)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range byURL {
		if onServer[f.URL] || initialised == "defaults" {
			continue
		}
		s, err := srv.Subscribe(ctx, f.URL, f.Folder)
		if err != nil {
			sum.Problems = append(sum.Problems, lang.T("sync.stays_local", "URL", f.URL, "Why", lang.Text(err)))
			continue
		}
		subs = append(subs, s)
	}
	out := map[string]int64{}
	seen := map[int64]bool{}
	for _, s := range subs {
		title, folder := article.SafeText(s.Title), article.SafeText(s.Folder)
		f, ok := byServerID[s.ID]
		if !ok {
			if f, ok = byURL[s.FeedURL]; ok {
				if err := l.store.SetFeedServerID(ctx, f.ID, s.ID); err != nil {
					return nil, nil, err
				}
				adopted[f.ID] = true
			}
		}
		if !ok {
			id, err := l.store.AddFeed(ctx, store.NewFeed{URL: article.Safe(s.FeedURL), Title: title, SiteURL: article.Safe(s.SiteURL), Folder: folder})
			if err != nil {
				sum.Problems = append(sum.Problems, fmt.Sprintf("%s: %v", s.FeedURL, err))
				continue
			}
			if err := l.store.SetFeedServerID(ctx, id, s.ID); err != nil {
				return nil, nil, err
			}
			f = store.Feed{ID: id, Title: title, Folder: folder}
		}
		if f.Title != title || f.Folder != folder {
			if err := l.store.SetFeedDetails(ctx, f.ID, title, folder); err != nil {
				return nil, nil, err
			}
		}
		out[s.ID] = f.ID
		seen[f.ID] = true
	}
	for _, f := range byServerID {
		if !seen[f.ID] {
			if err := l.store.RemoveFeed(ctx, f.ID); err != nil {
				return nil, nil, err
			}
		}
	}
	sum.Feeds = len(out)
	return out, adopted, nil
}

func set(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// filterServerEntries lets the filters take the server's new entries of a
// feed, and returns the guids a --mark-read filter took: their read state
// goes to the server once they are stored.
func (l *Library) filterServerEntries(ctx context.Context, filters []compiledFilter, feedID int64, items []store.Item) ([]string, error) {
	if len(filters) == 0 {
		return nil, nil
	}
	f, err := l.store.Feed(ctx, feedID)
	if err != nil {
		return nil, err
	}
	match := itemFilter(filters, FeedName(f))
	fresh, err := l.store.NewItems(ctx, feedID, items)
	if err != nil {
		return nil, err
	}
	var marked []string
	for i := range items {
		if fresh[i] {
			match(&items[i])
			if items[i].MarkRead {
				marked = append(marked, items[i].GUID)
			}
		}
	}
	return marked, nil
}
