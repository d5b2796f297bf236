package library

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kolom/kolom/store"
	kolomsync "github.com/kolom/kolom/sync"
)

// countingTransport counts the requests a sync makes.
type countingTransport struct {
	next http.RoundTripper
	n    atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

// BenchmarkSync: the first sync of 50 feeds × 200 entries from the local
// Miniflux into a new library, then a sync with nothing new, and marking
// 500 entries read. Requests per operation are reported beside the time
// (targets: first ≤ 5 s; nothing new ≤ 0.2 s and ≤ 3 requests; 500 read
// ≤ 2 requests).
//
//	eval "$(scripts/miniflux-up)"; go test ./library -run XXX -bench Sync
func BenchmarkSync(b *testing.B) {
	cfg := miniflux(b)
	cfg.API = "miniflux"
	ctx := context.Background()
	srv, err := kolomsync.Open(ctx, "miniflux", kolomsync.Options{URL: cfg.URL, User: cfg.User, Password: cfg.Password})
	if err != nil {
		b.Fatal(err)
	}
	stamp := time.Now().UnixNano()
	for i := range 50 {
		sub, err := srv.Subscribe(ctx, columnsFeed(b, fmt.Sprintf("bench-%d-%d", stamp, i), 200), "")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { srv.Unsubscribe(context.Background(), sub.ID) })
	}
	counter := &countingTransport{next: http.DefaultTransport}

	b.Run("first", func(b *testing.B) {
		var reqs int64
		for b.Loop() {
			b.StopTimer()
			l := openLib(b, false)
			l.serverTransport = counter
			if _, err := l.AddServer(ctx, cfg); err != nil {
				b.Fatal(err)
			}
			counter.n.Store(0)
			b.StartTimer()
			if _, err := l.Sync(ctx, nil); err != nil {
				b.Fatal(err)
			}
			reqs += counter.n.Load()
		}
		b.ReportMetric(float64(reqs)/float64(b.N), "requests/op")
	})
	l := openLib(b, false)
	l.serverTransport = counter
	if _, err := l.AddServer(ctx, cfg); err != nil {
		b.Fatal(err)
	}
	if _, err := l.Sync(ctx, nil); err != nil {
		b.Fatal(err)
	}
	b.Run("nothing-new", func(b *testing.B) {
		counter.n.Store(0)
		for b.Loop() {
			if _, err := l.Sync(ctx, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(counter.n.Load())/float64(b.N), "requests/op")
	})
	b.Run("mark-500-read", func(b *testing.B) {
		arts, err := l.Articles(ctx, store.ArticleQuery{Limit: 500})
		if err != nil || len(arts) < 500 {
			b.Fatalf("%d articles %v", len(arts), err)
		}
		ids := make([]int64, 500)
		for i, a := range arts[:500] {
			ids[i] = a.ID
		}
		var reqs int64
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			if err := l.store.SetReadMany(ctx, ids, i%2 == 0); err != nil {
				b.Fatal(err)
			}
			srvNow, _ := l.openServer(ctx, cfg, false)
			pending, _ := l.store.PendingChanges(ctx)
			entries := make([]string, len(pending))
			for j, p := range pending {
				entries[j] = p.Entry
			}
			counter.n.Store(0)
			b.StartTimer()
			if err := srvNow.Mark(ctx, kolomsync.Unread, i%2 != 0, entries); err != nil {
				b.Fatal(err)
			}
			reqs += counter.n.Load()
			b.StopTimer()
			l.store.ChangesSent(ctx, pending)
			b.StartTimer()
		}
		b.ReportMetric(float64(reqs)/float64(b.N), "requests/op")
	})
}
