package library

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/feeds"
	"github.com/kolom/kolom/internal/feedtest"
	"github.com/kolom/kolom/store"
)

func openLib(t testing.TB, seed bool, tweak ...func(*config.Config)) *Library {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.Timeout = 2 * time.Minute // no test may end on a busy machine's clock
	for _, f := range tweak {
		f(&cfg)
	}
	l, err := Open(context.Background(), Options{
		Paths:  config.Paths{Config: filepath.Join(dir, "config.toml"), DB: filepath.Join(dir, "kolom.db")},
		Config: cfg,
		Seed:   seed,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func subscribe(t testing.TB, l *Library, urls ...string) {
	t.Helper()
	var fs []store.NewFeed
	for _, u := range urls {
		fs = append(fs, store.NewFeed{URL: u})
	}
	if _, err := l.store.AddFeeds(context.Background(), fs); err != nil {
		t.Fatal(err)
	}
}

func feedByURL(t *testing.T, l *Library, u string) store.Feed {
	t.Helper()
	all, err := l.Feeds(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range all {
		if f.URL == u {
			return f
		}
	}
	t.Fatalf("no feed %s in %+v", u, all)
	return store.Feed{}
}

const rssType = "application/rss+xml; charset=utf-8"

func TestRefreshThenUnchangedRefreshSends304s(t *testing.T) {
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/mf/feed", rssType, feedtest.Spec{Title: "Marketingfacts", Site: "https://www.marketingfacts.nl/", Items: 20, Words: 300, Seed: 1}.Render())
	srv.Set("/fw/feed/atom/", "application/atom+xml", feedtest.Spec{Title: "Frankwatching", Site: "https://www.frankwatching.com/", Items: 15, Words: 300, Atom: true, Seed: 2}.Render())
	srv.Set("/ct/feed/", rssType, feedtest.Spec{Title: "CustomerTalk", Site: "https://www.customertalk.nl/", Items: 10, Excerpt: true, Seed: 3}.Render())
	l := openLib(t, false)
	subscribe(t, l, srv.URL("/mf/feed"), srv.URL("/fw/feed/atom/"), srv.URL("/ct/feed/"))
	ctx := context.Background()

	var events []Event
	sum, err := l.Refresh(ctx, nil, func(ev Event) { events = append(events, ev) })
	if err != nil {
		t.Fatal(err)
	}
	if sum != (Summary{Feeds: 3, OK: 3, New: 45}) {
		t.Fatalf("first refresh: %+v", sum)
	}
	started, finished := 0, 0
	for _, ev := range events {
		if ev.Kind == FeedStarted {
			started++
		} else {
			finished++
			if ev.Done != finished || ev.Total != 3 {
				t.Errorf("event counts: done %d total %d after %d", ev.Done, ev.Total, finished)
			}
		}
	}
	if started != 3 || finished != 3 {
		t.Errorf("events: %d started, %d finished", started, finished)
	}
	mf := feedByURL(t, l, srv.URL("/mf/feed"))
	if mf.Title != "Marketingfacts" || mf.Total != 20 || mf.Unread != 20 || mf.ETag == "" || mf.LastSuccess.IsZero() {
		t.Errorf("after refresh: %+v", mf)
	}

	before := srv.Requests.Load()
	sum, err = l.Refresh(ctx, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum != (Summary{Feeds: 3, NotModified: 3}) {
		t.Errorf("unchanged refresh: %+v", sum)
	}
	if got := srv.Requests.Load() - before; got != 3 || srv.NotMod.Load() != 3 {
		t.Errorf("unchanged refresh made %d requests, %d answered 304; want 3 and 3", got, srv.NotMod.Load())
	}

	// One feed gets a new item and an edited one: only that feed is stored again.
	spec := feedtest.Spec{Title: "CustomerTalk", Site: "https://www.customertalk.nl/", Items: 11, Excerpt: true, Seed: 3,
		Base: time.Date(2026, 11, 1, 15, 0, 0, 0, time.UTC)}
	srv.Set("/ct/feed/", rssType, spec.Render())
	sum, err = l.Refresh(ctx, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.OK != 1 || sum.NotModified != 2 || sum.New != 1 || sum.Updated != 0 {
		t.Errorf("changed refresh: %+v", sum)
	}
}

func TestRefreshFailingFeedsKeepWhatTheyHad(t *testing.T) {
	srv := feedtest.NewServer()
	defer srv.Close()
	good := feedtest.Spec{Title: "Emerce", Site: "https://www.emerce.nl/", Items: 5, Words: 50, Seed: 4}.Render()
	srv.Set("/emerce", rssType, good)
	srv.Set("/flaky", rssType, feedtest.Spec{Title: "Flaky", Site: "https://flaky.nl/", Items: 4, Words: 50, Seed: 5}.Render())
	srv.Set("/broken", rssType, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Kapot</title><item><title>a")
	srv.Set("/wall", "text/html", `<!DOCTYPE html><html><head><title>Cookies</title></head><body><div id="cookiewall">Wij vragen je toestemming</div></body></html>`)
	l := openLib(t, false)
	subscribe(t, l, srv.URL("/emerce"), srv.URL("/flaky"), srv.URL("/broken"), srv.URL("/wall"), srv.URL("/missing"))
	ctx := context.Background()
	if _, err := l.Refresh(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	// Now the flaky feed breaks: its four articles must stay.
	srv.Set("/flaky", "text/plain", "Service Unavailable")
	var failed []string
	sum, err := l.Refresh(ctx, nil, func(ev Event) {
		if ev.Kind == FeedFailed {
			failed = append(failed, ev.Err.Error())
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 4 || sum.NotModified != 1 {
		t.Errorf("summary %+v", sum)
	}
	sort.Strings(failed)
	wants := map[string]string{
		"/broken":  "invalid XML",
		"/wall":    "cookie wall",
		"/missing": "HTTP 404",
		"/flaky":   "no RSS, Atom or JSON Feed",
	}
	for path, want := range wants {
		f := feedByURL(t, l, srv.URL(path))
		if !strings.Contains(f.LastError, want) || !strings.Contains(f.LastError, srv.URL(path)) || f.LastErrorAt.IsZero() {
			t.Errorf("%s: last error %q, want it to name the URL and %q", path, f.LastError, want)
		}
	}
	if f := feedByURL(t, l, srv.URL("/flaky")); f.Total != 4 || f.LastSuccess.IsZero() {
		t.Errorf("flaky feed lost what it had: %+v", f)
	}
	if f := feedByURL(t, l, srv.URL("/emerce")); f.Total != 5 || f.LastError != "" {
		t.Errorf("good feed: %+v", f)
	}
}

func TestRefreshFollowsPermanentMove(t *testing.T) {
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/new/feed", rssType, feedtest.Spec{Title: "Seth", Site: "https://seths.blog/", Items: 3, Words: 20, Seed: 6}.Render())
	mux := http.NewServeMux()
	mux.HandleFunc("/old/feed", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, srv.URL("/new/feed"), http.StatusMovedPermanently)
	})
	mux.HandleFunc("/temp/feed", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, srv.URL("/new/feed"), http.StatusFound)
	})
	old := httptest.NewServer(mux)
	defer old.Close()
	l := openLib(t, false)
	subscribe(t, l, old.URL+"/old/feed", old.URL+"/temp/feed")
	sum, err := l.Refresh(context.Background(), nil, nil)
	if err != nil || sum.OK != 2 {
		t.Fatalf("%+v %v", sum, err)
	}
	moved := feedByURL(t, l, srv.URL("/new/feed"))
	if moved.Total != 3 {
		t.Errorf("moved feed: %+v", moved)
	}
	feedByURL(t, l, old.URL+"/temp/feed") // a 302 keeps the address
}

func TestRefreshDiscoversSiteOnlyAndGoneFeeds(t *testing.T) {
	srv := feedtest.NewServer()
	defer srv.Close()
	site := `<!DOCTYPE html><html lang="nl"><head><title>CustomerTalk</title>
<link rel="alternate" type="application/rss+xml" title="Reacties" href="/comments/feed/">
<link rel="alternate" type="application/rss+xml" title="CustomerTalk" href="/ct/feed/"></head><body>Naar inhoud</body></html>`
	srv.Set("/ct/", "text/html; charset=utf-8", site)
	srv.Set("/ct/feed/", rssType, feedtest.Spec{Title: "CustomerTalk", Site: "https://www.customertalk.nl/", Items: 6, Words: 40, Seed: 7}.Render())
	srv.Set("/comments/feed/", rssType, feedtest.Spec{Title: "Reacties", Site: "https://www.customertalk.nl/", Items: 2, Seed: 8}.Render())
	// A site with no <link>, whose feed sits at the usual /feed/ address.
	srv.Set("/", "text/html", "<html><head><title>Tribune</title></head><body></body></html>")
	srv.Set("/feed/", rssType, feedtest.Spec{Title: "Tribune", Site: "https://www.marketingtribune.nl/", Items: 2, Words: 10, Seed: 9}.Render())

	l := openLib(t, false)
	ctx := context.Background()
	if _, err := l.store.AddFeed(ctx, store.NewFeed{URL: srv.URL("/ct/"), Title: "CustomerTalk", SiteURL: srv.URL("/ct/")}); err != nil {
		t.Fatal(err)
	}
	// Gone: 404 on the feed address, discovery from its site.
	if _, err := l.store.AddFeed(ctx, store.NewFeed{URL: srv.URL("/old-feed.xml"), Title: "Tribune", SiteURL: srv.URL("/")}); err != nil {
		t.Fatal(err)
	}
	sum, err := l.Refresh(ctx, nil, nil)
	if err != nil || sum.OK != 2 {
		t.Fatalf("%+v %v", sum, err)
	}
	ct := feedByURL(t, l, srv.URL("/ct/feed/"))
	if ct.Total != 6 || ct.Title != "CustomerTalk" {
		t.Errorf("discovered feed: %+v", ct)
	}
	if tr := feedByURL(t, l, srv.URL("/feed/")); tr.Total != 2 {
		t.Errorf("gone feed rediscovered: %+v", tr)
	}
	// Next time the discovered feed is fetched directly, with validators.
	before := srv.NotMod.Load()
	if sum, _ := l.Refresh(ctx, nil, nil); sum.NotModified != 2 || srv.NotMod.Load()-before != 2 {
		t.Errorf("second refresh after discovery: %+v", sum)
	}
}

func TestRefreshStoresNoControlCharacters(t *testing.T) {
	hostile := "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed\x1b]0;owned\x07 titel</title><link>https://x.nl/</link>" +
		"<item><title>Klik &#27;[2J hier &amp;#x1b;]52;c;ZWNobw==&amp;#7; \u202eesrever\u202c</title><link>https://x.nl/a</link>" +
		"<guid>a</guid><dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">Jan\u009b31m</dc:creator>" +
		"<description><![CDATA[<p>Tekst &#x1b;[31m rood &#155; en \x7f</p>]]></description></item></channel></rss>"
	jsonFeed := `{"version":"https://jsonfeed.org/version/1.1","title":"JSON \u001b[2J","items":[{"id":"j1","url":"https://x.nl/j",` +
		`"title":"Titel \u001b]0;pwn\u0007","content_html":"<p>Body \u001b[31m</p>","authors":[{"name":"Piet \u001b[1m"}]}]}`
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/rss", rssType, hostile)
	srv.Set("/json", "application/feed+json", jsonFeed)
	l := openLib(t, false)
	subscribe(t, l, srv.URL("/rss"), srv.URL("/json"))
	if sum, err := l.Refresh(context.Background(), nil, nil); err != nil || sum.OK != 2 {
		t.Fatalf("%+v %v", sum, err)
	}
	rows, err := l.store.DB().Query(`SELECT f.title, a.title, a.author, a.guid, a.url, b.summary, b.content
		FROM articles a JOIN feeds f ON f.id = a.feed_id JOIN article_bodies b ON b.article_id = a.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		var cols [7]string
		rows.Scan(&cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6])
		for _, c := range cols {
			for _, r := range c {
				if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e {
					t.Errorf("control %U stored in %q", r, c)
				}
			}
			for _, ref := range []string{"&#27;", "&#x1b;", "&#7;", "&#155;"} {
				if strings.Contains(strings.ToLower(c), ref) {
					t.Errorf("reference %s stored in %q", ref, c)
				}
			}
		}
	}
	if n != 2 {
		t.Errorf("%d articles stored, want 2", n)
	}
}

func TestRefreshBoundsWorkers(t *testing.T) {
	var inFlight, peak atomic.Int64
	body := feedtest.Spec{Title: "t", Site: "https://x.nl/", Items: 2, Words: 10}.Render()
	// The first request waits for a second one: proof of parallel fetches
	// that no machine's speed can break (a serial refresh hangs here).
	second := make(chan struct{})
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		switch requests.Add(1) {
		case 1:
			select {
			case <-second:
			case <-time.After(2 * time.Minute):
				t.Error("the refresh fetched one feed at a time")
			}
		case 2:
			close(second)
		}
		time.Sleep(20 * time.Millisecond) // keep requests overlapping, so a broken bound shows
		inFlight.Add(-1)
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	l := openLib(t, false, func(c *config.Config) { c.RefreshWorkers = 3 })
	var urls []string
	for i := range 12 {
		urls = append(urls, fmt.Sprintf("%s/feed/%d", srv.URL, i))
	}
	subscribe(t, l, urls...)
	sum, err := l.Refresh(context.Background(), nil, nil)
	if err != nil || sum.OK != 12 {
		t.Fatalf("%+v %v", sum, err)
	}
	if p := peak.Load(); p > 3 || p < 2 {
		t.Errorf("peak concurrent fetches %d, want at most 3 (and parallel)", p)
	}
}

func TestRefreshSelectedFeeds(t *testing.T) {
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/a", rssType, feedtest.Spec{Title: "A", Site: "https://a.nl/", Items: 1}.Render())
	srv.Set("/b", rssType, feedtest.Spec{Title: "B", Site: "https://b.nl/", Items: 1}.Render())
	l := openLib(t, false)
	subscribe(t, l, srv.URL("/a"), srv.URL("/b"))
	a, err := l.FindFeed(context.Background(), srv.URL("/a"))
	if err != nil {
		t.Fatal(err)
	}
	sum, _ := l.Refresh(context.Background(), []int64{a.ID}, nil)
	if sum.Feeds != 1 || srv.Requests.Load() != 1 {
		t.Errorf("%+v, %d requests", sum, srv.Requests.Load())
	}
}

func TestSeedingRule(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	paths := config.Paths{DB: filepath.Join(dir, "kolom.db")}
	open := func(seed bool) *Library {
		l, err := Open(ctx, Options{Paths: paths, Config: config.Default(), Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	count := func(l *Library) int {
		all, err := l.Feeds(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(all)
	}

	// add/import on a new library: only what they add. A failed add adds nothing
	// and leaves the library unused, so a later plain start still seeds.
	l := open(false)
	if _, err := l.Add(ctx, "http://127.0.0.1:1/feed", "", ""); err == nil {
		t.Fatal("add of an unreachable feed succeeded")
	}
	if n := count(l); n != 0 {
		t.Errorf("failed add left %d feeds", n)
	}
	l.Close()
	l = open(true)
	if n := count(l); n != len(feeds.Defaults()) {
		t.Errorf("seeded library has %d feeds", n)
	}
	// Removing every feed never brings the defaults back.
	all, _ := l.Feeds(ctx)
	for _, f := range all {
		if _, err := l.Remove(ctx, fmt.Sprint(f.ID)); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	l = open(true)
	if n := count(l); n != 0 {
		t.Errorf("defaults came back: %d feeds", n)
	}
	l.Close()

	// A library created by import holds only the import.
	dir2 := t.TempDir()
	opml := filepath.Join(dir2, "mine.opml")
	os.WriteFile(opml, []byte(`<opml version="2.0"><body><outline text="E" xmlUrl="https://www.emerce.nl/feed"/></body></opml>`), 0o644)
	paths = config.Paths{DB: filepath.Join(dir2, "kolom.db")}
	l = open(false)
	if _, err := l.Import(ctx, opml); err != nil {
		t.Fatal(err)
	}
	l.Close()
	l = open(true)
	defer l.Close()
	if n := count(l); n != 1 {
		t.Errorf("imported library has %d feeds, want 1", n)
	}
}

func TestAdd(t *testing.T) {
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/feed", rssType, feedtest.Spec{Title: "Emerce", Site: "https://www.emerce.nl/", Items: 4, Words: 30, Seed: 10}.Render())
	srv.Set("/site", "text/html", `<html><head><link rel="alternate" type="application/atom+xml" href="/atom"></head><body></body></html>`)
	srv.Set("/atom", "application/atom+xml", feedtest.Spec{Title: "Atom site", Site: "https://a.nl/", Items: 2, Atom: true, Seed: 11}.Render())
	srv.Set("/nofeed", "text/html", `<!DOCTYPE html><html><head><title>Over ons</title></head><body>`+strings.Repeat("<p>Tekst over ons bureau.</p>", 2000)+`</body></html>`)
	srv.Set("/consent", "text/html", `<html><head><title>Cookies</title></head><body><div class="cookie-wall">Akkoord?</div></body></html>`)
	l := openLib(t, false)
	ctx := context.Background()

	res, err := l.Add(ctx, srv.URL("/feed"), "", "Nieuws")
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 4 || res.Feed.Title != "Emerce" || res.Feed.Folder != "Nieuws" || res.Discovered {
		t.Errorf("add feed: %+v", res)
	}
	res, err = l.Add(ctx, srv.URL("/site"), "Mijn titel", "")
	if err != nil {
		t.Fatal(err)
	}
	if !res.Discovered || res.Feed.URL != srv.URL("/atom") || res.Feed.Title != "Mijn titel" || res.New != 2 {
		t.Errorf("add site: %+v", res)
	}
	for _, tc := range []struct{ url, want string }{
		{srv.URL("/feed"), "already subscribed as \"Emerce\""},
		{srv.URL("/site"), "already subscribed as \"Mijn titel\""},
		{srv.URL("/nofeed"), "announces no feed"},
		{srv.URL("/consent"), "cookie wall"},
		{srv.URL("/404"), "HTTP 404"},
		{"ftp://x.nl/feed", "only http and https"},
	} {
		_, err := l.Add(ctx, tc.url, "", "")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("add %s: %v, want %q", tc.url, err, tc.want)
		}
	}
	all, _ := l.Feeds(ctx)
	if len(all) != 2 {
		t.Errorf("%d feeds after failed adds, want 2", len(all))
	}
}

func TestImportExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.opml")
	os.WriteFile(in, []byte(`<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="Nederlands"><outline text="Emerce" xmlUrl="https://www.emerce.nl/feed" htmlUrl="https://www.emerce.nl/"/>
<outline text="Frankwatching" xmlUrl="https://www.frankwatching.com/feed/"/></outline>
<outline text="Seth" xmlUrl="https://seths.blog/feed/"/>
<outline text="Lokaal" xmlUrl="file:///home/me/feed.xml"/>
</body></opml>`), 0o644)
	l := openLib(t, false)
	ctx := context.Background()
	rep, err := l.Import(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Added) != 3 || len(rep.Problems) != 1 || rep.Problems[0].Line != 5 {
		t.Errorf("import: %+v", rep)
	}
	rep, _ = l.Import(ctx, in)
	if len(rep.Added) != 0 || rep.Duplicates != 3 {
		t.Errorf("re-import: %+v", rep)
	}
	var buf bytes.Buffer
	if err := l.Export(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.opml")
	os.WriteFile(out, buf.Bytes(), 0o644)
	l2 := openLib(t, false)
	if _, err := l2.Import(ctx, out); err != nil {
		t.Fatal(err)
	}
	summarize := func(l *Library) []string {
		all, _ := l.Feeds(ctx)
		var s []string
		for _, f := range all {
			s = append(s, f.Folder+"|"+f.Title+"|"+f.URL+"|"+f.SiteURL)
		}
		return s
	}
	if a, b := summarize(l), summarize(l2); !reflect.DeepEqual(a, b) || len(a) != 3 {
		t.Errorf("round trip:\n%q\n%q", a, b)
	}

	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("gewoon tekst"), 0o644)
	if _, err := l.Import(ctx, filepath.Join(dir, "notes.txt")); err == nil || !strings.Contains(err.Error(), "not an OPML file") ||
		!strings.Contains(err.Error(), "notes.txt") {
		t.Errorf("import of text: %v", err)
	}
}

func TestFindFeed(t *testing.T) {
	l := openLib(t, false)
	ctx := context.Background()
	l.store.AddFeeds(ctx, []store.NewFeed{
		{URL: "https://www.emerce.nl/feed", Title: "Emerce"},
		{URL: "https://a.nl/feed", Title: "Dubbel"},
		{URL: "https://b.nl/feed", Title: "dubbel"},
	})
	if f, err := l.FindFeed(ctx, "emerce"); err != nil || f.URL != "https://www.emerce.nl/feed" {
		t.Errorf("by title: %+v %v", f, err)
	}
	if f, err := l.FindFeed(ctx, "https://www.emerce.nl/feed/"); err != nil || f.Title != "Emerce" {
		t.Errorf("by url: %+v %v", f, err)
	}
	if _, err := l.FindFeed(ctx, "Dubbel"); err == nil || !strings.Contains(err.Error(), "give the id") {
		t.Errorf("ambiguous: %v", err)
	}
	if _, err := l.FindFeed(ctx, "99"); err == nil || !strings.Contains(err.Error(), "kolom feeds") {
		t.Errorf("missing: %v", err)
	}
}

func TestAddWithoutSchemeFallsBackToHTTP(t *testing.T) {
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/feed.xml", rssType, feedtest.Spec{Title: "Lokaal", Site: "http://127.0.0.1/", Items: 2}.Render())
	l := openLib(t, false)
	bare := strings.TrimPrefix(srv.URL("/feed.xml"), "http://")
	res, err := l.Add(context.Background(), bare, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Feed.URL != srv.URL("/feed.xml") || res.New != 2 {
		t.Errorf("added %+v", res)
	}
	if _, err := l.Add(context.Background(), bare, "", ""); err == nil || !strings.Contains(err.Error(), "already subscribed") {
		t.Errorf("second add: %v", err)
	}
}

// A server that answers 304 to a request without validators is wrong: add
// says so (it used to panic), and a refresh reports it instead of "not
// modified" forever.
func TestUnconditional304IsAServerError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotModified)
	}))
	defer srv.Close()
	l := openLib(t, false)
	_, err := l.Add(context.Background(), srv.URL+"/feed", "", "")
	if err == nil || !strings.Contains(err.Error(), "HTTP 304") || !strings.Contains(err.Error(), "server error") || !strings.Contains(err.Error(), "/feed") {
		t.Fatalf("add: %v", err)
	}
	subscribe(t, l, srv.URL+"/feed")
	sum, err := l.Refresh(context.Background(), nil, nil)
	if err != nil || sum.Failed != 1 || sum.NotModified != 0 {
		t.Errorf("refresh: %+v %v", sum, err)
	}
}

// Bookmarking with a note is one write: when storing fails (a full disk),
// there is no bookmark without its note.
func TestBookmarkWithNoteIsOneWrite(t *testing.T) {
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/a", rssType, feedtest.Spec{Title: "A", Site: "https://a.nl/", Items: 2, Words: 200}.Render())
	l := openLib(t, false)
	subscribe(t, l, srv.URL("/a"))
	if _, err := l.Refresh(context.Background(), nil, nil); err != nil {
		t.Fatal(err)
	}
	list, _ := l.Articles(context.Background(), store.ArticleQuery{})
	// The disk fills up as soon as a note is written.
	for _, op := range []string{"INSERT", "UPDATE"} {
		if _, err := l.Store().DB().Exec(`CREATE TRIGGER full_` + op + ` BEFORE ` + op + ` ON bookmarks WHEN new.note <> ''
			BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
			t.Fatal(err)
		}
	}
	note := "voor het deck"
	if _, err := l.Bookmark(context.Background(), list[0].ID, &note, []string{"deck"}); err == nil {
		t.Fatal("bookmark on a full disk: no error")
	}
	if b, err := l.BookmarkOf(context.Background(), list[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a bookmark without its note was left: %+v %v", b, err)
	}
}
