package feeds

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func addTestdata(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join("testdata", pattern))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// FuzzParse: any body either parses or is an error; never a panic, and a
// parsed feed's links are absolute or empty.
func FuzzParse(f *testing.F) {
	addTestdata(f, "*.xml")
	addTestdata(f, "*.rdf")
	addTestdata(f, "*.json")
	f.Add([]byte(smallRSS))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"id":"1","url":"/a"}]}`))
	f.Add([]byte(wpHead))
	// The quirks the wrapper reads itself: XHTML bodies, truncation, UTF-16,
	// Atom types, base64, a pre-Atom namespace.
	f.Add([]byte(`<rss version="2.0"><channel><item><title>&lt;b&gt;a&lt;/b&gt;</title><xhtml:body xmlns:xhtml="http://www.w3.org/1999/xhtml"><xhtml:p>b</xhtml:p></xhtml:body></item><item><fullitem>&lt;p&gt;c</fullitem></item><item><title>d`))
	f.Add([]byte("\xff\xfe<\x00r\x00s\x00s\x00>\x00"))
	f.Add([]byte(`<feed version="0.3" xmlns="http://purl.org/pie/"><title type="text/html" mode="base64">PGI+YTwvYj4=</title><entry><title type="xhtml"><div>e <b>f</b></div></title><summary type="text">5 &lt; 6</summary></entry></feed>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		feed, err := Parse(body, "https://www.emerce.nl/feed", "text/xml")
		if err != nil {
			return
		}
		for _, it := range feed.Items {
			if it.Link != "" && strings.HasPrefix(it.Link, "/") {
				t.Fatalf("relative link survived: %q", it.Link)
			}
		}
	})
}

// FuzzReadOPML: never a panic; every outline kept is http(s).
func FuzzReadOPML(f *testing.F) {
	f.Add([]byte(newsboatExport))
	f.Add(defaultsOPML)
	f.Add([]byte(`<opml><body><outline xmlUrl="javascript:x"/></body></opml>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		o, err := ReadOPML(bytes.NewReader(doc))
		if err != nil {
			return
		}
		for _, out := range o.Outlines {
			if !isHTTP(out.URL) {
				t.Fatalf("non-http outline kept: %q", out.URL)
			}
		}
	})
}

// FuzzDiscover: never a panic; only http(s) candidates.
func FuzzDiscover(f *testing.F) {
	f.Add([]byte(wpHead))
	f.Add([]byte(`<link rel=alternate type=application/rss+xml href=//x.nl/f>`))
	f.Fuzz(func(t *testing.T, page []byte) {
		for _, u := range Discover(page, "https://www.customertalk.nl/") {
			if !isHTTP(u) {
				t.Fatalf("non-http candidate %q", u)
			}
		}
		DetectWall("https://www.customertalk.nl/", 200, nil, page)
	})
}
