// Package library is the user's library: the one place that orchestrates
// subscribing, refreshing and reading over the store, the network and the
// article pipeline. The command line and the TUI both use it.
package library

import (
	"context"
	"errors"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/feeds"
	"github.com/kolom/kolom/store"

	"github.com/kolom/kolom/lang"
)

// Options says how to open a library.
type Options struct {
	Paths  config.Paths
	Config config.Config
	// Seed fills a library that was never used with the default list. add and
	// import open without it: a library they create holds only what they add.
	Seed bool
}

// Library is an open library.
type Library struct {
	cfg    config.Config
	paths  config.Paths
	store  *store.Store
	client *feeds.Client
	seeded bool // this Open filled the library with the defaults
	// readOnly: the file can be read but not written; reading works, every
	// change fails with store.ErrReadOnly.
	readOnly bool
	// parsers bounds concurrent feed parsing to the CPUs.
	parsers chan struct{}
	// serverTransport, when set, carries the requests to the feed server
	// (the benchmark counts them).
	serverTransport http.RoundTripper
	serverPageSize  int // 0: the protocol's own (tests page in small steps)
}

// metaInitialised marks a library that was seeded or had feeds added, so
// that removing every feed never brings the defaults back.
const metaInitialised = "initialised"

// Open opens the library database, seeding it when asked and still unused.
//
// A library that exists but cannot be written (a read-only disk, a file
// that is not the user's) opens for reading: ReadOnly says so.
func Open(ctx context.Context, opts Options) (*Library, error) {
	st, err := store.Open(opts.Paths.DB)
	readOnly := false
	if errors.Is(err, store.ErrReadOnly) || errors.Is(err, store.ErrCannotOpen) {
		if ro, rerr := store.OpenReadOnly(opts.Paths.DB); rerr == nil {
			st, err, readOnly = ro, nil, true
		}
	}
	if err != nil {
		return nil, walled(err)
	}
	l := &Library{
		cfg:      opts.Config,
		paths:    opts.Paths,
		store:    st,
		client:   feeds.NewClient(opts.Config.UserAgent, opts.Config.MaxFeedBytes, opts.Config.Timeout),
		parsers:  make(chan struct{}, runtime.GOMAXPROCS(0)),
		readOnly: readOnly,
	}
	// With a feed server the server's list is the list: no default one.
	// (A login file that cannot be read still says there is a server.)
	_, hasServer, serr := config.ReadServer(opts.Paths.CredentialsFile())
	if opts.Seed && !readOnly && !hasServer && serr == nil {
		if err := l.seed(ctx); err != nil {
			st.Close()
			return nil, err
		}
	}
	return l, nil
}

func (l *Library) seed(ctx context.Context) error {
	if _, done, err := l.store.Meta(ctx, metaInitialised); err != nil || done {
		return err
	}
	var fs []store.NewFeed
	for _, o := range feeds.Defaults() {
		fs = append(fs, store.NewFeed{URL: o.URL, Title: o.Title, SiteURL: o.SiteURL, Folder: o.Folder})
	}
	if _, err := l.store.AddFeeds(ctx, fs); err != nil {
		return lang.Wrap(err, "library.seed_failed")
	}
	l.seeded = true
	return l.store.SetMeta(ctx, metaInitialised, "defaults")
}

// ErrReadOnly is the error of every change to a read-only library.
var ErrReadOnly = store.ErrReadOnly

// ReadOnly reports whether the library opened for reading only.
func (l *Library) ReadOnly() bool { return l.readOnly }

// Seeded reports whether this Open filled a new library with the default
// list (the reader then refreshes it at once).
func (l *Library) Seeded() bool { return l.seeded }

func (l *Library) markInitialised(ctx context.Context) error {
	return l.store.SetMeta(ctx, metaInitialised, "user")
}

// Close closes the database.
func (l *Library) Close() error { return l.store.Close() }

// Store gives read access to the store for lists.
func (l *Library) Store() *store.Store { return l.store }

// Config is the configuration the library was opened with.
func (l *Library) Config() config.Config { return l.cfg }

// Feeds lists the subscriptions with counts. A last error stored by an
// older kolom passes the wall here too.
func (l *Library) Feeds(ctx context.Context) ([]store.Feed, error) {
	fs, err := l.store.Feeds(ctx)
	for i := range fs {
		fs[i].LastError = Message(fs[i].LastError)
	}
	// In the order people count: "Column 2" before "Column 10".
	slices.SortStableFunc(fs, func(a, b store.Feed) int {
		if c := folderCompare(a.Folder, b.Folder); c != 0 {
			return c
		}
		return naturalCompare(FeedName(a), FeedName(b))
	})
	return fs, err
}

