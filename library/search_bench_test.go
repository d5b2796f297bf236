package library

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/feeds"
	"github.com/kolom/kolom/internal/feedtest"
	"github.com/kolom/kolom/store"
)

// searchLibrary stores n generated articles (~300 words each) over 50 feeds
// through the same path a refresh takes, index included.
func searchLibrary(b *testing.B, n int) *Library {
	b.Helper()
	l, err := Open(context.Background(), Options{Paths: config.Paths{DB: filepath.Join(b.TempDir(), "kolom.db")}, Config: config.Default()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { l.Close() })
	ctx := context.Background()
	per := n / 50
	for f := range 50 {
		id, err := l.store.AddFeed(ctx, store.NewFeed{URL: fmt.Sprintf("https://site%d.nl/feed", f), Title: fmt.Sprintf("Column %d", f)})
		if err != nil {
			b.Fatal(err)
		}
		items := make([]feeds.Item, per)
		for i := range items {
			seed := uint64(f*per + i)
			items[i] = feeds.Item{GUID: fmt.Sprint(i), Link: fmt.Sprintf("https://site%d.nl/%d", f, i), Title: feedtest.Words(seed, 8),
				Author: fmt.Sprintf("Auteur %d", seed%40), Published: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(seed) * time.Minute),
				Content: "<p>" + feedtest.Words(seed*7, 300) + "</p>"}
		}
		if _, err := l.store.StoreItems(ctx, id, store.FetchState{At: time.Now()}, safeItems(items)); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := l.UpdateIndex(ctx); err != nil {
		b.Fatal(err)
	}
	return l
}

// BenchmarkSearch50k reports p50 and p95 per query over 50,000 articles:
// a rare word, a word in most articles, a phrase, and filters.
func BenchmarkSearch50k(b *testing.B) {
	l := searchLibrary(b, 50000)
	ctx := context.Background()
	queries := []string{
		"geïnitieerd loyaliteit",          // both common in the generated text
		"klant",                           // in most articles
		`"customer journey"`,              // a phrase
		"author:\"Auteur 7\" omnichannel", // a filter
		"cafe feed:\"Column 12\"",         // without diacritics, in one feed
		"nergensvoorkomend",               // nothing
	}
	for _, q := range queries {
		b.Run(q, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := l.Search(ctx, q, 20); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}

// BenchmarkIndex5000 is indexing what a cold refresh of 50 feeds × 100
// items × ~800 words stored; ns/op divided by 5,000 is the cost per article.
func BenchmarkIndex5000(b *testing.B) {
	_, urls := benchFeeds(b, 50, 100, 800)
	for b.Loop() {
		b.StopTimer()
		l := openLib(b, false)
		subscribe(b, l, urls...)
		if _, err := l.Refresh(context.Background(), nil, nil); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		n, err := l.UpdateIndex(context.Background())
		if err != nil || n != 5000 {
			b.Fatalf("indexed %d: %v", n, err)
		}
		b.StopTimer()
		l.Close()
		b.StartTimer()
	}
}

// BenchmarkSearchOneWordRepeated searches a word that one item repeats n
// times (a hostile or broken feed): the cost must grow with n at most
// linearly (it was quadratic: snippet() over 40,000 matches took 25 s), and
// stop growing at the index cap.
func BenchmarkSearchOneWordRepeated(b *testing.B) {
	for _, n := range []int{5000, 10000, 20000, 40000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			l := openLib(b, false)
			id, err := l.store.AddFeed(context.Background(), store.NewFeed{URL: "https://x.nl/feed", Title: "X"})
			if err != nil {
				b.Fatal(err)
			}
			items := []feeds.Item{{GUID: "1", Title: "Herhaling", Content: "<p>" + strings.Repeat("klantreis ", n) + "</p>"}}
			if _, err := l.store.StoreItems(context.Background(), id, store.FetchState{At: time.Now()}, safeItems(items)); err != nil {
				b.Fatal(err)
			}
			if _, err := l.UpdateIndex(context.Background()); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				hits, err := l.Search(context.Background(), "klantreis", 20)
				if err != nil || len(hits) != 1 || !strings.Contains(hits[0].Snippet, "[klantreis]") {
					b.Fatalf("%+v %v", hits, err)
				}
			}
		})
	}
}
