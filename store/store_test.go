package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "sub", "kolom.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMigrationsFromEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kolom.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var v int
	s.DB().QueryRow(`PRAGMA user_version`).Scan(&v)
	if v != SchemaVersion || v == 0 {
		t.Fatalf("user_version = %d, want %d", v, SchemaVersion)
	}
	var mode string
	var fk int
	s.DB().QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	s.DB().QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	if mode != "wal" || fk != 1 {
		t.Errorf("journal_mode=%s foreign_keys=%d", mode, fk)
	}
	// Every lookup the app makes has an index.
	plans := map[string]string{
		`SELECT id, hash FROM articles WHERE feed_id = 1 AND guid = 'x'`:                        "sqlite_autoindex_articles_1",
		`SELECT id FROM articles WHERE feed_id = 1 ORDER BY published DESC LIMIT 100`:           "articles_feed_published",
		`SELECT id FROM articles ORDER BY published DESC LIMIT 100`:                             "articles_published",
		`SELECT count(*) FROM articles a WHERE a.feed_id = 1 AND a.read = 0 AND a.filtered = 0`: "COVERING INDEX articles_unread",
		`SELECT count(*) FROM articles a WHERE a.feed_id = 1 AND a.filtered = 0`:                "COVERING INDEX articles_shown",
		`SELECT summary, content FROM article_bodies WHERE article_id = 1`:                      "PRIMARY KEY",
		`SELECT id FROM feeds WHERE url = 'https://x.nl/feed'`:                                  "sqlite_autoindex_feeds_1",
	}
	for q, idx := range plans {
		var plan strings.Builder
		rows, err := s.DB().Query(`EXPLAIN QUERY PLAN ` + q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, parent, notused int
			var detail string
			rows.Scan(&id, &parent, &notused, &detail)
			plan.WriteString(detail + "; ")
		}
		rows.Close()
		p := plan.String()
		if !strings.Contains(p, idx) || strings.Contains(p, "SCAN articles; ") || strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("%s\n  plan: %s\n  want index %s", q, p, idx)
		}
	}
	s.Close()

	// Reopening migrates nothing and keeps the data.
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.DB().QueryRow(`PRAGMA user_version`).Scan(&v)
	if v != SchemaVersion {
		t.Errorf("after reopen user_version = %d", v)
	}
}

func TestMigrationFromVersionOneKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kolom.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{migrations[0], `PRAGMA user_version = 1`,
		`INSERT INTO feeds (id, url, created_at) VALUES (1, 'https://www.emerce.nl/feed', 0)`,
		`INSERT INTO articles (id, feed_id, guid, title, published, fetched_at, hash, read) VALUES (7, 1, 'g', 'Oud', 0, 0, 1, 1)`,
		`INSERT INTO article_bodies (article_id, summary) VALUES (7, 'samenvatting')`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	db.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := s.Article(context.Background(), 7)
	b, err2 := s.Body(context.Background(), 7)
	if err != nil || err2 != nil || !a.Read || a.Title != "Oud" || b.Summary != "samenvatting" || b.Markdown != "" {
		t.Errorf("after migration: %+v %+v %v %v", a, b, err, err2)
	}
}

func TestConcurrentOpenMigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kolom.db")
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(path)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kolom.db")
	s, _ := Open(path)
	s.DB().Exec(`PRAGMA user_version = 99`)
	s.Close()
	_, err := Open(path)
	if err == nil || !strings.Contains(err.Error(), "newer kolom") {
		t.Errorf("err = %v", err)
	}
}

