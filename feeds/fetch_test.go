package feeds

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kolom/kolom/internal/feedtest"
)

const smallRSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Emerce</title><link>https://www.emerce.nl/</link>
<item><title>Nieuws</title><link>https://www.emerce.nl/nieuws/1</link><guid>1</guid></item></channel></rss>`

func newTestClient() *Client { return NewClient("", 1<<20, 2*time.Minute) }

func TestFetchConditionalGET(t *testing.T) {
	var hits, notModified atomic.Int64
	etag := `"v1"`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == "Sun, 01 Nov 2026 09:00:00 GMT" {
			notModified.Add(1)
			w.Header().Set("ETag", `"v2"`) // a new validator on a 304 must be picked up
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", "Sun, 01 Nov 2026 09:00:00 GMT")
		io.WriteString(w, smallRSS)
	}))
	defer srv.Close()
	c := newTestClient()

	first, err := c.Fetch(context.Background(), Request{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || first.ETag != etag || first.LastModified == "" || !strings.Contains(string(first.Body), "Emerce") {
		t.Fatalf("first fetch: %+v", first)
	}
	second, err := c.Fetch(context.Background(), Request{URL: srv.URL, ETag: first.ETag, LastModified: first.LastModified})
	if err != nil {
		t.Fatalf("304 must not be an error: %v", err)
	}
	if !second.NotModified || len(second.Body) != 0 {
		t.Fatalf("second fetch should be not modified: %+v", second)
	}
	if second.ETag != `"v2"` {
		t.Errorf("new validator on 304 lost: %q", second.ETag)
	}
	if hits.Load() != 2 || notModified.Load() != 1 {
		t.Errorf("hits=%d notModified=%d, want 2 and 1 (no retries)", hits.Load(), notModified.Load())
	}
}

func TestFetchSendsUserAgent(t *testing.T) {
	var ua string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		io.WriteString(w, smallRSS)
	}))
	defer srv.Close()
	Version = "1.2.3"
	defer func() { Version = "dev" }()
	if _, err := NewClient("", 0, 0).Fetch(context.Background(), Request{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if ua != "kolom/1.2.3" {
		t.Errorf("User-Agent = %q", ua)
	}
	if _, err := NewClient("Mozilla/5.0 kolom", 0, 0).Fetch(context.Background(), Request{URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	if ua != "Mozilla/5.0 kolom" {
		t.Errorf("configured User-Agent = %q", ua)
	}
}

func gz(s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}

func TestFetchGzip(t *testing.T) {
	// Two members: the trailer's size is the last one's, a hint only.
	twoMembers := append(gz(smallRSS[:40]), gz(smallRSS[40:])...)
	for _, tc := range []struct {
		name     string
		header   bool
		deferred bool
		body     []byte
	}{
		{"declared", true, false, gz(smallRSS)},
		{"unasked and undeclared", false, false, gz(smallRSS)},
		{"deferred", true, true, gz(smallRSS)},
		{"two members", true, false, twoMembers},
		{"two members deferred", true, true, twoMembers},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				asked = r.Header.Get("Accept-Encoding")
				if tc.header {
					w.Header().Set("Content-Encoding", "gzip")
				}
				w.Write(tc.body)
			}))
			defer srv.Close()
			resp, err := newTestClient().Fetch(context.Background(), Request{URL: srv.URL, Deferred: tc.deferred})
			if err != nil {
				t.Fatal(err)
			}
			if asked != "gzip" {
				t.Errorf("Accept-Encoding = %q, want gzip", asked)
			}
			if tc.deferred {
				if resp.Body != nil {
					t.Fatalf("deferred body decompressed before Decompress: %q", resp.Body[:min(20, len(resp.Body))])
				}
				if err := resp.Decompress(); err != nil {
					t.Fatal(err)
				}
			}
			if string(resp.Body) != smallRSS {
				t.Fatalf("body not decompressed: %q", resp.Body[:min(20, len(resp.Body))])
			}
			if err := resp.Decompress(); err != nil || string(resp.Body) != smallRSS {
				t.Errorf("a second Decompress changed the body or failed: %v", err)
			}
		})
	}
}

