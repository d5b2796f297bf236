package feeds

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func parseFile(t *testing.T, name, contentType string) *Feed {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(b, "https://feeds.example.nl/"+name, contentType)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

func TestParseFormats(t *testing.T) {
	cases := []struct {
		file, title, itemTitle, author, link string
	}{
		{"rss091.xml", "Oude column", "Eerste", "", "https://example.nl/1"},
		{"rss10.rdf", "RDF column", "RDF item", "Jan de Vries", "https://example.nl/rdf-1"},
		{"wordpress-atom.xml", "Frankwatching",
			"Waarom je klant’s reis begint vóór de eerste klik – en wat je eraan doet", "Marieke Jansen",
			"https://www.frankwatching.com/archive/2026/11/02/klantreis/"},
		{"feed.json", "Seth's Blog", "The long way", "Seth Godin", "https://seths.blog/2026/11/the-long-way/"},
	}
	for _, tc := range cases {
		f := parseFile(t, tc.file, "")
		if f.Title != tc.title || len(f.Items) != 1 {
			t.Errorf("%s: title %q, %d items", tc.file, f.Title, len(f.Items))
			continue
		}
		it := f.Items[0]
		if it.Title != tc.itemTitle || it.Author != tc.author || it.Link != tc.link {
			t.Errorf("%s: item %+v", tc.file, it)
		}
	}
	atom := parseFile(t, "wordpress-atom.xml", "")
	it := atom.Items[0]
	if want := time.Date(2026, 11, 2, 6, 30, 0, 0, time.UTC); !it.Published.Equal(want) {
		t.Errorf("published = %v", it.Published)
	}
	if !strings.Contains(it.Content, "De klantreis begint") || !strings.Contains(it.Summary, "[…]") {
		t.Errorf("content/summary: %q / %q", it.Content, it.Summary)
	}
}

func TestParseEncodings(t *testing.T) {
	cases := []struct{ file, contentType, want string }{
		{"cp1252.xml", "", "Café “De Klant” is geïnitieerd …"},
		{"latin1.xml", "", "Coöperatie en reïntegratie"},
		{"undeclared-latin1.xml", "application/rss+xml; charset=ISO-8859-1", "Eén klant, twee cafés"},
		{"undeclared-latin1.xml", "text/xml", "Eén klant, twee cafés"}, // no charset anywhere: windows-1252
		{"bom.xml", "", "Met BOM"},
	}
	for _, tc := range cases {
		f := parseFile(t, tc.file, tc.contentType)
		if got := f.Items[0].Title; got != tc.want {
			t.Errorf("%s (%q): title %q, want %q", tc.file, tc.contentType, got, tc.want)
		}
	}
	if f := parseFile(t, "cp1252.xml", ""); f.Title != "Klantcontact – column" || !strings.Contains(f.Items[0].Summary, "€ 5 korting, prêt-à-porter") {
		t.Errorf("cp1252 feed: %q %q", f.Title, f.Items[0].Summary)
	}
}

func TestParseDropsControlBytes(t *testing.T) {
	f := parseFile(t, "control-bytes.xml", "")
	all := f.Title + f.Items[0].Title + f.Items[0].Summary
	for _, c := range all {
		if c < 0x20 {
			t.Fatalf("control byte %#x survived in %q", c, all)
		}
	}
	if f.Title != "Frankwatching" || f.Items[0].Summary != "Tekst met rommel" {
		t.Errorf("got %q / %q", f.Title, f.Items[0].Summary)
	}
}

func TestParseRejectsPagesAndBrokenXML(t *testing.T) {
	page := `<!DOCTYPE html><html lang="nl"><head><title>Emerce</title></head><body>Nieuws</body></html>`
	_, err := Parse([]byte("\n  "+page), "https://www.emerce.nl/", "text/html")
	if !errors.Is(err, ErrNotFeed) || !strings.Contains(err.Error(), "web page") {
		t.Errorf("html: %v", err)
	}
	_, err = Parse([]byte("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Kapot</title>\n<item><title \"a\">a</title></item></channel></rss>"), "https://x.nl/feed", "")
	if err == nil || !strings.Contains(err.Error(), "invalid XML on line") {
		t.Errorf("broken xml: %v", err)
	}
	_, err = Parse([]byte(`{"hello": "world"}`), "https://x.nl/feed", "")
	if !errors.Is(err, ErrNotFeed) {
		t.Errorf("json that is no feed: %v", err)
	}
	_, err = Parse(nil, "https://x.nl/feed", "")
	if !errors.Is(err, ErrNotFeed) || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty: %v", err)
	}
}

// A feed cut off in mid-item keeps the items before it, as libxml2-based
// readers do; so does one whose last tag lacks its ">".
func TestParseRecoversTruncatedFeeds(t *testing.T) {
	head := `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Marketingfacts</title>` +
		`<item><title>Eén</title><link>https://www.marketingfacts.nl/1</link><description>Eerste column</description></item>` +
		`<item><title>Twee</title><link>https://www.marketingfacts.nl/2</link><description>Tweede column</description></item>`
	for name, doc := range map[string]string{
		"mid-item":         head + `<item><title>Drie</title><description>afgebr`,
		"between items":    head + "\n",
		"last tag unended": head + `</channel></rss`,
	} {
		f, err := Parse([]byte(doc), "https://www.marketingfacts.nl/feed/", "application/rss+xml")
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if f.Title != "Marketingfacts" || len(f.Items) != 2 || f.Items[1].Title != "Twee" || f.Items[0].Summary != "Eerste column" {
			t.Errorf("%s: %q, %d items %+v", name, f.Title, len(f.Items), f.Items)
		}
	}
}

func TestParseDropsReferencesToControls(t *testing.T) {
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed &#27;[2J&#x1B;]0;pwn&#7;</title>
<item><title>Klant&#8217;s &#x9b;reis</title><link>https://x.nl/a</link></item></channel></rss>`
	f, err := Parse([]byte(rss), "https://x.nl/feed", "")
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "Feed [2J]0;pwn" {
		t.Errorf("title %q", f.Title)
	}
	// C1 references are legal XML. gofeed decodes titles as HTML, where
	// &#x9b; means windows-1252's "›"; either way the article package's
	// terminal wall is what guarantees no C1 control is stored.
	if !strings.HasPrefix(f.Items[0].Title, "Klant’s ") {
		t.Errorf("item %q", f.Items[0].Title)
	}
}

func TestParseResolvesRelativeLinks(t *testing.T) {
	rss := `<rss version="2.0"><channel><title>t</title><link>/</link><item><title>a</title><link>/blog/a</link></item></channel></rss>`
	f, err := Parse([]byte(rss), "https://www.marketingfacts.nl/feed", "")
	if err != nil {
		t.Fatal(err)
	}
	if f.Items[0].Link != "https://www.marketingfacts.nl/blog/a" || f.SiteURL != "https://www.marketingfacts.nl/" {
		t.Errorf("link %q site %q", f.Items[0].Link, f.SiteURL)
	}
}
