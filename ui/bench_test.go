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
	"github.com/kolom/kolom/library/librarytest"
)

// benchLibrary stores n articles over 50 feeds, as a refresh would.
func benchLibrary(b *testing.B, n int) *library.Library {
	b.Helper()
	lib, err := library.Open(context.Background(), library.Options{Paths: config.Paths{DB: filepath.Join(b.TempDir(), "kolom.db")}, Config: config.Default()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { lib.Close() })
	if err := librarytest.Fill(context.Background(), lib, librarytest.Spec{Feeds: 50, PerFeed: n / 50, Folders: []string{"Nederlands", "International"}}); err != nil {
		b.Fatal(err)
	}
	return lib
}

// benchRig is the root over a real library with commands run at once, as
// the program would run them, timers left out.
func benchRig(b *testing.B, lib Library) *Model {
	m := New(lib, Options{})
	m.c.timer = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	return m
}

func runAll(m *Model, cmd tea.Cmd) {
	r := &rig{m: m}
	r.run(cmd)
}

// BenchmarkFirstFrame is starting the reader on a library of 5,000 articles:
// New, the first load, and the first full View.
func BenchmarkFirstFrame5k(b *testing.B) { benchFirstFrame(b, 5000) }

// BenchmarkFirstFrame50k is the same with 50,000 articles.
func BenchmarkFirstFrame50k(b *testing.B) { benchFirstFrame(b, 50000) }

func benchFirstFrame(b *testing.B, n int) {
	lib := benchLibrary(b, n)
	for b.Loop() {
		if v, err := FirstFrame(lib, 120, 40); err != nil || len(v) == 0 {
			b.Fatal("no frame", err)
		}
	}
}

// BenchmarkOpenArticle is enter on an article: load, convert (first time),
// render and show. Cached: the same article again.
func BenchmarkOpenArticle(b *testing.B) {
	lib := benchLibrary(b, 5000)
	list, _ := lib.Articles(context.Background(), library.ArticleQuery{Limit: 5000})
	m := benchRig(b, lib)
	runAll(m, m.Init())
	runAll(m, func() tea.Msg { return tea.WindowSizeMsg{Width: 120, Height: 40} })
	i := 0 // across runs, so that every open is a first one
	open := func(e library.Entry) *readerScreen {
		runAll(m, func() tea.Msg { return openArticleMsg{entry: e, order: list} })
		r, ok := m.top().(*readerScreen)
		if !ok || !r.has {
			b.Fatal("not opened")
		}
		runAll(m, func() tea.Msg { return backMsg{} })
		return r
	}
	b.Run("first", func(b *testing.B) {
		for b.Loop() {
			open(list[i%len(list)])
			i++
		}
	})
	b.Run("cached", func(b *testing.B) {
		open(list[0])
		for b.Loop() {
			open(list[0])
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
			var fs [][2]string
			for i := range n {
				fs = append(fs, [2]string{srv.URL(fmt.Sprintf("/weg/%d", i)), fmt.Sprintf("Weg %d", i)})
			}
			if err := librarytest.AddFeeds(context.Background(), lib, fs...); err != nil {
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
