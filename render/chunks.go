package render

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Glamour's cost grows with the square of a list's length (each item counts
// the items before it) and its wrapping works on whole blocks, so one
// article with 10,000 links took seconds. Long documents are rendered in
// chunks cut at top-level block boundaries, and long lists every
// chunkItems items; the pieces are joined as glamour would have laid them.

const (
	chunkItems = 100      // top-level list items in one chunk at most
	chunkBytes = 16 << 10 // Markdown in one chunk before it is cut at the next block
)

// mdChunk is a piece of a Markdown document.
type mdChunk struct {
	text   string
	inList bool // it continues the list the chunk before it ended in
}

// splitMarkdown cuts md into chunks; a short document is one chunk.
func splitMarkdown(md string) []mdChunk {
	if len(md) <= chunkBytes {
		return []mdChunk{{text: md}}
	}
	var out []mdChunk
	var cur strings.Builder
	curInList := false
	items := 0 // top-level items of the list the chunk is in, so far
	fence := ""
	prevBlank := true
	flush := func(inList bool) {
		out = append(out, mdChunk{cur.String(), curInList})
		cur.Reset()
		curInList = inList
	}
	for _, l := range strings.SplitAfter(md, "\n") {
		t := strings.TrimRight(l, "\r\n")
		if fence != "" {
			if strings.HasPrefix(strings.TrimSpace(t), fence) {
				fence = ""
			}
			cur.WriteString(l)
			continue
		}
		item := isTopLevelItem(t)
		blockStart := prevBlank && t != "" && t[0] != ' ' && t[0] != '\t'
		switch {
		case cur.Len() == 0:
		case item && items >= chunkItems:
			flush(true)
			items = 0
		case blockStart && cur.Len() >= chunkBytes && (!item || items == 0):
			flush(false)
		}
		switch {
		case item:
			items++
		case blockStart:
			items = 0
		}
		if f := fenceOf(t); f != "" {
			fence = f
		}
		prevBlank = strings.TrimSpace(t) == ""
		cur.WriteString(l)
	}
	if cur.Len() > 0 {
		flush(false)
	}
	return out
}

// isTopLevelItem reports whether a line starts an unindented list item:
// "- x", "* x", "+ x", "12. x", "3) x".
func isTopLevelItem(l string) bool {
	if len(l) >= 2 && (l[0] == '-' || l[0] == '*' || l[0] == '+') && (l[1] == ' ' || l[1] == '\t') {
		return !isThematicBreak(l)
	}
	i := 0
	for i < len(l) && i < 9 && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(l) && (l[i] == '.' || l[i] == ')') && (l[i+1] == ' ' || l[i+1] == '\t')
}

// isThematicBreak tells "- - -" and "* * *" from list items.
func isThematicBreak(l string) bool {
	c, n := l[0], 0
	for _, r := range l {
		switch {
		case byte(r) == c:
			n++
		case r != ' ' && r != '\t':
			return false
		}
	}
	return n >= 3
}

// fenceOf is the fence a line opens ("```" or "~~~"), or "".
func fenceOf(l string) string {
	t := strings.TrimLeft(l, " ")
	if len(l)-len(t) > 3 {
		return ""
	}
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(t, f) {
			return f
		}
	}
	return ""
}

// joinRendered joins rendered chunks as one glamour document: glamour
// starts a document with a newline and ends it with a blank line; a list
// opens with a blank line of its own, and a block after a block is set off
// by one.
func joinRendered(chunks []mdChunk, outs []string) string {
	var b strings.Builder
	for k, out := range outs {
		if k > 0 {
			out = strings.TrimPrefix(out, "\n")
			first, rest, _ := strings.Cut(out, "\n")
			blank := strings.TrimSpace(ansi.Strip(first)) == "" // styled blank lines carry escapes
			switch {
			case chunks[k].inList && blank:
				out = rest // the list goes on: no blank line
			case !chunks[k].inList && !blank:
				b.WriteString("\n")
			}
		}
		out = strings.TrimSuffix(out, "\n")
		if k < len(outs)-1 {
			out = strings.TrimSuffix(out, "\n")
		}
		b.WriteString(out)
		if k < len(outs)-1 {
			b.WriteString("\n")
		}
	}
	b.WriteString("\n")
	return b.String()
}