func TestFetchBrokenGzipIsSaid(t *testing.T) {
	broken := gz(smallRSS)
	broken = append(broken[:12:12], bytes.Repeat([]byte{0xff}, 200)...) // the header, then noise
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		if r.URL.Path == "/weg" {
			w.WriteHeader(http.StatusNotFound)
		}
		w.Write(broken)
	}))
	defer srv.Close()
	// An error page that does not unpack is still the error it is.
	var se *StatusError
	if _, err := newTestClient().Fetch(context.Background(), Request{URL: srv.URL + "/weg"}); !errors.As(err, &se) || se.Code != 404 {
		t.Errorf("404 with a broken body: %v", err)
	}
	for _, deferred := range []bool{false, true} {
		resp, err := newTestClient().Fetch(context.Background(), Request{URL: srv.URL, Deferred: deferred})
		if deferred {
			if err != nil {
				t.Fatalf("deferred: the fetch itself failed: %v", err)
			}
			err = resp.Decompress()
		}
		var p *Problem
		if !errors.As(err, &p) || p.Key != "broken_gzip" || !strings.Contains(err.Error(), srv.URL) {
			t.Errorf("deferred %v: err = %v, want the broken answer said with its URL", deferred, err)
		}
	}
}

func TestFetchCapsBodyAfterDecompression(t *testing.T) {
	// 5 MiB of zeros compresses to a few KiB: the cap must count what it inflates to.
	bomb := gz(strings.Repeat("\x00", 5<<20))
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/bomb":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		case "/huge":
			chunk := bytes.Repeat([]byte("<p>tekst</p>"), 1024)
			for i := 0; i < 1000; i++ { // ~12 MiB, stops early when the client hangs up
				n, err := w.Write(chunk)
				sent.Add(int64(n))
				if err != nil {
					return
				}
			}
		}
	}))
	defer srv.Close()
	c := NewClient("", 1<<20, 2*time.Minute) // the cap, never the clock, ends these
	for _, p := range []string{"/bomb", "/huge"} {
		_, err := c.Fetch(context.Background(), Request{URL: srv.URL + p})
		if err == nil || !strings.Contains(err.Error(), "larger than 1 MiB") || !strings.Contains(err.Error(), srv.URL+p) {
			t.Errorf("%s: err = %v, want the cap named with the URL", p, err)
		}
	}
	// Kept compressed, the bomb is still capped when it is undone.
	resp, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/bomb", Deferred: true})
	if err != nil {
		t.Fatalf("deferred bomb: %v", err)
	}
	if err := resp.Decompress(); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), srv.URL+"/bomb") {
		t.Errorf("deferred bomb: Decompress = %v, want the cap named with the URL", err)
	}
	if resp.Body != nil {
		t.Errorf("deferred bomb left %d bytes of body", len(resp.Body))
	}
	if sent.Load() >= 12<<20 {
		t.Errorf("client read the whole huge body (%d bytes) instead of stopping at the cap", sent.Load())
	}
}

func TestFetchTimeoutCoversBody(t *testing.T) {
	// One byte every 100 ms for a minute: headers come fast, the body never ends.
	srv := httptest.NewServer(feedtest.Trickle(100*time.Millisecond, 600))
	defer srv.Close()
	c := NewClient("", 0, 300*time.Millisecond)
	start := time.Now()
	_, err := c.Fetch(context.Background(), Request{URL: srv.URL})
	if err == nil || !strings.Contains(err.Error(), "no complete answer within 300ms") {
		t.Fatalf("err = %v", err)
	}
	if el := time.Since(start); el > 30*time.Second { // the body alone would take a minute
		t.Errorf("timeout took %v", el)
	}
}

