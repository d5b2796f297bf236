// Package sync talks to a team's feed server — Miniflux, or any server with
// the Google Reader API (FreshRSS, Inoreader, The Old Reader, BazQux,
// CommaFeed, Miniflux again) — through one interface: the feeds and their
// folders, the entries changed since the last time, the ids of what is
// unread and starred, and batch changes of read state and stars. It keeps
// no state: the library stores the cursor and the queue of changes made
// offline. It imports nothing of kolom's.
package sync

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Server is a feed server through one of its protocols.
type Server interface {
	// API names the protocol: "miniflux" or "greader".
	API() string
	// Subscriptions lists the feeds with their folders.
	Subscriptions(ctx context.Context) ([]Subscription, error)
	// Subscribe adds a feed, in a folder when one is given ("" for none).
	Subscribe(ctx context.Context, feedURL, folder string) (Subscription, error)
	// Unsubscribe removes a feed by its server id.
	Unsubscribe(ctx context.Context, id string) error
	// Edit renames a feed and files it in a folder ("" for none); from is
	// the folder it is in now.
	Edit(ctx context.Context, id, title, from, folder string) error
	// Entries hands over, a page at a time, the entries new or changed
	// since the cursor, and returns the cursor to give next time. A page
	// is handed over only when the one before was taken (page returned
	// nil), so a sync that is stopped resumes where it was.
	Entries(ctx context.Context, since Cursor, page func([]Entry, Cursor) error) (Cursor, error)
	// IDs lists the ids of the unread, or the starred, entries: what the
	// server holds now, to reconcile with.
	IDs(ctx context.Context, which State) ([]string, error)
	// Mark sets the read state, or the star, of entries, in batches.
	Mark(ctx context.Context, which State, on bool, ids []string) error
	// Changed hands over the entries whose read state or star changed
	// since the cursor (a page at a time), and returns the cursor to give
	// next time: one request where IDs takes two. ErrUnsupported when the
	// protocol cannot tell (the Google Reader API): use IDs.
	Changed(ctx context.Context, since Cursor, page func([]Entry) error) (Cursor, error)
	// FullText asks the server to fetch an entry's web page and extract the
	// article (Miniflux's fetch-content): the server's network, its
	// cookies, not this laptop's. ErrUnsupported where the API cannot.
	FullText(ctx context.Context, id string) (string, error)
	// Lookup returns the entries with these ids that the server still
	// has: one missing from the answer was deleted there.
	Lookup(ctx context.Context, ids []string) ([]Entry, error)
}

// ErrUnsupported is returned by what a protocol cannot do.
var ErrUnsupported = errors.New("not supported by this server's API")

// State is what Mark and IDs are about.
type State int

// The states a server keeps per entry.
const (
	Unread  State = iota // not read yet
	Starred              // kept (a bookmark in kolom)
)

// String names the state in messages.
func (s State) String() string {
	if s == Starred {
		return "starred"
	}
	return "unread"
}

// Subscription is a feed the server fetches.
type Subscription struct {
	ID      string // the server's id
	Title   string
	FeedURL string
	SiteURL string
	Folder  string // "" when in none
}

// Entry is one entry as the server has it.
type Entry struct {
	ID        string // the server's id, decimal
	FeedID    string
	URL       string
	Title     string
	Author    string
	Content   string // HTML
	Published time.Time
	Changed   time.Time // when its read state or star last changed
	Read      bool
	Starred   bool
}

// Cursor is where an incremental sync goes on from: opaque to callers, it
// is stored as it is and given back.
type Cursor string

// Options are what every protocol needs.
type Options struct {
	URL      string // the server's address (for the Google Reader API, its endpoint)
	User     string
	Password string // or an API token
	Client   *http.Client
	// Verify logs in at Open, to tell a wrong password at once (server
	// add); a sync skips it, its first request tells as well.
	Verify bool
	// PageSize is how many entries a request asks for (0: 1,000; a page
	// costs Miniflux more than its size).
	PageSize int
}

// ErrAuth is returned (wrapped) when the server refuses the credentials.
var ErrAuth = errors.New("the server refused the user name or password")

// defaultPageSize is how many entries one request asks for.
const defaultPageSize = 1000

// batchSize is how many ids one change request carries: Miniflux and the
// Google Reader servers take hundreds; requests stay well under any limit
// on the length of a form.
const batchSize = 250

// Open connects to a server through the named protocol; api "" probes:
// Miniflux answers /v1/version, anything else is taken for a Google
// Reader endpoint.
func Open(ctx context.Context, api string, o Options) (Server, error) {
	if o.Client == nil {
		o.Client = &http.Client{Timeout: time.Minute}
	}
	if o.PageSize <= 0 {
		o.PageSize = defaultPageSize
	}
	o.URL = strings.TrimSuffix(o.URL, "/")
	switch api {
	case "miniflux":
		return openMiniflux(ctx, o)
	case "greader":
		return openGReader(ctx, o)
	case "":
		probe := o
		probe.Verify = true // the probe is the login
		if s, err := openMiniflux(ctx, probe); err == nil || errors.Is(err, ErrAuth) {
			return s, err
		}
		return openGReader(ctx, o)
	}
	return nil, fmt.Errorf("unknown server API %q: use miniflux or greader", api)
}

func chunks(ids []string, n int) [][]string {
	var out [][]string
	for len(ids) > n {
		out = append(out, ids[:n])
		ids = ids[n:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}
