package article

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// minProse is how long a paragraph must be, in bytes of text, to count as
// prose rather than a label, a name or a button.
const minProse = 60

// proseSkip names blocks whose paragraphs are never the article's even when
// they read as prose: comments, sidebars, related posts, footers.
var proseSkip = lazy(`(?i)(^|[-_\s])(comments?|commentlist|reacties|respond|disqus|sidebar|related|gerelateerd|footer|cookie|consent|modal|popup)($|[-_\s])`)

// densest is the block of the page whose own paragraphs hold the most
// prose — a paragraph counts for its parent fully and for its grandparent
// by half — and that prose's length. It is what a reader's eye finds as
// the article when readability's scoring went elsewhere (a list of names
// outweighing the letter they signed, a login form's messages).
func densest(doc *html.Node) (*html.Node, int) {
	score := map[*html.Node]int{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || dropElements[c.DataAtom] || c.DataAtom == atom.Aside ||
				c.DataAtom == atom.Footer || hidden(c) || proseSkip.MatchString(nameWords(attr(c, "class")+" "+attr(c, "id"))) {
				continue
			}
			if c.DataAtom == atom.P {
				if l := proseLen(c); l > 0 {
					score[n] += l
					if n.Parent != nil {
						score[n.Parent] += l / 2
					}
				}
				continue
			}
			walk(c)
		}
	}
	walk(doc)
	var best *html.Node
	for n, s := range score {
		if best == nil || s > score[best] {
			best = n
		}
	}
	if best == nil {
		return nil, 0
	}
	return best, proseOf(best)
}

// proseOf is the length of the prose in n's paragraphs, wherever they sit.
func proseOf(n *html.Node) int {
	sum := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || dropElements[c.DataAtom] || hidden(c) {
				continue
			}
			if c.DataAtom == atom.P {
				sum += proseLen(c)
				continue
			}
			walk(c)
		}
	}
	walk(n)
	return sum
}

// proseLen is the text length of a paragraph that reads as prose: long
// enough, mostly not links. Else 0.
func proseLen(p *html.Node) int {
	text, linked := 0, 0
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, inLink bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				t := len(strings.TrimSpace(c.Data))
				text += t
				if inLink {
					linked += t
				}
			case c.Type == html.ElementNode && !dropElements[c.DataAtom]:
				walk(c, inLink || c.DataAtom == atom.A)
			}
		}
	}
	walk(p, false)
	if text < minProse || linked*3 > text {
		return 0
	}
	return text
}

// hidden reports whether the page hides n from its readers.
func hidden(n *html.Node) bool {
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}