func TestFeedsAddDuplicateRemove(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id, err := s.AddFeed(ctx, NewFeed{URL: "https://www.emerce.nl/feed", Title: "Emerce", Folder: "Nieuws"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddFeed(ctx, NewFeed{URL: "https://www.emerce.nl/feed"}); !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicate: %v", err)
	}
	ids, err := s.AddFeeds(ctx, []NewFeed{{URL: "https://www.emerce.nl/feed"}, {URL: "https://seths.blog/feed/"}})
	if err != nil || len(ids) != 1 {
		t.Errorf("AddFeeds = %v, %v", ids, err)
	}
	if _, err := s.StoreItems(ctx, id, FetchState{At: time.Now()}, []Item{{GUID: "1", Title: "a"}, {GUID: "2", Title: "b"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveFeed(ctx, id); err != nil {
		t.Fatal(err)
	}
	var n int
	s.DB().QueryRow(`SELECT count(*) FROM articles`).Scan(&n)
	var bodies int
	s.DB().QueryRow(`SELECT count(*) FROM article_bodies`).Scan(&bodies)
	if n != 0 || bodies != 0 {
		t.Errorf("articles=%d bodies=%d left after remove", n, bodies)
	}
	if err := s.RemoveFeed(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("second remove: %v", err)
	}
}

func TestStoreItemsDedupeAndUpdate(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id, _ := s.AddFeed(ctx, NewFeed{URL: "https://www.marketingfacts.nl/feed"})
	day := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	items := []Item{
		{GUID: "https://www.marketingfacts.nl/?p=1", URL: "https://www.marketingfacts.nl/a", Title: "Met guid", Published: day, Content: "<p>v1</p>"},
		{URL: "https://www.marketingfacts.nl/b", Title: "Alleen link", Published: day},
		{Title: "Alleen titel", Published: day},
		{Title: "Alleen titel", Published: day}, // listed twice in one feed
	}
	c, err := s.StoreItems(ctx, id, FetchState{At: day, Title: "Marketingfacts"}, items)
	if err != nil {
		t.Fatal(err)
	}
	if c.New != 3 || c.Updated != 0 {
		t.Fatalf("first store: %+v", c)
	}
	list, _ := s.Articles(ctx, ArticleQuery{FeedID: id})
	var first Article
	for _, a := range list {
		if a.Title == "Met guid" {
			first = a
		}
	}
	if err := s.SetRead(ctx, first.ID, true); err != nil {
		t.Fatal(err)
	}

	// Same items again: nothing new. The first one edited: updated, still read.
	items[0].Content = "<p>v2, met correctie</p>"
	items[0].Title = "Met guid (bijgewerkt)"
	c, err = s.StoreItems(ctx, id, FetchState{At: day.Add(time.Hour)}, items)
	if err != nil {
		t.Fatal(err)
	}
	if c.New != 0 || c.Updated != 1 {
		t.Fatalf("second store: %+v", c)
	}
	got, _ := s.Article(ctx, first.ID)
	body, _ := s.Body(ctx, first.ID)
	if !got.Read || got.Title != "Met guid (bijgewerkt)" || body.Content != "<p>v2, met correctie</p>" {
		t.Errorf("after update: %+v %q", got, body.Content)
	}
	feeds, _ := s.Feeds(ctx)
	if feeds[0].Total != 3 || feeds[0].Unread != 2 || feeds[0].Title != "Marketingfacts" {
		t.Errorf("counts: %+v", feeds[0])
	}
	unread, _ := s.Articles(ctx, ArticleQuery{Unread: true})
	if len(unread) != 2 {
		t.Errorf("unread list: %d", len(unread))
	}
}

func TestMarkdownCacheFollowsFeedEdits(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id, _ := s.AddFeed(ctx, NewFeed{URL: "https://www.emerce.nl/feed"})
	now := time.Now()
	items := []Item{{GUID: "a", Summary: "kort"}, {GUID: "b", Summary: "ook kort"}}
	s.StoreItems(ctx, id, FetchState{At: now}, items)
	list, _ := s.Articles(ctx, ArticleQuery{})
	ids := map[string]int64{}
	for _, a := range list {
		ids[a.GUID] = a.ID
	}
	s.SetMarkdown(ctx, ids["a"], "van de feed", false, 3)
	s.SetMarkdown(ctx, ids["b"], "van de pagina", true, 3)
	items[0].Summary, items[1].Summary = "kort, bewerkt", "ook kort, bewerkt"
	if c, _ := s.StoreItems(ctx, id, FetchState{At: now}, items); c.Updated != 2 {
		t.Fatalf("updated %d", c.Updated)
	}
	a, _ := s.Body(ctx, ids["a"])
	b, _ := s.Body(ctx, ids["b"])
	if a.Markdown != "" || a.Summary != "kort, bewerkt" {
		t.Errorf("feed-made Markdown kept after an edit: %+v", a)
	}
	if b.Markdown != "van de pagina" || !b.FromPage {
		t.Errorf("full text lost after an edit of the excerpt: %+v", b)
	}
	if err := s.SetMarkdown(ctx, 999, "x", false, 1); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing article: %v", err)
	}
}

func TestItemKey(t *testing.T) {
	day := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	if k := (Item{GUID: " g ", URL: "u"}).Key(); k != "g" {
		t.Errorf("guid key %q", k)
	}
	if k := (Item{URL: "u"}).Key(); k != "u" {
		t.Errorf("link key %q", k)
	}
	// Without guid and link: what the item says, never its date.
	a := Item{Title: "t", Summary: "een", Published: day}.Key()
	b := Item{Title: "t", Summary: "een", Published: day.Add(time.Hour)}.Key()
	c := Item{Title: "t", Summary: "twee", Published: day}.Key()
	if !strings.HasPrefix(a, "content:") || a != b || a == c {
		t.Errorf("content keys %q %q %q", a, b, c)
	}
	if d, e := (Item{Summary: "een"}).Key(), (Item{Summary: "twee"}).Key(); d == e {
		t.Errorf("description-only items share key %q", d)
	}
}

// Items with only a description (legal RSS 2.0), and items whose date is
// the time of the request, are each stored once.
func TestItemsWithoutGUIDLinkOrDate(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id, err := s.AddFeed(ctx, NewFeed{URL: "https://x.nl/feed"})
	if err != nil {
		t.Fatal(err)
	}
	var items []Item
	for _, d := range []string{"Een", "Twee", "Drie", "Vier", "Vijf"} {
		items = append(items, Item{Summary: d + " nieuwtje uit de nieuwsbrief."})
	}
	now := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	for round := range 3 {
		stamped := append([]Item(nil), items...)
		stamped = append(stamped, Item{Title: "Altijd nu", Summary: "Een item met de tijd van het verzoek.", Published: now.Add(time.Duration(round) * time.Minute)})
		c, err := s.StoreItems(ctx, id, FetchState{At: now}, stamped)
		if err != nil {
			t.Fatal(err)
		}
		if round == 0 && c.New != 6 || round > 0 && c.New != 0 {
			t.Errorf("round %d: %+v", round, c)
		}
	}
	// An item stored under the old title+date key is found, not stored again.
	old := Item{Title: "Oud", Summary: "van vroeger", Published: now}
	if _, err := s.db.Exec(`INSERT INTO articles (feed_id, guid, title, published, fetched_at, hash) VALUES (?, ?, 'Oud', ?, ?, ?)`,
		id, old.legacyKey(), now.Unix(), now.Unix(), old.hash()); err != nil {
		t.Fatal(err)
	}
	if c, err := s.StoreItems(ctx, id, FetchState{At: now}, []Item{old}); err != nil || c.New != 0 {
		t.Errorf("legacy item: %+v %v", c, err)
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM articles WHERE feed_id = ?`, id).Scan(&n)
	if n != 7 {
		t.Errorf("%d articles stored, want 7", n)
	}
}

func TestFetchStateRecording(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id, _ := s.AddFeed(ctx, NewFeed{URL: "http://www.emerce.nl/feed", Title: "Mijn Emerce"})
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	if err := s.RecordError(ctx, id, "HTTP 503", now, time.Time{}, ""); err != nil {
		t.Fatal(err)
	}
	f, _ := s.Feed(ctx, id)
	if f.LastError != "HTTP 503" || !f.LastErrorAt.Equal(now) || !f.LastSuccess.IsZero() {
		t.Errorf("after error: %+v", f)
	}
	later := now.Add(time.Hour)
	err := s.RecordNotModified(ctx, id, FetchState{At: later, ETag: `"e2"`, NewURL: "https://www.emerce.nl/feed", Title: "Emerce"})
	if err != nil {
		t.Fatal(err)
	}
	f, _ = s.Feed(ctx, id)
	if f.LastError != "" || !f.LastSuccess.Equal(later) || f.ETag != `"e2"` || f.URL != "https://www.emerce.nl/feed" || f.Title != "Mijn Emerce" {
		t.Errorf("after 304: %+v", f)
	}
}

func TestPruneKeepsUnreadBookmarkedAndCurrentItems(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id, _ := s.AddFeed(ctx, NewFeed{URL: "https://www.emerce.nl/feed"})
	old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	items := []Item{
		{GUID: "oud-gelezen", Published: old}, {GUID: "oud-ongelezen", Published: old},
		{GUID: "oud-bewaard", Published: old}, {GUID: "oud-nog-in-feed", Published: old},
		{GUID: "nieuw-gelezen", Published: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)},
	}
	s.StoreItems(ctx, id, FetchState{At: time.Now()}, items)
	list, _ := s.Articles(ctx, ArticleQuery{})
	var all []int64
	ids := map[string]int64{}
	for _, a := range list {
		ids[a.GUID] = a.ID
		if a.GUID != "oud-ongelezen" {
			all = append(all, a.ID)
		}
	}
	s.SetReadMany(ctx, all, true)
	s.AddBookmark(ctx, Bookmark{ArticleID: ids["oud-bewaard"], Title: "bewaard", BookmarkedAt: time.Now()})

	// The feed now lists only one of the old items.
	c, err := s.StoreItems(ctx, id, FetchState{At: time.Now(), PruneBefore: time.Date(2026, 8, 26, 0, 0, 0, 0, time.UTC)},
		[]Item{{GUID: "oud-nog-in-feed", Published: old}})
	if err != nil {
		t.Fatal(err)
	}
	left, _ := s.Articles(ctx, ArticleQuery{})
	var guids []string
	for _, a := range left {
		guids = append(guids, a.GUID)
	}
	slices.Sort(guids)
	if c.Pruned != 1 || strings.Join(guids, ",") != "nieuw-gelezen,oud-bewaard,oud-nog-in-feed,oud-ongelezen" {
		t.Errorf("pruned %d, left %v", c.Pruned, guids)
	}
	var n int
	s.DB().QueryRow(`SELECT count(*) FROM fts_queue`).Scan(&n)
	if n != 4 {
		t.Errorf("index queue holds %d rows after pruning, want 4", n)
	}
}

func TestChangeWatcherSeesOtherProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kolom.db")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path) // as another process would
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	w, err := a.NewChangeWatcher(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if ch, _ := w.Changed(ctx); ch {
		t.Error("changed before anything happened")
	}
	if _, err := b.AddFeed(ctx, NewFeed{URL: "https://www.emerce.nl/feed"}); err != nil {
		t.Fatal(err)
	}
	if ch, err := w.Changed(ctx); !ch || err != nil {
		t.Errorf("a commit by another handle went unseen: %v", err)
	}
	if ch, _ := w.Changed(ctx); ch {
		t.Error("the same change seen twice")
	}
}

// Entries without a guid that share a link (announcements that all point
// at the home page) are different entries: they are told apart by what
// they say, and each is stored once.
func TestItemsSharingALinkStayApart(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id, err := s.AddFeed(ctx, NewFeed{URL: "https://x.nl/feed"})
	if err != nil {
		t.Fatal(err)
	}
	items := []Item{
		{URL: "https://x.nl/", Title: "Webinar klantreis", Summary: "Donderdag om vier uur."},
		{URL: "https://x.nl/", Title: "Nieuwe column", Summary: "Over wachttijden."},
		{URL: "https://x.nl/", Title: "Nieuwe column", Summary: "Over wachttijden."}, // listed twice: one entry
		{URL: "https://x.nl/eigen", Title: "Met eigen link", Summary: "Gewoon."},
	}
	for round := range 2 {
		c, err := s.StoreItems(ctx, id, FetchState{At: time.Now()}, items)
		if err != nil {
			t.Fatal(err)
		}
		if round == 0 && c.New != 3 || round == 1 && c.New != 0 {
			t.Errorf("round %d: %+v", round, c)
		}
	}
}

// Changes to a server's articles are queued, the newest per article and
// kind; the server's state never overrides one still to send, and never
// takes away a bookmark with a note.
func TestServerChangesQueue(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	srvFeed, _ := s.AddFeed(ctx, NewFeed{URL: "https://rss.example.nl/feed/1"})
	own, _ := s.AddFeed(ctx, NewFeed{URL: "https://x.nl/feed"})
	if err := s.SetFeedServerID(ctx, srvFeed, "1"); err != nil {
		t.Fatal(err)
	}
	now := FetchState{At: time.Now()}
	if _, err := s.StoreItems(ctx, srvFeed, now, []Item{{GUID: ServerGUID("101"), Title: "a"}, {GUID: ServerGUID("102"), Title: "b"}, {GUID: ServerGUID("103"), Title: "c"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StoreItems(ctx, own, now, []Item{{GUID: "eigen", Title: "d"}}); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	list, _ := s.Articles(ctx, ArticleQuery{})
	for _, a := range list {
		ids[a.Title] = a.ID
	}
	s.SetRead(ctx, ids["a"], true)
	s.SetRead(ctx, ids["a"], false) // the newest wins
	s.SetRead(ctx, ids["b"], true)
	s.SetRead(ctx, ids["d"], true) // kolom's own feed: nothing to send
	s.AddBookmark(ctx, Bookmark{ArticleID: ids["c"], Title: "c", Note: "voor vrijdag", BookmarkedAt: time.Now()})
	p, err := s.PendingChanges(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(p) != 3 || p[0].Entry != "101" || p[0].Value || p[2].State != Starred || !p[2].Value {
		t.Fatalf("pending: %+v", p)
	}
	// The server says all three are read and none starred: "a" and "b"
	// are still to send, so they keep their state here.
	if n, err := s.ApplyServerRead(ctx, map[string]bool{}); err != nil || n != 1 {
		t.Errorf("applied %d read states (%v), want 1 (c)", n, err)
	}
	// Sent: "a" changes again meanwhile, so its change stays.
	s.SetRead(ctx, ids["a"], true)
	if err := s.ChangesSent(ctx, p); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.PendingChanges(ctx); len(p) != 1 || p[0].ArticleID != ids["a"] || !p[0].Value {
		t.Errorf("after sending: %+v", p)
	}
	// Unstarred on the server: a bookmark with a note stays.
	if star, unstar, err := s.StarChanges(ctx, map[string]bool{"102": true}); err != nil || len(star) != 1 || star[0] != ids["b"] || len(unstar) != 0 {
		t.Errorf("star changes: %v %v %v", star, unstar, err)
	}
}

// A feed the server brought and kolom fetches itself again (the server was
// removed) does not list its articles twice.
func TestServerArticlesTakenBackByLink(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	id, _ := s.AddFeed(ctx, NewFeed{URL: "https://x.nl/feed"})
	now := FetchState{At: time.Now()}
	if _, err := s.StoreItems(ctx, id, now, []Item{{GUID: ServerGUID("7"), URL: "https://x.nl/1", Title: "Eén"}}); err != nil {
		t.Fatal(err)
	}
	c, err := s.StoreItems(ctx, id, now, []Item{{GUID: "x-1", URL: "https://x.nl/1", Title: "Eén"}, {GUID: "x-2", URL: "https://x.nl/2", Title: "Twee"}})
	if err != nil || c.New != 1 {
		t.Errorf("%+v %v, want 1 new", c, err)
	}
	var n int
	s.db.QueryRow(`SELECT count(*) FROM articles WHERE feed_id = ?`, id).Scan(&n)
	if n != 2 {
		t.Errorf("%d articles, want 2", n)
	}
}
