package library

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/store"
	kolomsync "github.com/kolom/kolom/sync"
	mfclient "miniflux.app/v2/client"
)

// The library against a real Miniflux on a real PostgreSQL (started on
// loopback by scripts/miniflux-up; .ci/run does).

func miniflux(t testing.TB) ServerConfig {
	t.Helper()
	u := os.Getenv("KOLOM_MINIFLUX_URL")
	if u == "" {
		t.Skip(`no Miniflux to sync with: run eval "$(scripts/miniflux-up)" first (it starts one on loopback), then go test ./library/`)
	}
	return ServerConfig{URL: u, User: os.Getenv("KOLOM_MINIFLUX_USER"), Password: os.Getenv("KOLOM_MINIFLUX_PASSWORD")}
}

// columnsFeed serves n Dutch columns as RSS.
func columnsFeed(t testing.TB, name string, n int) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>%s</title><link>https://www.customertalk.nl/</link>`, name)
	for i := range n {
		fmt.Fprintf(&b, `<item><title>%s column %d</title><link>https://www.customertalk.nl/%s/%d</link><guid>%s-%d</guid><pubDate>%s</pubDate>`+
			`<description><![CDATA[<p>%s</p>]]></description></item>`, name, i, name, i, name, i,
			time.Date(2026, 11, 20, 7, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Hour).Format(time.RFC1123Z),
			strings.Repeat("De klant verdient een antwoord binnen het uur. ", 30))
	}
	b.WriteString(`</channel></rss>`)
	body := b.String()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/" + name
}

// ourArticles are the library's articles of one feed, by title.
func ourArticles(t *testing.T, l *Library, feedID int64) map[string]store.Article {
	t.Helper()
	list, err := l.Articles(context.Background(), store.ArticleQuery{FeedID: feedID})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.Article{}
	for _, a := range list {
		out[a.Title] = a
	}
	return out
}

