package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/internal/feedtest"
	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/store"
)

// benchLibrary stores n articles over 50 feeds, as a refresh would.
func benchLibrary(b *testing.B, n int) *library.Library {
	b.Helper()
	dir := b.TempDir()
	lib, err := library.Open(context.Background(), library.Options{Paths: config.Paths{DB: filepath.Join(dir, "kolom.db")}, Config: config.Default()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { lib.Close() })
	ctx := context.Background()
	st := lib.Store()
	per := n / 50
	for f := range 50 {
		id, err := st.AddFeed(ctx, store.NewFeed{URL: fmt.Sprintf("https://site%d.nl/feed", f), Title: fmt.Sprintf("Column %d", f), Folder: []string{"Nederlands", "International"}[f%2]})
		if err != nil {
			b.Fatal(err)
		}
		items := make([]store.Item, per)
		for i := range items {
			items[i] = store.Item{GUID: fmt.Sprint(i), URL: fmt.Sprintf("https://site%d.nl/%d", f, i), Title: feedtest.Words(uint64(f*per+i), 8),
				Published: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(i) * time.Hour),
				Content:   "<p>" + feedtest.Words(uint64(i), 800) + "</p>", Words: 800}
		}
		if _, err := st.StoreItems(ctx, id, store.FetchState{At: time.Now()}, items); err != nil {
			b.Fatal(err)
		}
	}
	return lib
}

// runCmd runs a command and feeds what it returns back into the model, the
// way the program does, skipping timers.
func runCmd(m *Model, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			runCmd(m, c)
		}
	case feedsLoadedMsg, articlesLoadedMsg, articleLoadedMsg, contentRenderedMsg:
		_, next := m.Update(msg)
		runCmd(m, next)
	}
}

// BenchmarkFirstFrame is starting the reader on a library of 5,000 articles:
// New, the first load, and the first full View.
func BenchmarkFirstFrame5k(b *testing.B) { benchFirstFrame(b, 5000) }

// BenchmarkFirstFrame50k is the same with 50,000 articles.
func BenchmarkFirstFrame50k(b *testing.B) { benchFirstFrame(b, 50000) }

func benchFirstFrame(b *testing.B, n int) {
	lib := benchLibrary(b, n)
	b.ResetTimer()
	for b.Loop() {
		m := New(lib, Options{})
		m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		runCmd(m, m.reloadFeeds())
		if v := m.View(); len(v.Content) == 0 || !m.feeds.loaded {
			b.Fatal("no frame")
		}
	}
}

// BenchmarkOpenArticle is enter on an article: load, convert (first time),
// render and show. Cached: the same article again.
func BenchmarkOpenArticle(b *testing.B) {
	lib := benchLibrary(b, 5000)
	list, _ := lib.Articles(context.Background(), store.ArticleQuery{Limit: 5000})
	m := New(lib, Options{})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	i := 0 // across runs, so that every open is a first one
	b.Run("first", func(b *testing.B) {
		for b.Loop() {
			runCmd(m, m.openArticle(list[i%len(list)].ID, false))
			i++
			if !m.reader.has {
				b.Fatal("not opened")
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		id := list[0].ID
		runCmd(m, m.openArticle(id, false))
		for b.Loop() {
			runCmd(m, m.openArticle(id, false))
			_ = m.View()
		}
	})
}

// BenchmarkRefreshInTheReader is R with n feeds that each fail (every one
// used to reload the whole feed list with its counts: the cost grew with
// the square of n). One op is a whole refresh seen through to its end.
func BenchmarkRefreshInTheReader(b *testing.B) {
	srv := feedtest.NewServer() // every path is a 404
	defer srv.Close()
	for _, n := range []int{250, 500, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			lib, err := library.Open(context.Background(), library.Options{Paths: config.Paths{DB: filepath.Join(b.TempDir(), "kolom.db")}, Config: config.Default()})
			if err != nil {
				b.Fatal(err)
			}
			defer lib.Close()
			var fs []store.NewFeed
			for i := range n {
				fs = append(fs, store.NewFeed{URL: srv.URL(fmt.Sprintf("/weg/%d", i)), Title: fmt.Sprintf("Weg %d", i)})
			}
			if _, err := lib.Store().AddFeeds(context.Background(), fs); err != nil {
				b.Fatal(err)
			}
			h := start(b, New(lib, Options{MinInterval: -1, WatchEvery: time.Hour, StatusFor: time.Hour}), 100, 30)
			h.until("the feeds", func(s snapshot) bool { return len(s.feedRows) >= n })
			for b.Loop() {
				h.keys("R")
				h.until("the refresh to start", func(s snapshot) bool { return s.refresh })
				h.until("the refresh to end", func(s snapshot) bool { return !s.refresh })
			}
		})
	}
}