func TestFetchRedirects(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, smallRSS) })
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/older", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/older", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/feed", http.StatusPermanentRedirect)
	})
	mux.HandleFunc("/temp", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/feed", http.StatusFound) })
	mux.HandleFunc("/mixed", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/temp", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := newTestClient()

	cases := []struct{ path, moved string }{
		{"/old", srv.URL + "/feed"},
		{"/temp", ""},
		{"/mixed", srv.URL + "/temp"}, // permanent up to the first temporary hop
	}
	for _, tc := range cases {
		resp, err := c.Fetch(context.Background(), Request{URL: srv.URL + tc.path})
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		if resp.MovedTo != tc.moved || resp.URL != srv.URL+"/feed" {
			t.Errorf("%s: MovedTo=%q URL=%q", tc.path, resp.MovedTo, resp.URL)
		}
	}
	_, err := c.Fetch(context.Background(), Request{URL: srv.URL + "/loop"})
	if err == nil || !strings.Contains(err.Error(), "redirect loop") {
		t.Errorf("loop: %v", err)
	}
}

func TestFetchErrorsNameURLAndAction(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/gone":
			http.Error(w, "weg", http.StatusGone)
		case "/down":
			http.Error(w, "oops", http.StatusBadGateway)
		case "/cf":
			w.Header().Set("Server", "cloudflare")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><div id="challenge-platform"></div></body></html>`)
		}
	}))
	defer srv.Close()
	c := newTestClient()
	for path, want := range map[string][3]string{
		"/gone": {"HTTP 410 Gone", "the feed is gone", "the page is gone"},
		"/down": {"HTTP 502 Bad Gateway", "the server has a problem", "the server has a problem"},
		"/cf":   {"bot check", "", ""},
	} {
		_, err := c.Fetch(context.Background(), Request{URL: srv.URL + path})
		var se *StatusError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), want[0]) || !strings.Contains(err.Error(), srv.URL+path) {
			t.Errorf("%s: %v, want %q", path, err, want[0])
			continue
		}
		// The advice depends on what was fetched: a missing page is no feed to remove.
		if got := se.Advice(false); !strings.HasPrefix(got, want[1]) || want[1] == "" && got != "" {
			t.Errorf("%s: feed advice %q, want %q", path, got, want[1])
		}
		if got := se.Advice(true); !strings.HasPrefix(got, want[2]) || strings.Contains(got, "remove the feed") {
			t.Errorf("%s: page advice %q, want %q", path, got, want[2])
		}
	}

	// Unreachable: a closed port on loopback.
	dead := httptest.NewServer(http.NotFoundHandler())
	addr := dead.URL
	dead.Close()
	_, err := c.Fetch(context.Background(), Request{URL: addr + "/feed"})
	if err == nil || !strings.Contains(err.Error(), "cannot connect") || !strings.Contains(err.Error(), addr) || !errors.Is(err, ErrUnreachable) {
		t.Errorf("unreachable: %v", err)
	}
	_, err = c.Fetch(context.Background(), Request{URL: "ftp://example.org/feed"})
	if err == nil || !strings.Contains(err.Error(), "not an http or https URL") {
		t.Errorf("ftp: %v", err)
	}
}

func ExampleClient_Fetch() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, smallRSS) }))
	defer srv.Close()
	resp, _ := NewClient("", 0, 0).Fetch(context.Background(), Request{URL: srv.URL})
	f, _ := Parse(resp.Body, resp.URL, resp.ContentType)
	fmt.Println(f.Title, len(f.Items))
	// Output: Emerce 1
}

// A body cut short and a proxy that is down are said in words.
func TestFetchShortBodyAndDeadProxy(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "5000")
		w.Write([]byte("<rss>kort"))
	}))
	defer srv.Close()
	_, err := newTestClient().Fetch(context.Background(), Request{URL: srv.URL + "/kort"})
	if err == nil || !strings.Contains(err.Error(), "closed the connection before the whole feed arrived") || strings.Contains(err.Error(), "unexpected EOF") {
		t.Errorf("short body: %v", err)
	}

	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := ln.Addr().String()
	ln.Close() // nothing listens there now
	t.Setenv("HTTP_PROXY", "http://jan:geheim@"+dead)
	t.Setenv("NO_PROXY", "")
	c := newTestClient()
	proxy, _ := url.Parse("http://jan:geheim@" + dead)
	c.HTTP.Transport.(*http.Transport).Proxy = http.ProxyURL(proxy) // net/http reads the environment once a process
	_, err = c.Fetch(context.Background(), Request{URL: "http://feeds.example/feed"})
	if err == nil || !strings.Contains(err.Error(), "the proxy http://jan:xxxxx@"+dead) || !strings.Contains(err.Error(), "unset the variable") || strings.Contains(err.Error(), "geheim") {
		t.Errorf("dead proxy: %v", err)
	}
}

// A feed's own user agent, headers and login are sent to its host, and
// not to another host a redirect leads to.
func TestFetchSendsAFeedsOwnHeadersToItsHostOnly(t *testing.T) {
	var elsewhere http.Header
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere = r.Header.Clone()
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(smallRSS))
	}))
	defer other.Close()
	var own http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		own = r.Header.Clone()
		if r.URL.Path == "/weg" {
			http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/feed", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(smallRSS))
	}))
	defer srv.Close()
	c := NewClient("", 1<<20, time.Minute)
	req := Request{URL: srv.URL + "/feed", UserAgent: "kolom-test/1", Header: http.Header{"Cookie": {"abonnee=ja"}, "X-Token": {"geheim"}},
		User: "anne", Password: "wachtwoord"}
	if _, err := c.Fetch(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if own.Get("User-Agent") != "kolom-test/1" || own.Get("Cookie") != "abonnee=ja" || own.Get("X-Token") != "geheim" || !strings.HasPrefix(own.Get("Authorization"), "Basic ") {
		t.Errorf("to the feed's host: %v", own)
	}
	req.URL = srv.URL + "/weg"
	if _, err := c.Fetch(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if elsewhere.Get("Cookie") != "" || elsewhere.Get("X-Token") != "" || elsewhere.Get("Authorization") != "" {
		t.Errorf("the feed's secrets went to another host: %v", elsewhere)
	}
}