func TestSyncRoundTrip(t *testing.T) {
	cfg := miniflux(t)
	ctx := context.Background()
	name := fmt.Sprintf("sync-%d", time.Now().UnixNano())
	for _, api := range []string{"miniflux", "greader"} {
		t.Run(api, func(t *testing.T) {
			l := openLib(t, false)
			c := cfg
			c.API = api
			if _, err := l.AddServer(ctx, c); err != nil {
				t.Fatal(err)
			}
			if st, err := os.Stat(l.paths.CredentialsFile()); err != nil || st.Mode().Perm() != 0o600 {
				t.Fatalf("credentials: %v %v", st.Mode(), err)
			}
			srv, err := kolomsync.Open(ctx, api, kolomsync.Options{URL: c.URL, User: c.User, Password: c.Password})
			if err != nil {
				t.Fatal(err)
			}

			// Adding goes to the server, and the entries come with the sync.
			added, err := l.Add(ctx, columnsFeed(t, name+"-"+api, 4), "", "")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { srv.Unsubscribe(context.Background(), added.Feed.ServerID) })
			if added.Feed.ServerID == "" {
				t.Fatalf("added feed has no server id: %+v", added.Feed)
			}
			arts := ourArticles(t, l, added.Feed.ID)
			if len(arts) != 4 {
				t.Fatalf("%d articles after adding", len(arts))
			}
			a0, a1, a2 := arts[name+"-"+api+" column 0"], arts[name+"-"+api+" column 1"], arts[name+"-"+api+" column 2"]
			entry := func(a store.Article) string { return strings.TrimPrefix(a.GUID, "server:") }

			// Here → server: read and a bookmark are queued, then sent.
			if err := l.MarkRead(ctx, a0.ID, true); err != nil {
				t.Fatal(err)
			}
			if _, err := l.Bookmark(ctx, a1.ID, nil, []string{"deck"}); err != nil {
				t.Fatal(err)
			}
			sum, err := l.Sync(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Sent != 2 {
				t.Errorf("sent %d changes, want 2", sum.Sent)
			}
			unread, _ := srv.IDs(ctx, kolomsync.Unread)
			stars, _ := srv.IDs(ctx, kolomsync.Starred)
			if slices.Contains(unread, entry(a0)) || !slices.Contains(stars, entry(a1)) {
				t.Fatalf("the server has not heard: a0 unread %v, a1 starred %v", slices.Contains(unread, entry(a0)), slices.Contains(stars, entry(a1)))
			}

			// Server → here: read and starred elsewhere.
			if err := srv.Mark(ctx, kolomsync.Unread, false, []string{entry(a2)}); err != nil {
				t.Fatal(err)
			}
			if err := srv.Mark(ctx, kolomsync.Starred, true, []string{entry(a2)}); err != nil {
				t.Fatal(err)
			}
			if _, err := l.Sync(ctx, nil); err != nil {
				t.Fatal(err)
			}
			arts = ourArticles(t, l, added.Feed.ID)
			if a := arts[a2.Title]; !a.Read || !a.Bookmarked {
				t.Errorf("read and starred on the server, here: read %v bookmarked %v", a.Read, a.Bookmarked)
			}
			if a := arts[a1.Title]; !a.Bookmarked {
				t.Error("our bookmark went away")
			}

			// Starred and unstarred on the server: the bookmark comes and goes
			// (it has no note or tags of ours).
			a3 := arts[name+"-"+api+" column 3"]
			for _, on := range []bool{true, false} {
				if err := srv.Mark(ctx, kolomsync.Starred, on, []string{entry(a3)}); err != nil {
					t.Fatal(err)
				}
				if _, err := l.Sync(ctx, nil); err != nil {
					t.Fatal(err)
				}
				if got := ourArticles(t, l, added.Feed.ID)[a3.Title].Bookmarked; got != on {
					t.Errorf("starred %v on the server, bookmarked %v here", on, got)
				}
			}

			// The server away: reading and bookmarking go on, and arrive later.
			dead := c
			dead.URL = "http://127.0.0.1:1"
			if err := config.WriteServer(l.paths.CredentialsFile(), dead); err != nil {
				t.Fatal(err)
			}
			if _, err := l.Sync(ctx, nil); err == nil || !strings.Contains(err.Error(), "unreachable") {
				t.Errorf("sync with the server down: %v", err)
			}
			if err := l.MarkRead(ctx, a3.ID, true); err != nil {
				t.Fatal(err)
			}
			if _, err := l.Bookmark(ctx, a0.ID, nil, nil); err != nil {
				t.Fatal(err)
			}
			if err := l.Unbookmark(ctx, a2.ID); err != nil {
				t.Fatal(err)
			}
			// Meanwhile the server says a3 is unread still: our change is newer.
			if err := config.WriteServer(l.paths.CredentialsFile(), c); err != nil {
				t.Fatal(err)
			}
			if _, err := l.Sync(ctx, nil); err != nil {
				t.Fatal(err)
			}
			unread, _ = srv.IDs(ctx, kolomsync.Unread)
			stars, _ = srv.IDs(ctx, kolomsync.Starred)
			if slices.Contains(unread, entry(a3)) || !slices.Contains(stars, entry(a0)) || slices.Contains(stars, entry(a2)) {
				t.Errorf("offline changes did not all arrive: a3 unread %v, a0 starred %v, a2 starred %v",
					slices.Contains(unread, entry(a3)), slices.Contains(stars, entry(a0)), slices.Contains(stars, entry(a2)))
			}
			arts = ourArticles(t, l, added.Feed.ID)
			if !arts[a3.Title].Read || !arts[a0.Title].Bookmarked || arts[a2.Title].Bookmarked {
				t.Errorf("here after the sync: %+v", arts)
			}
			if p, _ := l.store.PendingChanges(ctx); len(p) != 0 {
				t.Errorf("%d changes still pending", len(p))
			}

			// A feed removed on the server goes here; its bookmarks stay.
			if err := srv.Unsubscribe(ctx, added.Feed.ServerID); err != nil {
				t.Fatal(err)
			}
			if _, err := l.Sync(ctx, nil); err != nil {
				t.Fatal(err)
			}
			if all, _ := l.Feeds(ctx); slices.ContainsFunc(all, func(f store.Feed) bool { return f.ID == added.Feed.ID }) {
				t.Error("the feed removed on the server is still here")
			}
			if bs, _ := l.Bookmarks(ctx, store.BookmarkQuery{}); !slices.ContainsFunc(bs, func(b store.Bookmark) bool { return b.ArticleID == a1.ID && slices.Contains(b.Tags, "deck") }) {
				t.Error("the bookmark of the removed feed went with it")
			}
		})
	}
}

