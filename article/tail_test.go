package article

import (
	"strings"
	"testing"
)

// vakbladPage wraps an article body in a page as CMSes publish it.
func vakbladPage(head, body string) []byte {
	return []byte(`<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Klantbeleving | Vakblad</title>` + head +
		`</head><body><header class="site-header"><a href="/">Vakblad</a></header><main>` + body + `</main></body></html>`)
}

func extractMD(t *testing.T, b []byte) string {
	t.Helper()
	ex, err := Extract(b, "https://vakblad.nl/klantbeleving/")
	if err != nil {
		t.Fatal(err)
	}
	md, err := ToMarkdown(ex.HTML, "https://vakblad.nl/klantbeleving/")
	if err != nil {
		t.Fatal(err)
	}
	return md
}

func checkMD(t *testing.T, md string, keep, gone []string) {
	t.Helper()
	for _, k := range keep {
		if !strings.Contains(md, k) {
			t.Errorf("lost %q:\n%s", k, md)
		}
	}
	for _, g := range gone {
		if strings.Contains(md, g) {
			t.Errorf("%q survived:\n%s", g, md)
		}
	}
}

// After the article's last paragraph, what a site asks of its reader and
// its paragraphs of links go; a closing line of the column itself, a list
// of sources and a call to action inside the article stay.
func TestTrimTail(t *testing.T) {
	body := `<article><div class="entry-content">` + columnHTML() +
		`<p>Schrijf je in voor onze nieuwsbrief: dat doen al zesduizend collega's, en wie het vak volgt, leest hem elke week.</p>` + // inside the article: stays
		`<p>` + column[0] + `</p>` +
		`<p>Tot volgende week!</p>` +
		`<h3>Bronnen</h3><ul><li><a href="https://cbs.nl/klant">CBS, Klantonderzoek 2026</a></li><li><a href="https://example.org/r">Rapport wachttijden</a></li></ul>` +
		`<p><a href="/vijf-trends">Vijf trends in klantcontact voor volgend jaar</a></p>` +
		`<p><em>Verpasse keine News? Volg ons op LinkedIn en mis niks van het vak.</em></p>` +
		`<p>© 2026 Vakblad. Alle rechten voorbehouden.</p>` +
		`<p>Je bent niet ingelogd. <a href="/login">Log in</a> om te reageren.</p>` +
		`<h2>Meer van Vakblad</h2>` +
		`</div></article>`
	md := extractMD(t, vakbladPage("", body))
	checkMD(t, md, []string{"Tot volgende week!", "CBS, Klantonderzoek 2026", "zesduizend collega", column[5][:40]},
		[]string{"Vijf trends in klantcontact voor", "Volg ons op LinkedIn", "Alle rechten voorbehouden", "Log in", "Meer van Vakblad"})
}

// A heading at the end that says a whole sentence is the article's own
// summary in large type, not the site's next section.
func TestTrimTailKeepsASentenceHeading(t *testing.T) {
	body := `<article>` + columnHTML() + `<h4>De klant betaalt de prijs van elk misverstand tussen twee afdelingen.</h4></article>`
	checkMD(t, extractMD(t, vakbladPage("", body)), []string{"De klant betaalt de prijs van elk misverstand"}, nil)
}

// The lead sits in the article's header, apart from its paragraphs:
// readability leaves it out, the reader gets it back — once.
func TestLeadComesBack(t *testing.T) {
	lead := "Marketing belooft snelheid, de klantenservice wordt afgerekend op gespreksduur. Berry Veldhoen over een misverstand dat klanten elke dag voelen."
	body := `<div class="hero"><div class="hero-inner"><span class="kicker">Column</span><h1>Klantbeleving is geen afdeling</h1><p class="article-intro">` + lead + `</p>` +
		`<div class="byline">Door Berry Veldhoen · 4 minuten</div></div></div><div class="container"><div class="article-body">` + columnHTML() + `</div></div>`
	md := extractMD(t, vakbladPage("", body))
	checkMD(t, md, []string{lead}, []string{"4 minuten"})
	if strings.Count(md, "Berry Veldhoen over een misverstand") != 1 {
		t.Errorf("lead not once:\n%s", md)
	}
	// The page's description names the lead when its class does not.
	desc := `<meta name="description" content="` + lead[:80] + `">`
	body = strings.Replace(body, `class="article-intro"`, `class="x1"`, 1)
	checkMD(t, extractMD(t, vakbladPage(desc, body)), []string{lead}, nil)
	// A site's own tagline, in the site's header, is no lead.
	body = strings.Replace(body, `<p class="x1">`+lead+`</p>`, "", 1)
	withTagline := strings.Replace(string(vakbladPage(desc, body)), `<a href="/">Vakblad</a>`,
		`<a href="/">Vakblad</a><p class="site-description">`+lead+`</p>`, 1)
	checkMD(t, extractMD(t, []byte(withTagline)), nil, []string{"Berry Veldhoen over een misverstand"})
}

