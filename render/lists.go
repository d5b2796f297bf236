package render

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// hangLists indents the lines a list item wraps to under the item's text,
// not under its bullet: glamour wraps a list as one block, so "• " and
// "12. " stood alone in the left column. width is the wrap width the text
// was rendered at; margin is the document's right margin.
func hangLists(out string, width, margin int) string {
	lines := strings.Split(out, "\n")
	res := make([]string, 0, len(lines))
	inList := false // the line before belongs to a list
	for i := 0; i < len(lines); {
		plain := ansi.Strip(lines[i])
		if isBlank(plain) {
			res = append(res, lines[i])
			i++
			continue
		}
		ind, hang, ok := itemStart(plain)
		if !ok || !(inList || i == 0 || isBlank(ansi.Strip(lines[i-1]))) {
			// A wrapped paragraph line that happens to begin "2025. " is no
			// item: an item follows a blank line or another list line.
			inList = false
			res = append(res, lines[i])
			i++
			continue
		}
		inList = true
		j := i + 1
		for j < len(lines) {
			p := ansi.Strip(lines[j])
			if isBlank(p) || leading(p) != ind {
				break
			}
			if _, _, item := itemStart(p); item {
				break
			}
			j++
		}
		if j == i+1 {
			res = append(res, lines[i])
			i++
			continue
		}
		res = append(res, rewrapItem(lines[i:j], ind, hang, width-margin)...)
		i = j
	}
	return strings.Join(res, "\n")
}

// rewrapItem wraps an item's lines again with its continuation lines
// indented by hang, keeping the styling.
func rewrapItem(lines []string, ind, hang, right int) []string {
	parts := make([]string, len(lines))
	for k, l := range lines {
		from := ind
		if k == 0 {
			from += hang
		}
		l = ansi.Cut(l, from, ansi.StringWidth(l))
		parts[k] = trimRightStyled(l)
	}
	limit := right - ind - hang
	if limit < 10 {
		return lines
	}
	body := strings.Split(ansi.Wordwrap(strings.Join(parts, " "), limit, ""), "\n")
	out := make([]string, len(body))
	pad := strings.Repeat(" ", ind+hang)
	for k, b := range body {
		if k == 0 {
			out[k] = ansi.Cut(lines[0], 0, ind+hang) + b
			continue
		}
		out[k] = pad + strings.TrimLeft(b, " ")
	}
	return out
}

// itemStart reads a list item's first line: its indent and the width of
// its bullet ("• ", "12. ", "[✓] ").
func itemStart(plain string) (indent, hang int, ok bool) {
	indent = leading(plain)
	rest := plain[indent:]
	for _, b := range []string{"• ", "[✓] ", "[ ] "} {
		if strings.HasPrefix(rest, b) {
			return indent, ansi.StringWidth(b), true
		}
	}
	n := 0
	for n < len(rest) && n < 9 && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	if n > 0 && strings.HasPrefix(rest[n:], ". ") {
		return indent, n + 2, true
	}
	return 0, 0, false
}

func leading(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// trimRightStyled cuts the padding glamour adds after a line's text.
func trimRightStyled(l string) string {
	w := ansi.StringWidth(strings.TrimRight(ansi.Strip(l), " "))
	return ansi.Truncate(l, w, "")
}
