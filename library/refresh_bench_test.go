package library

import (
	"context"
	"fmt"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kolom/kolom/internal/feedtest"
)

// benchFeeds serves n feeds of items × words each, half RSS, half Atom;
// rich ones as real sites write them (see feedtest.Spec.Rich), gzipped.
func benchFeeds(b *testing.B, n, items, words int, rich ...bool) (*feedtest.Server, []string) {
	b.Helper()
	srv := feedtest.NewServer()
	b.Cleanup(srv.Close)
	isRich := len(rich) > 0 && rich[0]
	srv.Gzip(isRich)
	urls := make([]string, n)
	for i := range n {
		spec := feedtest.Spec{Title: fmt.Sprintf("Column %d", i), Site: fmt.Sprintf("https://site%d.nl/", i),
			Items: items, Words: words, Atom: i%2 == 1, Seed: uint64(i + 1), Rich: isRich}
		path := fmt.Sprintf("/feed/%d", i)
		srv.Set(path, "application/xml", spec.Render())
		urls[i] = srv.URL(path)
	}
	return srv, urls
}

// peakHeap samples live heap bytes until stop is called and returns the peak.
func peakHeap() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

// coldRefresh times cold refreshes of urls into new libraries, each made
// ready by prepare (nil: nothing), and reports the peak live heap.
func coldRefresh(b *testing.B, urls []string, prepare func(*Library)) {
	var peak uint64
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		l := openLib(b, false)
		subscribe(b, l, urls...)
		if prepare != nil {
			prepare(l)
		}
		stop := peakHeap()
		b.StartTimer()
		sum, err := l.Refresh(context.Background(), nil, nil)
		b.StopTimer()
		peak = max(peak, stop())
		if err != nil || sum.OK != len(urls) || sum.New != 5000 {
			b.Fatalf("%+v %v", sum, err)
		}
		l.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkRefresh is a cold refresh of 50 feeds × 100 items × ~800 words
// into a new library over loopback.
func BenchmarkRefresh(b *testing.B) {
	_, urls := benchFeeds(b, 50, 100, 800)
	coldRefresh(b, urls, nil)
}

// BenchmarkRefreshUnchanged is the same library refreshed again: all 304s.
func BenchmarkRefreshUnchanged(b *testing.B) {
	_, urls := benchFeeds(b, 50, 100, 800)
	l := openLib(b, false)
	subscribe(b, l, urls...)
	if _, err := l.Refresh(context.Background(), nil, nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		sum, err := l.Refresh(context.Background(), nil, nil)
		if err != nil || sum.NotModified != 50 {
			b.Fatalf("%+v %v", sum, err)
		}
	}
}

// BenchmarkRefreshRealistic is BenchmarkRefresh on feeds shaped like real
// ones: WordPress bodies full of links, figures, lists and entities, Atom
// entity-escaped, gzip on the wire.
func BenchmarkRefreshRealistic(b *testing.B) {
	_, urls := benchFeeds(b, 50, 100, 800, true)
	coldRefresh(b, urls, nil)
}

// BenchmarkRefreshFiltered is BenchmarkRefresh with four filters of the
// kinds people keep — an author, a feed's titles, a phrase anywhere, a word
// with an exception — matched against every one of the 5,000 new articles.
// Target: at most 10 % over BenchmarkRefresh.
func BenchmarkRefreshFiltered(b *testing.B) {
	_, urls := benchFeeds(b, 50, 100, 800)
	coldRefresh(b, urls, func(l *Library) {
		for _, f := range []string{`author:"Jan Concurrent"`, "feed:column title:webinar", `"gesponsorde inhoud"`, "bitcoin -blockchain"} {
			if _, _, err := l.AddFilter(context.Background(), f, false, false); err != nil {
				b.Fatal(err)
			}
		}
	})
}
