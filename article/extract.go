package article

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Extracted is the article readability found in a web page.
type Extracted struct {
	Title     string
	Byline    string
	SiteName  string
	Language  string
	Published time.Time // zero when the page does not say
	HTML      string    // cleaned, safe HTML of the article body
}

// ErrNoArticle is returned when a page holds no readable article.
var ErrNoArticle = errors.New("no article found on the page")

// maxPageNodes bounds the work readability does on a pathological page.
const maxPageNodes = 200_000

// Extract finds the article in a web page: readability picks the content,
// then Clean removes what it keeps of the site (consent, newsletter, related,
// share, comment and author blocks). pageURL makes links absolute.
func Extract(page []byte, pageURL string) (Extracted, error) {
	u, err := url.Parse(pageURL)
	if err != nil {
		return Extracted{}, fmt.Errorf("page URL %q: %w", pageURL, err)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return Extracted{}, fmt.Errorf("%w: %v", ErrNoArticle, err)
	}
	// Cruft that readability sometimes keeps goes before it scores the page,
	// so it cannot win as the "article" either.
	newCleaner(doc, u).preClean(doc)
	p := readability.NewParser()
	p.MaxElemsToParse = maxPageNodes
	art, err := p.ParseDocument(doc, u)
	if err != nil {
		return Extracted{}, fmt.Errorf("%w: %v", ErrNoArticle, err)
	}
	if art.Node == nil {
		return Extracted{}, ErrNoArticle
	}
	var buf bytes.Buffer
	if err := art.RenderHTML(&buf); err != nil {
		return Extracted{}, fmt.Errorf("%w: %v", ErrNoArticle, err)
	}
	out := Extracted{
		Title:    SafeLine(art.Title()),
		Byline:   SafeLine(art.Byline()),
		SiteName: SafeLine(art.SiteName()),
		Language: SafeLine(art.Language()),
		HTML:     Clean(buf.String(), pageURL),
	}
	if t, err := art.PublishedTime(); err == nil {
		out.Published = t.UTC()
	}
	if strings.TrimSpace(textOfHTML(out.HTML)) == "" {
		return Extracted{}, ErrNoArticle
	}
	return out, nil
}

// preClean removes, in the whole page, the elements Clean would remove from
// the article anyway, except the ones readability reads metadata from.
func (cl *cleaner) preClean(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && c.DataAtom != atom.Head && c.DataAtom != atom.Body && c.DataAtom != atom.Html {
			if c.DataAtom != atom.Script && c.DataAtom != atom.Meta && c.DataAtom != atom.Link && cl.shouldDrop(c) {
				n.RemoveChild(c)
				c = next
				continue
			}
		}
		if c.DataAtom != atom.Head {
			cl.preClean(c)
		}
		c = next
	}
}

func textOfHTML(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return ""
	}
	return textOf(doc)
}
