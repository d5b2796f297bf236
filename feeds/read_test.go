package feeds

import (
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

// Feeds read as they were written: the quirks the feedparser corpus
// collects, in the shapes Dutch marketing feeds have them.

func mustParse(t *testing.T, doc, contentType string) *Feed {
	t.Helper()
	f, err := Parse([]byte(doc), "https://www.marketingfacts.nl/feed/", contentType)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func rssItems(items string) string {
	return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:xhtml="http://www.w3.org/1999/xhtml"><channel><title>Marketingfacts</title>` + items + `</channel></rss>`
}

// Titles are text: markup in them is read for its visible text, as their
// format says (an Atom text title is literal).
func TestParseTitlesAsText(t *testing.T) {
	f := mustParse(t, rssItems(`<item><title>&lt;b&gt;Nieuw:&lt;/b&gt; de klantreis &amp;amp; AT&amp;amp;T</title></item>
<item><title>1 &lt; 2, en Jan &lt;jan@example.nl&gt;</title></item>
<item><title>Waarom &lt;script&gt;alert(1)&lt;/script&gt;NPS &lt;a href="javascript:x()"&gt;faalt&lt;/a&gt;</title></item>`), "")
	for i, want := range []string{"Nieuw: de klantreis & AT&T", "1 < 2, en Jan <jan@example.nl>", "Waarom NPS faalt"} {
		if got := f.Items[i].Title; got != want {
			t.Errorf("RSS title %d = %q, want %q", i, got, want)
		}
	}
	atom := `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Klant&lt;b&gt;Talk&lt;/b&gt;</title>
<entry><title type="text">Werkt &lt;b&gt; nog &amp;amp; straks?</title></entry>
<entry><title type="html">De &lt;em&gt;chatbot&lt;/em&gt; &amp;amp; de klant</title></entry>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Vijf <strong>trends</strong></div></title></entry>
<entry><title>Kale <b>markup</b> zonder type</title></entry></feed>`
	f = mustParse(t, atom, "application/atom+xml")
	if f.Title != "KlantTalk" {
		t.Errorf("Atom html feed title = %q", f.Title)
	}
	for i, want := range []string{"Werkt <b> nog &amp; straks?", "De chatbot & de klant", "Vijf trends", "Kale markup zonder type"} {
		if got := f.Items[i].Title; got != want {
			t.Errorf("Atom title %d = %q, want %q", i, got, want)
		}
	}
}

// Bodies from every element feedparser reads: xhtml:body and fullitem,
// Media RSS descriptions (YouTube), text typed as text.
func TestParseBodiesGofeedSkips(t *testing.T) {
	f := mustParse(t, rssItems(`<item><title>a</title><xhtml:body><xhtml:p>Een <xhtml:b>column</xhtml:b> in XHTML.</xhtml:p></xhtml:body></item>
<item><title>b</title><fullitem>&lt;p&gt;Een column als &lt;em&gt;fullitem&lt;/em&gt;.&lt;/p&gt;</fullitem></item>
<item><media:group><media:title>Video over klantbeleving</media:title><media:description>Regel één &amp; twee
Regel drie</media:description></media:group></item>`), "")
	if got := f.Items[0].Content; got != "<p>Een <b>column</b> in XHTML.</p>" {
		t.Errorf("xhtml:body = %q", got)
	}
	if got := f.Items[1].Content; got != "<p>Een column als <em>fullitem</em>.</p>" {
		t.Errorf("fullitem = %q", got)
	}
	if it := f.Items[2]; it.Title != "Video over klantbeleving" || it.Summary != "<p>Regel één &amp; twee<br>Regel drie</p>" {
		t.Errorf("media: %q %q", it.Title, it.Summary)
	}
	f = mustParse(t, `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>c</title><summary type="text">5 &lt; 6 &amp; &lt;b&gt;niet vet&lt;/b&gt;</summary></entry></feed>`, "")
	if got := f.Items[0].Summary; got != "<p>5 &lt; 6 &amp; &lt;b&gt;niet vet&lt;/b&gt;</p>" {
		t.Errorf("text summary = %q", got)
	}
}

// The encoding is decided as XML and RFC 7303 say, and decoded before any
// byte is cleaned.
func TestParseDecidesEncodings(t *testing.T) {
	doc := rssItems(`<item><title>Één café in Zürich</title></item>`)
	utf16le := func(s string, bom bool) string {
		var b []byte
		if bom {
			b = append(b, 0xFF, 0xFE)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return string(b)
	}
	utf32be := func(s string) string {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r>>24), byte(r>>16), byte(r>>8), byte(r))
		}
		return string(b)
	}
	latin1, _ := charmap.ISO8859_1.NewEncoder().String(strings.Replace(doc, "utf-8", "iso-8859-1", 1))
	cp1252, _ := charmap.Windows1252.NewEncoder().String(strings.Replace(doc, ` encoding="utf-8"`, "", 1))
	for name, tc := range map[string]struct{ doc, contentType string }{
		"UTF-16 with BOM":                   {utf16le(strings.Replace(doc, "utf-8", "utf-16", 1), true), ""},
		"UTF-16 without BOM":                {utf16le(strings.Replace(doc, "utf-8", "utf-16", 1), false), ""},
		"UTF-32":                            {utf32be(strings.Replace(doc, "utf-8", "utf-32", 1)), ""},
		"declared latin-1":                  {latin1, "application/rss+xml"},
		"HTTP charset over the declaration": {strings.Replace(doc, "utf-8", "iso-8859-1", 1), "text/xml; charset=utf-8"},
		"undeclared windows-1252":           {cp1252, "application/xml"},
	} {
		f, err := Parse([]byte(tc.doc), "https://x.nl/feed", tc.contentType)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(f.Items) != 1 || f.Items[0].Title != "Één café in Zürich" {
			t.Errorf("%s: %+v", name, f.Items)
		}
	}
	// Russian in KOI8-R, labelled nowhere: the text's statistics tell.
	ru, _ := charmap.KOI8R.NewEncoder().String(`<rss version="2.0"><channel><title>Как пережить новогоднюю ночь</title><item><title>Наверное, единственное, во что сегодня можно верить безоговорочно</title></item></channel></rss>`)
	if f := mustParse(t, ru, "application/xml"); f.Title != "Как пережить новогоднюю ночь" {
		t.Errorf("KOI8-R: %q", f.Title)
	}
	// One bad byte costs one character, not the feed.
	bad := strings.Replace(doc, "café", "caf\xe9", 1)
	if f := mustParse(t, bad, "application/rss+xml"); f.Items[0].Title != "Één caf\uFFFD in Zürich" {
		t.Errorf("invalid UTF-8: %q", f.Items[0].Title)
	}
}

// &#146; is the windows-1252 apostrophe every HTML reader shows; so is
// the C1 character a CMS copied in for it.
func TestParseWindows1252References(t *testing.T) {
	f := mustParse(t, rssItems("<item><title>Don&#146;t panic</title><description>Het \u0092echte\u0092 werk</description></item>"), "")
	if it := f.Items[0]; it.Title != "Don\u2019t panic" || it.Summary != "Het \u2019echte\u2019 werk" {
		t.Errorf("%q / %q", it.Title, it.Summary)
	}
}

// Relative links in bodies resolve against the feed's address (or the
// Content-Location it was served with: see Response.Base).
func TestParseResolvesBodyLinks(t *testing.T) {
	f := mustParse(t, rssItems(`<item><title>a</title><link>/2026/11/klantreis/</link><description><![CDATA[<p><a href="/column/nps/">NPS</a> <img src="img/klant.png"> <a href="#noot">noot</a> <a href="https://x.nl/">x</a></p>]]></description></item>`), "")
	it := f.Items[0]
	for _, want := range []string{`href="https://www.marketingfacts.nl/column/nps/"`, `src="https://www.marketingfacts.nl/feed/img/klant.png"`, `href="#noot"`, `href="https://x.nl/"`} {
		if !strings.Contains(it.Summary, want) {
			t.Errorf("summary lacks %s: %s", want, it.Summary)
		}
	}
	if it.Link != "https://www.marketingfacts.nl/2026/11/klantreis/" {
		t.Errorf("link %q", it.Link)
	}
	r := Response{URL: "https://www.marketingfacts.nl/feed/", ContentLocation: "https://cdn.marketingfacts.nl/rss.xml"}
	if r.Base() != "https://cdn.marketingfacts.nl/rss.xml" {
		t.Errorf("Base = %q", r.Base())
	}
}

// Small readings gofeed leaves out: a guid as the link, dcterms dates, the
// author's name without the address, a pre-Atom namespace.
func TestParseSmallReadings(t *testing.T) {
	f := mustParse(t, rssItems(`<item><guid>https://www.marketingfacts.nl/p/123</guid><title>a</title><author>Annemiek de Vries &lt;annemiek@example.nl&gt;</author><dcterms:issued>2026-11-20T07:15:00Z</dcterms:issued><dcterms:modified>2026-11-21T08:00:00+01:00</dcterms:modified></item>`), "")
	it := f.Items[0]
	if it.Link != "https://www.marketingfacts.nl/p/123" || it.Author != "Annemiek de Vries" ||
		!it.Published.Equal(time.Date(2026, 11, 20, 7, 15, 0, 0, time.UTC)) || !it.Updated.Equal(time.Date(2026, 11, 21, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("%+v", it)
	}
	f = mustParse(t, `<feed version="0.3" xmlns="http://purl.org/echo/"><title>Oude echo-feed</title><entry><title>Eén</title></entry></feed>`, "")
	if f.Title != "Oude echo-feed" || len(f.Items) != 1 {
		t.Errorf("pre-Atom namespace: %q %d", f.Title, len(f.Items))
	}
}

// A wide label on narrow bytes is a wrong label, whatever the length.
func TestWrongUTF16LabelIgnored(t *testing.T) {
	for _, pad := range []string{"", " "} {
		doc := `<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Één café</title></channel></rss>` + pad
		got := string(feedUTF8([]byte(doc), "text/xml; charset=utf-16"))
		if !strings.Contains(got, "<title>Één café</title>") {
			t.Errorf("pad %q: %.80q", pad, got)
		}
	}
}
