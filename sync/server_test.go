package sync

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// These tests talk to a real Miniflux on a real PostgreSQL, started on
// loopback by scripts/miniflux-up (.ci/run does); Miniflux fetches the
// tests' own feeds from httptest servers.

func server(t *testing.T) Options {
	t.Helper()
	u := os.Getenv("KOLOM_MINIFLUX_URL")
	if u == "" {
		t.Skip(`no Miniflux to sync with: run eval "$(scripts/miniflux-up)" first (it starts one on loopback), then go test ./sync/`)
	}
	return Options{URL: u, User: os.Getenv("KOLOM_MINIFLUX_USER"), Password: os.Getenv("KOLOM_MINIFLUX_PASSWORD"),
		Client: &http.Client{Timeout: 2 * time.Minute}, PageSize: 100} // small pages: paging is tested
}

// columnFeed serves an RSS feed of n columns.
func columnFeed(t *testing.T, name string, n int) string {
	return datedFeed(t, name, n, time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC))
}

// datedFeed serves an RSS feed of n columns published from start on.
func datedFeed(t *testing.T, name string, n int, start time.Time) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>%s</title><link>https://www.marketingfacts.nl/</link>`, name)
	for i := range n {
		fmt.Fprintf(&b, `<item><title>Column %d over klantbeleving</title><link>https://www.marketingfacts.nl/%s/%d</link><guid>%s-%d</guid>`+
			`<pubDate>%s</pubDate><description><![CDATA[<p>Wachttijden zijn een merkprobleem, deel %d.</p>]]></description></item>`,
			i, name, i, name, i, start.Add(time.Duration(i)*time.Minute).Format(time.RFC1123Z), i)
	}
	b.WriteString(`</channel></rss>`)
	body := b.String()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/feed/" + name
}

