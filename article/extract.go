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

// Extract finds the article in a web page. Readability reads the page as
// it is (cleaning the page first made it miss articles inside wrappers
// named "widget" or "share"); then cleanExtracted removes, inside the
// article only, blocks that more than one signal marks as site furniture.
// When readability finds nothing, or much less than the page's own article
// markup holds, that markup is the article (fallback); when what it found
// holds next to no prose, the page's densest block of paragraphs is.
// pageURL makes links absolute.
func Extract(page []byte, pageURL string) (Extracted, error) {
	u, err := url.Parse(pageURL)
	if err != nil {
		return Extracted{}, fmt.Errorf("page URL %q: %w", pageURL, err)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return Extracted{}, fmt.Errorf("%w: %v", ErrNoArticle, err)
	}
	// The fallback's candidates are found before readability changes the tree.
	fallback, fallbackText := marked(doc)
	leads, pageText := leadsOf(doc)
	published, ingredients := bodyOfJSONLD(doc)
	p := readability.NewParser()
	p.MaxElemsToParse = maxPageNodes
	p.KeepClasses = true // the cleanup's second signal: a block's name
	art, err := p.ParseDocument(doc, u)
	var out Extracted
	var body string
	if err == nil && art.Node != nil {
		var buf bytes.Buffer
		if art.RenderHTML(&buf) == nil {
			body = buf.String()
		}
		out = Extracted{
			Title:    SafeLine(art.Title()),
			Byline:   SafeLine(art.Byline()),
			SiteName: SafeLine(art.SiteName()),
			Language: SafeLine(art.Language()),
		}
		if t, err := art.PublishedTime(); err == nil {
			out.Published = t.UTC()
		}
	}
	out.HTML = cleanExtracted(body, pageURL)
	got, prose := measured(out.HTML)
	if fallbackText > 0 && got < littleText && got*2 < fallbackText {
		out.HTML = cleanExtracted(fallback, pageURL)
		got, prose = measured(out.HTML)
	}
	// Prose is what a reader came for: where readability's choice holds
	// little and one block of the page holds much more, that block is the
	// article (a letter's signatories outscored the letter).
	if prose < littleText {
		if dense, denseProse := densest(doc); dense != nil && denseProse > 2*littleText {
			var buf bytes.Buffer
			if html.Render(&buf, dense) == nil {
				out.HTML = cleanExtracted(buf.String(), pageURL)
				got, _ = measured(out.HTML)
			}
		}
	}
	// The article the page publishes as structured data, when what was
	// found on the page holds little of it (the page draws its article
	// with script, or readability chose another block).
	onPage := true
	if published != "" || ingredients != "" {
		found := htmlText(out.HTML)
		if published != "" {
			pubHTML := cleanExtracted(published, pageURL)
			if pubText := htmlText(pubHTML); len(pubText) >= littleText && covered(pubText, found)*2 < 1 {
				out.HTML, got, onPage = pubHTML, len(pubText), false
			}
		}
		if ingredients != "" && onPage {
			list := cleanExtracted(ingredients, pageURL)
			if covered(htmlText(list), found)*2 < 1 {
				out.HTML = list + out.HTML
			}
		}
	}
	if got == 0 {
		return Extracted{}, ErrNoArticle
	}
	out.HTML = withLead(out.HTML, leads, pageText, pageURL, onPage)
	return out, nil
}

// littleText is what readability must find, in bytes of text, for its
// choice to stand against the page's own article markup: about 80 words.
const littleText = 500

// marked is the largest block a page marks as its article —
// <article>, [itemprop=articleBody], <main>, [role=main] — as HTML, and the
// length of its text.
func marked(doc *html.Node) (string, int) {
	var best *html.Node
	bestLen := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.DataAtom == atom.Article || n.DataAtom == atom.Main || attr(n, "role") == "main" ||
				strings.EqualFold(attr(n, "itemprop"), "articleBody") {
				if l := textLen(n); l > bestLen {
					best, bestLen = n, l
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if best == nil {
		return "", 0
	}
	var buf bytes.Buffer
	if html.Render(&buf, best) != nil {
		return "", 0
	}
	return buf.String(), bestLen
}

// textLen is the length of the visible text under n.
func textLen(n *html.Node) int {
	switch {
	case n.Type == html.TextNode:
		return len(strings.TrimSpace(n.Data))
	case n.Type == html.ElementNode && dropElements[n.DataAtom]:
		return 0
	}
	sum := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		sum += textLen(c)
	}
	return sum
}

// fullText is all the visible text under n, folded (textOf stops early).
func fullText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
			b.WriteByte(' ')
		case n.Type == html.ElementNode && dropElements[n.DataAtom]:
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// textOfHTML is textOf for an HTML string: its first few KiB of text.
func textOfHTML(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return ""
	}
	return textOf(doc)
}

// htmlText is all the visible text of an HTML string, folded.
func htmlText(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return ""
	}
	return fullText(doc)
}

// covered is the share of want's text that got holds, weighed in pieces of
// about 60 bytes cut at spaces.
func covered(want, got string) float64 {
	pieces, found := 0, 0
	for len(want) > 0 {
		end := min(len(want), 60)
		if i := strings.IndexByte(want[end:], ' '); i >= 0 {
			end += i
		} else {
			end = len(want)
		}
		pieces++
		if strings.Contains(got, want[:end]) {
			found++
		}
		want = strings.TrimLeft(want[end:], " ")
	}
	if pieces == 0 {
		return 1
	}
	return float64(found) / float64(pieces)
}

// measured parses HTML once for the two lengths Extract weighs: all its
// text (fullText) and its prose (proseOf).
func measured(s string) (text, prose int) {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return 0, 0
	}
	return len(fullText(doc)), proseOf(doc)
}
