package render

import (
	"strings"
	"testing"
)

// The picture goes above its caption however glamour laid the caption out:
// on one line, with the address on the next line, or wrapped.
func TestAboveCaptions(t *testing.T) {
	u := "https://www.marketingfacts.nl/wp-content/uploads/2026/11/grafiek-budgetten-per-kanaal.png"
	for name, content := range map[string]string{
		"one line": "Tekst.\n\n  Image: Grafiek → " + u + "\n\nMeer.",
		"own line": "Tekst.\n\n  Image: Grafiek: groei van budgetten per kanaal →\n  " + u + "\n\nMeer.",
		"wrapped":  "Tekst.\n\n  Image: Grafiek → " + u[:50] + "\n  " + u[50:] + "\n\nMeer.",
	} {
		got := AboveCaptions(content, []string{u}, func(link string, indent int) string { return strings.Repeat(" ", indent) + "PLAATJE" })
		lines := strings.Split(got, "\n")
		for i, l := range lines {
			if strings.Contains(l, "PLAATJE") {
				if !strings.Contains(lines[i+1], "Image:") || strings.Count(got, "PLAATJE") != 1 || !strings.HasPrefix(l, "  PLAATJE") {
					t.Errorf("%s:\n%s", name, got)
				}
			}
		}
		if !strings.Contains(got, "PLAATJE") {
			t.Errorf("%s: not drawn:\n%s", name, got)
		}
	}
}
