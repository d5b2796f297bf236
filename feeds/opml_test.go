package feeds

import (
	"bytes"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

const newsboatExport = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>newsboat - Exported Feeds</title></head>
  <body>
    <outline type="rss" xmlUrl="https://seths.blog/feed/" htmlUrl="https://seths.blog/" title="Seth&apos;s Blog"/>
    <outline title="Marketing &amp; Klant" text="Marketing &amp; Klant">
      <outline type="rss" text="Marketingfacts" xmlUrl="https://www.marketingfacts.nl/feed"/>
      <outline text="Diep">
        <outline type="rss" text="Emerce" xmlUrl="https://www.emerce.nl/feed"/>
        <outline text="Dieper">
          <outline type="rss" text="CustomerTalk" xmlUrl="https://www.customertalk.nl/feed/"/>
        </outline>
      </outline>
      <outline type="rss" text="Dubbel" xmlUrl="https://www.marketingfacts.nl/feed"/>
      <outline type="rss" text="Lokaal" xmlUrl="file:///etc/passwd"/>
      <outline type="rss" text="Script" xmlUrl="javascript:alert(1)"/>
    </outline>
    <outline type="rss" text="Frankwatching" xmlUrl="https://www.frankwatching.com/feed/" xmlns:kolom="https://kolom.app/opml" kolom:fullText="always" kolom:interval="6h" kolom:userAgent="Mozilla/5.0 kolom" kolom:authUser="anne"/>
  </body>
</opml>`

func TestReadOPML(t *testing.T) {
	doc, err := ReadOPML(strings.NewReader(newsboatExport))
	if err != nil {
		t.Fatal(err)
	}
	want := []Outline{
		{Title: "Seth's Blog", URL: "https://seths.blog/feed/", SiteURL: "https://seths.blog/"},
		{Title: "Marketingfacts", URL: "https://www.marketingfacts.nl/feed", Folder: "Marketing & Klant"},
		{Title: "Emerce", URL: "https://www.emerce.nl/feed", Folder: "Marketing & Klant/Diep"},
		{Title: "CustomerTalk", URL: "https://www.customertalk.nl/feed/", Folder: "Marketing & Klant/Diep/Dieper"},
		{Title: "Frankwatching", URL: "https://www.frankwatching.com/feed/",
			Settings: OutlineSettings{FullText: "always", Interval: "6h", UserAgent: "Mozilla/5.0 kolom", AuthUser: "anne"}},
	}
	if !reflect.DeepEqual(withoutLines(doc.Outlines), want) {
		t.Errorf("outlines:\n%+v\nwant\n%+v", doc.Outlines, want)
	}
	if len(doc.Problems) != 2 || doc.Problems[0].Line != 15 || doc.Problems[1].Line != 16 ||
		!strings.Contains(doc.Problems[0].Msg, "file:///etc/passwd") {
		t.Errorf("problems: %+v", doc.Problems)
	}
}

func TestReadOPMLRefusesOtherDocuments(t *testing.T) {
	for name, doc := range map[string]string{
		"html":   "<!DOCTYPE html><html><body>geen opml</body></html>",
		"rss":    smallRSS,
		"empty":  "",
		"binary": "\x89PNG\r\n\x1a\n",
	} {
		_, err := ReadOPML(strings.NewReader(doc))
		if !errors.Is(err, ErrNotOPML) {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err := ReadOPML(strings.NewReader("<opml version=\"2.0\"><body>\n<outline text=\"a\" xmlUrl=\"https://a.nl/feed\">\n</body></opml>"))
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("broken OPML: %v", err)
	}
}

func TestReadOPMLNeverLoadsEntities(t *testing.T) {
	xxe := `<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<opml version="2.0"><body><outline text="&xxe;&b;" xmlUrl="https://www.emerce.nl/feed"/></body></opml>`
	doc, err := ReadOPML(strings.NewReader(xxe))
	if err == nil {
		for _, o := range doc.Outlines {
			if strings.Contains(o.Title, "root:") || strings.Contains(o.Title, "aaaa") {
				t.Fatalf("entity expanded: %q", o.Title)
			}
		}
	}
}

func TestOPMLRoundTrip(t *testing.T) {
	first, err := ReadOPML(strings.NewReader(newsboatExport))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteOPML(&buf, "kolom", first.Outlines, time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<opml version="2.0"`) || !strings.Contains(buf.String(), "<dateCreated>Tue, 24 Nov 2026 09:00:00 +0000</dateCreated>") {
		t.Errorf("not OPML 2.0:\n%s", buf.String())
	}
	second, err := ReadOPML(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// The same feeds in the same three-level tree (top-level feeds are
	// written first).
	byURL := func(os []Outline) []Outline {
		os = withoutLines(os)
		slices.SortFunc(os, func(a, b Outline) int { return strings.Compare(a.URL, b.URL) })
		return os
	}
	if !reflect.DeepEqual(byURL(first.Outlines), byURL(second.Outlines)) || len(second.Problems) != 0 {
		t.Errorf("round trip changed the subscriptions:\n%+v\n%+v", first.Outlines, second.Outlines)
	}
}

func withoutLines(os []Outline) []Outline {
	out := slices.Clone(os)
	for i := range out {
		out[i].Line = 0
	}
	return out
}

func TestDefaults(t *testing.T) {
	d := Defaults()
	byTitle := map[string]Outline{}
	for _, o := range d {
		byTitle[o.Title] = o
	}
	want := map[string]string{
		"Marketingfacts":   "https://www.marketingfacts.nl/feed",
		"Frankwatching":    "https://www.frankwatching.com/feed/",
		"Emerce":           "https://www.emerce.nl/feed",
		"CustomerTalk":     "https://www.customertalk.nl/",
		"MarketingTribune": "https://www.marketingtribune.nl/",
		"CustomerFirst":    "https://www.customerfirst.nl/",
		"Seth Godin":       "https://seths.blog/feed/",
		"Marketing Week":   "https://www.marketingweek.com/feed/",
	}
	if len(d) != len(want) {
		t.Errorf("%d defaults, want %d", len(d), len(want))
	}
	for title, u := range want {
		if byTitle[title].URL != u || byTitle[title].Folder == "" {
			t.Errorf("%s: %+v", title, byTitle[title])
		}
	}
}
