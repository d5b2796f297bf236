package article

import (
	"os"
	"path/filepath"
	"testing"
)

func addPages(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add(`<p>a<img data-src="/x.jpg" width=1 height=1></p><p>Het bericht x verscheen eerst op y.</p>`)
	f.Add("<p>\x1b[2J&#27;&#x9b;\u202e</p><table><tr><td>|</td></tr></table>")
	// Build the lazily made policy and converter now, so that first use does
	// not look like new coverage to the fuzzer on every worker.
	if _, err := FromHTML("<p>warm</p>", "https://x.nl/"); err != nil {
		f.Fatal(err)
	}
}

// FuzzClean: the sanitizer and converter never panic and never emit a control.
func FuzzClean(f *testing.F) {
	addPages(f)
	f.Fuzz(func(t *testing.T, in string) {
		out := Clean(in, "https://www.marketingfacts.nl/berichten/x")
		assertNoControls(t, out)
		md, err := ToMarkdown(out, "https://www.marketingfacts.nl/berichten/x")
		if err == nil {
			assertNoControls(t, md)
		}
	})
}

// FuzzToMarkdown feeds the converter HTML that did not pass Clean.
func FuzzToMarkdown(f *testing.F) {
	addPages(f)
	f.Fuzz(func(t *testing.T, in string) {
		if md, err := ToMarkdown(in, "https://x.nl/"); err == nil {
			assertNoControls(t, md)
		}
	})
}

// FuzzExtract: readability plus cleanup on any page.
func FuzzExtract(f *testing.F) {
	addPages(f)
	// Structured data: an articleBody with markup and escapes, a recipe's
	// lists as strings, steps and sections.
	f.Add(`<html><head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","articleBody":"<p>Een</p>\n<script>x</script>\u001b[31m rood"}]}</script></head><body><p>Laden…</p></body></html>`)
	f.Add(`<html><head><script type="application/ld+json">[{"@type":["Recipe"],"recipeIngredient":"1 ei","recipeInstructions":[{"@type":"HowToSection","itemListElement":[{"text":"Klop"}]}]}]</script><meta name="description" content="Een taart"></head><body><p class="lead">Een taart die iedereen lukt, ook op een doordeweekse avond na het werk, met wat er in huis is.</p></body></html>`)
	f.Fuzz(func(t *testing.T, in string) {
		ex, err := Extract([]byte(in), "https://www.customertalk.nl/column/x/")
		if err != nil {
			return
		}
		for _, s := range []string{ex.Title, ex.Byline, ex.SiteName, ex.Language, ex.HTML} {
			assertNoControls(t, s)
		}
	})
}
