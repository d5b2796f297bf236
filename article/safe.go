// Package article turns feed and page HTML into safe, readable Markdown. Its
// functions are pure: no network, no database.
package article

import (
	"html"
	"regexp"
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

var numericRef = regexp.MustCompile(`&#(?:[xX][0-9a-fA-F]{1,8}|[0-9]{1,10});?`)

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
func isSafe(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 {
			return isSafeSlow(s[i:])
		}
		if c == '&' && i+1 < len(s) && s[i+1] == '#' {
			return false
		}
	}
	return true
}

func isSafeSlow(s string) bool {
	if !utf8.ValidString(s) || strings.Contains(s, "&#") {
		return false
	}
	for _, r := range s {
		if unsafeRune(r) {
			return false
		}
	}
	return true
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
