package library

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kolom/kolom/internal/feedtest"
)

// Polite fetching: a server's Retry-After and Cache-Control max-age hold a
// feed back until then, unless the person names the feed; the reason and
// the time are said.
func TestRefreshHonoursWhatTheServerAsks(t *testing.T) {
	body := feedtest.Spec{Title: "Beleefd", Site: "https://x.nl/", Items: 2, Words: 50}.Render()
	var hits sync.Map // path → *atomic.Int64
	count := func(p string) int64 {
		v, _ := hits.LoadOrStore(p, new(atomic.Int64))
		return v.(*atomic.Int64).Load()
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, _ := hits.LoadOrStore(r.URL.Path, new(atomic.Int64))
		v.(*atomic.Int64).Add(1)
		switch r.URL.Path {
		case "/429":
			w.Header().Set("Retry-After", "3600")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		case "/503":
			w.Header().Set("Retry-After", time.Now().Add(2*time.Hour).UTC().Format(http.TimeFormat))
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
		case "/max-age":
			w.Header().Set("Cache-Control", "public, max-age=1800")
			w.Write([]byte(body))
		case "/plain":
			w.Write([]byte(body))
		}
	}))
	defer srv.Close()
	l := openLib(t, false)
	subscribe(t, l, srv.URL+"/429", srv.URL+"/503", srv.URL+"/max-age", srv.URL+"/plain")
	ctx := context.Background()
	events := func(opts RefreshOptions) map[string]Event {
		t.Helper()
		out := map[string]Event{}
		if _, err := l.RefreshWith(ctx, opts, func(ev Event) {
			if ev.Kind != FeedStarted {
				out[strings.TrimPrefix(ev.Feed.URL, srv.URL)] = ev
			}
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	first := events(RefreshOptions{})
	if ev := first["/429"]; ev.Kind != FeedFailed || !strings.Contains(ev.Err.Error(), "wait until") || time.Until(ev.Until) < 59*time.Minute {
		t.Errorf("429: %v %v until %v", ev.Kind, ev.Err, ev.Until)
	}
	if ev := first["/503"]; ev.Kind != FeedFailed || time.Until(ev.Until) < 119*time.Minute {
		t.Errorf("503: %v %v until %v", ev.Kind, ev.Err, ev.Until)
	}
	if ev := first["/max-age"]; ev.Kind != FeedUpdated {
		t.Errorf("max-age: %v %v", ev.Kind, ev.Err)
	}

	// Refreshing everything again skips the three, without asking them.
	again := events(RefreshOptions{})
	for _, p := range []string{"/429", "/503", "/max-age"} {
		ev := again[p]
		if ev.Kind != FeedSkipped || ev.Until.Before(time.Now().Add(29*time.Minute)) || ev.Reason == "" || count(p) != 1 {
			t.Errorf("%s again: %v until %v (%q), %d requests", p, ev.Kind, ev.Until, ev.Reason, count(p))
		}
	}
	if !strings.Contains(again["/max-age"].Reason, "every 30 min") || !strings.Contains(again["/429"].Reason, "HTTP 429") {
		t.Errorf("reasons: %q, %q", again["/max-age"].Reason, again["/429"].Reason)
	}
	if ev := again["/plain"]; ev.Kind != FeedNotModified && ev.Kind != FeedUpdated || count("/plain") != 2 {
		t.Errorf("plain: %v, %d requests", ev.Kind, count("/plain"))
	}
	// The reader's R: a feed fetched a moment ago is not fetched again.
	if ev := events(RefreshOptions{MinInterval: time.Hour})["/plain"]; ev.Kind != FeedSkipped || count("/plain") != 2 || !strings.Contains(ev.Reason, "ago") {
		t.Errorf("plain within the interval: %v %q, %d requests", ev.Kind, ev.Reason, count("/plain"))
	}
	// Named by the person: fetched whatever the server asked.
	ids := []int64{feedByURL(t, l, srv.URL+"/max-age").ID, feedByURL(t, l, srv.URL+"/429").ID}
	named := events(RefreshOptions{IDs: ids, Explicit: true})
	if named["/max-age"].Kind == FeedSkipped || named["/429"].Kind != FeedFailed || count("/max-age") != 2 || count("/429") != 2 {
		t.Errorf("named: %v %v, requests %d %d", named["/max-age"].Kind, named["/429"].Kind, count("/max-age"), count("/429"))
	}
}

// Validators go back to the server exactly as it sent them, however odd.
func TestValidatorsAreSentBackExactly(t *testing.T) {
	const etag = `W/"klant reis; v=2, \"x\""`
	const modified = "zondag 1 november 2026 08:00"
	body := feedtest.Spec{Title: "Raar", Site: "https://x.nl/", Items: 1, Words: 30}.Render()
	var gotETag, gotModified atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotETag.Store(r.Header.Get("If-None-Match"))
		gotModified.Store(r.Header.Get("If-Modified-Since"))
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", modified)
		w.Write([]byte(body))
	}))
	defer srv.Close()
	l := openLib(t, false)
	subscribe(t, l, srv.URL)
	for range 2 {
		if _, err := l.Refresh(context.Background(), nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if gotETag.Load() != etag || gotModified.Load() != modified {
		t.Errorf("sent back %q and %q", gotETag.Load(), gotModified.Load())
	}
	if sum, _ := l.Refresh(context.Background(), nil, nil); sum.NotModified != 1 {
		t.Errorf("%+v", sum)
	}
}
