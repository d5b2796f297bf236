package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/library"
)

// Each screen and the root as pure models over the fake library.

func twoColumns() *fakeLib {
	l := newFakeLib()
	l.column("Marketingfacts", "Annemiek de Vries", 5)
	l.column("CustomerTalk", "Berry Veldhoen", 3)
	return l
}

// openRow moves the feeds cursor to the row starting with name and opens it.
func (r *rig) openRow(name string) {
	r.t.Helper()
	r.keys("g")
	f := r.m.stack[0].(*feedsScreen)
	for range len(f.rows) {
		if row, ok := f.selected(); ok && strings.HasPrefix(row.label, name) {
			r.keys("enter")
			return
		}
		r.keys("j")
	}
	r.t.Fatalf("no row %q", name)
}

func (r *rig) list() *articlesScreen {
	r.t.Helper()
	if i := r.m.listIndex(); i >= 0 {
		if a, ok := r.m.stack[i].(*articlesScreen); ok {
			return a
		}
	}
	r.t.Fatalf("no list open; screen:\n%s", r.view())
	return nil
}

func (r *rig) reader() *readerScreen {
	r.t.Helper()
	if rd, ok := r.top().(*readerScreen); ok {
		return rd
	}
	r.t.Fatalf("the reader is not open; screen:\n%s", r.view())
	return nil
}

func TestNextWalksAllUnreadAsItWasOpened(t *testing.T) {
	for _, width := range []int{80, 120} {
		l := twoColumns()
		r := newRig(t, l, width, 30)
		r.openRow("All unread")
		if n := len(r.list().items); n != 8 {
			t.Fatalf("%d unread, want 8", n)
		}
		r.keys("enter")
		first := r.reader().art
		order := r.list().order()
		r.keys("n")
		r.send(libraryChangedMsg{}) // the watcher sees the reads stored: the list reloads
		r.keys("n")
		if got := r.reader().art.ID; got != order[2].ID {
			t.Fatalf("n n opened %d, want the third of the list %d (first %d)", got, order[2].ID, first.ID)
		}
		// Read articles stay in the list, and the list's cursor is on the
		// article the reader shows (in two panes, side by side).
		if n := len(r.list().items); n != 8 {
			t.Errorf("%d: the list lost read articles: %d left", width, n)
		}
		if sel, _ := r.list().selected(); sel.ID != r.reader().art.ID {
			t.Errorf("%d: the list shows %q, the reader %q", width, sel.Title, r.reader().art.Title)
		}
		// Back in the list, everything read is still there, marked read.
		r.keys("esc")
		a := r.list()
		if rows := strings.Count(a.View(a.width, a.height), "column"); rows != 8 {
			t.Errorf("%d: %d rows left in the list:\n%s", width, rows, r.view())
		}
		if f := r.m.c.flags.of(first.Entry); !f.read {
			t.Errorf("%d: the article opened is not read", width)
		}
	}
}

func TestNextUnreadWrapsAndSaysSo(t *testing.T) {
	l := twoColumns()
	r := newRig(t, l, 80, 24)
	r.openRow("Marketingfacts")
	order := r.list().order()
	// Read the first two; open the last; N comes back to the third.
	l.MarkAllRead(nil, []int64{order[0].ID, order[1].ID}) // by another kolom
	r.send(libraryChangedMsg{})
	r.keys("G", "enter")
	if r.reader().art.ID != order[4].ID {
		t.Fatalf("G enter opened %q", r.reader().art.Title)
	}
	r.keys("N")
	if got := r.reader().art.ID; got != order[2].ID {
		t.Fatalf("N opened %d, want %d (the first unread from the top)", got, order[2].ID)
	}
	if !strings.Contains(r.m.status, "Back at the top") {
		t.Errorf("status %q does not say N wrapped", r.m.status)
	}
	r.keys("N", "N")
	if got := r.reader().art.ID; got != order[2].ID && !strings.Contains(r.m.status, "No more unread") {
		t.Errorf("with all read, N says %q and opened %d", r.m.status, got)
	}
}

func TestTwoPanesShowNoArticleFromAnotherList(t *testing.T) {
	r := newRig(t, twoColumns(), 120, 40)
	r.openRow("Marketingfacts")
	r.keys("enter")
	title := r.reader().art.Title
	r.keys("esc")
	if !strings.Contains(r.view(), "Dit is column 1") {
		t.Errorf("back in the list, the pane beside it lost its article:\n%s", r.view())
	}
	r.keys("esc")
	if v := r.view(); strings.Contains(v, "Dit is column 1") || strings.Contains(v, title) {
		t.Errorf("the feeds screen still shows %q beside it:\n%s", title, v)
	}
	r.openRow("CustomerTalk")
	if v := r.view(); strings.Contains(v, "Dit is column 1 van Marketingfacts") {
		t.Errorf("another feed's list shows Marketingfacts' article:\n%s", v)
	}
}

