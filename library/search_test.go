package library

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/internal/feedtest"
	"github.com/kolom/kolom/store"
)

const searchFeed = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Marketingfacts</title><link>https://www.marketingfacts.nl/</link>
<item><title>Het project werd geïnitieerd door de klantenservice</title><link>https://mf.nl/1</link><guid>1</guid><dc:creator>Annemiek de Vries</dc:creator><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate>
<description><![CDATA[<p>Een verhaal over de <b>customer journey</b> in een klein café in Utrecht.</p>]]></description></item>
<item><title>Loyaliteit in de retail</title><link>https://mf.nl/2</link><guid>2</guid><dc:creator>Peter Bakker</dc:creator><pubDate>Tue, 03 Nov 2026 09:00:00 +0000</pubDate>
<description><![CDATA[<p>De journey van de customer is lang; klantreis is het Nederlandse woord.</p>]]></description></item>
<item><title>Cookies en consent</title><link>https://mf.nl/3</link><guid>3</guid><dc:creator>Annemiek de Vries</dc:creator><pubDate>Wed, 04 Nov 2026 09:00:00 +0000</pubDate>
<description><![CDATA[<p>Over toestemming &amp; privacy &mdash; geen klantreis hier.</p>]]></description></item>
</channel></rss>`

func searchLib(t *testing.T) (*Library, *feedtest.Server) {
	t.Helper()
	srv := feedtest.NewServer()
	t.Cleanup(srv.Close)
	srv.Set("/mf", rssType, searchFeed)
	srv.Set("/emerce", rssType, `<?xml version="1.0"?><rss version="2.0"><channel><title>Emerce</title><link>https://www.emerce.nl/</link>
<item><title>Klantreis bij Bol</title><link>https://emerce.nl/9</link><guid>9</guid><pubDate>Thu, 05 Nov 2026 09:00:00 +0000</pubDate><description>Retail en de klantreis.</description></item></channel></rss>`)
	l := openLib(t, false)
	subscribe(t, l, srv.URL("/mf"), srv.URL("/emerce"))
	if _, err := l.Refresh(context.Background(), nil, nil); err != nil {
		t.Fatal(err)
	}
	return l, srv
}

func titles(hits []store.SearchHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Title)
	}
	return out
}

func TestSearchDutchWordsPhrasesAndFilters(t *testing.T) {
	l, _ := searchLib(t)
	ctx := context.Background()
	cases := []struct {
		query string
		want  []string // in order
	}{
		{"geinitieerd", []string{"Het project werd geïnitieerd door de klantenservice"}},
		{"geïnitieerd", []string{"Het project werd geïnitieerd door de klantenservice"}},
		{"cafe", []string{"Het project werd geïnitieerd door de klantenservice"}},
		{`"customer journey"`, []string{"Het project werd geïnitieerd door de klantenservice"}},
		{"customer journey", []string{"Loyaliteit in de retail", "Het project werd geïnitieerd door de klantenservice"}}, // the shorter text ranks first
		// The title weighs most; among the body matches the newest comes first.
		{"klantreis", []string{"Klantreis bij Bol", "Cookies en consent", "Loyaliteit in de retail"}},
		{"klantreis feed:emerce", []string{"Klantreis bij Bol"}},
		{"author:annemiek klantreis", []string{"Cookies en consent"}},
		{`author:"peter bakker"`, []string{"Loyaliteit in de retail"}},
		{"klantreis -cookies", []string{"Klantreis bij Bol", "Loyaliteit in de retail"}},
		{"cookies OR loyaliteit", []string{"Cookies en consent", "Loyaliteit in de retail"}}, // equal scores: newest first
		{"klant*", []string{"Klantreis bij Bol", "Het project werd geïnitieerd door de klantenservice", "Cookies en consent", "Loyaliteit in de retail"}},
		{"toestemming privacy", []string{"Cookies en consent"}},
		{"nergens", nil},
	}
	for _, tc := range cases {
		hits, err := l.Search(ctx, tc.query, 10)
		if err != nil {
			t.Errorf("%q: %v", tc.query, err)
			continue
		}
		if got := titles(hits); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%q:\n got %q\nwant %q", tc.query, got, tc.want)
		}
	}
	hits, _ := l.Search(ctx, "cafe", 10)
	if len(hits) != 1 || !strings.Contains(hits[0].Snippet, "[café]") {
		t.Errorf("snippet: %+v", hits)
	}
}

