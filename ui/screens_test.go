package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/kolom/kolom/store"
)

func TestFeedsModel(t *testing.T) {
	var f feedsModel
	f.setFeeds([]store.Feed{
		{ID: 1, Title: "Seth Godin", Unread: 2},
		{ID: 2, Title: "Emerce", Folder: "Nederlands", Unread: 3},
		{ID: 3, Title: "Frankwatching", Folder: "Nederlands", LastError: "https://fw/feed: HTTP 503; try later"},
	})
	if r, _ := f.selected(); r.kind != rowUnread || r.unread != 5 {
		t.Fatalf("first row %+v", r)
	}
	f.move(2)
	if r, _ := f.selected(); r.feed.ID != 1 {
		t.Errorf("two down: %+v", r)
	}
	f.move(1) // skips the folder row
	if r, _ := f.selected(); r.feed.ID != 2 {
		t.Errorf("past the folder: %+v", r)
	}
	f.move(99)
	if r, _ := f.selected(); r.feed.ID != 3 {
		t.Errorf("bottom: %+v", r)
	}
	// A reload keeps the cursor on the same feed.
	f.selectKey(3)
	f.setFeeds([]store.Feed{{ID: 9, Title: "Nieuw"}, {ID: 3, Title: "Frankwatching", Folder: "Nederlands"}})
	if r, _ := f.selected(); r.feed.ID != 3 {
		t.Errorf("after reload: %+v", r)
	}
	if got := oneLineError("https://fw/feed: HTTP 503; try later"); got != "— HTTP 503" {
		t.Errorf("oneLineError = %q", got)
	}
}

func TestArticlesModel(t *testing.T) {
	var a articlesModel
	items := []store.Article{{ID: 1, Title: "Een", Read: true}, {ID: 2, Title: "Twee"}, {ID: 3, Title: "Drie", Read: true}, {ID: 4, Title: "Vier"}}
	a.setItems(source{kind: sourceUnread}, items)
	if !a.nextUnread() || a.selectedID() != 2 || !a.nextUnread() || a.selectedID() != 4 || a.nextUnread() {
		t.Errorf("next unread walk ended on %d", a.selectedID())
	}
	a.hideRead = true
	a.fixCursor()
	if n := len(a.visibleIdx()); n != 2 {
		t.Errorf("%d visible with read hidden", n)
	}
	// Reading one while read is hidden keeps it in view until the list reloads.
	a.selectID(2)
	a.setRead([]int64{2}, true)
	if _, ok := a.selected(); !ok {
		t.Error("the article just read vanished under the cursor")
	}
	a.setItems(source{kind: sourceUnread}, items) // reload keeps the cursor
	a.filter = "vier"
	a.fixCursor()
	if a.selectedID() != 4 || a.position() != 1 {
		t.Errorf("filter: %d at %d", a.selectedID(), a.position())
	}
}

func TestScrollOffsetAndRelDate(t *testing.T) {
	if o := scrollOffset(0, 30, 100, 20); o != 11 {
		t.Errorf("offset %d", o)
	}
	if o := scrollOffset(20, 5, 100, 20); o != 5 {
		t.Errorf("offset %d", o)
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	for d, want := range map[time.Duration]string{30 * time.Second: "1m", 5 * time.Hour: "5h", 50 * time.Hour: "2d", 30 * 24 * time.Hour: "25 Oct"} {
		if got := relDate(now.Add(-d), now); got != want {
			t.Errorf("relDate(-%v) = %q, want %q", d, got, want)
		}
	}
}

func TestFirstFrameShowsTheFeeds(t *testing.T) {
	f := newFixture(t)
	out, err := FirstFrame(f.lib, 80, 24)
	if err != nil || !strings.Contains(out, "Marketingfacts") || !strings.Contains(out, "All unread") {
		t.Errorf("first frame: %v\n%s", err, out)
	}
}
