package article

import (
	"html"
	"strings"
	"time"
	"unicode"
)

// WordsPerMinute is a calm reading pace for Dutch and English prose.
const WordsPerMinute = 220

var (
	mdImage = lazy(`!\[[^\]]*\]\([^)]*\)`)
	mdLink  = lazy(`\]\([^)]*\)`)
)

// WordCount counts the words a reader reads in Markdown: image syntax and
// link targets do not count.
func WordCount(markdown string) int {
	s := mdImage.ReplaceAllString(markdown, " ")
	s = mdLink.ReplaceAllString(s, "] ")
	n := 0
	for _, f := range strings.Fields(s) {
		if strings.IndexFunc(f, isWordRune) >= 0 {
			n++
		}
	}
	return n
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// ReadingTime is the time words take at WordsPerMinute, at least a minute.
func ReadingTime(words int) time.Duration {
	m := (words + WordsPerMinute - 1) / WordsPerMinute
	return time.Duration(max(m, 1)) * time.Minute
}

// ApproxWords counts the words of HTML text outside tags in one pass without
// parsing: cheap enough for every item of every refresh, close enough for a
// reading time in a list.
func ApproxWords(html string) int {
	var w words
	for i := 0; i < len(html); i++ {
		w.byte(html[i])
	}
	return w.n
}

// words counts words in HTML a byte at a time: runs of bytes outside tags
// between white space.
type words struct {
	n             int
	inTag, inWord bool
}

func (w *words) byte(c byte) {
	switch {
	case c == '<':
		w.inTag, w.inWord = true, false
	case c == '>':
		w.inTag = false
	case w.inTag:
	case c == ' ' || c == '\n' || c == '\t' || c == '\r':
		w.inWord = false
	default:
		w.text()
	}
}

// text is a byte of text that is not white space or markup.
func (w *words) text() {
	if !w.inTag && !w.inWord {
		w.n++
		w.inWord = true
	}
}

// PlainText is the text of HTML for the search index: tags dropped, entities
// decoded, white space folded, in one pass. It is not a sanitiser; it only
// feeds the index.
func PlainText(h string) string {
	var b strings.Builder
	b.Grow(len(h))
	inTag, space := false, false
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case c == '<':
			inTag = true
			space = true
		case c == '>':
			inTag = false
		case inTag:
		case c == ' ' || c == '\n' || c == '\t' || c == '\r':
			space = true
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte(c)
		}
	}
	s := b.String()
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return Safe(s)
}

// MarkdownText is Markdown without link targets and images, for the index.
func MarkdownText(md string) string {
	s := mdImage.ReplaceAllString(md, " ")
	return mdLink.ReplaceAllString(s, "] ")
}

// Lead is the opening of an article for a reading list: its first
// paragraphs of text, cut after about n words.
func Lead(md string, n int) string {
	var words []string
	for _, para := range strings.Split(md, "\n\n") {
		p := strings.TrimSpace(para)
		if p == "" || strings.HasPrefix(p, "#") || strings.HasPrefix(p, "![") || strings.HasPrefix(p, "|") ||
			strings.HasPrefix(p, "---") || strings.HasPrefix(p, "```") {
			continue
		}
		words = append(words, strings.Fields(MarkdownText(p))...)
		if len(words) >= n {
			return strings.Join(words[:n], " ") + " …"
		}
	}
	return strings.Join(words, " ")
}

// Slug makes a file name from a title: lower case, accents folded, words
// joined by hyphens, at most n bytes.
func Slug(title string, n int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if f, ok := fold[r]; ok {
			r = f
		}
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= n {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > n {
		s = strings.Trim(s[:n], "-")
	}
	if s == "" {
		return "article"
	}
	return s
}

var fold = map[rune]rune{'á': 'a', 'à': 'a', 'â': 'a', 'ä': 'a', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i', 'ó': 'o', 'ò': 'o', 'ô': 'o', 'ö': 'o', 'ú': 'u', 'ù': 'u',
	'û': 'u', 'ü': 'u', 'ç': 'c', 'ñ': 'n', 'ĳ': 'y'}

// LeadBlocks is the opening of an article as Markdown that keeps its
// blocks: its first paragraphs, quotes and lists as they are, until about
// n words — headings, images, tables, rules and code left out. A
// paragraph that runs far past n is cut at a word, with " …".
func LeadBlocks(md string, n int) string {
	var out []string
	words := 0
	inFence := false
	for _, block := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n\n") {
		b := strings.TrimSpace(block)
		if inFence || strings.HasPrefix(b, "```") || strings.HasPrefix(b, "~~~") {
			// A fence may hold blank lines: skip to its end.
			opens := strings.Count(b, "```") + strings.Count(b, "~~~")
			if inFence {
				inFence = opens%2 == 0
			} else {
				inFence = opens%2 == 1
			}
			continue
		}
		if b == "" || strings.HasPrefix(b, "#") || strings.HasPrefix(b, "|") || strings.HasPrefix(b, "---") ||
			strings.HasPrefix(b, "***") || strings.TrimSpace(mdImage.ReplaceAllString(b, "")) == "" {
			continue
		}
		w := len(strings.Fields(MarkdownText(b)))
		paragraph := !strings.HasPrefix(b, ">") && !strings.HasPrefix(b, "- ") && !strings.HasPrefix(b, "* ") &&
			!strings.HasPrefix(b, "1. ")
		if paragraph && words+w > 2*n {
			// Cut at a word; a link the cut goes through is left out
			// whole, not left open.
			f := strings.Fields(b)
			keep := max(n-words, 10)
			if keep < len(f) {
				cut := strings.Join(f[:keep], " ")
				if i := strings.LastIndex(cut, "["); i >= 0 && !strings.Contains(cut[i:], ")") {
					cut = strings.TrimSpace(cut[:i])
				}
				b = cut + " …"
			}
		}
		out = append(out, b)
		words += w
		if words >= n {
			break
		}
	}
	return strings.Join(out, "\n\n")
}
