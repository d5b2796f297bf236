package render

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// AboveCaptions puts, above the line glamour wrote for each picture
// ("Image: alt → URL"), which stays as its caption, what draw gives for that
// picture and the caption's indent ("" leaves the caption alone). In a
// narrow column glamour may put the address on a line of its own, or wrap
// it: the caption is where its start is, or the line with the arrow just
// above that.
func AboveCaptions(content string, links []string, draw func(link string, indent int) string) string {
	if len(links) == 0 {
		return content
	}
	lines := strings.Split(content, "\n")
	plain := make([]string, len(lines))
	for i, l := range lines {
		plain[i] = ansi.Strip(l)
	}
	at := map[int]string{} // line → the picture drawn above it
	drawn := map[string]bool{}
	for i, p := range plain {
		for _, u := range links {
			if drawn[u] || !strings.Contains(p, u[:min(len(u), 40)]) {
				continue
			}
			drawn[u] = true
			c := i
			if !strings.Contains(p, "→") && i > 0 && strings.Contains(plain[i-1], "→") {
				c = i - 1
			}
			if _, taken := at[c]; !taken {
				if d := draw(u, len(plain[c])-len(strings.TrimLeft(plain[c], " "))); d != "" {
					at[c] = d
				}
			}
			break
		}
	}
	out := make([]string, 0, len(lines)+len(at))
	for i, l := range lines {
		if d, ok := at[i]; ok {
			out = append(out, d)
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
