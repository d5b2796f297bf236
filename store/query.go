package store

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Query is a parsed search: an FTS5 expression built only from quoted
// strings and kolom's own operators, so nothing a person types can be an
// FTS5 syntax error.
type Query struct {
	Match string   // the FTS5 MATCH expression; "" when only filters were given
	Tags  []string // tag: filters; they limit the search to bookmarks
	marks []markTerm
}

// ErrQuery is wrapped by every query mistake; its message is for people.
var ErrQuery = errors.New("search")

func queryErr(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrQuery}, a...)...)
}

// ParseQuery reads words, "exact phrases", author:, feed: and tag:
// filters (with a word or a quoted phrase), OR between terms, and NOT or a
// leading - to exclude a term. A word ending in * matches as a prefix.
func ParseQuery(input string) (Query, error) {
	var q Query
	// Control characters (a NUL ends an FTS5 string early) are white space here.
	input = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, input)
	toks, err := lexQuery(input)
	if err != nil {
		return q, err
	}
	var parts []string
	pendingOp := "" // "OR" or "NOT" waiting for its right-hand term
	terms := 0
	for _, t := range toks {
		switch {
		case t.op != "":
			if terms == 0 {
				return q, queryErr("%s needs a word before it (try: klantreis %s marketing)", t.op, t.op)
			}
			if pendingOp != "" {
				return q, queryErr("%s %s: put a word between them", pendingOp, t.op)
			}
			pendingOp = t.op
		case t.column == "tag":
			q.Tags = append(q.Tags, t.text)
			if !t.negate {
				q.marks = append(q.marks, queryTerm(t.text, "tag", t.prefix))
			}
		default:
			if !t.negate && pendingOp != "NOT" {
				q.marks = append(q.marks, queryTerm(t.text, t.column, t.prefix))
			}
			term := ftsString(t.text, t.prefix)
			if t.column != "" {
				term = t.column + " : " + term
			}
			switch {
			case pendingOp != "":
				parts = append(parts, pendingOp, term)
				pendingOp = ""
			case t.negate && terms == 0:
				return q, queryErr("-%s: start with a word to search for; - leaves things out", t.text)
			case t.negate:
				parts = append(parts, "NOT", term)
			default:
				parts = append(parts, term)
			}
			terms++
		}
	}
	if pendingOp != "" {
		return q, queryErr("%s at the end needs a word after it", pendingOp)
	}
	if terms == 0 && len(q.Tags) == 0 {
		return q, queryErr("type a word to search for")
	}
	q.Match = strings.Join(parts, " ")
	return q, nil
}

type queryToken struct {
	text   string
	column string // author, feed, tag
	op     string // OR, NOT
	prefix bool
	negate bool
}

var filterColumns = map[string]string{"author": "author", "auteur": "author", "feed": "feed", "tag": "tag", "title": "title", "titel": "title"}

func lexQuery(s string) ([]queryToken, error) {
	var out []queryToken
	r := []rune(s)
	for i := 0; i < len(r); {
		if unicode.IsSpace(r[i]) {
			i++
			continue
		}
		var t queryToken
		if r[i] == '-' && i+1 < len(r) && !unicode.IsSpace(r[i+1]) {
			t.negate = true
			i++
		}
		// column:value
		if j := indexRune(r[i:], ':'); j > 0 {
			if col, ok := filterColumns[strings.ToLower(string(r[i:i+j]))]; ok {
				t.column = col
				i += j + 1
				if i >= len(r) || unicode.IsSpace(r[i]) {
					return nil, queryErr("%s: needs a word after it (like %s:emerce)", col, col)
				}
			}
		}
		if r[i] == '"' {
			end := indexRune(r[i+1:], '"')
			if end < 0 {
				return nil, queryErr("unbalanced quote in %q: close the phrase with \"", s)
			}
			t.text = strings.TrimSpace(string(r[i+1 : i+1+end]))
			i += end + 2
			if t.text == "" {
				continue
			}
			out = append(out, t)
			continue
		}
		j := i
		for j < len(r) && !unicode.IsSpace(r[j]) && r[j] != '"' {
			j++
		}
		word := string(r[i:j])
		i = j
		if !t.negate && t.column == "" && (word == "OR" || word == "NOT" || word == "AND") {
			if word != "AND" {
				out = append(out, queryToken{op: word})
			}
			continue
		}
		if strings.HasSuffix(word, "*") {
			t.prefix = true
			word = strings.TrimRight(word, "*")
		}
		if strings.IndexFunc(word, func(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }) < 0 {
			if t.negate || t.column != "" || t.prefix {
				return nil, queryErr("%q has no letters or digits to search for", word)
			}
			continue // stray punctuation
		}
		t.text = word
		out = append(out, t)
	}
	return out, nil
}

func indexRune(r []rune, c rune) int {
	for i, x := range r {
		if x == c {
			return i
		}
	}
	return -1
}

// ftsString quotes text as an FTS5 string (a phrase when it holds several tokens).
func ftsString(text string, prefix bool) string {
	q := `"` + strings.ReplaceAll(text, `"`, `""`) + `"`
	if prefix {
		q += "*"
	}
	return q
}