func TestSyncRefusesBadLogin(t *testing.T) {
	cfg := miniflux(t)
	cfg.Password = "fout"
	l := openLib(t, false)
	_, err := l.AddServer(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "refused the login") {
		t.Errorf("bad login: %v", err)
	}
	if _, ok, _ := l.Server(); ok {
		t.Error("a refused login was kept")
	}
}

// A sync stopped in the middle (killed, the network gone) goes on where it
// was: nothing is lost or stored twice.
func TestSyncResumes(t *testing.T) {
	cfg := miniflux(t)
	ctx := context.Background()
	l := openLib(t, false)
	l.serverPageSize = 100
	if _, err := l.AddServer(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	srv, err := kolomsync.Open(ctx, "miniflux", kolomsync.Options{URL: cfg.URL, User: cfg.User, Password: cfg.Password})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := srv.Subscribe(ctx, columnsFeed(t, fmt.Sprintf("resume-%d", time.Now().UnixNano()), 600), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Unsubscribe(context.Background(), sub.ID) })

	stop, cancel := context.WithCancel(ctx)
	_, err = l.Sync(stop, func(s string) {
		if strings.HasSuffix(s, "new entries…") {
			cancel() // after the first page is stored
		}
	})
	if err == nil {
		t.Fatal("the stopped sync reported no error")
	}
	count := func() int {
		all, _ := l.Feeds(ctx)
		for _, f := range all {
			if f.ServerID == sub.ID {
				return f.Total
			}
		}
		return 0
	}
	if n := count(); n >= 600 {
		t.Fatalf("%d entries after stopping on the first page", n)
	}
	if _, err := l.Sync(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 600 {
		t.Errorf("%d entries after going on, want 600", n)
	}
}

// With password_command the password is asked of that program each time
// and never written down.
func TestSyncPasswordCommand(t *testing.T) {
	cfg := miniflux(t)
	password := cfg.Password
	cfg.Password = ""
	l := openLib(t, false, func(c *config.Config) { c.PasswordCommand = []string{"echo", password} })
	if _, err := l.AddServer(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	kept, _, err := config.ReadServer(l.paths.CredentialsFile())
	if err != nil || kept.Password != "" {
		t.Errorf("the password was kept: %q %v", kept.Password, err)
	}
	if _, err := l.Sync(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	broken := openLib(t, false, func(c *config.Config) { c.PasswordCommand = []string{"/nonexistent/pass"} })
	if _, err := broken.AddServer(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "password_command") {
		t.Errorf("a broken password_command: %v", err)
	}
}

// An excerpt-only entry is completed by the server where it can (Miniflux
// fetches the page from its network): here the site answers only the
// server, as a site that walls off unknown readers would.
func TestSyncFullTextFromTheServer(t *testing.T) {
	cfg := miniflux(t)
	ctx := context.Background()
	name := fmt.Sprintf("excerpt-%d", time.Now().UnixNano())
	column := strings.Repeat("Een klantreis begint bij de eerste belofte en eindigt nooit. ", 40)
	var srvURL string
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/feed":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>%s/</link>`+
				`<item><title>De klantreis</title><link>%s/klantreis</link><guid>%s-1</guid><description>Een klantreis begint [&#8230;]</description></item></channel></rss>`,
				name, srvURL, srvURL, name)
		case !strings.Contains(r.UserAgent(), "Miniflux"):
			http.Error(w, "Toegang geweigerd", http.StatusForbidden)
		default:
			fmt.Fprintf(w, `<!DOCTYPE html><html lang="nl"><head><title>De klantreis</title></head><body><article><h1>De klantreis</h1><p>%s</p></article></body></html>`, column)
		}
	}))
	defer site.Close()
	srvURL = site.URL
	l := openLib(t, false)
	if _, err := l.AddServer(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	added, err := l.Add(ctx, site.URL+"/feed", "", "")
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := kolomsync.Open(ctx, "miniflux", kolomsync.Options{URL: cfg.URL, User: cfg.User, Password: cfg.Password})
	t.Cleanup(func() { srv.Unsubscribe(context.Background(), added.Feed.ServerID) })
	arts := ourArticles(t, l, added.Feed.ID)
	a, err := l.Article(ctx, arts["De klantreis"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !a.FullText || !strings.Contains(a.Markdown, "eindigt nooit") {
		t.Errorf("full text %v, notice %q:\n%.300s", a.FullText, a.Notice, a.Markdown)
	}
}

// A 5xx on one batch of changes fails the sync and loses nothing: the
// changes stay queued and go with the next sync.
func TestSyncKeepsChangesWhenABatchFails(t *testing.T) {
	cfg := miniflux(t)
	ctx := context.Background()
	target, _ := url.Parse(cfg.URL)
	var failed atomic.Bool
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && r.URL.Path == "/v1/entries" && !failed.Swap(true) {
			http.Error(w, `{"error_message":"database is busy"}`, http.StatusServiceUnavailable)
			return
		}
		httputil.NewSingleHostReverseProxy(target).ServeHTTP(w, r)
	}))
	defer proxy.Close()
	through := cfg
	through.URL = proxy.URL
	l := openLib(t, false)
	if _, err := l.AddServer(ctx, through); err != nil {
		t.Fatal(err)
	}
	added, err := l.Add(ctx, columnsFeed(t, fmt.Sprintf("fail-%d", time.Now().UnixNano()), 3), "", "")
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := kolomsync.Open(ctx, "miniflux", kolomsync.Options{URL: cfg.URL, User: cfg.User, Password: cfg.Password})
	t.Cleanup(func() { srv.Unsubscribe(context.Background(), added.Feed.ServerID) })
	var ids []int64
	for _, a := range ourArticles(t, l, added.Feed.ID) {
		ids = append(ids, a.ID)
	}
	l.MarkRead(ctx, ids[0], true)
	l.Bookmark(ctx, ids[1], nil, nil)
	if _, err := l.Sync(ctx, nil); err == nil {
		t.Fatal("a 503 on a batch went unreported")
	}
	if p, _ := l.store.PendingChanges(ctx); len(p) == 0 {
		t.Fatal("the changes were dropped with the failed batch")
	}
	sum, err := l.Sync(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := l.store.PendingChanges(ctx); len(p) != 0 || sum.Sent == 0 {
		t.Errorf("after the next sync: %d pending, %d sent", len(p), sum.Sent)
	}
}

