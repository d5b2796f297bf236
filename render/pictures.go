package render

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// AboveCaptions puts, above the line glamour wrote for each picture
// ("Image: alt → URL"), which stays as its caption, what draw gives for that
// picture and the caption's indent ("" leaves the caption alone).
func AboveCaptions(content string, links []string, draw func(link string, indent int) string) string {
	if len(links) == 0 {
		return content
	}
	lines := strings.Split(content, "\n")
	out := make([]string, 0, len(lines))
	drawn := map[string]bool{}
	for _, l := range lines {
		plain := ansi.Strip(l)
		if strings.Contains(plain, "→") {
			for _, u := range links {
				// glamour may wrap a long address: its start is enough.
				if drawn[u] || !strings.Contains(plain, u[:min(len(u), 40)]) {
					continue
				}
				drawn[u] = true
				if d := draw(u, len(plain)-len(strings.TrimLeft(plain, " "))); d != "" {
					out = append(out, d)
				}
				break
			}
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