func TestSearchFollowsUpdatesDeletesAndFullText(t *testing.T) {
	l, srv := searchLib(t)
	ctx := context.Background()
	// An edit replaces the old words.
	srv.Set("/emerce", rssType, `<?xml version="1.0"?><rss version="2.0"><channel><title>Emerce</title><link>https://www.emerce.nl/</link>
<item><title>Omnichannel bij Bol</title><link>https://emerce.nl/9</link><guid>9</guid><pubDate>Thu, 05 Nov 2026 09:00:00 +0000</pubDate><description>Retail zonder dat woord.</description></item></channel></rss>`)
	if sum, _ := l.Refresh(ctx, nil, nil); sum.Updated != 1 {
		t.Fatalf("refresh: %+v", sum)
	}
	if hits, _ := l.Search(ctx, "klantreis feed:emerce", 10); len(hits) != 0 {
		t.Errorf("old words still found: %q", titles(hits))
	}
	if hits, _ := l.Search(ctx, "omnichannel", 10); len(hits) != 1 {
		t.Errorf("new words not found: %q", titles(hits))
	}
	// Removing a feed removes its articles from the index.
	if _, err := l.Remove(ctx, "Emerce"); err != nil {
		t.Fatal(err)
	}
	if hits, _ := l.Search(ctx, "omnichannel", 10); len(hits) != 0 {
		t.Errorf("removed feed still found: %q", titles(hits))
	}
	var n int
	l.store.DB().QueryRow(`SELECT count(*) FROM articles_fts`).Scan(&n)
	if n != 3 {
		t.Errorf("index holds %d rows, want 3", n)
	}
}

func TestSearchBookmarksByTagAfterUnsubscribe(t *testing.T) {
	l, _ := searchLib(t)
	ctx := context.Background()
	hits, _ := l.Search(ctx, "loyaliteit", 1)
	id := hits[0].ID
	if _, err := l.ToggleBookmark(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := l.store.UpdateBookmark(ctx, id, "Voor het deck van vrijdag", []string{"deck", "retail"}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Remove(ctx, "Marketingfacts"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"tag:deck", "tag:retail loyaliteit", "vrijdag", "loyaliteit"} {
		hits, err := l.Search(ctx, q, 10)
		if err != nil || len(hits) != 1 || hits[0].ID != id || !hits[0].Bookmarked || !strings.Contains(hits[0].Snippet, "[") {
			t.Errorf("%q: %+v %v", q, hits, err)
		}
	}
	if hits, _ := l.Search(ctx, "tag:nergens", 10); len(hits) != 0 {
		t.Errorf("unknown tag found %q", titles(hits))
	}
}

func TestSearchMalformedQueriesAreFriendly(t *testing.T) {
	l, _ := searchLib(t)
	for _, q := range []string{`"customer journey`, "OR klantreis", "klantreis NOT", "-cookies", ""} {
		_, err := l.Search(context.Background(), q, 10)
		if !errors.Is(err, store.ErrQuery) || strings.Contains(err.Error(), "fts5") || strings.Contains(err.Error(), "SQL") {
			t.Errorf("%q: %v", q, err)
		}
	}
}

func TestSearchIndexIsQueuedNotBuiltDuringRefresh(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kolom.db")
	l, err := Open(context.Background(), Options{Paths: config.Paths{DB: path}, Config: config.Default()})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/mf", rssType, searchFeed)
	subscribe(t, l, srv.URL("/mf"))
	l.Refresh(context.Background(), nil, nil)
	var indexed, queued int
	db := l.store.DB()
	db.QueryRow(`SELECT count(*) FROM articles_fts`).Scan(&indexed)
	db.QueryRow(`SELECT count(*) FROM fts_queue`).Scan(&queued)
	if indexed != 0 || queued != 3 {
		t.Errorf("after refresh: %d indexed, %d queued", indexed, queued)
	}
	if hits, err := l.Search(context.Background(), "geinitieerd", 10); err != nil || len(hits) != 1 {
		t.Errorf("search: %q %v", titles(hits), err)
	}
	db.QueryRow(`SELECT count(*) FROM articles_fts`).Scan(&indexed)
	db.QueryRow(`SELECT count(*) FROM fts_queue`).Scan(&queued)
	if indexed != 3 || queued != 0 {
		t.Errorf("after search: %d indexed, %d queued", indexed, queued)
	}
	// Full text from the page replaces the feed's text in the index.
	hits, _ := l.Search(context.Background(), "loyaliteit", 1)
	if err := l.store.SetMarkdown(context.Background(), hits[0].ID, "Een heel ander verhaal over omnichannel.", true, 6); err != nil {
		t.Fatal(err)
	}
	if hits, _ := l.Search(context.Background(), "omnichannel", 10); len(hits) != 1 {
		t.Errorf("page text not indexed: %q", titles(hits))
	}
}

func TestBookmarkSurvivesUnsubscribeAndReimport(t *testing.T) {
	l, _ := searchLib(t)
	ctx := context.Background()
	hits, _ := l.Search(ctx, "geinitieerd", 1)
	id := hits[0].ID
	if _, err := l.Bookmark(ctx, id, nil, []string{"deck"}); err != nil {
		t.Fatal(err)
	}
	var buf strings.Builder
	l.Export(ctx, &buf)
	opml := filepath.Join(t.TempDir(), "subs.opml")
	os.WriteFile(opml, []byte(buf.String()), 0o644)
	for _, f := range []string{"Marketingfacts", "Emerce"} {
		if _, err := l.Remove(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.Import(ctx, opml); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Refresh(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	bs, _ := l.Bookmarks(ctx, store.BookmarkQuery{})
	a, err := l.Article(ctx, id)
	if len(bs) != 1 || bs[0].ArticleID != id || err != nil || !strings.Contains(a.Markdown, "customer journey") {
		t.Errorf("after re-import: %+v, %v", bs, err)
	}
}