func TestServerRoundTrip(t *testing.T) {
	o := server(t)
	for _, api := range []string{"miniflux", "greader"} {
		t.Run(api, func(t *testing.T) {
			ctx := context.Background()
			s, err := Open(ctx, api, o)
			if err != nil {
				t.Fatal(err)
			}
			if s.API() != api {
				t.Errorf("API() = %q", s.API())
			}
			// 300 entries: more than one page.
			feedURL := columnFeed(t, "rt-"+api, 300)
			sub, err := s.Subscribe(ctx, feedURL, "")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Unsubscribe(context.Background(), sub.ID) })
			subs, err := s.Subscriptions(ctx)
			if err != nil || !slices.ContainsFunc(subs, func(x Subscription) bool { return x.FeedURL == feedURL && x.Title == "rt-"+api }) {
				t.Fatalf("subscriptions: %+v %v", subs, err)
			}

			var mine []Entry
			pages := 0
			cursor, err := s.Entries(ctx, "", func(es []Entry, _ Cursor) error {
				pages++
				for _, e := range es {
					if e.FeedID == sub.ID || strings.Contains(e.URL, "/rt-"+api+"/") {
						mine = append(mine, e)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(mine) != 300 || pages < 2 {
				t.Fatalf("%d entries of ours in %d pages", len(mine), pages)
			}
			e := mine[0]
			if !strings.HasPrefix(e.Title, "Column ") || !strings.Contains(e.Content, "Wachttijden") || e.URL == "" || e.Read || e.Starred {
				t.Errorf("entry: %+v", e)
			}

			// Nothing new: the cursor holds.
			again := 0
			if _, err := s.Entries(ctx, cursor, func(es []Entry, _ Cursor) error {
				for _, e := range es {
					if strings.Contains(e.URL, "/rt-"+api+"/") {
						again++
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if again != 0 {
				t.Errorf("%d entries again after the cursor", again)
			}
			// A feed added later whose entries are dated years back: new
			// to the server, so new to the sync.
			old, err := s.Subscribe(ctx, datedFeed(t, "old-"+api, 3, time.Date(2020, 3, 1, 9, 0, 0, 0, time.UTC)), "")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Unsubscribe(context.Background(), old.ID) })
			backdated := 0
			if _, err := s.Entries(ctx, cursor, func(es []Entry, _ Cursor) error {
				for _, e := range es {
					if strings.Contains(e.URL, "/old-"+api+"/") && e.Published.Year() == 2020 {
						backdated++
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if backdated != 3 {
				t.Errorf("%d of the 3 backdated entries came after the cursor", backdated)
			}

			// Read and starred in batches, seen in the ids.
			var read, starred []string
			for i, e := range mine {
				if i%2 == 0 {
					read = append(read, e.ID)
				}
				if i%50 == 0 {
					starred = append(starred, e.ID)
				}
			}
			if err := s.Mark(ctx, Unread, false, read); err != nil {
				t.Fatal(err)
			}
			if err := s.Mark(ctx, Starred, true, starred); err != nil {
				t.Fatal(err)
			}
			unread, err := s.IDs(ctx, Unread)
			if err != nil {
				t.Fatal(err)
			}
			stars, err := s.IDs(ctx, Starred)
			if err != nil {
				t.Fatal(err)
			}
			for i, e := range mine {
				if slices.Contains(unread, e.ID) == (i%2 == 0) {
					t.Fatalf("entry %d: unread=%v after marking every second one read", i, slices.Contains(unread, e.ID))
				}
				if slices.Contains(stars, e.ID) != (i%50 == 0) {
					t.Fatalf("entry %d: starred=%v", i, slices.Contains(stars, e.ID))
				}
			}
			// What changed is one request away (Miniflux), or unsupported.
			seen := 0
			_, err = s.Changed(ctx, Cursor(fmt.Sprint(time.Now().Add(-time.Hour).Unix())), func(es []Entry) error {
				for _, e := range es {
					if slices.Contains(read, e.ID) && e.Read || slices.Contains(starred, e.ID) && e.Starred {
						seen++
					}
				}
				return nil
			})
			switch {
			case api == "greader" && !errors.Is(err, ErrUnsupported):
				t.Errorf("greader Changed: %v", err)
			case api == "miniflux" && (err != nil || seen < len(read)):
				t.Errorf("changed entries: %d seen of %d marked read (%v)", seen, len(read), err)
			}
			// Marking twice is the same as once (no toggles).
			if err := s.Mark(ctx, Starred, true, starred); err != nil {
				t.Fatal(err)
			}
			// (Other tests share the server: count our entries only.)
			ours := func(ids []string) int {
				n := 0
				for _, e := range mine {
					if slices.Contains(ids, e.ID) {
						n++
					}
				}
				return n
			}
			if stars2, _ := s.IDs(ctx, Starred); ours(stars2) != ours(stars) {
				t.Errorf("starring again changed the stars: %d → %d", ours(stars), ours(stars2))
			}
			if err := s.Mark(ctx, Unread, true, read); err != nil {
				t.Fatal(err)
			}
			if err := s.Mark(ctx, Starred, false, starred); err != nil {
				t.Fatal(err)
			}
			if unread, _ := s.IDs(ctx, Unread); !slices.Contains(unread, read[0]) {
				t.Error("marking unread again did not take")
			}
		})
	}
}

// One API's change is the other's state: the server is one.
func TestServerAPIsAgree(t *testing.T) {
	o := server(t)
	ctx := context.Background()
	mf, err := Open(ctx, "", o) // probes: Miniflux answers /v1/version
	if err != nil {
		t.Fatal(err)
	}
	if mf.API() != "miniflux" {
		t.Fatalf("probe chose %q", mf.API())
	}
	gr, err := Open(ctx, "greader", o)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := mf.Subscribe(ctx, columnFeed(t, "agree", 5), "Klantbeleving")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { mf.Unsubscribe(context.Background(), sub.ID) })
	if sub.Folder != "Klantbeleving" {
		t.Errorf("folder %q", sub.Folder)
	}
	subs, err := gr.Subscriptions(ctx)
	if err != nil || !slices.ContainsFunc(subs, func(x Subscription) bool { return x.Title == "agree" && x.Folder == "Klantbeleving" }) {
		t.Fatalf("the Google Reader API lists: %+v %v", subs, err)
	}
	var ids []string
	mf.Entries(ctx, "", func(es []Entry, _ Cursor) error {
		for _, e := range es {
			if e.FeedID == sub.ID {
				ids = append(ids, e.ID)
			}
		}
		return nil
	})
	if len(ids) != 5 {
		t.Fatalf("%d entries", len(ids))
	}
	if err := gr.Mark(ctx, Starred, true, ids[:2]); err != nil {
		t.Fatal(err)
	}
	stars, err := mf.IDs(ctx, Starred)
	if err != nil || !slices.Contains(stars, ids[0]) || !slices.Contains(stars, ids[1]) || slices.Contains(stars, ids[2]) {
		t.Errorf("stars set through Google Reader, seen by Miniflux: %v %v", stars, err)
	}
}

func TestServerRefusesBadCredentials(t *testing.T) {
	o := server(t)
	o.Password = "wrong"
	o.Verify = true
	for _, api := range []string{"miniflux", "greader"} {
		if _, err := Open(context.Background(), api, o); !errors.Is(err, ErrAuth) {
			t.Errorf("%s: %v, want ErrAuth", api, err)
		}
	}
}
