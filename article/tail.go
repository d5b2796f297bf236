package article

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// callToAction matches what a site asks of its reader once the article is
// over: subscribe, follow, log in, give, rate, share, respect its
// copyright. Only a short block after the article's last paragraph of
// prose is taken for one (trimTail): the same words inside the article are
// the article's.
var callToAction = lazy(`(?i)(abonn|subscri|suscr|iscriviti|newsletter|nieuwsbrief|zapisz się|` +
	`follow (us|the|@)|volg ons|folg(e|en sie) uns|síguenos|suivez-nous|seguici|` +
	`log ?in\b|inloggen|einloggen|eingeloggt|anmelden|registrier|aanmelden|connectez|inicia sesión|sign up|` +
	`donate now|make a donation|doneer|jetzt spenden|spenden sie|faire un don|support(ing)? (our|us)|steun ons|unterstützen sie|apóyanos|hazte miembro|become a member|word lid|` +
	`copyright|©|all rights reserved|alle rechten|alle rechte|todos los derechos|tous droits|prawem autorskim|lizenz|licen[cs]e|` +
	`bewert|beoordeel|valora|rate this|keine kommentare|no comments|geen reacties|comments are closed|` +
	`\bapp\b|app store|google play|\bbutton\b|` +
	`cancel(a)? (at )?any ?time|cancela cuando quieras|jederzeit kündbar|maandelijks opzegbaar|` +
	`(create|créez|crea|erstellen|maak)\b.{0,25}\b(account|compte|cuenta|konto)|` +
	`lire la suite|leer más|weiterlesen|lade weitere|load more|meer laden|cargar más|` +
	`suggested citation|zitiervorschlag|cite this|` +
	`deel dit|share this|diesen artikel teilen|` +
	`verpasse|mis niks|nichts mehr|never miss|ne manquez|no te pierdas|` +
	`lees (ook|meer)|lesen sie (auch|hier|mehr)|read (more|also)|lire aussi|lea también|le puede interesar|leggi anche|czytaj (też|także)|` +
	`anzeige|werbung|reklama|advertentie|advertisement|publicidad|publicité|sponsored|gesponsord)`)

// ownedOrSold matches the calls to action that never end a paragraph of an
// article: a copyright notice, a subscription. A block that says so is not
// the article's last paragraph however long it is.
var ownedOrSold = lazy(`(?i)(copyright|©|all rights reserved|alle rechten|alle rechte|todos los derechos|tous droits|prawem autorskim|newsletter|nieuwsbrief|abonn|subscri|suscr|hazte miembro|become a member)`)

// tailBlocks are the elements trimTail weighs one by one.
var tailBlocks = map[atom.Atom]bool{
	atom.P: true, atom.Li: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Blockquote: true, atom.Dd: true, atom.Dt: true, atom.Figure: true, atom.Table: true,
	atom.Pre: true,
}

// maxTailBlock is how long, in bytes of text, a block after the last
// paragraph of prose may be and still be taken for furniture.
const maxTailBlock = 300

// trimTail removes, before the article's first paragraph of prose and after
// its last, the blocks that are furniture by two signals: their place
// (outside the article's run of prose) and a call to action — or, after the
// article, mostly links (related articles, a forum thread, a press kit;
// before it, links are as often the article's kicker or byline). A heading
// left with nothing under it goes with them.
func (cl *cleaner) trimTail(root *html.Node) {
	cl.sizes, cl.links = map[*html.Node]int{}, map[*html.Node]int{}
	cl.total, _ = cl.measure(root, false)
	var blocks []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if tailBlocks[c.DataAtom] || c.DataAtom == atom.Div && hasOwnText(c) {
				blocks = append(blocks, c)
				continue
			}
			walk(c)
		}
	}
	walk(root)
	first, last := -1, -1
	for i, b := range blocks {
		if cl.prose(b) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if last < 0 {
		return
	}
	tail := append(blocks[:first:first], blocks[last+1:]...)
	gone := make([]bool, len(tail))
	removed := 0
	for i, b := range tail {
		size := cl.sizes[b]
		if size == 0 || size > maxTailBlock || headingLevel(b) > 0 || b.DataAtom == atom.Figure || b.DataAtom == atom.Table {
			continue
		}
		// A list of links after the article can be its sources or the
		// products it names: only a paragraph of links is taken for a plug.
		if cl.links[b]*2 > size && b.DataAtom != atom.Li && i >= first || callToAction.MatchString(textOf(b)) {
			gone[i] = true
			removed += size
		}
	}
	// A heading goes when every block under it, up to the next heading, went.
	for i := len(tail) - 1; i >= 0; i-- {
		level := headingLevel(tail[i])
		if level == 0 || i < first { // a heading before the article is its title or kicker
			continue
		}
		all, any := true, false
		for j := i + 1; j < len(tail); j++ {
			if l := headingLevel(tail[j]); l > 0 && l <= level {
				break
			}
			any = true
			all = all && gone[j]
		}
		// A heading with nothing under it heads nothing: the article ended
		// and the site's next section was left out. (One that says a whole
		// sentence is the article's: a summary in large type.)
		t := textOf(tail[i])
		final := i == len(tail)-1 && len(t) <= 100 && !strings.HasSuffix(t, ".")
		if (all && any || !any && (final || callToAction.MatchString(t))) && cl.sizes[tail[i]] <= maxTailBlock {
			gone[i] = true
			removed += cl.sizes[tail[i]]
		}
	}
	// Never more than a fifth of the article: past that the "tail" is
	// content this rule misreads.
	if removed*5 > cl.total {
		return
	}
	for i, b := range tail {
		if gone[i] && b.Parent != nil {
			b.Parent.RemoveChild(b)
		}
	}
}

// prose reports whether a block reads as a paragraph of the article: long
// enough, mostly not links, and not a notice of copyright or subscription.
func (cl *cleaner) prose(b *html.Node) bool {
	switch b.DataAtom {
	case atom.P, atom.Div, atom.Blockquote, atom.Li, atom.Dd, atom.Pre:
	default:
		return false
	}
	size := cl.sizes[b]
	if size < 2*minProse || cl.links[b]*3 > size {
		return false
	}
	return size > maxTailBlock || !ownedOrSold.MatchString(textOf(b))
}

// hasOwnText reports whether some text sits directly in n, not in a child
// element: a div used as a paragraph.
func hasOwnText(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return true
		}
	}
	return false
}
