package ui

import (
	"regexp"
	"strings"
	"testing"
)

// The feeds screen draws the folder tree; a folder closes and opens with
// enter (kept for next time); c renames and v moves the feed under the
// cursor.
func TestFoldersCloseRenameMove(t *testing.T) {
	l := newFakeLib()
	l.column("Seth", "Seth Godin", 1)
	ct := l.column("CustomerTalk", "Berry Veldhoen", 3)
	em := l.column("Emerce", "Jan Jansen", 2)
	l.feeds[ct-1].Folder = "Nederland/Klantcontact"
	l.feeds[em-1].Folder = "Nederland"
	r := newRig(t, l, 80, 24)
	view := r.view()
	for _, want := range []string{"▾ Nederland", "▾ Klantcontact", "CustomerTalk"} {
		if !strings.Contains(view, want) {
			t.Fatalf("missing %q:\n%s", want, view)
		}
	}
	// Nederland's feeds, then its folders; counts include what is inside.
	if i, j, k := strings.Index(view, "Emerce"), strings.Index(view, "Klantcontact"), strings.Index(view, "CustomerTalk"); !(i < j && j < k) {
		t.Errorf("not in tree order:\n%s", view)
	}
	if !regexp.MustCompile(`▾ Nederland +5`).MatchString(view) {
		t.Errorf("the folder's count is not its feeds':\n%s", view)
	}

	r.openRow("Klantcontact") // enter on a folder closes it
	if strings.Contains(r.view(), "CustomerTalk") || !strings.Contains(r.view(), "▸ Klantcontact") || !l.collapsed["Nederland/Klantcontact"] {
		t.Errorf("closing the folder:\n%s\n(kept: %v)", r.view(), l.collapsed)
	}
	// Kept: a new reader shows it closed.
	r2 := newRig(t, l, 80, 24)
	if strings.Contains(r2.view(), "CustomerTalk") {
		t.Errorf("closed folder open again in a new reader:\n%s", r2.view())
	}
	r2.openRow("Klantcontact")
	if !strings.Contains(r2.view(), "CustomerTalk") || len(l.collapsed) != 0 {
		t.Errorf("opening the folder:\n%s", r2.view())
	}

	// c on Emerce: rename; v: move.
	r2.keys("g")
	for !strings.HasPrefix(r2.m.stack[0].(*feedsScreen).rows[r2.m.stack[0].(*feedsScreen).cursor].label, "Emerce") {
		r2.keys("j")
	}
	r2.keys("c")
	if r2.m.prompt == nil || r2.m.prompt.input.Value() != "Emerce" {
		t.Fatalf("rename prompt: %+v", r2.m.prompt)
	}
	r2.keys("ctrl+u")
	for _, k := range "Emerce Daily" {
		r2.send(keyMsg(string(k)))
	}
	r2.keys("enter")
	if l.feeds[em-1].Title != "Emerce Daily" || !strings.Contains(r2.view(), "Emerce Daily") || !strings.Contains(r2.view(), "Renamed to Emerce Daily") {
		t.Errorf("after renaming:\n%s", r2.view())
	}
	r2.keys("v")
	if r2.m.prompt == nil || r2.m.prompt.input.Value() != "Nederland" {
		t.Fatalf("move prompt: %+v", r2.m.prompt)
	}
	for _, k := range "/E-commerce" {
		r2.send(keyMsg(string(k)))
	}
	r2.keys("enter")
	if l.feeds[em-1].Folder != "Nederland/E-commerce" || !strings.Contains(r2.view(), "▾ E-commerce") {
		t.Errorf("after moving:\n%s", r2.view())
	}
	// A bad folder is said, and nothing moves.
	r2.keys("v", "ctrl+u")
	for _, k := range "a//b" {
		r2.send(keyMsg(string(k)))
	}
	r2.keys("enter")
	if l.feeds[em-1].Folder != "Nederland/E-commerce" || !strings.Contains(r2.view(), "empty name") {
		t.Errorf("a bad folder:\n%s", r2.view())
	}
}

// A followed columnist is a list on the feeds screen: their columns from
// every feed, with the unread count.
func TestColumnistsOnTheFeedsScreen(t *testing.T) {
	l := newFakeLib()
	l.column("Marketingfacts", "Jan Jansen", 2)
	l.column("Emerce", "Jan Jansen", 3)
	l.column("CustomerTalk", "Berry Veldhoen", 1)
	r := newRig(t, l, 80, 24)
	if strings.Contains(r.view(), "Columnists") {
		t.Fatalf("a Columnists section with no one followed:\n%s", r.view())
	}
	l.followed = []string{"Jan Jansen"}
	r = newRig(t, l, 80, 24)
	if !regexp.MustCompile(`▾ Columnists +5`).MatchString(r.view()) || !regexp.MustCompile(`Jan Jansen +5`).MatchString(r.view()) {
		t.Fatalf("the section:\n%s", r.view())
	}
	r.openRow("Jan Jansen")
	list := r.list()
	if len(list.items) != 5 || !strings.Contains(r.view(), "Marketingfacts") || !strings.Contains(r.view(), "Emerce") {
		t.Errorf("the columnist's list:\n%s", r.view())
	}
}
