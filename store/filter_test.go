package store

import (
	"strings"
	"testing"
)

func TestFoldText(t *testing.T) {
	for in, want := range map[string]string{
		"De Klant, centraal!":             " de klant centraal ",
		"<p>Café-eigenaren</p><p>één</p>": " cafe eigenaren een ",
		"<b>klant</b>reis":                " klantreis ",
		"caf&eacute; &amp; co&shy;lumn":   " cafe co lumn ",
		"geïnitieerd IDEEËN":              " geinitieerd ideeen ",
		"":                                " ",
		"<p>onaf <a href='x'":             " onaf ",
		"Straße Łódź":                     " straße łodz ",
	} {
		html := strings.Contains(in, "<") || strings.Contains(in, "&")
		if got := foldText(in, html); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// FuzzFilter: any query compiles or is a search error; any article is
// matched without a panic, and a query's own words match a text made of
// them.
func FuzzFilter(f *testing.F) {
	f.Add(`author:"Jan Jansen" -webinar`, "<p>Jan Jansen over de klant</p>")
	f.Add("klant* OR NOT", "<b>klant</b>reis &eacute;")
	f.Add(`"open`, "<")
	f.Fuzz(func(t *testing.T, q, body string) {
		m, err := CompileFilter(q)
		if err != nil {
			return
		}
		d := Doc{Title: body, Author: body, Feed: body, HTML: body}
		m.Match(&d)
		folded := foldText(body, true)
		if !strings.HasPrefix(folded, " ") || !strings.HasSuffix(folded, " ") || strings.Contains(folded, "  ") {
			t.Fatalf("fold of %q: %q", body, folded)
		}
	})
}