// An entry the server deletes (flush history) leaves its bookmark here,
// though the server no longer lists it as starred.
func TestSyncKeepsBookmarksOfDeletedEntries(t *testing.T) {
	cfg := miniflux(t)
	ctx := context.Background()
	cfg.API = "greader" // the id lists: not starred there means unstarred or gone
	l := openLib(t, false)
	if _, err := l.AddServer(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	added, err := l.Add(ctx, columnsFeed(t, fmt.Sprintf("gone-%d", time.Now().UnixNano()), 2), "", "")
	if err != nil {
		t.Fatal(err)
	}
	mf := mfclient.NewClient(cfg.URL, cfg.User, cfg.Password)
	srv, _ := kolomsync.Open(ctx, "miniflux", kolomsync.Options{URL: cfg.URL, User: cfg.User, Password: cfg.Password})
	t.Cleanup(func() { srv.Unsubscribe(context.Background(), added.Feed.ServerID) })
	var a store.Article
	for _, x := range ourArticles(t, l, added.Feed.ID) {
		a = x
	}
	if _, err := l.Bookmark(ctx, a.ID, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Sync(ctx, nil); err != nil {
		t.Fatal(err)
	}
	entry := strings.TrimPrefix(a.GUID, "server:")
	// Elsewhere: unstarred, read, and the history flushed: the entry is gone.
	if err := srv.Mark(ctx, kolomsync.Starred, false, []string{entry}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Mark(ctx, kolomsync.Unread, false, []string{entry}); err != nil {
		t.Fatal(err)
	}
	if err := mf.FlushHistory(); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Sync(ctx, nil); err != nil {
		t.Fatal(err)
	}
	bs, _ := l.Bookmarks(ctx, store.BookmarkQuery{})
	if !slices.ContainsFunc(bs, func(b store.Bookmark) bool { return b.ArticleID == a.ID }) {
		t.Error("the bookmark went with the entry the server deleted")
	}
}

// A feed of the server renamed or moved here is renamed there: the next
// sync keeps the change instead of taking the old name back.
func TestSyncRenameMove(t *testing.T) {
	cfg := miniflux(t)
	ctx := context.Background()
	name := fmt.Sprintf("rename-%d", time.Now().UnixNano())
	for _, api := range []string{"miniflux", "greader"} {
		t.Run(api, func(t *testing.T) {
			l := openLib(t, false)
			c := cfg
			c.API = api
			if _, err := l.AddServer(ctx, c); err != nil {
				t.Fatal(err)
			}
			added, err := l.Add(ctx, columnsFeed(t, name+"-"+api, 2), "", "")
			if err != nil {
				t.Fatal(err)
			}
			srv, _ := kolomsync.Open(ctx, api, kolomsync.Options{URL: c.URL, User: c.User, Password: c.Password})
			t.Cleanup(func() { srv.Unsubscribe(context.Background(), added.Feed.ServerID) })
			if _, err := l.Rename(ctx, strconv.FormatInt(added.Feed.ID, 10), "Klantcontact "+api); err != nil {
				t.Fatal(err)
			}
			if _, err := l.Move(ctx, strconv.FormatInt(added.Feed.ID, 10), "Nederland/Klantcontact-"+api); err != nil {
				t.Fatal(err)
			}
			if _, err := l.Sync(ctx, nil); err != nil {
				t.Fatal(err)
			}
			f, _ := l.store.Feed(ctx, added.Feed.ID)
			if f.Title != "Klantcontact "+api || f.Folder != "Nederland/Klantcontact-"+api {
				t.Errorf("after a sync: %q in %q", f.Title, f.Folder)
			}
			subs, _ := srv.Subscriptions(ctx)
			for _, s := range subs {
				if s.ID == added.Feed.ServerID && (s.Title != "Klantcontact "+api || s.Folder != "Nederland/Klantcontact-"+api) {
					t.Errorf("on the server: %q in %q", s.Title, s.Folder)
				}
			}
		})
	}
}

// A hiding filter takes the server's entries too, as they come.
func TestSyncFilters(t *testing.T) {
	cfg := miniflux(t)
	ctx := context.Background()
	l := openLib(t, false)
	cfg.API = "miniflux"
	if _, err := l.AddServer(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("filter%d", time.Now().UnixNano())
	if _, _, err := l.AddFilter(ctx, `title:"column 2"`, false, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := l.AddFilter(ctx, `title:"column 3"`, true, true); err != nil {
		t.Fatal(err)
	}
	added, err := l.Add(ctx, columnsFeed(t, name, 4), "", "")
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := kolomsync.Open(ctx, "miniflux", kolomsync.Options{URL: cfg.URL, User: cfg.User, Password: cfg.Password})
	t.Cleanup(func() { srv.Unsubscribe(context.Background(), added.Feed.ServerID) })
	shown := ourArticles(t, l, added.Feed.ID)
	hidden, _ := l.Articles(ctx, store.ArticleQuery{FeedID: added.Feed.ID, Filtered: true})
	if len(shown) != 3 || len(hidden) != 1 || hidden[0].Title != name+" column 2" {
		t.Errorf("shown %d, hidden %+v", len(shown), hidden)
	}
	// The --mark-read one is read here, stays read through the next sync,
	// and the server hears of it.
	if _, err := l.Sync(ctx, nil); err != nil {
		t.Fatal(err)
	}
	c3 := ourArticles(t, l, added.Feed.ID)[name+" column 3"]
	if !c3.Read {
		t.Errorf("the marked column is unread after a sync: %+v", c3)
	}
	unread, _ := srv.IDs(ctx, kolomsync.Unread)
	entry, _ := store.ServerEntry(c3.GUID)
	if slices.Contains(unread, entry) {
		t.Errorf("the server still has entry %s unread", entry)
	}
}
