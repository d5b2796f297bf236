package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/kolom/kolom/lang"
	"github.com/kolom/kolom/library"
)

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
	h.keys("j", "enter")
	s = h.until("the reader", inReader)
	if s.article.ID != s.items[1].ID || !strings.Contains(s.view, s.items[1].Title[:20]) {
		t.Errorf("opened article %d, want %d", s.article.ID, s.items[1].ID)
	}
	// N goes to the next unread without going back; the first was skipped over.
	h.keys("N")
	s = h.until("the next unread", func(s snapshot) bool { return s.article.ID == s.items[2].ID })
	h.keys("p")
	h.until("the previous", func(s snapshot) bool { return s.article.ID == s.items[1].ID })
	h.keys("esc")
	s = h.until("the list again", func(s snapshot) bool { return s.top == "articles" })
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
	h.until("the list filtered", func(s snapshot) bool {
		return !strings.Contains(s.view, "Column 2") && strings.Contains(s.view, "Column 3")
	})
	h.keys("esc")
	h.until("the filter cleared", contains("Column 2"))
	h.keys("q")
	h.until("the feeds again", func(s snapshot) bool { return s.top == "feeds" })
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
	// H hides what was read when the list was opened, not what is read on
	// the way: open the list again to hide the one just marked.
	h.keys("esc", "enter")
	s = h.until("read hidden", func(s snapshot) bool {
		return s.top == "articles" && len(s.items) == 4 && !strings.Contains(s.view, s.items[1].Title[:25])
	})
	if !strings.Contains(s.view, s.items[0].Title[:25]) {
		t.Errorf("unread article hidden too:\n%s", s.view)
	}
	h.keys("H", "M")
	h.until("all read", func(s snapshot) bool {
		for _, it := range s.items {
			if !it.Read {
				return false
			}
		}
		return strings.Contains(s.status, "Marked 3 articles read")
	})
	bs, _ := f.lib.Bookmarks(context.Background(), library.BookmarkQuery{})
	if len(bs) != 1 || bs[0].Markdown == "" {
		t.Fatalf("bookmarks: %+v", bs)
	}
}

