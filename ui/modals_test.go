package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Bookmarks, the note editor, help and the status line, over the fake library.

func TestUnbookmarkOnTheBookmarksScreenCanBeUndone(t *testing.T) {
	l := twoColumns()
	note := "Voor de klantdag"
	l.Bookmark(nil, 101, &note, []string{"deck", "q4"})
	r := newRig(t, l, 80, 24)
	r.openRow("Bookmarks")
	if n := len(r.list().items); n != 1 {
		t.Fatalf("%d bookmarks listed", n)
	}
	r.keys("b")
	if _, ok := l.bookmarks[101]; ok {
		t.Fatal("b did not remove the bookmark")
	}
	if !strings.Contains(r.m.status, "u puts it back") || !strings.Contains(r.m.status, "note and tags") {
		t.Errorf("status %q offers no undo", r.m.status)
	}
	if v := r.view(); !strings.Contains(v, "No bookmarks yet") {
		t.Errorf("the list still shows the bookmark:\n%s", v)
	}
	r.keys("esc", "esc") // anywhere until kolom is closed
	r.keys("u")
	b, ok := l.bookmarks[101]
	if !ok || b.Note != note || strings.Join(b.Tags, " ") != "deck q4" {
		t.Fatalf("undo gave back %+v", b)
	}
	r.openRow("Bookmarks")
	if n := len(r.list().items); n != 1 {
		t.Errorf("%d bookmarks after undo", n)
	}
	r.keys("u")
	if !strings.Contains(r.m.status, "No removed bookmark") {
		t.Errorf("a second u says %q", r.m.status)
	}
}

func TestNoteEditorCreatesABookmarkOnlyWhenSaved(t *testing.T) {
	l := twoColumns()
	r := newRig(t, l, 80, 24)
	r.openRow("Marketingfacts")
	r.keys("E")
	if r.m.modal != modalEditor {
		t.Fatalf("E opened %v", r.m.modal)
	}
	if v := r.view(); !strings.Contains(v, "saving bookmarks it") {
		t.Errorf("the editor does not say saving bookmarks:\n%s", v)
	}
	r.keys("esc")
	if len(l.bookmarks) != 0 {
		t.Fatalf("E then esc bookmarked the article: %+v", l.bookmarks)
	}
	if !strings.Contains(r.m.status, "not bookmarked") {
		t.Errorf("status %q", r.m.status)
	}
	r.keys("E", "W", "a", "t")
	r.keys("ctrl+s")
	id := r.list().items[0].ID
	if b, ok := l.bookmarks[id]; !ok || b.Note != "Wat" {
		t.Fatalf("ctrl+s stored %+v", l.bookmarks)
	}
	if !r.m.c.flags.of(r.list().items[0]).bookmarked || !strings.Contains(r.view(), "★") {
		t.Errorf("the list does not show the new bookmark:\n%s", r.view())
	}
	// Tags: esc leaves nothing, enter saves and keeps the note.
	r.keys("j", "t", "x", "esc")
	if len(l.bookmarks) != 1 {
		t.Errorf("t then esc bookmarked: %d", len(l.bookmarks))
	}
	r.keys("k", "t", "d", "e", "c", "k", "enter")
	if b := l.bookmarks[id]; b.Note != "Wat" || strings.Join(b.Tags, ",") != "deck" {
		t.Errorf("tags saved as %+v", b)
	}
}

func TestHelpFitsAndItsKeyIsAlwaysShown(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {200, 50}} {
		w, h := size[0], size[1]
		r := newRig(t, twoColumns(), w, h)
		check := func(where string) {
			lines := strings.Split(r.view(), "\n")
			if last := strings.TrimSpace(lines[len(lines)-1]); !strings.HasSuffix(last, "? help") {
				t.Errorf("%dx%d %s: the hint line %q lacks ? help", w, h, where, last)
			}
		}
		check("feeds")
		r.openRow("Marketingfacts")
		check("articles")
		r.keys("enter")
		check("reader")
		r.keys("?")
		// Every binding is in the help: on the first page, or after scrolling.
		seen := r.view()
		for range 30 {
			r.keys("j")
			seen += r.view()
		}
		for _, g := range r.m.c.keys.fullHelp() {
			for _, b := range g.keys {
				if !strings.Contains(seen, b.Help().Desc) {
					t.Errorf("%dx%d: help lacks %q", w, h, b.Help().Desc)
				}
			}
		}
		for i, l := range strings.Split(r.view(), "\n") {
			if ansi.StringWidth(l) > w {
				t.Errorf("%dx%d: help line %d is %d wide", w, h, i, ansi.StringWidth(l))
			}
		}
		if n := len(strings.Split(r.view(), "\n")); n != h {
			t.Errorf("%dx%d: the help screen is %d lines", w, h, n)
		}
		r.keys("esc")
		if r.m.modal != modalNone {
			t.Errorf("esc left %v open", r.m.modal)
		}
	}
}

func TestStatusBelongsToTheScreenItWasSaidOn(t *testing.T) {
	l := twoColumns()
	r := newRig(t, l, 80, 24)
	r.openRow("Marketingfacts")
	r.keys("M")
	r.keys("N")
	if !strings.Contains(r.m.status, "No unread") {
		t.Fatalf("N with all read says %q", r.m.status)
	}
	r.keys("enter")
	if r.m.status != "" {
		t.Errorf("the reader shows the list's status %q", r.m.status)
	}
	r.keys("b")
	if r.m.status != "Bookmarked" {
		t.Fatalf("status %q", r.m.status)
	}
	r.keys("E")
	if strings.Contains(r.view(), "Bookmarked") {
		t.Errorf("the note editor shows the old status:\n%s", r.view())
	}
	r.keys("esc")

	// The add-error overlay: its own hint line, and keys go to it.
	r.keys("a")
	for _, c := range "https://www.dpg.nl/" {
		r.keys(string(c))
	}
	r.keys("enter")
	if r.m.modal != modalOverlay {
		t.Fatalf("a long add error did not open the overlay (%v):\n%s", r.m.modal, r.view())
	}
	lines := strings.Split(r.view(), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, "esc closes this") || strings.Contains(last, "bookmark") {
		t.Errorf("the overlay's hint line is %q", last)
	}
	before := r.reader().vp.YOffset()
	r.keys("j", "j", "esc")
	if r.reader().vp.YOffset() != before || r.m.modal != modalNone {
		t.Errorf("keys typed at the overlay went to the reader")
	}
}

func TestFullTextKeyDoesWhatItSays(t *testing.T) {
	l := twoColumns()
	l.page[101] = "De hele column, van de pagina zelf."
	r := newRig(t, l, 80, 24)
	r.openRow("Marketingfacts")
	r.keys("f") // in a list: open the article with its page
	if !r.reader().art.FullText || l.fetches != 1 {
		t.Fatalf("f in the list: full text %v, %d fetches", r.reader().art.FullText, l.fetches)
	}
	if !strings.Contains(r.m.status, "Full text") {
		t.Errorf("status %q", r.m.status)
	}
	r.keys("f") // on fetched text: it fetches again and says what came of it
	if l.fetches != 2 || !strings.Contains(r.m.status, "no other text") {
		t.Errorf("f on fetched text: %d fetches, status %q", l.fetches, r.m.status)
	}
	r.keys("n", "f") // a page that is gone
	if !strings.Contains(r.m.status, "the page is gone") || strings.Contains(r.m.status, "remove the feed") {
		t.Errorf("status %q", r.m.status)
	}
}