func TestListColumnsNeverRunTogether(t *testing.T) {
	l := newFakeLib()
	l.column("CustomerTalk", "Berry Veldhoen van de Klantenservice", 2)
	l.entries[0].Published = fakeNow.AddDate(-11, 0, 0)
	l.entries[0].Title = "Waarom klantbeleving geen afdeling is maar een houding van de hele organisatie"
	for _, width := range []int{80, 120, 200} {
		r := newRig(t, l, width, 30)
		r.openRow("CustomerTalk")
		v := r.view()
		if !strings.Contains(v, " Dec 2015") && !strings.Contains(v, " Nov 2015") {
			t.Errorf("%d: the date runs into the column before it:\n%s", width, v)
		}
		if !strings.Contains(v, "Berry") {
			t.Errorf("%d: the author column is gone:\n%s", width, v)
		}
	}
	for _, c := range []int{30, 44, 48, 64, 80, 200} {
		cols := listColumns(c)
		if got := 4 + cols.title + 1 + cols.date + and(cols.meta) + and(cols.mins); got > c && c >= 30 {
			t.Errorf("width %d: columns take %d", c, got)
		}
	}
}

func and(w int) int {
	if w == 0 {
		return 0
	}
	return w + 1
}

func TestBreadcrumbKeepsTheArticleTitle(t *testing.T) {
	l := newFakeLib()
	l.column("De Nederlandse Vereniging voor Klantcontact en Klantbeleving — columns", "Jan", 1)
	l.entries[0].Title = "Waarom de klant geen afdeling is"
	r := newRig(t, l, 80, 24)
	r.openRow("De Nederlandse")
	r.keys("enter")
	header := strings.Split(r.view(), "\n")[0]
	if !strings.Contains(header, "Waarom de klant geen afdeling is") {
		t.Errorf("the header lost the article's title: %q", header)
	}
}

func TestThePlaceIsSavedAsYouGo(t *testing.T) {
	l := twoColumns()
	r := newRig(t, l, 80, 24)
	r.openRow("CustomerTalk")
	r.keys("j", "enter", "space")
	id := r.reader().art.ID
	saveTick := func(m tea.Msg) bool { _, ok := m.(saveTickMsg); return ok }
	r.fire(saveTick)
	if l.state.Article != id || l.state.Feed != 2 || l.state.Offsets[id] == 0 {
		t.Fatalf("saved %+v, want article %d of feed 2 scrolled", l.state, id)
	}
	// A new reader over the same library starts there.
	r2 := newRig(t, l, 80, 24)
	if got := r2.reader().art.ID; got != id || r2.reader().vp.YOffset() != l.state.Offsets[id] {
		t.Errorf("restarted at %d offset %d", got, r2.reader().vp.YOffset())
	}
	r2.keys("n")
	if r2.reader().art.ID == id {
		t.Errorf("a restored reader cannot walk its list")
	}
}

func TestQuitCancelsWhatIsRunning(t *testing.T) {
	r := newRig(t, twoColumns(), 80, 24)
	r.openRow("Marketingfacts")
	r.keys("q", "q", "q")
	if !r.quit {
		t.Fatal("q q q did not quit")
	}
	for i, ctx := range r.lib.ctxs {
		if ctx.Err() == nil {
			t.Errorf("call %d's context is not cancelled", i)
		}
	}
}

func TestAnOlderLoadNeverOverwritesANewerOne(t *testing.T) {
	l := twoColumns()
	r := newRig(t, l, 80, 24)
	r.openRow("Marketingfacts")
	a := r.list()
	stale := listLoadedMsg{to: to{a.id}, gen: a.gen - 1, src: a.src, items: []library.Entry{{ID: 999, Title: "Oud"}}}
	r.send(stale)
	if len(a.items) != 5 {
		t.Errorf("an older load replaced the list: %d items", len(a.items))
	}
	// An answer for a screen that was left goes nowhere.
	r.keys("esc")
	r.send(listLoadedMsg{to: to{a.id}, gen: a.gen, src: a.src})
	if _, ok := r.top().(*feedsScreen); !ok {
		t.Errorf("a late answer changed the screen")
	}
}

func TestAddingAScreenNeedsOnlyItsMessage(t *testing.T) {
	// The stack takes any screen: a search list opened from the prompt is an
	// articles screen on a search Source, reached by one message.
	r := newRig(t, twoColumns(), 80, 24)
	r.keys("/", "c", "o", "l", "u", "m", "n", " ", "2", "enter")
	a := r.list()
	if a.src.Kind != SourceSearch || len(a.items) != 2 {
		t.Fatalf("search opened %+v with %d items", a.src, len(a.items))
	}
	if h := strings.Split(r.view(), "\n")[0]; !strings.Contains(h, "Search: column 2") {
		t.Errorf("header %q", h)
	}
}
