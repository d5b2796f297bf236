// Package article turns feed and page HTML into safe, readable Markdown. Its
// functions are pure: no network, no database.
package article

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Safe is the wall between feed text and the terminal: every string that came
// from a feed or a web page passes through it before it is stored or shown.
// It removes C0 controls except newline and tab, DEL, C1 controls, bidi
// embedding/override/isolate characters, bytes that are not UTF-8 (a lone 0x9B
// is CSI on some terminals), and numeric character references to any of them
// (&#27; &#x1b;), which html-to-markdown and glamour would otherwise decode;
// a reference in the C1 range (&#155;) becomes the windows-1252 character
// HTML reads it as (&#8250;).
func Safe(s string) string {
	if isSafe(s) {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	s = strings.Map(func(r rune) rune {
		if unsafeRune(r) {
			return -1
		}
		return r
	}, s)
	// Removing one reference can join the text around it into another
	// ("&&#27;#27;"), so repeat until nothing changes.
	for strings.Contains(s, "&#") {
		next := numericRef.ReplaceAllStringFunc(s, func(ref string) string {
			r, ok := refRune(ref)
			if !ok || !unsafeRune(r) {
				return ref
			}
			// &#146; means windows-1252's "’" in every HTML reader (HTML5
			// says so); written out, it cannot become a control later.
			if r >= 0x80 && r <= 0x9f {
				if m := charmap.Windows1252.DecodeByte(byte(r)); m > 0x9f {
					return "&#" + strconv.Itoa(int(m)) + ";"
				}
			}
			return ""
		})
		if next == s {
			break
		}
		s = next
	}
	return s
}

var numericRef = lazy(`&#(?:[xX][0-9a-fA-F]{1,8}|[0-9]{1,10});?`)

func refRune(ref string) (rune, bool) {
	body := strings.TrimSuffix(strings.TrimPrefix(ref, "&#"), ";")
	base := 10
	if body != "" && (body[0] == 'x' || body[0] == 'X') {
		body, base = body[1:], 16
	}
	n, err := strconv.ParseUint(body, base, 32)
	if err != nil {
		return 0, false
	}
	return rune(n), true
}

func unsafeRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// isSafe is the fast path: most strings need no copy.
// isSafe reports whether Safe has nothing to do: valid UTF-8, no unsafe
// rune, and no numeric reference to one — "&#8217;" is a quote, and real
// feeds are full of them, so a reference alone does not send a text down
// the slow path.
func isSafe(s string) bool {
	return scan(s, nil)
}

// SafeWords is Safe(s) and ApproxWords(s) in one pass over s, the work a
// refresh does on every body; only text that is not safe is read again.
func SafeWords(s string) (string, int) {
	var w words
	if scan(s, &w) {
		return s, w.n
	}
	return Safe(s), ApproxWords(s)
}

// scan reports whether s is safe as it is, feeding its bytes to w when
// w is not nil.
func scan(s string, w *words) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
				return false
			}
			if c == '&' && i+1 < len(s) && s[i+1] == '#' {
				if ref := leadingRef(s[i:]); ref != "" {
					if r, ok := refRune(ref); ok && unsafeRune(r) {
						return false
					}
					if w != nil {
						w.text() // a reference is no tag, space or word break
					}
					i += len(ref)
					continue
				}
			}
			if w != nil {
				w.byte(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 || unsafeRune(r) {
			return false
		}
		if w != nil {
			w.text()
		}
		i += n
	}
	return true
}

// leadingRef is the numeric reference s starts with, as numericRef
// matches it ("&#8217;", "&#x1b", "&#27"); "" when there is none.
func leadingRef(s string) string {
	i := 2 // past "&#"
	hex := i < len(s) && (s[i] == 'x' || s[i] == 'X')
	if hex {
		i++
	}
	start, limit := i, 10
	if hex {
		limit = 8
	}
	for i < len(s) && i-start < limit && (s[i] >= '0' && s[i] <= '9' || hex && (s[i]|0x20 >= 'a' && s[i]|0x20 <= 'f')) {
		i++
	}
	if i == start {
		return ""
	}
	if i < len(s) && s[i] == ';' {
		i++
	}
	return s[:i]
}

// SafeText is SafeLine for text that is plain already (the feeds package
// decodes titles and names once, as their format says): nothing is
// unescaped again, so a title about "&amp;" keeps it.
func SafeText(s string) string { return strings.Join(strings.Fields(Safe(s)), " ") }

// SafeLine is Safe for one-line fields (titles, authors, feed names): HTML
// entities are decoded (feeds often escape twice: "&amp;#8217;"), and runs of
// white space, newlines included, become one space.
func SafeLine(s string) string {
	s = Safe(s)
	if strings.IndexByte(s, '&') >= 0 {
		s = Safe(html.UnescapeString(s))
	}
	return strings.Join(strings.Fields(s), " ")
}
