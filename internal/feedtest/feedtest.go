// Package feedtest generates realistic feeds and serves them over loopback
// for tests and benchmarks: ETag/Last-Modified with 304s, request counts.
package feedtest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Dutch marketing vocabulary, so generated text looks like the real thing.
var words = strings.Fields(`de het een en van in op voor met klant klanten merk marketing
content strategie data customer journey beleving conversie campagne doelgroep inzicht
onderzoek resultaat groei bureau social media nieuwsbrief column lezer vertrouwen
waarde digitale transformatie organisatie medewerkers service ervaring loyaliteit
personalisatie omnichannel kanaal budget rendement analyse effect geïnitieerd café
succesvol belangrijk nieuwe eerste jaar maand week zeker echter daarom want maar`)

// Words returns n pseudo-random words from a seed, deterministic.
func Words(seed uint64, n int) string {
	r := rand.New(rand.NewPCG(seed, 7))
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	return b.String()
}

// Spec describes a generated feed.
type Spec struct {
	Title   string
	Site    string // site URL written into the feed
	Items   int
	Words   int  // words per item body
	Excerpt bool // description only, WordPress-style 55 words and […]
	Atom    bool
	// Rich writes bodies as WordPress and real Atom feeds do: links in
	// the text, figures with srcset and captions, lists, subheadings,
	// entities and typographic quotes, titles with ’ and “”.
	Rich bool
	Seed uint64
	Base time.Time // newest item's date; zero: 2026-11-01
}

// Render returns the feed document.
func (s Spec) Render() string {
	base := s.Base
	if base.IsZero() {
		base = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	}
	var b strings.Builder
	if s.Atom {
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>%s</title><link href="%s"/><id>%s</id><updated>%s</updated>
`, html.EscapeString(s.Title), s.Site, s.Site, base.Format(time.RFC3339))
	} else {
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>%s</title><link>%s</link><description>%s</description>
`, html.EscapeString(s.Title), s.Site, "Columns over marketing")
	}
	for i := range s.Items {
		seed := s.Seed*100003 + uint64(i)
		title := fmt.Sprintf("Column %d: %s", i+1, Words(seed, 6))
		link := fmt.Sprintf("%s%d/column-%d/", s.Site, 2026, i+1)
		date := base.Add(-time.Duration(i) * 6 * time.Hour)
		body := paragraphs(seed, s.Words)
		if s.Rich {
			title = fmt.Sprintf("Column %d: ‘%s’ — “%s”", i+1, Words(seed, 3), Words(seed+1, 3))
			body = richBody(seed, s.Words, s.Site)
		}
		excerpt := Words(seed, 55) + " [&#8230;]"
		if s.Atom {
			fmt.Fprintf(&b, "<entry><title>%s</title><link href=\"%s\"/><id>%s</id><updated>%s</updated><author><name>Auteur %d</name></author>",
				html.EscapeString(title), link, link, date.Format(time.RFC3339), i%7)
			if s.Excerpt {
				fmt.Fprintf(&b, "<summary type=\"html\">%s</summary>", html.EscapeString(excerpt))
			} else {
				fmt.Fprintf(&b, "<content type=\"html\">%s</content>", html.EscapeString(body))
			}
			b.WriteString("</entry>\n")
			continue
		}
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid isPermaLink=\"false\">%s?p=%d</guid><pubDate>%s</pubDate><dc:creator><![CDATA[Auteur %d]]></dc:creator>",
			html.EscapeString(title), link, s.Site, i+1, date.Format(time.RFC1123Z), i%7)
		fmt.Fprintf(&b, "<description><![CDATA[%s]]></description>", excerpt)
		if !s.Excerpt {
			fmt.Fprintf(&b, "<content:encoded><![CDATA[%s]]></content:encoded>", body)
		}
		b.WriteString("</item>\n")
	}
	if s.Atom {
		b.WriteString("</feed>\n")
	} else {
		b.WriteString("</channel></rss>\n")
	}
	return b.String()
}