// Articles lists articles newest first.
func (l *Library) Articles(ctx context.Context, q store.ArticleQuery) ([]store.Article, error) {
	return l.store.Articles(ctx, q)
}

// FindFeed resolves what a person typed: an id, a URL or a title
// (case-insensitive). Ambiguous titles are an error listing the candidates.
func (l *Library) FindFeed(ctx context.Context, ref string) (store.Feed, error) {
	all, err := l.Feeds(ctx) // counts and the walled last error, as the list shows them
	if err != nil {
		return store.Feed{}, err
	}
	ref = strings.TrimSpace(ref)
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		for _, f := range all {
			if f.ID == id {
				return f, nil
			}
		}
	}
	for _, f := range all {
		if f.URL == ref || strings.TrimSuffix(f.URL, "/") == strings.TrimSuffix(ref, "/") {
			return f, nil
		}
	}
	var matches []store.Feed
	for _, f := range all {
		if strings.EqualFold(f.Title, ref) {
			matches = append(matches, f)
		}
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return store.Feed{}, lang.E("feed.none", "Ref", strconv.Quote(ref))
	}
	var ids []string
	for _, f := range matches {
		ids = append(ids, strconv.FormatInt(f.ID, 10))
	}
	return store.Feed{}, lang.E("feed.ambiguous", "N", len(matches), "Ref", strconv.Quote(ref), "IDs", strings.Join(ids, ", "))
}

// Remove unsubscribes from a feed and deletes its articles (bookmarks
// stay). A newsletter's feed is not read in again from its mailbox.
func (l *Library) Remove(ctx context.Context, ref string) (store.Feed, error) {
	f, err := l.FindFeed(ctx, ref)
	if err != nil {
		return f, err
	}
	if store.IsMailFeed(f.URL) {
		if err := l.store.MuteSender(ctx, f.ID); err != nil {
			return f, err
		}
	}
	if f.ServerID != "" {
		// The server's feed goes on the server, or it comes back next sync.
		if err := l.removeOnServer(ctx, f.ServerID); err != nil {
			return f, err
		}
	}
	if err := l.store.RemoveFeed(ctx, f.ID); err != nil {
		return f, err
	}
	// Its secrets go with it: a later feed may be given its id.
	return f, config.WriteFeedHeaders(l.paths.CredentialsFile(), f.ID, "", nil)
}

// safeItems converts parsed items to store items through the terminal-safety wall.
func safeItems(in []feeds.Item) []store.Item {
	out := make([]store.Item, len(in))
	for i, it := range in {
		summary, inSummary := article.SafeWords(it.Summary)
		content, inContent := article.SafeWords(it.Content)
		out[i] = store.Item{
			GUID:      article.Safe(it.GUID),
			URL:       strings.TrimSpace(article.Safe(it.Link)),
			Title:     article.SafeText(it.Title),
			Author:    article.SafeText(it.Author),
			Published: it.Published,
			Updated:   it.Updated,
			Summary:   summary,
			Content:   content,
			Words:     max(inSummary, inContent),
		}
	}
	return out
}

func longer(a, b string) string {
	if len(b) > len(a) {
		return b
	}
	return a
}

// WatchChanges reports commits by other kolom processes (a refresh from
// cron while the reader is open).
func (l *Library) WatchChanges(ctx context.Context) (Watcher, error) {
	w, err := l.store.NewChangeWatcher(ctx)
	if err != nil {
		return nil, err
	}
	return w, nil
}

// BackupReport says what a backup holds.
type BackupReport struct {
	Path                       string
	Feeds, Articles, Bookmarks int
	Bytes                      int64
}

// Backup writes a consistent single-file copy of the library to dest, safe
// while other kolom processes read and write, and checks the copy opens.
func (l *Library) Backup(ctx context.Context, dest string) (BackupReport, error) {
	if err := l.store.Backup(ctx, dest); err != nil {
		return BackupReport{}, walled(err)
	}
	copied, err := store.OpenReadOnly(dest)
	if err != nil {
		return BackupReport{}, walled(lang.Wrap(err, "backup.does_not_open", "Path", dest))
	}
	defer copied.Close()
	rep := BackupReport{Path: dest}
	if err := copied.Count(ctx, &rep.Feeds, &rep.Articles, &rep.Bookmarks); err != nil {
		return BackupReport{}, walled(lang.Wrap(err, "backup.failed", "Path", dest))
	}
	if st, err := os.Stat(dest); err == nil {
		rep.Bytes = st.Size()
	}
	return rep, nil
}
