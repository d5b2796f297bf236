package mail

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/kolom/kolom/article"
)

// Unwrap takes a newsletter's wrapping off its HTML and returns what is
// left, with the "view in browser" address it found: layout tables become
// plain blocks in reading order (a table with header cells is data and
// stays), the "view in browser" line, the unsubscribe and preferences
// footer, "you receive this e-mail because…" and the sender's address
// block go, open-tracking pixels go, and mailing-platform tracking
// parameters leave the links. The rest of the cleaning (scripts, hidden
// text, unsafe links) is article.Clean's, as for any page.
func Unwrap(src string) (string, string) {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return src, ""
	}
	web := ""
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode {
				switch {
				case c.DataAtom == atom.A && web == "" && viewInBrowser.MatchString(text(c)):
					web = webLink(attr(c, "href"))
				case c.DataAtom == atom.Img && pixel(c), hidden(c):
					n.RemoveChild(c)
					c = next
					continue
				case c.DataAtom == atom.A:
					setAttr(c, "href", untrack(attr(c, "href")))
				}
				if block(c) && wrapping(c) {
					if web == "" {
						web = viewLink(c)
					}
					n.RemoveChild(c)
					c = next
					continue
				}
				if layoutTable(c) {
					flatten(c)
				}
			}
			walk(c)
			c = next
		}
	}
	walk(doc)
	var buf bytes.Buffer
	body := find(doc, atom.Body)
	if body == nil {
		body = doc
	}
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		html.Render(&buf, c)
	}
	return buf.String(), web
}

// The lines that wrap a newsletter, in Dutch and English.
var (
	viewInBrowser = regexp.MustCompile(`(?i)(bekijk|lees|open) (deze|de|onze)? ?(e-?mail|nieuwsbrief|mail|online versie|webversie)? ?(in|op|via) (je|jouw|uw|de)? ?(browser|web)|view (this|the)? ?(e-?mail|newsletter)? ?(in|on) (your|a|the)? ?(browser|web)|webversie|online versie|view online|read online|open in browser|view (this|the) (post|e-?mail|newsletter) on the web|(lees|bekijk) (deze|de) (nieuwsbrief|e-?mail|mail) online`)
	footerText    = regexp.MustCompile(`(?i)(afmelden|uitschrijven|meld je af|schrijf je uit|unsubscribe|update (your )?preferences|manage (your )?(subscription|preferences|e-?mail settings)|voorkeuren (aanpassen|wijzigen|beheren)|e-?mailvoorkeuren|je ontvangt deze (e-?mail|nieuwsbrief)|u ontvangt deze (e-?mail|nieuwsbrief)|you (are receiving|received|receive) this (e-?mail|newsletter|message)|this e-?mail was sent to|deze e-?mail is verzonden aan|sent by substack|powered by (mailchimp|substack|hubspot)|copyright ©|© \d{4})`)
)

// wrapping reports whether a short block is newsletter wrapping: a
// "view in browser" line or the footer, by its text and its size — the
// column itself may mention unsubscribing, but not in twenty words.
func wrapping(n *html.Node) bool {
	t := text(n)
	if len(t) > 400 || len(t) == 0 {
		return false
	}
	if len(t) < 160 && viewInBrowser.MatchString(t) {
		return true
	}
	return footerText.MatchString(t) && !containsBlockWithMoreText(n, t)
}

// containsBlockWithMoreText guards a wrapper holding both the column's
// last paragraph and the footer: only the innermost block goes.
func containsBlockWithMoreText(n *html.Node, t string) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && block(c) {
			if ct := text(c); ct != "" && !footerText.MatchString(ct) && !viewInBrowser.MatchString(ct) && len(ct) > 80 {
				return true
			}
		}
	}
	return false
}

func block(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Table, atom.Tr, atom.Td, atom.Section, atom.Footer, atom.Header, atom.Center, atom.Span:
		return true
	}
	return false
}

// layoutTable is a table used for layout: no header cells.
func layoutTable(n *html.Node) bool {
	return n.DataAtom == atom.Table && find(n, atom.Th) == nil
}

// flatten turns a layout table's rows and cells into blocks, in reading
// order.
func flatten(t *html.Node) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.DataAtom {
		case atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr, atom.Td:
			n.DataAtom, n.Data = atom.Div, "div"
			n.Attr = nil
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && !(c.DataAtom == atom.Table && !layoutTable(c)) {
				walk(c)
			}
		}
	}
	walk(t)
}

// hidden reports an element a mail program does not show: the preheader
// (the preview line an inbox lists) and hidden beacons. What the reader
// of the letter never sees is not the letter.
func hidden(n *html.Node) bool {
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	if style == "" {
		return false
	}
	for _, decl := range strings.Split(style, ";") {
		switch decl {
		case "display:none", "display:none!important", "visibility:hidden":
			return true
		}
	}
	return false
}

// pixel reports an open-tracking image: article's tiny images and
// trackers, and the mailing platforms' beacons and hidden images.
func pixel(n *html.Node) bool {
	if article.IsTrackingPixel(n) {
		return true
	}
	src := strings.ToLower(attr(n, "src"))
	for _, b := range []string{"/e/o/", "open.substack.com", "substackcdn.com/open", "/open.aspx", "/open.php", "/track/open",
		"/wf/open", "mandrillapp.com/track", "sendgrid.net/wf/open", "linkedin.com/emimp", "/pixel", "beacon", "/o.gif"} {
		if strings.Contains(src, b) {
			return true
		}
	}
	return false
}

// The tracking parameters mailing platforms add beyond those article
// strips from every link; some only on the platform's own hosts, where
// the names are theirs.
var (
	trackingParams     = []string{"mkt_tok", "vero_id", "vero_conv", "ck_subscriber_id", "oly_enc_id", "oly_anon_id", "sc_cid"}
	hostTrackingParams = map[string][]string{
		"substack.com": {"r", "s", "publication_id", "post_id", "isFreemail", "token", "triedRedirect"},
		"linkedin.com": {"trk", "trkEmail", "midToken", "midSig", "lipi", "eid", "otpToken"},
	}
)

// untrack drops tracking parameters from a link: article's (utm_*,
// Mailchimp's, HubSpot's…) and the mailing platforms' own. (Redirect links
// keep their address: following them would tell the sender the mail was
// read.)
func untrack(link string) string {
	link = article.StripTracking(link)
	u, err := url.Parse(link)
	if err != nil || u.RawQuery == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return link
	}
	q := u.Query()
	n := len(q)
	for _, k := range trackingParams {
		q.Del(k)
	}
	for host, keys := range hostTrackingParams {
		if h := strings.ToLower(u.Hostname()); h == host || strings.HasSuffix(h, "."+host) {
			for _, k := range keys {
				q.Del(k)
			}
		}
	}
	if len(q) == n {
		return link
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// viewLink is the "view in browser" address inside a block, if any.
func viewLink(n *html.Node) string {
	if n.Type == html.ElementNode && n.DataAtom == atom.A && viewInBrowser.MatchString(text(n)) {
		return webLink(attr(n, "href"))
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if l := viewLink(c); l != "" {
			return l
		}
	}
	return ""
}

// webLink is the "view in browser" address, untracked, when it is http(s).
func webLink(href string) string {
	if u, err := url.Parse(href); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		return untrack(href)
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		for c := n.FirstChild; c != nil && b.Len() < 2048; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func find(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
}
