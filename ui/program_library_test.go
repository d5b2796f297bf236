package ui

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/internal/feedtest"
	"github.com/kolom/kolom/library"
)

// Flows that change the library: refresh, add, search, notes.

func TestRefreshShowsProgressAndNewArticles(t *testing.T) {
	f := newFixture(t)
	f.srv.Set("/mf", "application/rss+xml", feedtest.Spec{Title: "Marketingfacts", Site: "https://www.marketingfacts.nl/", Items: 8, Words: 100, Seed: 1,
		Base: time.Date(2026, 11, 24, 11, 0, 0, 0, time.UTC)}.Render())
	h := start(t, f.model(), 80, 24)
	h.until("the feeds", contains("Marketingfacts"))
	h.keys("R")
	s := h.until("the refresh to end", func(s snapshot) bool { return !s.refresh && strings.Contains(s.status, "Refreshed 4 feeds") })
	if !strings.Contains(s.status, "new articles") || !strings.Contains(s.status, "1 failed") {
		t.Errorf("status: %q", s.status)
	}
	h.until("Marketingfacts with its 8 articles", func(s snapshot) bool {
		for _, r := range s.feedRows {
			if r.kind == rowFeed && r.feed.Title == "Marketingfacts" {
				return r.feed.Total == 8
			}
		}
		return false
	})
}

func TestRefreshProgressIsVisibleWhileFeedsAreSlow(t *testing.T) {
	f := newFixture(t)
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		io.WriteString(w, feedtest.Spec{Title: "Traag", Site: "https://traag.nl/", Items: 2, Words: 50}.Render())
	}))
	defer slow.Close()
	defer close(release)
	subscribe(t, f.lib, f.dir, [3]string{slow.URL, "Traag", ""})
	h := start(t, f.model(), 80, 24)
	h.until("the feeds", contains("Traag"))
	h.keys("R")
	s := h.until("progress on 4 of 5 feeds", func(s snapshot) bool { return s.refresh && s.done == 4 && s.total == 5 })
	if !strings.Contains(s.view, "Refreshing") || !strings.Contains(s.view, "4/5 feeds") {
		t.Errorf("status line:\n%s", s.view)
	}
	// The reader still answers keys while the refresh waits on the network.
	h.keys("j", "enter")
	h.until("a list opened during the refresh", func(s snapshot) bool { return s.top == "articles" && s.refresh })
	release <- struct{}{}
	h.until("the refresh to end", func(s snapshot) bool { return !s.refresh && strings.Contains(s.status, "Refreshed 5 feeds") })
}

func TestAddFeedPrompt(t *testing.T) {
	f := newFixture(t)
	f.srv.Set("/seth", "application/rss+xml", feedtest.Spec{Title: "Seth's Blog", Site: "https://seths.blog/", Items: 3, Words: 80, Seed: 9}.Render())
	h := start(t, f.model(), 80, 24)
	h.until("the feeds", contains("Marketingfacts"))
	h.keys("a")
	h.until("the prompt", contains("Feed or site URL:"))
	h.tm.Type(f.srv.URL("/seth"))
	h.keys("enter")
	s := h.until("the new feed, selected", func(s snapshot) bool {
		return s.feedCursor < len(s.feedRows) && s.feedRows[s.feedCursor].label == "Seth's Blog"
	})
	if !strings.Contains(s.status, "Subscribed to Seth's Blog: 3 articles") {
		t.Errorf("status %q", s.status)
	}
	h.keys("a")
	h.until("the prompt", contains("Feed or site URL:"))
	h.tm.Type(f.srv.URL("/nergens"))
	h.keys("enter")
	h.until("the error", func(s snapshot) bool { return strings.Contains(s.status, "HTTP 404") || s.modal == modalOverlay })
}

func TestSearchNotesTagsAndSave(t *testing.T) {
	f := newFixture(t)
	h := start(t, f.model(), 100, 30)
	h.until("the feeds", contains("Marketingfacts"))
	h.keys("/")
	h.until("the search prompt", contains("Search:"))
	h.tm.Type("Column 2 author:\"Auteur 1\"")
	h.keys("enter")
	s := h.until("results", func(s snapshot) bool { return s.top == "articles" && len(s.items) >= 1 })
	if !strings.Contains(s.view, "Search: Column 2") || !strings.HasPrefix(s.items[0].Title, "Column 2") {
		t.Fatalf("results:\n%s", s.view)
	}
	h.keys("enter")
	s = h.until("the reader", inReader)
	id := s.article.ID

	// E writes a note (bookmarking the article), t sets tags, s saves a file.
	h.keys("E")
	h.until("the note editor", contains("Note"))
	h.tm.Type("Voor het deck van vrijdag")
	h.keys("ctrl+s")
	h.until("saved", func(s snapshot) bool { return strings.Contains(s.status, "Bookmark saved") })
	h.keys("t")
	noted := h.until("the tags prompt", contains("Tags:")).statusID
	h.tm.Type("deck, #Retail")
	h.keys("enter")
	h.until("tags saved", func(s snapshot) bool { return s.statusID > noted && strings.Contains(s.status, "Bookmark saved") })
	b, err := f.lib.BookmarkOf(context.Background(), id)
	if err != nil || b.Note != "Voor het deck van vrijdag" || strings.Join(b.Tags, ",") != "deck,retail" {
		t.Fatalf("bookmark: %+v %v", b, err)
	}
	h.keys("s")
	s = h.until("the file", func(s snapshot) bool { return strings.Contains(s.status, "Saved to ") })
	path := strings.TrimSpace(strings.TrimPrefix(s.status, "Saved to "))
	if data, err := os.ReadFile(path); err != nil || !strings.Contains(string(data), "# Column 2") || filepath.Dir(path) != filepath.Join(f.dir, "opgeslagen") {
		t.Errorf("saved %s: %v", path, err)
	}

	// The bookmarks list filters on tags.
	h.keys("esc", "esc")
	h.until("the feeds", func(s snapshot) bool { return s.top == "feeds" })
	h.selectFeed("Bookmarks")
	h.keys("enter")
	h.until("the bookmarks", func(s snapshot) bool {
		return s.top == "articles" && len(s.items) == 1 && strings.Contains(s.view, "#deck #retail")
	})
	h.keys("/")
	h.tm.Type("tag:nope")
	h.keys("enter")
	h.until("nothing", contains("Nothing matches"))
	h.keys("esc")
	h.keys("/")
	h.tm.Type("tag:ret")
	h.keys("enter")
	h.until("the tagged bookmark", contains("Column 2"))

	// A malformed search is a friendly message.
	h.keys("esc", "esc")
	h.until("the feeds", func(s snapshot) bool { return s.top == "feeds" })
	h.keys("/")
	h.tm.Type("\"open quote")
	h.keys("enter")
	h.until("the message", func(s snapshot) bool { return strings.Contains(s.status, "unbalanced quote") })
}