// A page that draws its article with script carries it in its JSON-LD;
// a recipe's ingredients are there when the page only has its steps.
func TestArticleFromJSONLD(t *testing.T) {
	var paras []string
	for _, p := range column {
		paras = append(paras, "<p>"+p+"</p>")
	}
	ld := `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"Vakblad"},` +
		`{"@type":"NewsArticle","headline":"Klantbeleving","articleBody":` + jsonString(strings.Join(paras, "\n")) + `}]}</script>`
	body := `<div id="app"><p>Dit artikel wordt geladen. Een ogenblik geduld alstublieft, de pagina is bijna klaar met laden van de inhoud.</p></div>` +
		`<aside><p>` + strings.Repeat("Meest gelezen deze week in de rubriek klantcontact en service. ", 8) + `</p></aside>`
	checkMD(t, extractMD(t, vakbladPage(ld, body)), []string{column[0][:50], column[5][:50]}, nil)

	recipe := `<script type="application/ld+json">{"@type":"Recipe","name":"Appeltaart","recipeIngredient":["250 g bloem","150 g roomboter","5 zure appels"],` +
		`"recipeInstructions":[{"@type":"HowToStep","text":"Verwarm de oven voor op 175 °C."}]}</script>`
	steps := `<article><h1>Appeltaart</h1><p>Verwarm de oven voor op 175 °C en vet een springvorm van 24 centimeter in met een beetje roomboter.</p>` +
		`<p>Meng de bloem met de suiker, de boter en een snuf zout tot een soepel deeg, en laat het een halfuur rusten in de koelkast.</p>` +
		`<p>Schil de appels, snijd ze in partjes en meng ze met kaneel en suiker. Bekleed de vorm met het deeg en vul hem met de appels.</p>` +
		`<p>Bak de taart in ongeveer een uur goudbruin op het onderste rooster van de oven, en laat hem afkoelen in de vorm.</p></article>`
	checkMD(t, extractMD(t, vakbladPage(recipe, steps)), []string{"250 g bloem", "5 zure appels", "Bak de taart"}, nil)
}

func jsonString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// A caption's credit goes however it is written; the description stays.
func TestCaptionCredits(t *testing.T) {
	for _, caption := range []string{
		`De vismarkt in Rostock. © ANP / Robin van Lonkhuijsen`,
		`De vismarkt in Rostock. Beeld: <a href="https://www.shutterstock.com/p/1">Jan Jansen/Shutterstock.com</a>`,
		`De vismarkt in Rostock. <span class="credit">Jan Jansen/ANP</span>`,
	} {
		in := `<p>` + column[0] + `</p><figure><img src="/markt.jpg" alt=""><figcaption>` + caption + `</figcaption></figure><p>` + column[1] + `</p>`
		md, _ := ToMarkdown(cleanExtracted(in, "https://x.nl/"), "https://x.nl/")
		checkMD(t, md, []string{"De vismarkt in Rostock."}, []string{"ANP", "Shutterstock", "Jansen", "Lonkhuijsen"})
	}
	// An image's description names an agency in a sentence: it stays.
	in := `<p>` + column[0] + `</p><p><img src="/r.jpg" alt="Een fotograaf van ANP/Reuters op de Dam"></p>`
	md, _ := ToMarkdown(cleanExtracted(in, "https://x.nl/"), "https://x.nl/")
	checkMD(t, md, []string{"Een fotograaf van ANP/Reuters op de Dam"}, nil)
}

// A label says a credit only when what follows names someone: "Foto: Jan
// de Vries / ANP", "Beeld: iStock", "Foto: archief" go; "Foto: schappen in
// een supermarkt in Utrecht" is what the picture shows, and stays — as an
// image's description, a caption, or a caption line of its own.
func TestCreditsNameSomeone(t *testing.T) {
	for _, c := range []struct {
		text   string
		credit bool
	}{
		{"Foto: Jan de Vries / ANP", true},
		{"Beeld: iStock", true},
		{"Foto: archief", true},
		{"© 2026 Marketingfacts", true},
		{"Foto: ANP, bewerking Emerce", true},
		{"Photo: Getty Images for Cannes Lions", true},
		{"Bild: picture alliance / dpa / Sven Hoppe", true},
		{"Foto: stock.adobe.com / kasto", true},
		{"Foto: ccnull/Marco Verch/cc by sa 2.0", true},
		{"Foto: schappen in een supermarkt in Utrecht", false},
		{"Foto: de nieuwe winkel van Jumbo in Utrecht", false},
		{"Beeld: een klant betaalt met haar telefoon", false},
	} {
		if got := creditStart(c.text, true) == 0; got != c.credit {
			t.Errorf("%q: credit %v, want %v", c.text, got, c.credit)
		}
	}
	in := `<p>` + column[0] + `</p><p><img src="/schap.jpg" alt="Foto: schappen in een supermarkt in Utrecht"></p>` +
		`<figure><img src="/winkel.jpg" alt=""><figcaption>Foto: de nieuwe winkel van Jumbo in Utrecht</figcaption></figure>` +
		`<figure><img src="/dam.jpg" alt=""><figcaption>Foto: Jan de Vries / ANP</figcaption></figure><p>` + column[1] + `</p>`
	md, _ := ToMarkdown(cleanExtracted(in, "https://x.nl/"), "https://x.nl/")
	checkMD(t, md, []string{"schappen in een supermarkt in Utrecht", "de nieuwe winkel van Jumbo in Utrecht"}, []string{"Jan de Vries"})
}

// Class names in camel case read as words: "kommentarModul" is a comment
// block, "readingTime" the reading time.
func TestCamelCaseNames(t *testing.T) {
	if got := nameWords("kommentarModul readingTime c-native-newsletterbox"); got != "kommentar-Modul reading-Time c-native-newsletterbox" {
		t.Errorf("nameWords = %q", got)
	}
	in := `<p>` + column[0] + `</p><div class="kommentarModul"><p>Sie sind aktuell nicht eingeloggt.</p></div><span class="readingTime">3 min</span><p>` + column[1] + `</p>`
	md, _ := ToMarkdown(cleanExtracted(in, "https://x.de/"), "https://x.de/")
	checkMD(t, md, []string{column[1][:40]}, []string{"eingeloggt", "3 min"})
}
