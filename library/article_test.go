package library

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/internal/feedtest"
	"github.com/kolom/kolom/store"
)

// excerptFeed is a WordPress-style feed of 55-word excerpts whose links point
// at pages on srv.
func excerptFeed(srv *feedtest.Server, paths ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Marketingfacts</title><link>https://www.marketingfacts.nl/</link>`)
	for i, p := range paths {
		fmt.Fprintf(&b, `<item><title>Column %d</title><link>%s</link><guid>%s</guid><pubDate>Fri, 20 Nov 2026 08:15:00 +0100</pubDate>
<description><![CDATA[%s [&#8230;]]]></description></item>`, i, srv.URL(p), p, feedtest.Words(uint64(i), 55))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func articleIDs(t *testing.T, l *Library) map[string]int64 {
	t.Helper()
	list, err := l.Articles(context.Background(), store.ArticleQuery{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, a := range list {
		ids[a.GUID] = a.ID
	}
	return ids
}

func TestArticleCompletesExcerptFromPage(t *testing.T) {
	page, err := os.ReadFile("../article/testdata/wordpress-disqus.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/berichten/klantreis/", "text/html; charset=utf-8", string(page))
	srv.Set("/berichten/cookiewall/", "text/html", `<html><head><title>Cookies</title></head><body><div id="cookiewall"><h1>Wij vragen je toestemming</h1><p>Accepteren</p></div></body></html>`)
	srv.Set("/feed", rssType, excerptFeed(srv, "/berichten/klantreis/", "/berichten/cookiewall/", "/berichten/weg/"))
	l := openLib(t, false)
	subscribe(t, l, srv.URL("/feed"))
	ctx := context.Background()
	if _, err := l.Refresh(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	ids := articleIDs(t, l)

	before := srv.Requests.Load()
	a, err := l.Article(ctx, ids["/berichten/klantreis/"])
	if err != nil {
		t.Fatal(err)
	}
	if !a.FullText || a.Notice != "" {
		t.Fatalf("full text not fetched: %+v", a)
	}
	for _, want := range []string{"Onderzoek onder 1.200 Nederlandse consumenten", "Tot slot: geef je klantenservice"} {
		if !strings.Contains(a.Markdown, want) {
			t.Errorf("lost %q", want)
		}
	}
	for _, cruft := range []string{"Cookie-instellingen", "Disqus", "Gerelateerde artikelen", "Elke dag vers", "[…]"} {
		if strings.Contains(a.Markdown, cruft) {
			t.Errorf("cruft %q in the article", cruft)
		}
	}
	if a.Words < 150 || a.ReadingTime.Minutes() < 1 {
		t.Errorf("words %d, reading time %v", a.Words, a.ReadingTime)
	}
	if got := srv.Requests.Load() - before; got != 1 {
		t.Errorf("%d requests to open the article, want 1", got)
	}

	for path, want := range map[string]string{
		"/berichten/cookiewall/": "cookie wall",
		"/berichten/weg/":        "could not fetch the full article",
	} {
		a, err := l.Article(ctx, ids[path])
		if err != nil {
			t.Fatal(err)
		}
		if a.FullText || !strings.Contains(a.Notice, want) || !strings.HasPrefix(a.Notice, "Showing the excerpt: ") {
			t.Errorf("%s: notice %q, want %q", path, a.Notice, want)
		}
		if strings.Contains(a.Markdown, "toestemming") || !strings.Contains(a.Markdown, "[…]") {
			t.Errorf("%s: the excerpt should be shown, not the wall: %q", path, a.Markdown)
		}
		if body, _ := l.store.Body(ctx, ids[path]); body.Markdown != "" {
			t.Errorf("%s: a failed fetch was stored as the article: %q", path, body.Markdown)
		}
	}
	// Opening again reads from the library, also with the site gone.
	srv.Close()
	again, err := l.Article(ctx, ids["/berichten/klantreis/"])
	if err != nil || again.Markdown != a.Markdown || !again.FullText {
		t.Errorf("second open: %v %+v", err, again)
	}

	doc := again.Document()
	for _, want := range []string{"# Column 0", "Marketingfacts", "November 2026", "min read", "<" + "http"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document header lacks %q:\n%s", want, doc[:min(400, len(doc))])
		}
	}
}

func TestArticleWithFullContentFetchesNothing(t *testing.T) {
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/feed", rssType, feedtest.Spec{Title: "Frankwatching", Site: srv.URL("/"), Items: 2, Words: 400, Seed: 3}.Render())
	for _, fullText := range []string{"auto", "off"} {
		l := openLib(t, false, func(c *config.Config) { c.FullText = fullText })
		subscribe(t, l, srv.URL("/feed"))
		ctx := context.Background()
		l.Refresh(ctx, nil, nil)
		before := srv.Requests.Load()
		for _, id := range articleIDs(t, l) {
			a, err := l.Article(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if a.FullText || a.Notice != "" || a.Words < 390 {
				t.Errorf("%s: %+v", fullText, a)
			}
		}
		if n := srv.Requests.Load() - before; n != 0 {
			t.Errorf("%s: opening full-content articles made %d requests", fullText, n)
		}
	}
}

func TestArticleFullTextOff(t *testing.T) {
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/feed", rssType, excerptFeed(srv, "/p"))
	srv.Set("/p", "text/html", "<html><body><article><p>volledig</p></article></body></html>")
	l := openLib(t, false, func(c *config.Config) { c.FullText = "off" })
	subscribe(t, l, srv.URL("/feed"))
	l.Refresh(context.Background(), nil, nil)
	before := srv.Requests.Load()
	a, err := l.Article(context.Background(), articleIDs(t, l)["/p"])
	if err != nil || a.FullText || a.Notice != "" || srv.Requests.Load() != before {
		t.Errorf("full_text off fetched or complained: %+v %v", a, err)
	}
}

func TestArticleTextCarriesNoEscapes(t *testing.T) {
	jsonFeed := `{"version":"https://jsonfeed.org/version/1.1","title":"Feed \u001b]0;pwn\u0007","items":[{"id":"j1","url":"https://x.nl/j",` +
		`"title":"Titel \u001b[2J\u001b]52;c;ZWNobw==\u0007","content_html":"<p>` + strings.Repeat("Body woorden ", 200) +
		`\u001b[31m rood &#x1b;[0m &#155;</p>","authors":[{"name":"Piet \u001b[1m"}]}]}`
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/json", "application/feed+json", jsonFeed)
	l := openLib(t, false)
	subscribe(t, l, srv.URL("/json"))
	l.Refresh(context.Background(), nil, nil)
	a, err := l.Article(context.Background(), articleIDs(t, l)["j1"])
	if err != nil {
		t.Fatal(err)
	}
	doc := a.Document()
	for _, r := range doc {
		if r < 0x20 && r != '\n' && r != '\t' || r >= 0x7f && r <= 0x9f {
			t.Fatalf("control %U in the document:\n%q", r, doc)
		}
	}
	for _, ref := range []string{"&#x1b;", "&#155;", "&#27;"} {
		if strings.Contains(doc, ref) {
			t.Errorf("%s in the document", ref)
		}
	}
}

func TestFetchFullTextOnDemand(t *testing.T) {
	page, err := os.ReadFile("../article/testdata/wordpress-disqus.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/nieuws/retail", "text/html", string(page))
	// A feed whose description is long enough to pass for the full text.
	srv.Set("/feed", rssType, `<?xml version="1.0"?><rss version="2.0"><channel><title>Emerce</title><link>https://www.emerce.nl/</link>
<item><title>Retailers investeren fors in eigen data</title><link>`+srv.URL("/nieuws/retail")+`</link><guid>r1</guid>
<description><![CDATA[<p>`+feedtest.Words(5, 160)+`</p>]]></description></item></channel></rss>`)
	l := openLib(t, false)
	subscribe(t, l, srv.URL("/feed"))
	ctx := context.Background()
	l.Refresh(ctx, nil, nil)
	id := articleIDs(t, l)["r1"]
	a, _ := l.Article(ctx, id)
	if a.FullText {
		t.Fatal("a long description was taken for an excerpt")
	}
	before := srv.Requests.Load()
	a, err = l.FetchFullText(ctx, id)
	if err != nil || !a.FullText || !strings.Contains(a.Markdown, "Tot slot: geef je klantenservice") {
		t.Fatalf("f did not fetch the page: %v %+v", err, a)
	}
	// f again fetches again (the page may have changed) …
	a, err = l.FetchFullText(ctx, id)
	if n := srv.Requests.Load() - before; n != 2 || err != nil || !a.FullText {
		t.Errorf("%d page fetches, want 2 (%v)", n, err)
	}
	// … and when the page is gone now, the text fetched before stays, and
	// the notice speaks of the page, not of a feed to remove.
	srv.Remove("/nieuws/retail")
	a, err = l.FetchFullText(ctx, id)
	if err != nil || !a.FullText || !strings.Contains(a.Markdown, "Tot slot: geef je klantenservice") {
		t.Fatalf("a failed fetch lost the text fetched before: %v %+v", err, a)
	}
	if !strings.Contains(a.Notice, "the page is gone") || strings.Contains(a.Notice, "feed") {
		t.Errorf("notice %q", a.Notice)
	}
}

// An excerpt-only item whose page is in ISO-8859-1 without a charset in
// the header, and carries a consent banner beside a short real article,
// reads in full and without mojibake.
func TestFullTextOfALegacyPageWithABanner(t *testing.T) {
	srv := feedtest.NewServer()
	defer srv.Close()
	text := "Één café in Zürich: coöperatie en klantbeleving gaan hand in hand. " + feedtest.Words(3, 90)
	var latin1 []byte
	for _, r := range `<!DOCTYPE html><html><head><meta charset="iso-8859-1"><title>Één café</title></head><body>` +
		`<div class="cookie-banner"><p>Wij gebruiken cookies. Accepteer cookies om verder te gaan.</p><button>Accepteren</button></div>` +
		`<article><h1>Één café</h1><p>` + text + `</p><p>` + feedtest.Words(4, 40) + `.</p></article></body></html>` {
		latin1 = append(latin1, byte(r))
	}
	srv.Set("/column", "text/html", string(latin1))
	srv.Set("/feed", rssType, `<?xml version="1.0"?><rss version="2.0"><channel><title>Klantcontact</title><link>https://klantcontact.test/</link>
<item><title>Één café</title><link>`+srv.URL("/column")+`</link><guid>c1</guid><description>Een korte inleiding [&#8230;]</description></item></channel></rss>`)
	l := openLib(t, false)
	subscribe(t, l, srv.URL("/feed"))
	ctx := context.Background()
	l.Refresh(ctx, nil, nil)
	a, err := l.Article(ctx, articleIDs(t, l)["c1"])
	if err != nil || !a.FullText {
		t.Fatalf("no full text: %v, notice %q", err, a.Notice)
	}
	if !strings.Contains(a.Markdown, "Één café in Zürich: coöperatie") {
		t.Errorf("the page's text reads %q", a.Markdown[:min(120, len(a.Markdown))])
	}
	if strings.Contains(a.Markdown, "cookies") {
		t.Errorf("the banner came along: %q", a.Markdown)
	}
}
