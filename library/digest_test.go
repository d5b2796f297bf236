package library

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/store"
)

func digestLibrary(t *testing.T) (*Library, time.Time) {
	t.Helper()
	ctx := context.Background()
	l := openLib(t, false)
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for i, b := range []store.Bookmark{
		{Title: "De klant centraal: een illusie?", URL: "https://www.customertalk.nl/klant-centraal", Author: "Jan Jansen", FeedTitle: "CustomerTalk",
			Markdown: "## Inleiding\n\nIedereen zegt de klant centraal te zetten.\n\n> Wie luistert, wint.\n\n- eerst luisteren\n- dan zenden\n\nDe rest van het stuk.",
			Note:     "Goed voor de teamdag:\n\n- punt één\n- punt twee", Tags: []string{"klantcontact", "deck"}},
		{Title: "Data zonder dashboards", URL: "https://www.marketingfacts.nl/data", Author: "Annemiek de Vries", FeedTitle: "Marketingfacts",
			Markdown: "Dashboards zijn geen strategie. [Lees ook](javascript:alert(1)) en ![pixel](https://track.example/p.gif)\n\n<script>alert(2)</script>",
			Note:     "<script>alert(3)</script> *Scherp*", Tags: []string{"data"}},
		{Title: "Chatbots als collega", URL: "https://www.emerce.nl/chatbots", Author: "Door JAN JANSEN | Emerce", FeedTitle: "Emerce",
			Markdown: "Een chatbot is geen vervanger maar een collega.", Tags: []string{"klantcontact"}},
		{Title: "Oud nieuws", URL: "https://www.emerce.nl/oud", Author: "Iemand", FeedTitle: "Emerce", Markdown: "Van lang geleden.",
			Tags: []string{"klantcontact"}},
		{Title: "Zonder tag", URL: "https://seths.blog/x", Author: "", FeedTitle: "Seth's Blog", Markdown: "Short and sweet."},
	} {
		b.ArticleID = int64(100 + i)
		b.Published = now.Add(-time.Duration(i+1) * 24 * time.Hour)
		b.BookmarkedAt = now.Add(-time.Duration(i+1) * 24 * time.Hour)
		if b.Title == "Oud nieuws" {
			b.BookmarkedAt = now.AddDate(0, 0, -20)
		}
		if _, err := l.store.AddBookmark(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	return l, now
}

func TestDigestMarkdown(t *testing.T) {
	l, now := digestLibrary(t)
	d, err := l.Digest(context.Background(), DigestOptions{Since: now.AddDate(0, 0, -7), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if d.Count != 4 || len(d.Groups) != 3 || d.Groups[0].Name != "data" || d.Groups[1].Name != "klantcontact" || d.Groups[2].Name != "Untagged" {
		t.Fatalf("groups: %+v", d.Groups)
	}
	md := d.Markdown()
	for _, want := range []string{
		"# Digest: 23 – 30 November 2026",
		"## klantcontact\n\n### [Chatbots als collega](<https://www.emerce.nl/chatbots>)",
		"*Jan Jansen · CustomerTalk · 29 November 2026*",
		"*Jan Jansen · Emerce · 27 November 2026*", // the name, not the byline
		"> Goed voor de teamdag:\n>\n> - punt één\n> - punt twee\n",
		"Iedereen zegt de klant centraal te zetten.\n\n> Wie luistert, wint.\n\n- eerst luisteren\n- dan zenden",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("missing %q in\n%s", want, md)
		}
	}
	if strings.Contains(md, "Oud nieuws") || strings.Contains(md, "Inleiding") {
		t.Errorf("an old bookmark or a heading of the article:\n%s", md)
	}
	// By columnist, for one tag.
	d, _ = l.Digest(context.Background(), DigestOptions{Since: now.AddDate(0, 0, -7), Tag: "klantcontact", Now: now})
	if len(d.Groups) != 1 || d.Groups[0].Name != "Jan Jansen" || len(d.Groups[0].Items) != 2 || d.Groups[0].Items[0].Title != "Chatbots als collega" {
		t.Errorf("by columnist: %+v", d.Groups)
	}
	if d, _ := l.Digest(context.Background(), DigestOptions{Since: now, Now: now}); d.Count != 0 {
		t.Errorf("a digest of nothing: %+v", d)
	}
}

// The HTML digest is one document a mail client shows as meant: styles
// inline, no script or style element, nothing fetched, links to http(s).
func TestDigestHTML(t *testing.T) {
	l, now := digestLibrary(t)
	d, _ := l.Digest(context.Background(), DigestOptions{Since: now.AddDate(0, 0, -7), Now: now})
	out, err := d.HTML()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := xhtml.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var links, quotes, lists, styled int
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Img, atom.Iframe, atom.Link, atom.Object, atom.Embed, atom.Form:
				t.Errorf("<%s> in the digest", n.Data)
			case atom.A:
				links++
			case atom.Blockquote:
				quotes++
			case atom.Li:
				lists++
			}
			for _, a := range n.Attr {
				switch {
				case a.Key == "href" && !strings.HasPrefix(a.Val, "https://") && !strings.HasPrefix(a.Val, "http://"):
					t.Errorf("a link to %q", a.Val)
				case a.Key == "src" || a.Key == "srcset" || strings.HasPrefix(a.Key, "on") || a.Key == "class":
					t.Errorf("%s=%q on <%s>", a.Key, a.Val, n.Data)
				case a.Key == "style":
					styled++
					if strings.Contains(a.Val, "url(") {
						t.Errorf("a remote asset in a style: %q", a.Val)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if links != 4 || quotes < 3 || lists < 4 || styled < 20 {
		t.Errorf("links %d, quotes %d, list items %d, styled %d:\n%s", links, quotes, lists, styled, out)
	}
	if strings.Contains(out, "alert") || !strings.Contains(out, `<meta charset="utf-8">`) || !strings.Contains(out, "punt één") {
		t.Errorf("the document:\n%s", out)
	}
}

// import takes an OPML address too, with the feeds' caps; a web page is
// said to be one.
func TestImportFromAnAddress(t *testing.T) {
	ctx := context.Background()
	opml := `<?xml version="1.0"?><opml version="2.0"><body><outline text="Nederland"><outline text="Emerce" xmlUrl="https://www.emerce.nl/feed"/></outline></body></opml>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/abonnementen.opml":
			w.Write([]byte(opml))
		case "/groot.opml":
			w.Write([]byte(`<?xml version="1.0"?><opml version="2.0"><body>` + strings.Repeat(`<outline text="x"/>`, 200000) + `</body></opml>`))
		default:
			w.Write([]byte(`<!DOCTYPE html><html><head><title>Onze feeds</title></head><body><a href="/abonnementen.opml">OPML</a></body></html>`))
		}
	}))
	defer srv.Close()
	l := openLib(t, false, func(c *config.Config) { c.MaxFeedBytes = 1 << 20 })
	rep, err := l.Import(ctx, srv.URL+"/abonnementen.opml")
	if err != nil || len(rep.Added) != 1 || rep.Added[0].Folder != "Nederland" {
		t.Fatalf("%v %+v", err, rep)
	}
	if _, err := l.Import(ctx, srv.URL+"/feeds"); err == nil || !strings.Contains(err.Error(), "web page, not an OPML file") {
		t.Errorf("a web page: %v", err)
	}
	if _, err := l.Import(ctx, srv.URL+"/groot.opml"); err == nil || !strings.Contains(err.Error(), "MiB") && !strings.Contains(err.Error(), "bytes") {
		t.Errorf("a file over the cap: %v", err)
	}
}

// The reading list keeps the note's and the article's blocks too: a
// quote and a list stay a quote and a list.
func TestReadingListKeepsBlocks(t *testing.T) {
	var b strings.Builder
	bm := store.Bookmark{Title: "Luisteren", URL: "https://x.nl/l", Author: "Door Jan Jansen", FeedTitle: "Emerce",
		Markdown: "> Wie luistert, wint.\n\n- eerst luisteren\n- dan zenden", Note: "Twee punten:\n\n1. luisteren\n2. zenden", Tags: []string{"deck"}}
	if err := ReadingList(&b, []store.Bookmark{bm}, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"*Jan Jansen · Emerce* · `deck`", "> Twee punten:\n>\n> 1. luisteren\n> 2. zenden", "> Wie luistert, wint.\n\n- eerst luisteren\n- dan zenden"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("missing %q in\n%s", want, b.String())
		}
	}
}
