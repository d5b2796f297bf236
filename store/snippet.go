package store

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FTS5's snippet() and highlight() cost the square of the matches in a
// document (they grow their output one match at a time), so a long article
// full of one word took seconds to tens of seconds. Snippets are cut here
// instead, in one pass that stops at the first match's window, with tokens
// read as the index reads them (unicode61, diacritics removed).

// markTerm is a word or phrase of the query to mark in snippets.
type markTerm struct {
	words  []string // folded; a phrase has several
	prefix bool     // the last word matches as a prefix
	column string   // "" for any column, else author, feed or tag
}

// snippetColumn is an index column snippets are taken from, in order of
// preference.
type snippetColumn struct {
	name string // as in the index
	kind string // what a markTerm's column must be to match here ("" any)
}

var snippetColumns = []snippetColumn{{"body", ""}, {"note", ""}, {"title", ""}, {"tags", "tag"}, {"author", "author"}, {"feed", "feed"}}

// Snippet window: words before the first match, and in all.
const (
	snippetBefore = 5
	snippetWords  = 14
)

// fold is a token as the index compares it: lower case, no diacritics.
func fold(tok string) string {
	ascii := true
	for i := 0; i < len(tok); i++ {
		if tok[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(tok)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(tok) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func isTokenRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

// queryTerm folds a word or phrase of the query for marking.
func queryTerm(text, column string, prefix bool) markTerm {
	t := markTerm{prefix: prefix, column: column}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !isTokenRune(r) }) {
		t.words = append(t.words, fold(w))
	}
	return t
}

// at reports how many tokens from k on the term covers, 0 when it does not
// match there.
func (t markTerm) at(folded []string, k int, kind string) int {
	if len(t.words) == 0 || t.column != "" && t.column != kind || k+len(t.words) > len(folded) {
		return 0
	}
	for i, w := range t.words {
		tok := folded[k+i]
		if t.prefix && i == len(t.words)-1 {
			if !strings.HasPrefix(tok, w) {
				return 0
			}
		} else if tok != w {
			return 0
		}
	}
	return len(t.words)
}

type span struct{ start, end int } // byte offsets of a token

// snippetOf cuts the words around the first match out of text: "…de
// [klantreis] van een…". It reports false when text has no match. It reads
// tokens only as far as the window around the first match.
func snippetOf(text, kind string, terms []markTerm) (string, bool) {
	longest := 1
	for _, t := range terms {
		longest = max(longest, len(t.words))
	}
	var toks []span
	var folded []string
	first := -1
	need := -1 // tokens to read before the window is known
	for i := 0; i < len(text) && (need < 0 || len(toks) < need); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isTokenRune(r) {
			i += n
			continue
		}
		j := i + n
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if !isTokenRune(r) {
				break
			}
			j += n
		}
		toks = append(toks, span{i, j})
		folded = append(folded, fold(text[i:j]))
		i = j
		// A phrase starting longest-1 tokens back is complete now.
		if k := len(toks) - longest; first < 0 && k >= 0 {
			for _, t := range terms {
				if t.at(folded, k, kind) > 0 {
					first = k
					need = k + snippetWords + longest
					break
				}
			}
		}
	}
	if first < 0 { // a match among the last tokens
		for k := max(0, len(toks)-longest+1); k < len(toks) && first < 0; k++ {
			for _, t := range terms {
				if t.at(folded, k, kind) > 0 {
					first = k
					break
				}
			}
		}
	}
	if first < 0 {
		return "", false
	}
	lead := max(0, first-snippetBefore)
	last := min(len(toks), lead+snippetWords)
	marked := make([]bool, last)
	for k := lead; k < last; k++ {
		for _, t := range terms {
			for c := range t.at(folded, k, kind) {
				if k+c < last {
					marked[k+c] = true
				}
			}
		}
	}
	var b strings.Builder
	if lead > 0 {
		b.WriteString("…")
	}
	for k := lead; k < last; k++ {
		if k > lead {
			b.WriteString(oneSpace(text[toks[k-1].end:toks[k].start]))
		}
		if marked[k] {
			b.WriteString("[" + text[toks[k].start:toks[k].end] + "]")
		} else {
			b.WriteString(text[toks[k].start:toks[k].end])
		}
	}
	tail := text[toks[last-1].end:]
	if last < len(toks) || strings.IndexFunc(tail, isTokenRune) >= 0 {
		b.WriteString("…")
	} else if t := strings.TrimSpace(tail); len(t) <= 3 {
		b.WriteString(t) // a closing full stop
	}
	return b.String(), true
}

// oneSpace is the text between two tokens with each run of white space one
// space.
func oneSpace(between string) string {
	var b strings.Builder
	space := false
	for _, r := range between {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}
