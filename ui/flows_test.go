package ui

import (
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/internal/feedtest"
	"github.com/kolom/kolom/lang"
	"github.com/kolom/kolom/library"
)

// End-to-end flows: the reader as a program, over a real library filled
// from a loopback server.

func TestMain(m *testing.M) {
	time.Local = time.UTC // dates in goldens
	os.Unsetenv("NO_COLOR")
	os.Exit(m.Run())
}

var testNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// allowedEscape is what may reach the terminal: SGR styling and OSC 8 links.
var allowedEscape = regexp.MustCompile(`\x1b\[[0-9;:]*m|\x1b\]8;[^\x1b\x07]*(\x1b\\|\x07)`)

// fixture is a library filled from a loopback server: two Dutch feeds in a
// folder, one feed with hostile text, and one that fails.
type fixture struct {
	srv    *feedtest.Server
	lib    *library.Library
	dir    string
	opened []string
}

// subscribe adds feeds the way a person's OPML file does.
func subscribe(t testing.TB, lib *library.Library, dir string, outlines ...[3]string) {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>`)
	for _, o := range outlines { // url, title, folder
		line := fmt.Sprintf(`<outline type="rss" text=%q xmlUrl=%q/>`, html.EscapeString(o[1]), html.EscapeString(o[0]))
		if o[2] != "" {
			line = fmt.Sprintf(`<outline text=%q>%s</outline>`, o[2], line)
		}
		b.WriteString(line)
	}
	b.WriteString(`</body></opml>`)
	path := filepath.Join(dir, fmt.Sprintf("feeds-%d.opml", time.Now().UnixNano()))
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Import(context.Background(), path); err != nil {
		t.Fatal(err)
	}
}

func newFixture(t testing.TB) *fixture {
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
	subscribe(t, lib, dir,
		[3]string{srv.URL("/mf"), "Marketingfacts", "Nederlands"},
		[3]string{srv.URL("/fw"), "Frankwatching", "Nederlands"},
		[3]string{srv.URL("/evil"), "", ""},
		[3]string{srv.URL("/gone"), "Weg", ""})
	if _, err := lib.Refresh(context.Background(), nil, nil); err != nil {
		t.Fatal(err)
	}
	return &fixture{srv: srv, lib: lib, dir: dir}
}

func (f *fixture) model() *Model {
	return New(f.lib, Options{Now: func() time.Time { return testNow }, OpenURL: func(u string) error {
		f.opened = append(f.opened, u)
		return nil
	}, WatchEvery: 20 * time.Millisecond, StatusFor: time.Hour, MinInterval: -1, SaveEvery: 10 * time.Millisecond})
}

// probe wraps the model so a test can look at it from inside the program's
// goroutine: no data race, no reading the flaky output stream.
type probe struct {
	*Model
	ch chan snapshot
}

type probeMsg struct{}

// snapshot is what a test sees of the reader at one moment.
type snapshot struct {
	top         string // feeds, articles, reader
	view        string // View content without styling
	raw         string // View content as drawn
	status      string
	statusID    int
	modal       modalKind
	article     library.Article // the reader's
	items       []library.Entry // the open list's
	cursor      int
	feedRows    []feedRow
	feedCursor  int
	feedLoads   int
	refresh     bool
	done, total int
	readerLines int
}

func (p probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(probeMsg); ok {
		p.ch <- p.snapshot()
		return p, nil
	}
	_, cmd := p.Model.Update(msg)
	return p, cmd
}

func (p probe) snapshot() snapshot {
	m := p.Model
	raw := m.content()
	s := snapshot{view: ansi.Strip(raw), raw: raw, status: m.status, statusID: m.statusID, modal: m.modal,
		refresh: m.refresh.running, done: m.refresh.done, total: m.refresh.total}
	for _, sc := range m.stack {
		switch sc := sc.(type) {
		case *feedsScreen:
			s.top, s.feedRows, s.feedCursor, s.feedLoads = "feeds", append([]feedRow(nil), sc.rows...), sc.cursor, sc.gen
		case *articlesScreen:
			s.top, s.items, s.cursor = "articles", append([]library.Entry(nil), sc.items...), sc.cursor
			for i := range s.items {
				f := m.c.flags.of(s.items[i])
				s.items[i].Read, s.items[i].Bookmarked = f.read, f.bookmarked
			}
		case *readerScreen:
			s.top, s.article, s.readerLines = "reader", sc.art, sc.vp.TotalLineCount()
		}
	}
	return s
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

// selectFeed moves the cursor down the feeds list to the row called name.
func (h *harness) selectFeed(name string) {
	h.t.Helper()
	h.keys("g")
	for range 200 {
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
		return s.top == "articles" && len(s.items) == items && strings.Contains(s.view, name)
	})
}

func contains(s string) func(snapshot) bool {
	return func(x snapshot) bool { return strings.Contains(x.view, s) }
}

func inReader(s snapshot) bool {
	return s.top == "reader" && strings.Contains(s.view, lang.ReadingTime(1)[1:]) // " min read", " min lezen"
}