func TestOpenInBrowserAndFeedError(t *testing.T) {
	f := newFixture(t)
	h := start(t, f.model(), 80, 24)
	h.until("the feeds", contains("Weg"))
	h.selectFeed("Weg")
	h.keys("e")
	s := h.until("the error overlay", contains("Last refresh failed"))
	if !strings.Contains(s.view, f.srv.URL("/gone")) || !strings.Contains(s.view, "HTTP 404") || !strings.Contains(s.view, "the feed is gone") {
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
	narrow := h.until("the reader", inReader)
	h.tm.Send(tea.WindowSizeMsg{Width: 160, Height: 45})
	wide := h.until("the wide layout", func(s snapshot) bool {
		return strings.Contains(s.view, "│") && longestLine(s.view) > 120 && strings.Contains(s.view, "min read")
	})
	if longestLine(narrow.view) > 80 {
		t.Errorf("narrow view has a line of %d columns", longestLine(narrow.view))
	}
	if !strings.Contains(wide.view, narrow.items[1].Title[:20]) {
		t.Errorf("no list beside the reader:\n%s", wide.view)
	}
}

func longestLine(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n = max(n, ansi.StringWidth(l))
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

// The goldens are the final model's View() content without styling, at the
// three sizes people use: 80×24, 120×40 (two panes) and 200×50; in Dutch
// (nl_…) at the first two, where its longer words must fit too.
func TestGoldenScreens(t *testing.T) {
	t.Cleanup(func() { lang.Use("en") })
	type step struct {
		keys []string
		wait func(snapshot) bool // the state the keys lead to, before the next step
	}
	onMarketingfacts := func(s snapshot) bool {
		return s.feedCursor < len(s.feedRows) && strings.HasPrefix(s.feedRows[s.feedCursor].label, "Marketingfacts")
	}
	mfList := func(s snapshot) bool { return s.top == "articles" && len(s.items) == 6 }
	for _, run := range []struct {
		lang, prefix, keys string
		sizes              [][2]int
	}{
		{"en", "", "Keys", [][2]int{{80, 24}, {120, 40}, {200, 50}}},
		{"nl", "nl_", "Toetsen", [][2]int{{80, 24}, {120, 40}}},
	} {
		if err := lang.Use(run.lang); err != nil {
			t.Fatal(err)
		}
		for _, size := range run.sizes {
			for _, tc := range []struct {
				name  string
				steps []step
			}{
				{"feeds", nil},
				{"articles", []step{{[]string{"j", "j", "j", "j", "j", "j"}, onMarketingfacts}, {[]string{"enter"}, mfList}}},
				{"reader", []step{{[]string{"j", "j", "j", "j", "j", "j"}, onMarketingfacts}, {[]string{"enter"}, mfList},
					{[]string{"enter"}, inReader}}},
				{"help", []step{{[]string{"?"}, contains(run.keys)}}},
			} {
				t.Run(fmt.Sprintf("%s%s_%dx%d", run.prefix, tc.name, size[0], size[1]), func(t *testing.T) {
					f := newFixture(t)
					h := start(t, f.model(), size[0], size[1])
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
}

func TestStartsAgainWhereItLeftOff(t *testing.T) {
	f := newFixture(t)
	h := start(t, f.model(), 80, 24)
	h.until("the feeds", contains("Marketingfacts"))
	h.openFeed("Marketingfacts", 6)
	h.keys("j", "j", "enter")
	s := h.until("the reader", inReader)
	want := s.article.ID
	h.keys("space")
	s = h.until("scrolled", func(s snapshot) bool { return !strings.Contains(s.view, "min read") })
	// The place is saved as it changes: no quit needed (a terminal closed
	// while reading ends the process without one).
	for deadline := time.Now().Add(waitLimit); ; time.Sleep(10 * time.Millisecond) {
		st, _ := f.lib.LoadUIState(context.Background())
		if st.Article == want && st.Offsets[want] > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the place was not saved: %+v", st)
		}
	}
	h.tm.Quit()

	h2 := start(t, f.model(), 80, 24)
	h2.until("the same article", func(s snapshot) bool { return s.top == "reader" && s.article.ID == want })
	h2.until("the same place", func(x snapshot) bool { return x.view == s.view })
	h2.keys("esc")
	s2 := h2.until("its list", func(s snapshot) bool { return s.top == "articles" && len(s.items) == 6 })
	if s2.items[s2.cursor].ID != want {
		t.Errorf("cursor on %d, want %d", s2.items[s2.cursor].ID, want)
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
	h.until("the reader", inReader)
	h.tm.Send(tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 10, Y: 5})
	h.tm.Send(tea.MouseWheelMsg{Button: tea.MouseWheelDown, X: 10, Y: 5})
	h.until("the article to scroll", func(s snapshot) bool { return !strings.Contains(s.view, "min read") })
}

// R with many feeds reloads the lists a few times a second, not once per
// feed (with 1,000 feeds that cost more CPU than the refresh itself), and
// the last reload shows what the refresh stored.
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
	h.until("the head of the article", func(s snapshot) bool { return s.top == "reader" && strings.Contains(s.view, "Artikel 3 over") })
	h.until("the whole article", func(s snapshot) bool { return s.readerLines > 3000 })
	h.keys("G")
	h.until("its last link", contains("Artikel 2999 over"))
}

// savesCounted counts the places a reader saves.
type savesCounted struct {
	*library.Library
	saves atomic.Int32
}

func (s *savesCounted) SaveUIState(ctx context.Context, st library.UIState) error {
	s.saves.Add(1)
	return s.Library.SaveUIState(ctx, st)
}

// The terminal closing (SIGHUP), kill (SIGTERM) and ^C from outside
// (SIGINT) end the reader through its own quit: the place is saved and the
// program returns, so the terminal is restored.
func TestSignalsSaveThePlaceAndEnd(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			f := newFixture(t)
			lib := &savesCounted{Library: f.lib}
			in, _ := io.Pipe() // a terminal that never types
			defer in.Close()
			sigs := make(chan os.Signal, 1)
			sigs <- sig
			done := make(chan error)
			go func() {
				done <- run(context.Background(), lib, Options{Now: func() time.Time { return testNow }}, sigs,
					tea.WithInput(in), tea.WithOutput(io.Discard), tea.WithWindowSize(80, 24))
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(waitLimit):
				t.Fatal("the reader did not stop")
			}
			if lib.saves.Load() == 0 {
				t.Error("the reader's place was not saved")
			}
		})
	}
}

// BrowserCommand and StartBrowser hand the link over as one argument.
func TestBrowserGetsTheLinkAsOneArgument(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "browser")
	out := filepath.Join(dir, "args")
	os.WriteFile(script, []byte("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > "+out+".part && mv "+out+".part "+out+"\n"), 0o755)
	t.Setenv("BROWSER", script+" --new-window")
	pwned := filepath.Join(dir, "pwned")
	link := "https://x.nl/a?q=$(touch " + pwned + ")&b=`touch " + pwned + "`;touch " + pwned
	if err := StartBrowser(link); err != nil {
		t.Fatal(err)
	}
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
}
