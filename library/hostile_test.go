package library

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/internal/feedtest"
	"github.com/kolom/kolom/store"
)

// hostileCase is one class of bad input served at path. Either the feed
// fails with an error containing wantErr, or it is stored and every article
// reads clean.
type hostileCase struct {
	path    string
	handler http.HandlerFunc
	wantErr string // "" when the feed should be stored
}

func rssWith(items string) string {
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><link>https://x.nl/</link>` + items + `</channel></rss>`
}

func serve(body, contentType string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		fmt.Fprint(w, body)
	}
}

func hostileCases(sent *atomic.Int64) []hostileCase {
	long := strings.Repeat("Gewone tekst in een column. ", 40)
	var nested strings.Builder
	for range 50000 {
		nested.WriteString("<div>")
	}
	var many strings.Builder
	for i := range 5000 { // enough to show nothing caps or slows a long feed
		fmt.Fprintf(&many, "<item><title>Item %d</title><link>https://x.nl/%d</link><guid>%d</guid></item>", i, i, i)
	}
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestSpeed)
	zw.Write(bytes.Repeat([]byte("<rss>"), 24<<20/5)) // 24 MiB of XML: three times the cap
	zw.Close()
	return []hostileCase{
		{"/escapes-raw", serve(rssWith("<item><title>Wis \x1b[2J\x1b]0;titel\x07</title><link>https://x.nl/1</link><author>a@x.nl (Jan \x1b[5m)</author><description>"+long+"\x1b]52;c;ZWNobw==\x07</description></item>"), "application/rss+xml"), ""},
		{"/escapes-refs", serve(rssWith("<item><title>Ref &#27;[2J &amp;#x1b;]0;x&amp;#7; &#x9b;31m</title><link>https://x.nl/2</link><description>"+long+"&amp;#27;[31m &amp;#155;</description></item>"), "application/rss+xml"), ""},
		{"/escapes-json", serve(`{"version":"https://jsonfeed.org/version/1.1","title":"J \u001b[2J","items":[{"id":"j","url":"https://x.nl/j","title":"T \u001b]0;x\u0007","content_html":"<p>`+long+`\u001b[31m</p>","authors":[{"name":"A \u001b[1m"}]}]}`, "application/feed+json"), ""},
		{"/links", serve(rssWith(`<item><title>Links</title><link>javascript:alert(document.cookie)</link><description><![CDATA[<p>`+long+`<a href="javascript:alert(1)">js</a> <a href="file:///etc/passwd">file</a> <a href="https://x.nl/$(touch /tmp/pwned)?a=1;rm -rf ~&amp;b=`+"`id`"+`">shell</a></p>]]></description></item>`), "application/rss+xml"), ""},
		{"/active", serve(rssWith(`<item><title>Actief</title><link>https://x.nl/3</link><description><![CDATA[<p onclick="steal()">`+long+`</p><script>alert(1)</script><style>body{}</style><iframe src="https://evil.example/"></iframe><img src=x onerror="alert(1)"><form action="https://evil.example/"><input></form>]]></description></item>`), "application/rss+xml"), ""},
		{"/invalid-xml", serve(`<?xml version="1.0"?><rss version="2.0"><channel><title>Kapot</title><item><title>a`, "application/rss+xml"), "invalid XML"},
		{"/consent", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/myprivacy/consent?redirect=feed", http.StatusFound)
		}, "cookie wall"},
		{"/myprivacy/consent", serve(`<html><head><title>Privacy</title></head><body>Wij vragen je toestemming</body></html>`, "text/html"), "cookie wall"},
		{"/botcheck", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cf-Mitigated", "challenge")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `<html><head><title>Just a moment...</title></head></html>`)
		}, "bot check"},
		{"/latin1", serve(string([]byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Caf\xe9</title><item><title>Co\xf6peratie</title><link>https://x.nl/l</link><description>"+long+"</description></item></channel></rss>")), "text/xml"), ""},
		{"/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) }, "redirect loop"},
		{"/moved", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/escapes-raw", http.StatusMovedPermanently)
		}, ""},
		{"/404", http.NotFound, "HTTP 404"},
		{"/500", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", 500) }, "HTTP 500"},
		{"/needs-ua", func(w http.ResponseWriter, r *http.Request) {
			if ua := r.UserAgent(); ua == "" || strings.HasPrefix(ua, "Go-http-client") {
				http.Error(w, "no bots", http.StatusForbidden)
				return
			}
			serve(rssWith("<item><title>UA ok</title><link>https://x.nl/ua</link><description>"+long+"</description></item>"), "application/rss+xml")(w, r)
		}, ""},
		{"/huge", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			chunk := bytes.Repeat([]byte("<item><title>x</title></item>"), 4096)
			for sent.Load() < 300<<20 { // 300 MiB unless the client hangs up
				n, err := w.Write(chunk)
				sent.Add(int64(n))
				if err != nil {
					return
				}
			}
		}, "larger than 8 MiB"},
		{"/gzip-bomb", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb.Bytes())
		}, "larger than 8 MiB"},
		{"/nesting", serve(rssWith("<item><title>Diep</title><link>https://x.nl/n</link><description><![CDATA["+nested.String()+long+"]]></description></item>"), "application/rss+xml"), ""},
		{"/nesting-xml", serve(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>`+strings.Repeat("<a>", 50000)+`</channel></rss>`, "application/rss+xml"), ""},
		{"/many", serve(rssWith(many.String()), "application/rss+xml"), ""},
	}
}

func TestHostileFeeds(t *testing.T) {
	var sent atomic.Int64
	cases := hostileCases(&sent)
	mux := http.NewServeMux()
	for _, c := range cases {
		mux.HandleFunc(c.path, c.handler)
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	good := feedtest.NewServer()
	defer good.Close()
	good.Set("/emerce", rssType, feedtest.Spec{Title: "Emerce", Site: "https://www.emerce.nl/", Items: 10, Words: 200, Seed: 1}.Render())

	l := openLib(t, false, func(c *config.Config) {
		// Generous: every case here must end on its own merits (the cap,
		// the parser, the status), never on a busy machine's clock.
		c.Timeout = 2 * time.Minute
		c.MaxFeedBytes = 8 << 20
		c.FullText = "off" // the articles link to hosts that do not exist; tests stay off the network
	})
	ctx := context.Background()
	urls := []string{good.URL("/emerce")}
	for _, c := range cases {
		if c.path != "/myprivacy/consent" {
			urls = append(urls, srv.URL+c.path)
		}
	}
	subscribe(t, l, urls...)

	byID := map[int64]string{}
	all, _ := l.Feeds(ctx)
	for _, f := range all {
		byID[f.ID] = f.URL
	}
	runtime.GC()
	stop := peakHeap()
	results := map[string]Event{} // by the URL subscribed to
	if _, err := l.Refresh(ctx, nil, func(ev Event) {
		if ev.Kind != FeedStarted {
			results[byID[ev.Feed.ID]] = ev
		}
	}); err != nil {
		t.Fatal(err)
	}
	peak := stop()
	if peak > 400<<20 {
		t.Errorf("peak heap %d MiB during the hostile refresh", peak>>20)
	}
	if sent.Load() >= 300<<20 {
		t.Errorf("read the whole huge body (%d MiB)", sent.Load()>>20)
	}

	for _, c := range cases {
		if c.path == "/myprivacy/consent" {
			continue
		}
		t.Run(strings.TrimPrefix(c.path, "/"), func(t *testing.T) {
			ev, ok := results[srv.URL+c.path]
			if !ok {
				t.Fatal("no result")
			}
			if c.wantErr == "" {
				if ev.Kind != FeedUpdated {
					t.Errorf("%v %v, want it stored", ev.Kind, ev.Err)
				}
				return
			}
			if ev.Kind != FeedFailed || !strings.Contains(ev.Err.Error(), c.wantErr) || !strings.Contains(ev.Err.Error(), c.path) {
				t.Errorf("%v %v, want an error naming the feed and %q", ev.Kind, ev.Err, c.wantErr)
			}
			if strings.Count(ev.Err.Error(), "\n") > 0 {
				t.Errorf("error is not one line: %q", ev.Err)
			}
		})
	}
	if ev := results[good.URL("/emerce")]; ev.Kind != FeedUpdated || ev.New != 10 {
		t.Errorf("the good feed: %+v", ev)
	}
	if f := feedByURL(t, l, srv.URL+"/many"); f.Total != 5000 {
		t.Errorf("5,000 items: stored %d", f.Total)
	}

	// Every stored article reads clean: no control, no active content, no
	// link that is not the web.
	list, err := l.Articles(ctx, store.ArticleQuery{})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	hostile := []string{"Wis", "Ref", "T ", "Links", "Actief", "Coöperatie", "UA ok", "Diep"}
	for _, meta := range list {
		if !slices.ContainsFunc(hostile, func(p string) bool { return strings.HasPrefix(meta.Title, p) }) {
			continue
		}
		a, err := l.Article(ctx, meta.ID)
		if err != nil {
			t.Fatalf("%q: %v", meta.Title, err)
		}
		doc := a.Document()
		for _, r := range doc {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f {
				t.Fatalf("%q: control %U in\n%q", meta.Title, r, doc)
			}
		}
		for _, bad := range []string{"javascript:", "file:", "<script", "onclick", "onerror", "evil.example", "alert(", "&#27;", "&#x1b;", "&#155;"} {
			if strings.Contains(strings.ToLower(doc), bad) {
				t.Errorf("%q: %q in\n%s", meta.Title, bad, doc)
			}
		}
		checked++
	}
	if checked < 7 {
		t.Errorf("checked %d hostile articles", checked)
	}
	if _, err := os.Stat("/tmp/pwned"); err == nil {
		t.Error("a link ran a command")
	}
}

// A server that sends a byte a second never finishes: the timeout covers
// the body. Its own test, so that the other hostile cases get a timeout no
// busy machine can reach.
func TestHostileSlowFeed(t *testing.T) {
	srv := httptest.NewServer(feedtest.Trickle(time.Second, 600)) // ten minutes unless the client hangs up, which it must
	defer srv.Close()
	l := openLib(t, false, func(c *config.Config) { c.Timeout = 300 * time.Millisecond })
	subscribe(t, l, srv.URL+"/slow")
	var got Event
	if _, err := l.Refresh(context.Background(), nil, func(ev Event) {
		if ev.Kind != FeedStarted {
			got = ev
		}
	}); err != nil {
		t.Fatal(err)
	}
	if got.Kind != FeedFailed || !strings.Contains(got.Err.Error(), "no complete answer within 300ms") || !strings.Contains(got.Err.Error(), "/slow") {
		t.Errorf("%v %v, want an error naming the feed and the timeout", got.Kind, got.Err)
	}
}

func TestHostileOPML(t *testing.T) {
	dir := t.TempDir()
	l := openLib(t, false)
	for name, doc := range map[string]string{
		"xxe.opml": `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><body><outline text="&xxe;" xmlUrl="https://a.nl/feed"/></body></opml>`,
		"laughs.opml": `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<opml version="2.0"><body><outline text="&c;" xmlUrl="https://b.nl/feed"/></body></opml>`,
		"schemes.opml": `<opml version="2.0"><body><outline text="f" xmlUrl="file:///etc/passwd"/><outline text="j" xmlUrl="javascript:alert(1)"/>
<outline text="s" xmlUrl="$(touch /tmp/pwned)"/><outline text="ok" xmlUrl="https://c.nl/feed"/></body></opml>`,
	} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(doc), 0o644)
		rep, err := l.Import(context.Background(), p)
		if name == "schemes.opml" {
			if err != nil || len(rep.Added) != 1 || len(rep.Problems) != 3 {
				t.Errorf("%s: %+v %v", name, rep, err)
			}
			continue
		}
		if err == nil && len(rep.Added) > 0 {
			for _, o := range rep.Added {
				if strings.Contains(o.Title, "root:") || strings.Contains(o.Title, "aaaa") {
					t.Errorf("%s: entity expanded into %q", name, o.Title)
				}
			}
		}
	}
	all, _ := l.Feeds(context.Background())
	for _, f := range all {
		if !strings.HasPrefix(f.URL, "https://") {
			t.Errorf("subscribed to %q", f.URL)
		}
	}
}