func TestNoteInEditor(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "editor")
	os.WriteFile(script, []byte("#!/bin/sh\nprintf 'Uit de editor' > \"$1\"\n"), 0o755)
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", script)
	f := newFixture(t)
	h := start(t, f.model(), 80, 24)
	h.until("the feeds", contains("Marketingfacts"))
	h.openFeed("Marketingfacts", 6)
	h.keys("E")
	h.until("the note editor", contains("Note"))
	h.tm.Send(tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl})
	h.until("the editor's text", contains("Uit de editor"))
	h.keys("ctrl+s")
	s := h.until("saved", func(s snapshot) bool { return strings.Contains(s.status, "Bookmark saved") })
	b, err := f.lib.BookmarkOf(context.Background(), s.items[0].ID)
	if err != nil || b.Note != "Uit de editor" {
		t.Errorf("note %q, %v", b.Note, err)
	}
}

func TestShowsArticlesARefreshFromAnotherProcessStored(t *testing.T) {
	f := newFixture(t)
	h := start(t, f.model(), 80, 24)
	h.until("the feeds", contains("Marketingfacts"))
	h.openFeed("Marketingfacts", 6)
	other, err := library.Open(context.Background(), library.Options{Paths: config.Paths{DB: filepath.Join(f.dir, "kolom.db")}, Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	f.srv.Set("/mf", "application/rss+xml", feedtest.Spec{Title: "Marketingfacts", Site: "https://www.marketingfacts.nl/", Items: 9, Words: 100, Seed: 1,
		Base: time.Date(2026, 11, 24, 11, 30, 0, 0, time.UTC)}.Render())
	// Meanwhile the reader marks articles read: both write, neither may see "database is locked".
	done := make(chan error)
	go func() {
		_, err := other.Refresh(context.Background(), nil, nil)
		done <- err
	}()
	for range 5 {
		h.keys("m", "j")
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s := h.until("the new articles without a key press", func(s snapshot) bool { return len(s.items) == 9 })
	if strings.Contains(s.status, "locked") {
		t.Errorf("status: %q", s.status)
	}
}

func TestRefreshCoalescesReloads(t *testing.T) {
	f := newFixture(t)
	var more [][3]string
	for i := range 120 {
		p := fmt.Sprintf("/c/%d", i)
		f.srv.Set(p, "application/rss+xml", feedtest.Spec{Title: fmt.Sprintf("Column %d", i), Site: "https://x.nl/", Items: 3, Words: 40, Seed: uint64(i)}.Render())
		more = append(more, [3]string{f.srv.URL(p), fmt.Sprintf("Column %d", i), ""})
	}
	subscribe(t, f.lib, f.dir, more...)
	m := f.model()
	m.c.opts.WatchEvery = time.Hour // only the refresh's own reloads are counted
	h := start(t, m, 80, 24)
	before := h.until("the feeds", func(s snapshot) bool { return len(s.feedRows) > 124 }).feedLoads
	began := time.Now()
	h.keys("R")
	s := h.until("the refresh to end", func(s snapshot) bool { return !s.refresh && strings.Contains(s.status, "Refreshed 124 feeds") })
	took := time.Since(began)
	if loads, most := s.feedLoads-before, 2+int(took/reloadEvery); loads > most {
		t.Errorf("%d reloads of the feed list in %v for 120 new feeds; at most %d", loads, took, most)
	}
	s = h.until("every new feed's articles in the list", func(s snapshot) bool {
		n := 0
		for _, r := range s.feedRows {
			if r.kind == rowFeed && strings.HasPrefix(r.feed.Title, "Column ") && r.feed.Total == 3 {
				n++
			}
		}
		return n == 120
	})
	// People count: Column 2 comes before Column 10.
	var order []string
	for _, r := range s.feedRows {
		if r.kind == rowFeed && strings.HasPrefix(r.label, "Column ") {
			order = append(order, r.label)
		}
	}
	if order[2] != "Column 2" || order[10] != "Column 10" {
		t.Errorf("feeds in the order %q…", order[:12])
	}
}