// richBody is n words of a WordPress column: paragraphs with links,
// emphasis and entities, a subheading, a figure, a list.
func richBody(seed uint64, n int, site string) string {
	r := rand.New(rand.NewPCG(seed, 11))
	var b strings.Builder
	for p := 0; n > 0; p++ {
		k := min(n, 60)
		ws := strings.Fields(Words(seed+uint64(p)*31, k))
		for j := range ws {
			switch r.IntN(12) {
			case 0:
				ws[j] = fmt.Sprintf(`<a href="%s%s/%d/">%s</a>`, site, ws[j], r.IntN(1000), ws[j])
			case 1:
				ws[j] = "<strong>" + ws[j] + "</strong>"
			case 2:
				ws[j] = "&#8220;" + ws[j] + "&#8221;"
			case 3:
				ws[j] += "&#8217;s"
			case 4:
				ws[j] += "&nbsp;&amp;"
			}
		}
		fmt.Fprintf(&b, "<p>%s.</p>\n", strings.Join(ws, " "))
		n -= k
		switch p % 4 {
		case 1:
			fmt.Fprintf(&b, `<h2 class="wp-block-heading">%s</h2>`+"\n", Words(seed+uint64(p), 4))
		case 2:
			img := fmt.Sprintf("%swp-content/uploads/2026/11/beeld-%d", site, r.IntN(10000))
			fmt.Fprintf(&b, `<figure class="wp-block-image size-large"><img decoding="async" width="1024" height="576" src="%s-1024x576.jpg" alt="%s" class="wp-image-%d" srcset="%s-1024x576.jpg 1024w, %s-300x169.jpg 300w, %s-768x432.jpg 768w" sizes="(max-width: 1024px) 100vw, 1024px" /><figcaption class="wp-element-caption">%s</figcaption></figure>`+"\n",
				img, Words(seed+uint64(p), 5), r.IntN(100000), img, img, img, Words(seed+uint64(p)+3, 8))
		case 3:
			b.WriteString("<ul class=\"wp-block-list\">")
			for li := range 3 {
				fmt.Fprintf(&b, "<li>%s</li>", Words(seed+uint64(p*7+li), 7))
			}
			b.WriteString("</ul>\n")
		}
	}
	return b.String()
}

func paragraphs(seed uint64, n int) string {
	var b strings.Builder
	for p := 0; n > 0; p++ {
		k := min(n, 80)
		fmt.Fprintf(&b, "<p>%s.</p>\n", Words(seed+uint64(p)*31, k))
		n -= k
	}
	return b.String()
}

// Server serves documents by path with validators and counts requests.
type Server struct {
	*httptest.Server
	mu       sync.Mutex
	docs     map[string]doc
	gzip     bool
	Requests atomic.Int64 // every request
	NotMod   atomic.Int64 // answered 304
}

type doc struct {
	body, contentType, etag string
	gzipped                 []byte // the body compressed once, when Gzip was on
}

// Gzip makes Set compress documents once and serve them gzip-encoded to
// clients that accept it, as most sites do.
func (s *Server) Gzip(on bool) {
	s.mu.Lock()
	s.gzip = on
	s.mu.Unlock()
}

// NewServer starts a loopback server; close it with Close.
func NewServer() *Server {
	s := &Server{docs: map[string]doc{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Set publishes body at path; its ETag follows its content.
func (s *Server) Set(path, contentType, body string) {
	sum := sha256.Sum256([]byte(body))
	d := doc{body: body, contentType: contentType, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	s.mu.Lock()
	if s.gzip {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(body))
		zw.Close()
		d.gzipped = buf.Bytes()
	}
	s.docs[path] = d
	s.mu.Unlock()
}

// Remove unpublishes path: it answers 404 from now on.
func (s *Server) Remove(path string) {
	s.mu.Lock()
	delete(s.docs, path)
	s.mu.Unlock()
}

// URL is the absolute address of path.
func (s *Server) URL(path string) string { return s.Server.URL + path }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.Requests.Add(1)
	s.mu.Lock()
	d, ok := s.docs[r.URL.Path]
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("ETag", d.etag)
	if r.Header.Get("If-None-Match") == d.etag {
		s.NotMod.Add(1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", d.contentType)
	if d.gzipped != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(d.gzipped)
		return
	}
	fmt.Fprint(w, d.body)
}

// Trickle answers 200 at once, then one byte of a feed every interval, n
// times, stopping when the client hangs up: a server whose body never ends.
func Trickle(every time.Duration, n int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.WriteHeader(200)
		for range n {
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(every):
			}
		}
	}
}
