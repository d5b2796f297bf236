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
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/internal/feedtest"
	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/store"
)

func TestMain(m *testing.M) {
	time.Local = time.UTC // dates in goldens
	os.Unsetenv("NO_COLOR")
	os.Exit(m.Run())
}

var testNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// fixture is a library filled from a loopback server: two Dutch feeds in a
// folder, one feed with hostile text, and one that fails.
type fixture struct {
	srv    *feedtest.Server
	lib    *library.Library
	dir    string
	opened []string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	srv := feedtest.NewServer()
	t.Cleanup(srv.Close)
	base := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	srv.Set("/mf", "application/rss+xml", feedtest.Spec{Title: "Marketingfacts", Site: "https://www.marketingfacts.nl/", Items: 6, Words: 600, Seed: 1, Base: base}.Render())
	srv.Set("/fw", "application/atom+xml", feedtest.Spec{Title: "Frankwatching", Site: "https://www.frankwatching.com/", Items: 4, Words: 300, Atom: true, Seed: 2, Base: base.Add(-time.Hour)}.Render())
	srv.Set("/evil", "application/rss+xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Evil \x1b]0;pwn\x07 feed</title><link>https://x.nl/</link>"+
		"<item><title>Klik \x1b[2J &#x1b;]52;c;ZWNobw==&#7; hier \u202eom</title><link>https://x.nl/a</link><guid>e1</guid><pubDate>Sun, 22 Nov 2026 10:00:00 +0000</pubDate>"+
		"<author>x@x.nl (Jan \x1b[5m)</author><description><![CDATA[<p>"+strings.Repeat("tekst ", 200)+"\x1b[31m rood &#155;</p>]]></description></item></channel></rss>")
	dir := t.TempDir()
	cfg := config.Default()
	cfg.Timeout = 2 * time.Minute // no test may end on a busy machine's clock
	cfg.SaveDir = filepath.Join(dir, "opgeslagen")
	lib, err := library.Open(context.Background(), library.Options{Paths: config.Paths{DB: filepath.Join(dir, "kolom.db")}, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	ctx := context.Background()
	if _, err := lib.Store().AddFeeds(ctx, []store.NewFeed{
		{URL: srv.URL("/mf"), Title: "Marketingfacts", Folder: "Nederlands"},
		{URL: srv.URL("/fw"), Title: "Frankwatching", Folder: "Nederlands"},
		{URL: srv.URL("/evil"), Title: ""},
		{URL: srv.URL("/gone"), Title: "Weg"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Refresh(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	return &fixture{srv: srv, lib: lib, dir: dir}
}

func (f *fixture) model() *Model {
	return New(f.lib, Options{Now: func() time.Time { return testNow }, OpenURL: func(u string) error {
		f.opened = append(f.opened, u)
		return nil
	}, WatchEvery: 20 * time.Millisecond, StatusFor: time.Hour, MinInterval: -1})
}

// probe wraps the model so a test can look at it from inside the program's
// goroutine: no data race, no reading the flaky output stream.
type probe struct {
	*Model
	ch chan snapshot
}

type probeMsg struct{}

type snapshot struct {
	screen      screen
	view        string // View content without styling
	raw         string // View content as drawn
	status      string
	article     library.Article
	items       []store.Article
	cursor      int
	refresh     bool
	done        int
	total       int
	feedRows    []feedRow
	feedCursor  int
	statusID    int // counts status messages: a wait for a new one
	feedLoads   int // lists of feeds asked for so far
	readerLines int // of the article as rendered so far
}

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(probeMsg); ok {
		raw := p.Model.content()
		p.ch <- snapshot{p.screen, ansi.Strip(raw), raw, p.status, p.reader.article, append([]store.Article(nil), p.articles.items...),
			p.articles.cursor, p.refreshing, p.refreshDone, p.refreshTotal, append([]feedRow(nil), p.feeds.rows...), p.feeds.cursor, p.statusID, p.feedsAsked, p.reader.vp.TotalLineCount()}
		return p, nil
	}
	_, cmd := p.Model.Update(msg)
	return p, cmd
}

type harness struct {
	t  testing.TB
	tm *teatest.TestModel
	ch chan snapshot
	m  *Model
}

func start(t testing.TB, m *Model, w, h int) *harness {
	t.Helper()
	ch := make(chan snapshot)
	tm := teatest.NewTestModel(t, probe{m, ch}, teatest.WithInitialTermSize(w, h))
	t.Cleanup(func() { tm.Quit() })
	return &harness{t, tm, ch, m}
}

// waitLimit only ends a test that is stuck: waits are on the model's state,
// and a busy machine may take long to reach it.
const waitLimit = 2 * time.Minute

func (h *harness) snap() snapshot {
	h.t.Helper()
	go h.tm.Send(probeMsg{})
	select {
	case s := <-h.ch:
		return s
	case <-time.After(waitLimit):
		h.t.Fatal("the program did not answer")
	}
	return snapshot{}
}

// until polls the model until ok holds.
func (h *harness) until(what string, ok func(snapshot) bool) snapshot {
	h.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		s := h.snap()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("waited for %s; screen is:\n%s\nstatus: %q", what, s.view, s.status)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (h *harness) keys(keys ...string) {
	for _, k := range keys {
		h.tm.Send(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// selectFeed moves the cursor down the feeds list to the row called name.
func (h *harness) selectFeed(name string) {
	h.t.Helper()
	h.keys("g")
	for range 20 {
		s := h.snap()
		if s.feedCursor < len(s.feedRows) && strings.HasPrefix(s.feedRows[s.feedCursor].label, name) {
			return
		}
		h.keys("j")
	}
	h.t.Fatalf("no feed %q in the list", name)
}

// openFeed opens the articles of the feed called name.
func (h *harness) openFeed(name string, items int) snapshot {
	h.t.Helper()
	h.selectFeed(name)
	h.keys("enter")
	return h.until(name+" list", func(s snapshot) bool {
		return s.screen == articlesScreen && len(s.items) == items && strings.Contains(s.view, name)
	})
}

func contains(s string) func(snapshot) bool {
	return func(x snapshot) bool { return strings.Contains(x.view, s) }
}

func TestNavigateOpenBackNextUnread(t *testing.T) {
	f := newFixture(t)
	h := start(t, f.model(), 80, 24)
	s := h.until("the feeds", contains("Marketingfacts"))
	for _, want := range []string{"All unread", "Bookmarks", "Nederlands", "Frankwatching", "Weg", "! Weg"} {
		if !strings.Contains(s.view, want) {
			t.Errorf("feeds screen lacks %q:\n%s", want, s.view)
		}
	}
	s = h.openFeed("Marketingfacts", 6)
	if s.items[0].FeedTitle != "Marketingfacts" {
		t.Fatalf("opened %q", s.items[0].FeedTitle)
	}
	h.keys("j", "enter")
	s = h.until("the reader", func(s snapshot) bool { return s.screen == readerScreen && strings.Contains(s.view, "min read") })
	if s.article.ID != s.items[1].ID || !strings.Contains(s.view, s.items[1].Title[:20]) {
		t.Errorf("opened article %d, want %d", s.article.ID, s.items[1].ID)
	}
	// N goes to the next unread without going back; the first was skipped over.
	h.keys("N")
	s = h.until("the next unread", func(s snapshot) bool { return s.article.ID == s.items[2].ID })
	h.keys("p")
	h.until("the previous", func(s snapshot) bool { return s.article.ID == s.items[1].ID })
	h.keys("esc")
	s = h.until("the list again", func(s snapshot) bool { return s.screen == articlesScreen })
	read := 0
	for _, it := range s.items {
		if it.Read {
			read++
		}
	}
	if read != 2 {
		t.Errorf("%d articles read after opening two", read)
	}
	h.keys("/")
	h.tm.Type("Column 3")
	h.keys("enter")
	s = h.until("the list filtered", func(s snapshot) bool {
		return !strings.Contains(s.view, "Column 2") && strings.Contains(s.view, "Column 3")
	})
	h.keys("esc")
	h.until("the filter cleared", contains("Column 2"))
	h.keys("q")
	h.until("the feeds again", func(s snapshot) bool { return s.screen == feedsScreen })
}

func TestBookmarkMarkReadHideRead(t *testing.T) {
	f := newFixture(t)
	h := start(t, f.model(), 80, 24)
	h.until("the feeds", contains("Frankwatching"))
	h.openFeed("Frankwatching", 4)
	h.keys("b")
	h.until("bookmarked", func(s snapshot) bool { return s.items[0].Bookmarked && strings.Contains(s.view, "★") })
	h.keys("j", "m")
	s := h.until("marked read", func(s snapshot) bool { return s.items[1].Read })
	h.keys("H")
	s = h.until("read hidden", func(s snapshot) bool { return !strings.Contains(s.view, s.items[1].Title[:25]) })
	if !strings.Contains(s.view, s.items[0].Title[:25]) {
		t.Errorf("unread article hidden too:\n%s", s.view)
	}
	h.keys("M")
	h.until("all read", func(s snapshot) bool {
		for _, it := range s.items {
			if !it.Read {
				return false
			}
		}
		return true
	})
	bs, _ := f.lib.Bookmarks(context.Background(), store.BookmarkQuery{})
	if len(bs) != 1 || bs[0].Markdown == "" {
		t.Fatalf("bookmarks: %+v", bs)
	}
	// The bookmark survives unsubscribing its feed and stays readable.
	fw, _ := f.lib.FindFeed(context.Background(), "Frankwatching")
	if _, err := f.lib.Remove(context.Background(), fmt.Sprint(fw.ID)); err != nil {
		t.Fatal(err)
	}
	a, err := f.lib.Article(context.Background(), bs[0].ArticleID)
	if err != nil || !strings.Contains(a.Markdown, strings.Fields(bs[0].Markdown)[0]) {
		t.Errorf("bookmarked article not readable after unsubscribe: %v", err)
	}
}

func TestRefreshShowsProgressAndNewArticles(t *testing.T) {
	f := newFixture(t)
	f.srv.Set("/mf", "application/rss+xml", feedtest.Spec{Title: "Marketingfacts", Site: "https://www.marketingfacts.nl/", Items: 8, Words: 100, Seed: 1,
		Base: time.Date(2026, 11, 24, 11, 0, 0, 0, time.UTC)}.Render())
	h := start(t, f.model(), 80, 24)
	h.until("the feeds", contains("Marketingfacts"))
	h.keys("R")
	s := h.until("progress", func(s snapshot) bool { return s.refresh || strings.Contains(s.status, "Refreshed") })
	if s.refresh && !strings.Contains(s.view, "feeds") {
		t.Errorf("no progress in the status line:\n%s", s.view)
	}
	s = h.until("the refresh to end", func(s snapshot) bool { return !s.refresh && strings.Contains(s.status, "Refreshed 4 feeds") })
	if !strings.Contains(s.status, "new articles") || !strings.Contains(s.status, "1 failed") {
		t.Errorf("status: %q", s.status)
	}
	// The list reloads after the last feed is stored: wait for it.
	h.until("Marketingfacts with its 8 articles", func(s snapshot) bool {
		for _, r := range s.feedRows {
			if r.kind == rowFeed && r.feed.Title == "Marketingfacts" {
				return r.feed.Total == 8
			}
		}
		return false
	})
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
	s := h.until("the new feed", contains("Seth's Blog"))
	if !strings.Contains(s.status, "Subscribed to Seth's Blog: 3 articles") {
		t.Errorf("status %q", s.status)
	}
	h.keys("a")
	h.until("the prompt", contains("Feed or site URL:"))
	h.tm.Type(f.srv.URL("/nergens"))
	h.keys("enter")
	h.until("the error", func(s snapshot) bool { return strings.Contains(s.status, "HTTP 404") })
}

func TestOpenInBrowserAndFeedError(t *testing.T) {
	f := newFixture(t)
	h := start(t, f.model(), 80, 24)
	h.until("the feeds", contains("Weg"))
	h.selectFeed("Weg")
	h.keys("e")
	s := h.until("the error overlay", contains("Last refresh failed"))
	if !strings.Contains(s.view, f.srv.URL("/gone")) || !strings.Contains(s.view, "HTTP 404") {
		t.Errorf("overlay:\n%s", s.view)
	}
	h.keys("esc")
	s = h.openFeed("Marketingfacts", 6)
	h.keys("o")
	h.until("the browser", func(s snapshot) bool { return strings.Contains(s.status, "Opened") })
	if len(f.opened) != 1 || f.opened[0] != s.items[0].URL {
		t.Errorf("opened %q", f.opened)
	}
}

func TestResizeReflowsTheArticle(t *testing.T) {
	f := newFixture(t)
	h := start(t, f.model(), 80, 24)
	h.until("the feeds", contains("Marketingfacts"))
	h.openFeed("Marketingfacts", 6)
	h.keys("enter")
	narrow := h.until("the reader", func(s snapshot) bool { return strings.Contains(s.view, "min read") })
	h.tm.Send(tea.WindowSizeMsg{Width: 160, Height: 45})
	wide := h.until("the wide layout", func(s snapshot) bool {
		return strings.Contains(s.view, "│") && longestLine(s.view) > 120 && strings.Contains(s.view, "min read")
	})
	if longestLine(narrow.view) > 80 {
		t.Errorf("narrow view has a line of %d columns", longestLine(narrow.view))
	}
	// The list is beside the reader now.
	if !strings.Contains(wide.view, narrow.items[1].Title[:20]) {
		t.Errorf("no list beside the reader:\n%s", wide.view)
	}
}

func longestLine(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n = max(n, len([]rune(l)))
	}
	return n
}

func TestHostileTextNeverLeaks(t *testing.T) {
	f := newFixture(t)
	h := start(t, f.model(), 160, 45)
	check := func(s snapshot, where string) {
		t.Helper()
		rest := allowedEscape.ReplaceAllString(s.raw, "")
		for _, c := range rest {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 && c <= 0x9f || c >= 0x202a && c <= 0x202e {
				t.Fatalf("%s: %U leaked:\n%q", where, c, s.raw)
			}
		}
	}
	s := h.until("the feeds", contains("Evil"))
	check(s, "feeds")
	s = h.openFeed("Evil", 1)
	check(s, "articles")
	h.keys("enter")
	s = h.until("the reader", func(s snapshot) bool { return strings.Contains(s.view, "rood") })
	check(s, "reader")
}

// The goldens are the final model's View() content without styling.
func TestGoldenScreens(t *testing.T) {
	type step struct {
		keys []string
		wait func(snapshot) bool // the state the keys lead to, before the next step
	}
	onMarketingfacts := func(s snapshot) bool {
		return s.feedCursor < len(s.feedRows) && strings.HasPrefix(s.feedRows[s.feedCursor].label, "Marketingfacts")
	}
	mfList := func(s snapshot) bool { return s.screen == articlesScreen && len(s.items) == 6 }
	for _, size := range [][2]int{{80, 24}, {160, 45}} {
		for _, tc := range []struct {
			name  string
			steps []step
		}{
			{"feeds", nil},
			{"articles", []step{{[]string{"j", "j", "j", "j", "j"}, onMarketingfacts}, {[]string{"enter"}, mfList}}},
			{"reader", []step{{[]string{"j", "j", "j", "j", "j"}, onMarketingfacts}, {[]string{"enter"}, mfList},
				{[]string{"enter"}, func(s snapshot) bool { return s.screen == readerScreen && strings.Contains(s.view, "min read") }}}},
			{"help", []step{{[]string{"?"}, contains("Keys")}}},
		} {
			t.Run(fmt.Sprintf("%s_%dx%d", tc.name, size[0], size[1]), func(t *testing.T) {
				f := newFixture(t)
				m := f.model()
				h := start(t, m, size[0], size[1])
				h.until("the feeds", contains("Frankwatching"))
				for i, st := range tc.steps {
					h.keys(st.keys...)
					h.until(fmt.Sprintf("step %d (%v)", i+1, st.keys), st.wait)
				}
				h.keys("ctrl+c")
				final := h.tm.FinalModel(t, teatest.WithFinalTimeout(waitLimit)).(probe)
				out := ansi.Strip(final.Model.content())
				out = strings.ReplaceAll(out, f.srv.URL(""), "http://feeds.test") // the port changes per run
				golden.RequireEqual(t, out)
			})
		}
	}
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
	if _, err := f.lib.Store().AddFeed(context.Background(), store.NewFeed{URL: slow.URL, Title: "Traag"}); err != nil {
		t.Fatal(err)
	}
	h := start(t, f.model(), 80, 24)
	h.until("the feeds", contains("Traag"))
	h.keys("R")
	s := h.until("progress on 4 of 5 feeds", func(s snapshot) bool { return s.refresh && s.done == 4 && s.total == 5 })
	if !strings.Contains(s.view, "Refreshing") || !strings.Contains(s.view, "4/5 feeds") {
		t.Errorf("status line:\n%s", s.view)
	}
	// The reader still answers keys while the refresh waits on the network.
	h.keys("j", "enter")
	h.until("a list opened during the refresh", func(s snapshot) bool { return s.screen == articlesScreen && s.refresh })
	release <- struct{}{}
	h.until("the refresh to end", func(s snapshot) bool { return !s.refresh && strings.Contains(s.status, "Refreshed 5 feeds") })
}

func TestStartsAgainWhereItLeftOff(t *testing.T) {
	f := newFixture(t)
	h := start(t, f.model(), 80, 24)
	h.until("the feeds", contains("Marketingfacts"))
	h.openFeed("Marketingfacts", 6)
	h.keys("j", "j", "enter")
	s := h.until("the reader", func(s snapshot) bool { return strings.Contains(s.view, "min read") })
	want := s.article.ID
	h.keys("space")
	s = h.until("scrolled", func(s snapshot) bool { return !strings.Contains(s.view, "min read") })
	h.keys("ctrl+c")
	h.tm.WaitFinished(t, teatest.WithFinalTimeout(waitLimit))

	h2 := start(t, f.model(), 80, 24)
	s2 := h2.until("the same article", func(s snapshot) bool { return s.screen == readerScreen && s.article.ID == want })
	s2 = h2.until("the same place", func(x snapshot) bool { return x.view == s.view })
	h2.keys("esc")
	s2 = h2.until("its list", func(s snapshot) bool { return s.screen == articlesScreen && len(s.items) == 6 })
	if s2.items[s2.cursor].ID != want {
		t.Errorf("cursor on %d, want %d", s2.items[s2.cursor].ID, want)
	}
}

func TestBrowserGetsTheLinkAsOneArgument(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "browser")
	out := filepath.Join(dir, "args")
	// Written aside and moved into place, so the test never reads half of it.
	os.WriteFile(script, []byte("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > "+out+".part && mv "+out+".part "+out+"\n"), 0o755)
	t.Setenv("BROWSER", script+" --new-window")
	pwned := filepath.Join(dir, "pwned")
	link := "https://x.nl/a?q=$(touch " + pwned + ")&b=`touch " + pwned + "`;touch " + pwned
	if err := StartBrowser(link); err != nil {
		t.Fatal(err)
	}
	// The browser runs on its own; wait for what it wrote.
	var got []byte
	for deadline := time.Now().Add(waitLimit); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if got, _ = os.ReadFile(out); len(got) > 0 {
			break
		}
	}
	if string(got) != "--new-window\n"+link+"\n" {
		t.Errorf("browser got %q", got)
	}
	if _, err := os.Stat(pwned); err == nil {
		t.Error("the link ran a command")
	}
	if err := checkWebURL("javascript:alert(1)"); err == nil {
		t.Error("javascript: link accepted")
	}
	if err := checkWebURL("file:///etc/passwd"); err == nil {
		t.Error("file: link accepted")
	}
}

func TestMouseWheelMovesAndScrolls(t *testing.T) {
	f := newFixture(t)
	h := start(t, f.model(), 80, 24)
	h.until("the feeds", contains("Marketingfacts"))
	s := h.openFeed("Marketingfacts", 6)
	first := s.cursor
	h.tm.Send(tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 10, Y: 5})
	h.until("the cursor to move", func(s snapshot) bool { return s.cursor != first })
	h.keys("enter")
	h.until("the reader", contains("min read"))
	h.tm.Send(tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 10, Y: 5})
	h.tm.Send(tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 10, Y: 5})
	h.until("the article to scroll", func(s snapshot) bool { return !strings.Contains(s.view, "min read") })
}

func TestSearchNotesTagsAndSave(t *testing.T) {
	f := newFixture(t)
	h := start(t, f.model(), 100, 30)
	h.until("the feeds", contains("Marketingfacts"))
	// / on the feeds screen searches the whole library.
	h.keys("/")
	h.until("the search prompt", contains("Search:"))
	h.tm.Type("Column 2 author:\"Auteur 1\"")
	h.keys("enter")
	s := h.until("results", func(s snapshot) bool { return s.screen == articlesScreen && len(s.items) >= 1 })
	if !strings.Contains(s.view, "Search: Column 2") || !strings.HasPrefix(s.items[0].Title, "Column 2") {
		t.Fatalf("results:\n%s", s.view)
	}
	h.keys("enter")
	s = h.until("the reader", contains("min read"))
	id := s.article.ID

	// E writes a note (bookmarking the article), t sets tags, s saves a file.
	h.keys("E")
	h.until("the note editor", contains("Note"))
	h.tm.Type("Voor het deck van vrijdag")
	h.tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	h.until("saved", func(s snapshot) bool { return strings.Contains(s.status, "Bookmark saved") })
	h.keys("t")
	noted := h.until("the tags prompt", contains("Tags:")).statusID
	h.tm.Type("deck, #Retail")
	h.keys("enter")
	// The note's "Bookmark saved" is still showing: wait for the next one.
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
	h.until("the feeds", func(s snapshot) bool { return s.screen == feedsScreen })
	h.selectFeed("Bookmarks")
	h.keys("enter")
	h.until("the bookmarks", func(s snapshot) bool {
		return s.screen == articlesScreen && len(s.items) == 1 && strings.Contains(s.view, "#deck #retail")
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
	h.until("the feeds", func(s snapshot) bool { return s.screen == feedsScreen })
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
	h.tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
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
	// kolom refresh from cron: its own library handle on the same file.
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

// R with many feeds reloads the lists a few times a second, not once per
// feed (with 1,000 feeds that cost more CPU than the refresh itself), and
// the last reload shows what the refresh stored.
func TestRefreshCoalescesReloads(t *testing.T) {
	f := newFixture(t)
	var more []store.NewFeed
	for i := range 120 {
		p := fmt.Sprintf("/c/%d", i)
		f.srv.Set(p, "application/rss+xml", feedtest.Spec{Title: fmt.Sprintf("Column %d", i), Site: "https://x.nl/", Items: 3, Words: 40, Seed: uint64(i)}.Render())
		more = append(more, store.NewFeed{URL: f.srv.URL(p), Title: fmt.Sprintf("Column %d", i)})
	}
	if _, err := f.lib.Store().AddFeeds(context.Background(), more); err != nil {
		t.Fatal(err)
	}
	m := f.model()
	m.opts.WatchEvery = time.Hour // only the refresh's own reloads are counted
	h := start(t, m, 80, 24)
	before := h.until("the feeds", func(s snapshot) bool { return len(s.feedRows) > 124 }).feedLoads
	began := time.Now()
	h.keys("R")
	s := h.until("the refresh to end", func(s snapshot) bool { return !s.refresh && strings.Contains(s.status, "Refreshed 124 feeds") })
	took := time.Since(began)
	if loads, most := s.feedLoads-before, 2+int(took/reloadEvery); loads > most {
		t.Errorf("%d reloads of the feed list in %v for 120 new feeds; at most %d", loads, took, most)
	}
	h.until("every new feed's articles in the list", func(s snapshot) bool {
		n := 0
		for _, r := range s.feedRows {
			if r.kind == rowFeed && strings.HasPrefix(r.feed.Title, "Column ") && r.feed.Total == 3 {
				n++
			}
		}
		return n == 120
	})
}

// An article of thousands of links (a year's link archive) opens at once
// with its head, and the whole follows without a key press. (3,000 links
// prove it; BenchmarkLongList measures 10,000.)
func TestLongArticleOpensWithItsHeadFirst(t *testing.T) {
	f := newFixture(t)
	var b strings.Builder
	b.WriteString("<p>Alle links van het jaar.</p><ul>")
	for i := range 3000 {
		fmt.Fprintf(&b, `<li><a href="https://x.nl/artikel/%d">Artikel %d over marketing</a></li>`, i, i)
	}
	b.WriteString("</ul>")
	f.srv.Set("/links", "application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Links</title><link>https://x.nl/</link>`+
		`<item><title>Het linkarchief</title><link>https://x.nl/archief</link><guid>l1</guid><pubDate>Mon, 23 Nov 2026 10:00:00 +0000</pubDate>`+
		`<description><![CDATA[`+b.String()+`]]></description></item></channel></rss>`)
	if _, err := f.lib.Add(context.Background(), f.srv.URL("/links"), "", ""); err != nil {
		t.Fatal(err)
	}
	h := start(t, f.model(), 80, 24)
	h.until("the feeds", contains("Links"))
	h.openFeed("Links", 1)
	h.keys("enter")
	h.until("the head of the article", func(s snapshot) bool { return s.screen == readerScreen && strings.Contains(s.view, "Artikel 3 over") })
	h.until("the whole article", func(s snapshot) bool { return s.readerLines > 3000 })
	h.keys("G")
	h.until("its last link", contains("Artikel 2999 over"))
}
