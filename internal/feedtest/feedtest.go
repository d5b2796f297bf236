// Package feedtest generates realistic feeds and serves them over loopback
// for tests and benchmarks: ETag/Last-Modified with 304s, request counts.
package feedtest

import (
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
	Seed    uint64
	Base    time.Time // newest item's date; zero: 2026-11-01
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
	Requests atomic.Int64 // every request
	NotMod   atomic.Int64 // answered 304
}

type doc struct {
	body, contentType, etag string
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
	s.mu.Lock()
	s.docs[path] = doc{body, contentType, `"` + hex.EncodeToString(sum[:8]) + `"`}
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
