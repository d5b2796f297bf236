package article

import (
	"bytes"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Clean turns feed or page HTML into safe HTML with only the article in it:
// scripts, frames, forms, hidden elements, tracking pixels and site cruft
// (cookie banners, share rows, newsletter plugs, related links, comments,
// author boxes, the Yoast footer) are removed; lazy images get their real
// source; links and images become absolute and lose utm_* and fbclid.
// base is the article's address, for relative URLs.
func Clean(rawHTML, base string) string { return clean(rawHTML, base, false) }

// cleanExtracted is Clean for the article readability took from a page. Its
// blocks are the article's unless more than one signal says otherwise: a
// cruft name alone (Elementor's "widget", a theme's "share-aware" wrapper)
// is not enough, it takes short text or mostly links as well, and a block
// with a third of the text is never removed.
func cleanExtracted(rawHTML, base string) string { return clean(rawHTML, base, true) }

func clean(rawHTML, base string, extracted bool) string {
	if strings.TrimSpace(rawHTML) == "" {
		return ""
	}
	baseURL, _ := url.Parse(base)
	nodes, err := html.ParseFragment(strings.NewReader(Safe(rawHTML)), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return ""
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	cl := newCleaner(root, baseURL)
	cl.extracted = extracted
	cl.clean(root)
	var buf bytes.Buffer
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		html.Render(&buf, c)
	}
	return Safe(policy().Sanitize(buf.String()))
}

var policy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
		"ul", "ol", "li", "dl", "dt", "dd", "blockquote", "q", "cite",
		"pre", "code", "kbd", "samp", "em", "i", "strong", "b", "u", "s", "del", "ins", "mark",
		"sub", "sup", "small", "abbr", "figure", "figcaption", "span", "div", "section", "article",
		"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("src", "alt", "title").OnElements("img")
	p.AllowAttrs("colspan", "rowspan", "align").OnElements("th", "td")
	p.AllowAttrs("title").Globally()
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[\w+-]+$`)).OnElements("code")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	// An object's content is its fallback, what a reader that cannot play
	// it shows: a terminal never can.
	p.SkipElementsContent("script", "style", "iframe", "noscript", "form", "select", "textarea", "button",
		"embed", "template", "svg", "canvas", "nav")
	p.AllowElementsContent("object")
	p.AddSpaceWhenStrippingTag(true)
	return p
})

// Elements removed with everything inside them.
var dropElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Iframe: true, atom.Noscript: true, atom.Form: true,
	atom.Input: true, atom.Button: true, atom.Select: true, atom.Textarea: true,
	atom.Embed: true, atom.Template: true, atom.Svg: true, atom.Canvas: true, atom.Nav: true,
	atom.Link: true, atom.Meta: true, atom.Dialog: true,
}

// cruftName matches class and id tokens of blocks that are never the article.
var cruftName = lazy(`(?i)(^|[-_\s])(cookie|cookies|consent|gdpr|cmp|newsletter|nieuwsbrief|subscribe|subscription|signup|sign-up|inschrijven|share|sharing|sharedaddy|social|socials|related|gerelateerd|gerelateerde|comments?|reacties|disqus|respond|author-box|authorbox|author-bio|about-author|over-de-auteur|skip-link|skiplink|screen-reader-text|sr-only|visually-hidden|advert|advertisement|adsbygoogle|banner|promo|popup|modal|breadcrumbs?|sidebar|widget|jp-relatedposts|yarpp|addtoany|tags-links|post-navigation|wp-block-buttons|byline|author|authors|autor|auteur|rating|ratings|timestamp|paywall|premium|meta|tags|tag-list|taglist|breadcrumb|pagination|pager|print|donate|donation|cta|kommentare?|reading-time|readingtime|read-time|leestijd|licence|license|lizenz|copyright|credits?|postmetadata|post-ratings)($|[-_\s])`)

// cruftHeading matches the headings that open a cruft section, in the
// languages columns come in: Dutch and English first, then German, French,
// Spanish, Italian and Polish. (A section goes only when it is short or
// mostly links as well: see cruftSection.)
var cruftHeading = lazy(`(?i)^\s*(gerelateerde artikelen|gerelateerd|lees ook|lees meer|meer lezen|meer over( dit onderwerp)?|populaire artikelen|meest gelezen|related( articles| posts| stories)?|you may also like|read more|more from|more stories|recommended|reacties?|plaats een reactie|laat een reactie achter|geef een reactie|comments?|leave a (comment|reply)|deel dit artikel|delen|share this( article| post| story)?|over de auteur|about the author|schrijf je in.*|abonneer.*|nieuwsbrief.*|newsletter.*|sign up.*|subscribe.*|tags?|` +
	`weitere artikel|weitere beiträge.*|neueste artikel|auch lesen|lesen sie auch.*|das (thema )?könnte (dich|sie) auch interessieren|meist(gelesene?|diskutierte?|-diskutiert)( artikel)?|keine kommentare|kommentare schreiben|heute empfehlen wir|weiterführende[rn]? links?|related coverage|more (on|about) this( story| topic)?|inhaltsverzeichnis|table of contents|` +
	`ähnliche artikel|verwandte artikel|empfohlene (beiträge|artikel)|mehr zum thema|mehr (aus|von|zu)\b.*|das könnte sie auch interessieren|auch interessant|kommentare?|diesen artikel teilen|teilen|über den autor|` +
	`à lire aussi|lire aussi|articles? similaires|sur le même sujet|commentaires?|partager( cet article)?|` +
	`te puede interesar|le puede interesar|noticias relacionadas|también te puede interesar|comentarios|compartir|` +
	`leggi anche|articoli correlati|commenti|condividi|` +
	`zobacz (też|także)|czytaj (też|także)|polecane|komentarze|udostępnij)\s*[:!.]?\s*$`)

// cruftText matches short blocks whose whole text is site furniture.
var cruftText = lazy(`(?i)^\s*(naar (de )?inhoud|ga naar (de )?inhoud|direct naar (de )?inhoud|spring naar inhoud|skip to (main )?content|comments powered by disqus\.?|please enable javascript to view the comments.*|elke dag vers\.? mis niks!?.*|cookie-?instellingen.*|cookie settings.*|wij gebruiken cookies.*|we use cookies.*|deze website gebruikt cookies.*|accepteren|alles accepteren|accept( all)?( cookies)?|weigeren|advertentie|advertisement|lees verder|read more|continue reading.*|delen:?|share:?|volg ons.*|follow us.*|` +
	`diesen artikel teilen|artikel teilen|teilen|zurück( zur (übersicht|listenansicht))?|partager|compartir|condividi|udostępnij)\s*$`)

// creditLine matches a short line that only credits a picture.
var creditLine = lazy(`(?i)^\s*[(\[]?\s*(foto|fotos|beeld|bild|titelbild|image|images|photo|photos|picture|crédito|crédits?( photos?)?|credits?|photo credits?|bildnachweis|bildquelle|beitragsbild|quelle|imagen|fuente|źródło|fot\.?|image d'illustration|image illustrative|photo d'illustration)\s*(:|©|via\b)`)

// onlyCredit reports whether a short line only credits a picture.
func onlyCredit(t string) bool {
	m := creditLine.FindStringIndex(t)
	return m != nil && namesSomeone(t[m[1]:])
}

// creditLabel finds where a picture credit begins at the end of a caption
// or an image's description ("… op de Ostsee. Foto: R. Korn", "© AFP /
// M. Bertorello", "Erdölpumpen. Bild: TebNad/Shutterstock.com"): a
// capitalised label, as credits are written (so "een foto: de markt" in a
// sentence stays), a lower-case one only after a comma or a full stop, or a
// copyright sign.
var creditLabel = lazy(`(?:^|[\s(\[–|/-])(?:Foto|FOTO|Fotos|Beeld|Bild|BILD|Photo|PHOTO|Photos|Image|Imagen|Crédits?(?: photos?)?|Credits?|Bildnachweis|Bildquelle|Quelle|Fuente|Źródło|Fot\.)\s*[:©]|[,.;]\s*(?:foto|photo|bild|image|imagen|fot\.)\s*:|©|\([cC]\)\s`)

// creditAgency finds a credit that names a picture agency after a slash
// ("Judy Eddy/WENN.com", "praca / ShutterStock"): the credit is the whole
// phrase it ends.
var creditAgency = lazy(`(?i)/\s*(?:` + agencies + `)\b`)

// agencies are the picture agencies credits name.
const agencies = `shutterstock|istock(?:photo)?|getty ?images|afp|dpa|reuters|epa|anp|wenn|imago|picture.alliance|unsplash|pexels|pixabay|adobe ?stock|depositphotos|fotolia`

// maxCredit is how long a credit runs, in bytes, from its label to the end.
const maxCredit = 100

// creditStart is where the credit that ends s begins, or -1. A caption's
// credit may be only an agency's name; an image's description keeps it
// unless it is labelled, as descriptions name agencies ("a GettyImages
// photo of …").
func creditStart(s string, caption bool) int {
	for _, m := range creditLabel.FindAllStringIndex(s, -1) {
		if rest := s[m[0]:]; len(rest) <= maxCredit && !strings.ContainsAny(rest, "!?") && namesSomeone(s[m[1]:]) {
			return m[0]
		}
	}
	if !caption {
		return -1
	}
	if m := creditAgency.FindStringIndex(s); m != nil && len(s)-m[0] <= maxCredit {
		start := strings.LastIndexAny(s[:m[0]], ".:!?")
		return start + 1
	}
	return -1
}

// namesSomeone reports whether what follows a credit's label says who made
// the picture — a name, an agency, a short "archief" — rather than what it
// shows ("Foto: schappen in een supermarkt in Utrecht" is the picture's
// description): at most two words, or mostly capitalised ones, name
// particles ("de", "van") aside.
func namesSomeone(rest string) bool {
	if creditMark.MatchString(rest) {
		return true // "picture alliance / dpa", "stock.adobe.com", "cc by sa 2.0"
	}
	words := strings.FieldsFunc(rest, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("/,;:|&()[]©", r)
	})
	if len(words) <= 2 {
		return true
	}
	lower, counted := 0, 0
	for _, w := range words {
		if nameParticle[strings.ToLower(w)] {
			continue
		}
		counted++
		if r := []rune(w)[0]; unicode.IsLower(r) {
			lower++
		}
	}
	return lower*2 < counted
}

// creditMark finds what only a credit holds: a picture agency, a web
// address, a licence.
var creditMark = lazy(`(?i)\b(?:` + agencies + `|creative commons|public domain|cc[ -]?(?:by|0)\b)|\.(?:com|nl|de|org)\b|www\.`)

// nameParticle are the small words inside names and credits.
var nameParticle = map[string]bool{
	"de": true, "van": true, "der": true, "den": true, "het": true, "'t": true, "ten": true, "ter": true,
	"von": true, "zu": true, "di": true, "da": true, "du": true, "del": true, "della": true, "le": true,
	"la": true, "les": true, "y": true, "e": true, "en": true, "and": true, "und": true, "et": true,
	"via": true, "for": true, "voor": true, "für": true, "pour": true, "by": true, "door": true, "of": true,
}

// dropCredit removes the credit that ends a caption's text, where it spans
// several nodes ("Bild: <a>TebNad/Shutterstock.com</a>") too.
func dropCredit(caption *html.Node) {
	var texts []*html.Node
	var all strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				texts = append(texts, c)
				all.WriteString(c.Data)
			} else {
				walk(c)
			}
		}
	}
	walk(caption)
	text := strings.TrimRight(all.String(), " \t\r\n")
	at := creditStart(text, true)
	if at < 0 {
		return
	}
	offset := 0
	for _, t := range texts {
		start := offset
		offset += len(t.Data)
		switch {
		case offset <= at:
		case start >= at:
			t.Data = ""
		default:
			t.Data = t.Data[:at-start]
		}
	}
}

// isCaption reports whether n is a picture's caption: a figcaption, text
// beside the picture in its figure, or an element its page names so.
func isCaption(n *html.Node) bool {
	return n.DataAtom == atom.Figcaption || n.Parent != nil && n.Parent.DataAtom == atom.Figure && n.DataAtom != atom.Img ||
		captionName.MatchString(nameWords(attr(n, "class")))
}

var captionName = lazy(`(?i)(^|[-_\s])(caption|wp-caption-text|imagedescription|image-description|bildunterschrift|bilduntertitel|legend|legende)($|[-_\s])`)

// cruftLead matches the label of an inline plug for another article
// ("Lees ook: <link>"), in the languages of cruftHeading.
var cruftLead = lazy(`(?i)^\s*(lees ook|lees meer|zie ook|ook interessant|ook leuk|read also|see also|related|lesen sie (auch|hier|mehr)|siehe auch|mehr zum thema|auch interessant|lire aussi|à lire aussi|voir aussi|le puede interesar|te puede interesar|lee también|leggi anche|czytaj (też|także)|zobacz (też|także))\b\s*[:»›–-]`)

// yoastFooter is the "appeared first on" line WordPress SEO plugins append.
var yoastFooter = lazy(`(?is)^\s*(the post .+ appeared first on .+|het bericht .+ verscheen eerst op .+)$`)

// cleaner holds what one pass over a tree needs.
type cleaner struct {
	base      *url.URL
	sizes     map[*html.Node]int // text bytes under each element
	links     map[*html.Node]int // of which inside links
	total     int                // text bytes in the whole tree
	extracted bool               // the tree is an article readability chose (see cleanExtracted)
}

func newCleaner(root *html.Node, base *url.URL) *cleaner {
	cl := &cleaner{base: base, sizes: map[*html.Node]int{}, links: map[*html.Node]int{}}
	cl.total, _ = cl.measure(root, false)
	return cl
}

// measure counts the text under n, and how much of it is link text.
func (cl *cleaner) measure(n *html.Node, inLink bool) (text, linked int) {
	if n.Type == html.TextNode {
		t := len(strings.TrimSpace(n.Data))
		if inLink {
			return t, t
		}
		return t, 0
	}
	inLink = inLink || n.DataAtom == atom.A
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		t, l := cl.measure(c, inLink)
		text, linked = text+t, linked+l
	}
	if n.Type == html.ElementNode {
		cl.sizes[n], cl.links[n] = text, linked
	}
	return text, linked
}

// furniture reports whether a block looks like site furniture by what it
// holds: little text, or mostly links.
func (cl *cleaner) furniture(n *html.Node) bool {
	size := cl.sizes[n]
	return size < 200 || cl.links[n]*2 > size
}

func (cl *cleaner) clean(root *html.Node) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			switch {
			case c.Type == html.CommentNode:
				n.RemoveChild(c)
			case c.Type == html.ElementNode && c.DataAtom == atom.Form && cl.holdsArticle(c):
				// A shop or a theme wraps the article in its form: its
				// fields go, its text stays.
				c.DataAtom, c.Data = atom.Div, "div"
				walk(c)
			case c.Type == html.ElementNode && cl.shouldDrop(c):
				n.RemoveChild(c)
			case c.Type == html.ElementNode && isCruftHeading(c) && (!cl.extracted || cl.cruftSection(c)):
				next = dropSection(n, c)
			case c.Type == html.ElementNode && cl.extracted && cl.isCruftLabel(c):
				next = cl.dropLabelled(n, c)
			default:
				if c.Type == html.ElementNode {
					fixElement(c, cl.base)
					if isCaption(c) {
						dropCredit(c)
					}
					if c.DataAtom == atom.Img && attr(c, "src") == "" {
						n.RemoveChild(c)
						break
					}
				}
				walk(c)
			}
			c = next
		}
	}
	walk(root)
	if cl.extracted {
		cl.trimTail(root)
	}
	removeEmpty(root)
}

func (cl *cleaner) shouldDrop(n *html.Node) bool {
	if dropElements[n.DataAtom] {
		return true
	}
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	if strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") {
		return true
	}
	if n.DataAtom == atom.Img && IsTrackingPixel(n) {
		return true
	}
	// Asides, footers and cruft-named blocks go, unless they hold most of the
	// text: then the name lies ("has-sidebar" on the page wrapper).
	if n.DataAtom == atom.Aside || n.DataAtom == atom.Footer || hasCruftName(n) {
		if !cl.extracted {
			return cl.sizes[n]*2 < cl.total || cl.total == 0
		}
		// A picture with its caption and no links is the article's figure,
		// whatever its wrapper is called ("dnd-widget-wrapper").
		figure := cl.links[n] == 0 && hasImage(n)
		if !figure && cl.sizes[n]*3 < cl.total && cl.furniture(n) {
			return true
		}
	}
	if cl.sizes[n] < 300 {
		t := textOf(n)
		// A plug for another article has two marks: its label and its link.
		plug := isBlock(n) && cruftLead.MatchString(t) && cl.links[n]*5 >= cl.sizes[n]*2
		credit := (isBlock(n) || n.DataAtom == atom.Figcaption) && cl.sizes[n] < 150 && onlyCredit(t)
		return plug || credit || cruftText.MatchString(t) || yoastFooter.MatchString(t) && isBlock(n)
	}
	return false
}

// holdsArticle reports whether a block holds a good part of the text, more
// than links: content, whatever its element says (a form around a
// product's description).
func (cl *cleaner) holdsArticle(n *html.Node) bool {
	return cl.sizes[n]*3 >= cl.total && !cl.furniture(n)
}

// hasImage reports whether an image sits under n.
func hasImage(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Img || c.DataAtom == atom.Picture || hasImage(c)) {
			return true
		}
	}
	return false
}

func hasCruftName(n *html.Node) bool {
	if cruftName.MatchString(nameWords(attr(n, "class") + " " + attr(n, "id"))) {
		return true
	}
	role := attr(n, "role")
	return role == "complementary" || role == "banner" || role == "contentinfo" || role == "dialog" || role == "navigation"
}

// nameWords splits class and id names written in camel case into their
// words ("kommentarModul" → "kommentar-Modul", "readingTime"), so the
// cruft names match them as they match "kommentar-modul".
func nameWords(s string) string {
	var b strings.Builder
	prev := ' '
	for _, r := range s {
		if unicode.IsUpper(r) && unicode.IsLower(prev) {
			b.WriteByte('-')
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

func isCruftHeading(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return cruftHeading.MatchString(textOf(n))
	}
	return false
}

func headingLevel(n *html.Node) int {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return int(n.Data[1] - '0')
	}
	return 0
}

// cruftSection reports whether the section a cruft heading opens is
// furniture too: mostly links, or short.
func (cl *cleaner) cruftSection(h *html.Node) bool {
	level, text, linked := headingLevel(h), 0, 0
	for c := h.NextSibling; c != nil; c = c.NextSibling {
		if l := headingLevel(c); l > 0 && l <= level {
			break
		}
		if c.Type == html.TextNode {
			text += len(strings.TrimSpace(c.Data))
			continue
		}
		text, linked = text+cl.sizes[c], linked+cl.links[c]
	}
	return text < 300 || linked*2 > text
}

// isCruftLabel spots a short block that reads as a cruft heading without
// being one ("<p><strong>Lesen Sie auch:</strong></p>").
func (cl *cleaner) isCruftLabel(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Strong, atom.B, atom.Span:
	default:
		return false
	}
	return cl.sizes[n] > 0 && cl.sizes[n] < 80 && cruftHeading.MatchString(textOf(n))
}

// dropLabelled removes a cruft label and the links after it: the blocks
// that follow while they are mostly links; the first block of text ends
// it. It returns where to go on.
func (cl *cleaner) dropLabelled(parent, label *html.Node) *html.Node {
	c := label.NextSibling
	parent.RemoveChild(label)
	for c != nil {
		if c.Type == html.ElementNode {
			if headingLevel(c) > 0 || cl.links[c]*2 <= cl.sizes[c] {
				return c
			}
		} else if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return c
		}
		next := c.NextSibling
		parent.RemoveChild(c)
		c = next
	}
	return nil
}

// dropSection removes a cruft heading and what follows it up to the next
// heading of the same or a higher level, and returns where to go on.
func dropSection(parent, h *html.Node) *html.Node {
	level := headingLevel(h)
	c := h
	for c != nil {
		if c != h && c.Type == html.ElementNode {
			if l := headingLevel(c); l > 0 && l <= level && !isCruftHeading(c) {
				return c
			}
		}
		next := c.NextSibling
		parent.RemoveChild(c)
		c = next
	}
	return nil
}

func isBlock(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Section, atom.Span, atom.Em, atom.I, atom.Small:
		return true
	}
	return false
}

// IsTrackingPixel spots 1×1 images and the usual tracker addresses.
func IsTrackingPixel(n *html.Node) bool {
	w, h := attr(n, "width"), attr(n, "height")
	if (w == "1" || w == "0") && (h == "1" || h == "0") {
		return true
	}
	style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	if strings.Contains(style, "width:1px") && strings.Contains(style, "height:1px") {
		return true
	}
	src := strings.ToLower(attr(n, "src"))
	for _, t := range []string{"feeds.feedburner.com/~r/", "/__ptq.gif", "track.hubspot", "pixel.wp.com", "stats.wp.com",
		"/pixel.gif", "/pixel.png", "/tracking/", "/open.gif", "list-manage.com/track", "doubleclick.net"} {
		if strings.Contains(src, t) {
			return true
		}
	}
	return false
}

// fixElement takes lazy image sources, makes URLs absolute and strips trackers from links.
func fixElement(n *html.Node, base *url.URL) {
	switch n.DataAtom {
	case atom.Img:
		src := attr(n, "src")
		for _, lazy := range []string{"data-src", "data-lazy-src", "data-original", "data-orig-file", "data-url"} {
			if v := strings.TrimSpace(attr(n, lazy)); v != "" && (src == "" || isPlaceholder(src) || lazy == "data-src") {
				src = v
				break
			}
		}
		if src == "" || isPlaceholder(src) {
			if set := attr(n, "data-srcset"); set != "" {
				src = firstSrcset(set)
			} else if set := attr(n, "srcset"); set != "" {
				src = firstSrcset(set)
			}
		}
		if isPlaceholder(src) {
			src = ""
		}
		setAttr(n, "src", absolute(base, src))
		if alt := attr(n, "alt"); alt != "" {
			if at := creditStart(alt, false); at >= 0 {
				setAttr(n, "alt", strings.TrimSpace(alt[:at]))
			}
		}
	case atom.A:
		if h := attr(n, "href"); h != "" {
			setAttr(n, "href", StripTracking(absolute(base, h)))
		}
	}
}

func isPlaceholder(src string) bool {
	s := strings.ToLower(strings.TrimSpace(src))
	return strings.HasPrefix(s, "data:") || strings.Contains(s, "lazy") && strings.Contains(s, "placeholder") ||
		strings.HasSuffix(s, "/blank.gif") || strings.HasSuffix(s, "/spacer.gif")
}

// firstSrcset picks the largest candidate of a srcset.
func firstSrcset(set string) string {
	best, bestW := "", -1
	for _, cand := range strings.Split(set, ",") {
		f := strings.Fields(strings.TrimSpace(cand))
		if len(f) == 0 {
			continue
		}
		w := 0
		if len(f) > 1 {
			w, _ = strconv.Atoi(strings.TrimRight(f[1], "wx"))
		}
		if w > bestW {
			best, bestW = f[0], w
		}
	}
	return best
}

func absolute(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || base == nil {
		return ref
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return base.ResolveReference(u).String()
}

var trackingParam = lazy(`^(utm_.*|fbclid|gclid|mc_cid|mc_eid|_hsenc|_hsmi|__hstc|__hssc|__hsfp|hsctatracking)$`)

// StripTracking removes utm_* and friends from a link's query.
func StripTracking(link string) string {
	u, err := url.Parse(link)
	if err != nil || u.RawQuery == "" {
		return link
	}
	q := u.Query()
	changed := false
	for k := range q {
		if trackingParam.MatchString(strings.ToLower(k)) {
			q.Del(k)
			changed = true
		}
	}
	if !changed {
		return link
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// removeEmpty drops containers left with no text and no image, bottom up,
// and reports whether n keeps any content.
func removeEmpty(n *html.Node) bool {
	has := false
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch c.Type {
		case html.TextNode:
			has = has || strings.TrimSpace(c.Data) != ""
		case html.ElementNode:
			switch {
			case c.DataAtom == atom.Img || c.DataAtom == atom.Br || c.DataAtom == atom.Hr:
				has = true
			case removeEmpty(c):
				has = true
			case emptiable[c.DataAtom]:
				n.RemoveChild(c)
			}
		}
		c = next
	}
	return has
}

// emptiable elements mean nothing without content.
var emptiable = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Span: true, atom.Li: true, atom.Ul: true,
	atom.Ol: true, atom.Figure: true, atom.Blockquote: true, atom.A: true, atom.Strong: true, atom.Em: true,
	atom.B: true, atom.I: true, atom.Article: true, atom.Figcaption: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
}

// textOf is the visible text of n with white space folded. It stops after
// a few KiB or nodes: callers only ask "is this short, and what does it say",
// and a bound keeps deeply nested pages linear.
func textOf(n *html.Node) string {
	var b strings.Builder
	visited := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		visited++
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			return
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		for c := n.FirstChild; c != nil && b.Len() <= 4096 && visited < 2000; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}
