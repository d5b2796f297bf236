package store

import (
	"bytes"
	"html"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A filter is a search query kept to hide the articles it matches as they
// arrive. It is matched here, in Go, on the article as it is stored: at
// refresh the articles are not indexed yet (indexing costs more than the
// refresh), and a filter must cost little. It means what the same query
// means to search: the words as the index's tokenizer (unicode61,
// remove_diacritics 2) cuts and folds them, phrases as consecutive words,
// a word* as a prefix, author:, feed: and title: as columns, NOT and a
// leading - to leave out, OR between alternatives; NOT binds tighter than
// the implied AND, which binds tighter than OR — as in FTS5.

// Matcher is a compiled filter.
type Matcher struct {
	any [][]literal // OR of ANDs
}

type literal struct {
	negate bool
	column string // "", author, feed, title
	text   []byte // folded, " a b " (prefix: " a b")
}

// CompileFilter compiles a query as a filter. Its mistakes are the
// search's, and tag: (bookmarks only: filters never touch one) is refused.
func CompileFilter(expr string) (Matcher, error) {
	if _, err := ParseQuery(expr); err != nil {
		return Matcher{}, err
	}
	toks, err := lexQuery(expr)
	if err != nil {
		return Matcher{}, err
	}
	var m Matcher
	var group []literal
	negateNext := false
	for _, t := range toks {
		switch {
		case t.op == "OR":
			m.any = append(m.any, group)
			group = nil
		case t.op == "NOT":
			negateNext = true
		case t.column == "tag":
			return Matcher{}, queryErr("tag:%s: tags are on bookmarks, and a filter never touches a bookmark", t.text)
		default:
			text := " " + strings.TrimSpace(string(foldInto(nil, t.text, false)))
			if text == " " {
				continue
			}
			if !t.prefix {
				text += " "
			}
			group = append(group, literal{negate: t.negate || negateNext, column: t.column, text: []byte(text)})
			negateNext = false
		}
	}
	m.any = append(m.any, group)
	return m, nil
}

// Doc is an article as a filter sees it. Its fields are folded when a
// filter first needs them, so a filter on the author never reads the text.
type Doc struct {
	Title, Author, Feed string
	HTML                string // the article's text as stored (HTML)
	folded              [4][]byte
	done                [4]bool
}

// Release gives the Doc's folded text back for the next one: a refresh
// folds thousands of bodies, and their bytes need not be garbage.
func (d *Doc) Release() {
	for i, b := range d.folded {
		if cap(b) > 0 && cap(b) <= 1<<20 {
			foldBufs.Put(b[:0])
		}
		d.folded[i], d.done[i] = nil, false
	}
}

var foldBufs = sync.Pool{New: func() any { return []byte(nil) }}

const (
	colTitle = iota
	colAuthor
	colFeed
	colBody
)

func (d *Doc) field(i int) []byte {
	if !d.done[i] {
		src := [...]string{d.Title, d.Author, d.Feed, d.HTML}[i]
		d.folded[i], d.done[i] = foldInto(foldBufs.Get().([]byte), src, i == colBody), true
	}
	return d.folded[i]
}

func (d *Doc) has(l literal) bool {
	switch l.column {
	case "title":
		return bytes.Contains(d.field(colTitle), l.text)
	case "author":
		return bytes.Contains(d.field(colAuthor), l.text)
	case "feed":
		return bytes.Contains(d.field(colFeed), l.text)
	}
	for i := range 4 {
		if bytes.Contains(d.field(i), l.text) {
			return true
		}
	}
	return false
}

// Match reports whether the filter matches the article.
func (m Matcher) Match(d *Doc) bool {
	for _, group := range m.any {
		ok := len(group) > 0
		// Columns first: they are short, and decide most filters.
		for pass := 0; pass < 2 && ok; pass++ {
			for _, l := range group {
				if (l.column == "") != (pass == 1) {
					continue
				}
				if d.has(l) == l.negate {
					ok = false
					break
				}
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// foldText is text as the index sees it: its words lower-cased without
// diacritics, one space before and after each (" de klant "), so a word
// is found as " word " and a phrase as " two words ". With isHTML, tags
// are skipped and entities read. ASCII goes through a table a run at a
// time: a filter reads every article a refresh brings.
func foldText(s string, isHTML bool) string { return string(foldInto(nil, s, isHTML)) }

// FoldWords is text as the search index reads its words: lower case,
// diacritics off, one space between words ("Annémiek de  Vries" is
// "annemiek de vries").
func FoldWords(s string) string { return strings.TrimSpace(foldText(s, false)) }

// foldInto is foldText appended to buf[:0].
func foldInto(buf []byte, s string, isHTML bool) []byte {
	buf = slices.Grow(buf[:0], len(s)+2)
	buf = append(buf, ' ')
	space := true // buf ends in a space
	// (No closures: one that captures buf makes every append an indirect.)
	for i := 0; i < len(s); {
		c := s[i]
		if l := asciiFold[c]; l != 0 {
			for ; i < len(s); i++ {
				l := asciiFold[s[i]]
				if l == 0 {
					break
				}
				buf = append(buf, l)
			}
			space = false
			continue
		}
		var r rune // a word rune to fold, or -1 for a break between words
		switch {
		case c < utf8.RuneSelf && !(isHTML && (c == '<' || c == '&')):
			r, i = -1, i+1
		case c == '<':
			// A tag separates words only when it is a block; inline tags
			// (<b>klant</b>reis) are as the index reads them: the text
			// without tags, where they stand next to each other.
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				i = len(s)
				continue
			}
			block := blockTag(s[i+1 : i+end])
			i += end + 1
			if !block {
				continue
			}
			r = -1
		case c == '&':
			end := strings.IndexByte(s[i:min(len(s), i+12)], ';')
			if end <= 0 {
				r, i = -1, i+1
				break
			}
			for _, e := range html.UnescapeString(s[i : i+end+1]) {
				if isWordRune(e) {
					buf = appendFold(buf, e)
					space = buf[len(buf)-1] == ' ' // a mark alone folds to nothing
				} else if !space {
					buf, space = append(buf, ' '), true
				}
			}
			i += end + 1
			continue
		default:
			var n int
			r, n = utf8.DecodeRuneInString(s[i:])
			i += n
			if !isWordRune(r) {
				r = -1
			}
		}
		if r >= 0 {
			buf = appendFold(buf, r)
			space = buf[len(buf)-1] == ' ' // a mark alone folds to nothing
		} else if !space {
			buf, space = append(buf, ' '), true
		}
	}
	if !space {
		buf = append(buf, ' ')
	}
	return buf
}

func appendFold(buf []byte, r rune) []byte {
	for _, f := range foldRune(r) {
		buf = utf8.AppendRune(buf, f)
	}
	return buf
}

// asciiFold maps an ASCII letter or digit to its lower case, and every
// other byte to 0.
var asciiFold = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = byte(c)
		t[c-'a'+'A'] = byte(c)
	}
	return t
}()

// blockTag reports whether a tag (its inside, without < >) breaks words.
func blockTag(t string) bool {
	t = strings.TrimPrefix(t, "/")
	n := strings.IndexFunc(t, func(r rune) bool { return r == ' ' || r == '/' || r == '\t' || r == '\n' })
	if n >= 0 {
		t = t[:n]
	}
	switch strings.ToLower(t) {
	case "p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table",
		"blockquote", "pre", "figure", "figcaption", "section", "article", "hr", "img", "dd", "dt":
		return true
	}
	return false
}

// isWordRune: what unicode61 keeps in a token (letters, numbers, and the
// marks that go with them).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r)
}

var (
	latinOnce sync.Once
	latin     [0x250][]rune // the folds of Latin-1 and Latin Extended, made on first use
	foldCache sync.Map      // rune → []rune, for the rest
)

// foldRune lower-cases a rune and takes off its diacritics (é → e, ĳ
// stays).
func foldRune(r rune) []rune {
	if r < 0x250 {
		latinOnce.Do(func() {
			for c := rune(0); c < 0x250; c++ {
				latin[c] = foldSlow(c)
			}
		})
		return latin[r]
	}
	if f, ok := foldCache.Load(r); ok {
		return f.([]rune)
	}
	f := foldSlow(r)
	foldCache.Store(r, f)
	return f
}

func foldSlow(r rune) []rune {
	var out []rune
	for _, d := range norm.NFD.String(string(unicode.ToLower(r))) {
		if !unicode.Is(unicode.Mn, d) {
			out = append(out, d)
		}
	}
	return out
}
