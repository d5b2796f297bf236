package article

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// leadName matches the class names pages give an article's lead (its
// standfirst, chapô, intro): readability often leaves it out, because it
// sits in the article's header rather than beside its paragraphs.
var leadName = lazy(`(?i)(^|[-_\s])(lead|leader|intro|introduction|standfirst|chapo|chapeau|abstract|subtitle|sub-title|excerpt|entry-excerpt|deck|dek|summary|description|teaser-text|hero-text|field-abstract)($|[-_\s])`)

// notLead names the blocks a lead is never in: an author's box, comments,
// related posts, menus.
var notLead = lazy(`(?i)(^|[-_\s])(author|autor|auteur|byline|comments?|related|sidebar|footer|nav|menu)($|[-_\s])`)

// ownDescription names a site's or a blog's own description, its tagline.
var ownDescription = lazy(`(?i)(^|[-_\s])(site|blog)[-_]?(description|desc|tagline)($|[-_\s])`)

// maxLeadGap is how much text, in bytes, may stand between a lead and the
// article's first paragraph on the page: a byline, a date, a caption.
const maxLeadGap = 1500

// lead is a block of the page that may be the article's lead.
type lead struct {
	html, text string
}

// leadsOf finds, before readability changes the tree, the blocks that may
// be the article's lead: named as one, or saying what the page's own
// description says. It also returns the page's text, to place them by.
func leadsOf(doc *html.Node) (leads []lead, pageText string) {
	desc := ""
	var walk func(*html.Node)
	var found []*html.Node
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name := nameWords(attr(n, "class") + " " + attr(n, "id"))
			switch {
			case dropElements[n.DataAtom] && n.DataAtom != atom.Meta, n.DataAtom == atom.Aside, n.DataAtom == atom.Footer, hidden(n),
				notLead.MatchString(name):
				return
			case n.DataAtom == atom.Meta:
				if k := strings.ToLower(attr(n, "name") + attr(n, "property")); desc == "" && (k == "description" || k == "og:description") {
					desc = strings.Join(strings.Fields(attr(n, "content")), " ")
				}
				return
			case n.DataAtom == atom.P || n.DataAtom == atom.Div || n.DataAtom == atom.Section:
				if ownDescription.MatchString(name) {
					return
				} else if leadName.MatchString(name) || desc != "" && n.DataAtom == atom.P {
					found = append(found, n)
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, n := range found {
		t := fullText(n)
		if len(t) < minProse || len(t) > 2000 || proseLen(n) == 0 && n.DataAtom == atom.P || linkText(n)*3 > len(t) {
			continue
		}
		if !leadName.MatchString(nameWords(attr(n, "class")+" "+attr(n, "id"))) && !sameStart(t, desc) {
			continue
		}
		var buf bytes.Buffer
		if html.Render(&buf, n) == nil {
			leads = append(leads, lead{html: buf.String(), text: t})
		}
	}
	if len(leads) == 0 {
		return nil, ""
	}
	return leads, fullText(doc)
}

// sameStart reports whether a block begins as the page's description does
// (descriptions are often the lead, cut short).
func sameStart(text, desc string) bool {
	const n = 60
	if len(desc) < n || len(text) < n {
		return false
	}
	return text[:n] == desc[:n]
}

// linkText is the length of the text inside links under n.
func linkText(n *html.Node) int {
	sum := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.A {
			sum += len(fullText(c))
		} else if c.Type == html.ElementNode {
			sum += linkText(c)
		}
	}
	return sum
}

// withLead puts the article's lead before the article when readability
// left it out: the lead that ends closest before the article's first text
// on the page, no further than maxLeadGap from it. An article that is not
// on the page (onPage false: the page's structured data) takes the page's
// first lead.
func withLead(articleHTML string, leads []lead, pageText, pageURL string, onPage bool) string {
	if len(leads) == 0 {
		return articleHTML
	}
	text := textOfHTML(articleHTML)
	if len(text) < minProse {
		return articleHTML
	}
	first := strings.Index(pageText, text[:minProse])
	if !onPage {
		first = len(pageText)
		leads = leads[:1]
	}
	if first < 0 {
		return articleHTML
	}
	best := ""
	for _, l := range leads {
		if strings.Contains(text, l.text[:minProse]) || repeats(l.text, text) {
			return articleHTML // the article has it
		}
		at := strings.Index(pageText, l.text)
		if at < 0 || at+len(l.text) > first || onPage && first-(at+len(l.text)) > maxLeadGap {
			continue
		}
		best = l.html
	}
	if best == "" {
		return articleHTML
	}
	return cleanExtracted(best, pageURL) + articleHTML
}

// punctuation is what repeats trims off a word.
const punctuation = ".,;:!?()\"'«»„“”"

// repeats reports whether a lead only says again what the article's
// opening says: most of its words are in the article's first 1,000 bytes.
func repeats(lead, article string) bool {
	if len(article) > 1000 {
		article = article[:1000]
	}
	opening := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(article)) {
		opening[strings.Trim(w, punctuation)] = true
	}
	words, known := 0, 0
	for _, w := range strings.Fields(strings.ToLower(lead)) {
		words++
		if opening[strings.Trim(w, punctuation)] {
			known++
		}
	}
	return words > 0 && known*5 >= words*4
}
