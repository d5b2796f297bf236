package render

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// A Dutch column as Markdown, with what glamour's own styles showed as
// source: headings, a rule, a long quote (kolom's notices are quotes too),
// lists whose items wrap, nested and numbered.
const column = `# Waarom klantbeleving geen afdeling is

*Berry Veldhoen · CustomerTalk · 1 december 2026 · 4 min read*

> Showing the excerpt: the site answered with a cookie wall, not the article; open it in a browser (o) and read it there if you want the whole column.

---

## De klant merkt het verschil

Klantbeleving is geen project met een einddatum. Het is wat er gebeurt tussen de beloftes in de campagne en de ervaring aan de telefoon.

### Drie lessen

- Organiseer de klantreis rond de momenten die ertoe doen, niet rond de afdelingen die toevallig verantwoordelijk zijn voor een kanaal.
- Meet wat klanten voelen, niet alleen wat ze doen
  1. Vraag door na een lage score en bel de klant binnen een week terug om te horen wat er echt misging.
  2. Deel de antwoorden met iedereen
- Kort

1. Begin klein en laat zien wat een verbeterde klantreis oplevert voor de omzet van het volgende kwartaal.
2. Schaal op

> „Wie de klant centraal zet, moet eerst de eigen organisatie durven verbouwen," zegt de columnist, en dat is precies waar het vaak misgaat in Nederland.
`

func TestKolomStyleReadsAsAnArticle(t *testing.T) {
	r := New(8)
	for _, style := range []string{StyleDark, StyleLight, StyleNoTTY} {
		for _, width := range []int{38, 60, 78, 98, 118} {
			out, err := r.Render(1, column, width, style)
			if err != nil {
				t.Fatal(err)
			}
			plain := ansi.Strip(out)
			lines := strings.Split(plain, "\n")
			if strings.Contains(plain, "## ") || strings.Contains(plain, "### ") || strings.Contains(plain, "--------") {
				t.Errorf("%s/%d: Markdown source shows:\n%s", style, width, plain)
			}
			if !strings.Contains(plain, strings.Repeat("─", width-4)) {
				t.Errorf("%s/%d: no rule across the text", style, width)
			}
			inQuote, inItem := false, 0
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > width {
					t.Errorf("%s/%d: line %d is %d cells wide: %q", style, width, i, w, l)
				}
				text := strings.TrimSpace(l)
				// Every line of a quote keeps its bar.
				switch {
				case strings.HasPrefix(text, "│"):
					inQuote = true
				case inQuote && text != "":
					t.Errorf("%s/%d: quote line %d fell out of the bar: %q", style, width, i, l)
				default:
					inQuote = false
				}
				// A wrapped item goes on under its text, not under its bullet.
				ind, hang, item := itemStart(l)
				switch {
				case item:
					inItem = ind + hang
				case inItem > 0 && text != "" && !strings.HasPrefix(text, "│"):
					if leading(l) != inItem {
						t.Errorf("%s/%d: item line %d indented %d, want %d: %q", style, width, i, leading(l), inItem, l)
					}
				default:
					inItem = 0
				}
			}
			for _, want := range []string{"De klant merkt", "Drie lessen", "week terug", "Schaal op", "misgaat in Nederland"} {
				if !strings.Contains(strings.Join(strings.Fields(strings.ReplaceAll(plain, "│", "")), " "), want) {
					t.Errorf("%s/%d: %q lost", style, width, want)
				}
			}
		}
	}
}
