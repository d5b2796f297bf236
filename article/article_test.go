package article

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type page struct {
	file, url string
	title     string
	keep      []string // every body paragraph, by a phrase of it
	gone      []string // every piece of cruft
}

var pages = []page{
	{
		file: "wordpress-disqus.html", url: "https://www.marketingfacts.nl/berichten/klantreis/",
		title: "Waarom de klantreis eerder begint dan je denkt",
		keep: []string{
			"De meeste marketeers tekenen de klantreis", "## Het onzichtbare begin", "Onderzoek onder 1.200 Nederlandse consumenten",
			"- Reviews op vergelijkingssites", "> Wie alleen meet wat op de eigen site gebeurt", "## Wat je eraan kunt doen",
			"Begin met luisteren", "| Mond-tot-mond | 38%", "Tot slot: geef je klantenservice een plek",
			"![Een klantreis op een whiteboard](https://www.marketingfacts.nl/wp-content/uploads/2026/11/klantreis.jpg)",
			"[volledige onderzoek naar klantbeleving](https://www.marketingfacts.nl/berichten/onderzoek-klantbeleving-2026?ref=mf)",
			"(https://www.marketingfacts.nl/berichten/methode/)",
		},
		gone: []string{"Naar inhoud", "cookies", "Cookie-instellingen", "Accepteren", "Delen op Facebook", "Elke dag vers",
			"nieuwsbrief", "Over de auteur", "strateeg bij een bureau", "Gerelateerde artikelen", "Vijf trends",
			"Disqus", "Populaire artikelen", "Alle rechten", "utm_", "fbclid", "pixel.gif", "data:image", "dataLayer", "Events"},
	},
	{
		file: "article-comments-related.html", url: "https://www.customertalk.nl/column/merkbelofte/",
		title: "Zo maak je van klantcontact een merkbelofte",
		keep: []string{"Elke organisatie zegt klantgericht te zijn", "In mijn werk bij contactcenters",
			"## Drie vragen voor maandagochtend", "1. Weet iedere medewerker", "3. Meet je ook wat klanten",
			"Wie die vragen eerlijk beantwoordt", "Dus: haal je klantenservice aan tafel"},
		gone: []string{"toestemming", "Alles accepteren", "Weigeren", "Delen:", "Lees ook", "Wachttijden zijn een merkprobleem",
			"reacties", "Herkenbaar!", "Karin", "Geef een reactie", "Reactie plaatsen"},
	},
	{
		file: "hashed-classes.html", url: "https://www.emerce.nl/nieuws/retailers-investeren-data",
		title: "Retailers investeren fors in eigen data",
		keep: []string{"Nederlandse retailers verhogen hun investeringen", "De aanleiding is duidelijk",
			"## Loyaliteitsprogramma's als databron", "Vooral loyaliteitsprogramma's beleven een comeback",
			"We weten nu eindelijk wie onze beste klanten zijn", "Tegelijk waarschuwen privacy-experts"},
		gone: []string{"Direct naar inhoud", "Wij gebruiken cookies", "Accepteren", "JSON blob", "pageProps",
			"Gerelateerde artikelen", "Bol verdubbelt", "Nieuwsbrief", "Elke dag vers"},
	},
}

func TestExtractDutchPages(t *testing.T) {
	for _, p := range pages {
		t.Run(p.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", p.file))
			if err != nil {
				t.Fatal(err)
			}
			ex, err := Extract(b, p.url)
			if err != nil {
				t.Fatal(err)
			}
			if ex.Title != p.title {
				t.Errorf("title %q", ex.Title)
			}
			md, err := ToMarkdown(ex.HTML, p.url)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range p.keep {
				if !strings.Contains(md, k) {
					t.Errorf("lost %q", k)
				}
			}
			for _, g := range p.gone {
				if strings.Contains(strings.ToLower(md), strings.ToLower(g)) {
					t.Errorf("cruft %q survived", g)
				}
			}
			if t.Failed() {
				t.Logf("markdown:\n%s", md)
			}
		})
	}
}

func TestExtractMetadata(t *testing.T) {
	b, _ := os.ReadFile("testdata/wordpress-disqus.html")
	ex, err := Extract(b, pages[0].url)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Byline != "Annemiek de Vries" || ex.SiteName != "Marketingfacts" || ex.Language != "nl-NL" ||
		!ex.Published.Equal(time.Date(2026, 11, 20, 7, 15, 0, 0, time.UTC)) {
		t.Errorf("metadata: %+v", ex)
	}
	if _, err := Extract([]byte("<html><body><nav>Home Over ons</nav><script>var x</script><div class=\"cookie-banner\">Accepteren</div></body></html>"), "https://x.nl/"); err == nil {
		t.Error("a page without an article extracted something")
	}
}

func TestCleanFeedHTML(t *testing.T) {
	const base = "https://blog.hubspot-achtig.nl/marketing/klantreis"
	cases := []struct {
		name       string
		in         string
		keep, gone []string
	}{
		{
			name: "HubSpot description with featured image and tracking pixel",
			in: `<div class="hs-featured-image-wrapper"><a href="https://blog.hubspot-achtig.nl/marketing/klantreis?utm_campaign=rss" class="hs-featured-image-link"><img src="https://blog.hubspot-achtig.nl/hubfs/klantreis.png" alt="Klantreis in vijf stappen" class="hs-featured-image" style="width:auto !important; max-width:50%; float:left; margin:0 15px 15px 0;"></a></div>
<p>Een goede klantreis begint bij de vraag van de klant, niet bij je product.</p>
<img src="https://track.hubspot.com/__ptq.gif?a=123&amp;k=14&amp;r=https%3A%2F%2Fblog" alt="" width="1" height="1" style="min-height:1px!important;width:1px!important;border-width:0!important">`,
			keep: []string{"![Klantreis in vijf stappen](https://blog.hubspot-achtig.nl/hubfs/klantreis.png)",
				"Een goede klantreis begint bij de vraag van de klant", "(https://blog.hubspot-achtig.nl/marketing/klantreis)"},
			gone: []string{"__ptq.gif", "utm_campaign", "track.hubspot"},
		},
		{
			name: "lazy images",
			in: `<p>Tekst</p><img src="data:image/svg+xml,%3Csvg%3E" data-lazy-src="/img/a.jpg" alt="A">
<img data-srcset="/img/b-300.jpg 300w, /img/b-900.jpg 900w" alt="B"><img src="/img/c.jpg" alt="C">
<img class="lazy" src="/wp-content/plugins/lazy-load/placeholder.png" data-original="https://cdn.x.nl/d.jpg" alt="D">`,
			keep: []string{"![A](https://blog.hubspot-achtig.nl/img/a.jpg)", "![B](https://blog.hubspot-achtig.nl/img/b-900.jpg)",
				"![C](https://blog.hubspot-achtig.nl/img/c.jpg)", "![D](https://cdn.x.nl/d.jpg)"},
			gone: []string{"data:", "placeholder"},
		},
		{
			name: "Yoast footer in Dutch",
			in:   `<p>De column zelf.</p><p>Het bericht <a href="https://www.frankwatching.com/x">Klantreis</a> verscheen eerst op <a href="https://www.frankwatching.com">Frankwatching</a>.</p>`,
			keep: []string{"De column zelf."},
			gone: []string{"verscheen eerst op", "Frankwatching"},
		},
		{
			name: "Yoast footer in English",
			in:   `<p>The column itself.</p><p>The post <a href="https://www.marketingweek.com/x">Brand building</a> appeared first on <a href="https://www.marketingweek.com">Marketing Week</a>.</p>`,
			keep: []string{"The column itself."},
			gone: []string{"appeared first on", "Marketing Week"},
		},
		{
			name: "active content and hidden elements",
			in: `<p onclick="steal()">Zichtbaar <a href="javascript:alert(1)">link</a> <a href="/ok" onmouseover="x()">ok</a></p>
<script>alert(1)</script><style>p{}</style><iframe src="https://evil.example/"></iframe><form action="/x"><input name="q"></form>
<div hidden>verborgen1</div><div style="display: none">verborgen2</div><span aria-hidden="true">verborgen3</span><noscript>verborgen4</noscript>
<h3>Tabel</h3><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table><pre><code>go test ./...</code></pre>`,
			keep: []string{"Zichtbaar", "[ok](https://blog.hubspot-achtig.nl/ok)", "| a | b |", "go test ./..."},
			gone: []string{"javascript", "onclick", "onmouseover", "alert", "evil.example", "verborgen", "steal", "<"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			md, err := FromHTML(tc.in, base)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range tc.keep {
				if !strings.Contains(md, k) {
					t.Errorf("lost %q in:\n%s", k, md)
				}
			}
			for _, g := range tc.gone {
				if strings.Contains(md, g) {
					t.Errorf("%q survived in:\n%s", g, md)
				}
			}
		})
	}
}

func TestMarkdownCarriesNoEscapes(t *testing.T) {
	in := "<p>Rood \x1b[31m tekst &#27;[2J &#x1b;]52;c;ZWNobw==&#7; en &#155;31m \u202eomgekeerd</p><p><a href=\"https://x.nl/&#27;\">link&#x1B;</a></p>"
	md, err := FromHTML(in, "https://x.nl/")
	if err != nil {
		t.Fatal(err)
	}
	assertNoControls(t, md)
	if !strings.Contains(md, "Rood") || !strings.Contains(md, "link") {
		t.Errorf("text lost: %q", md)
	}
}

func assertNoControls(t *testing.T, s string) {
	t.Helper()
	for _, r := range s {
		if unsafeRune(r) {
			t.Fatalf("control %U in %q", r, s)
		}
	}
	if m := numericRef.FindAllString(s, -1); m != nil {
		for _, ref := range m {
			if r, ok := refRune(ref); ok && unsafeRune(r) {
				t.Fatalf("reference %s in %q", ref, s)
			}
		}
	}
}

func TestWordCountAndReadingTime(t *testing.T) {
	md := "## Kop\n\nEen twee drie [vier](https://x.nl/a/b/c) vijf.\n\n![alt tekst](https://x.nl/i.jpg)\n\n- zes\n- zeven — acht"
	if n := WordCount(md); n != 9 {
		t.Errorf("WordCount = %d, want 9", n)
	}
	if d := ReadingTime(0); d != time.Minute {
		t.Errorf("ReadingTime(0) = %v", d)
	}
	if d := ReadingTime(2000); d != 10*time.Minute {
		t.Errorf("ReadingTime(2000) = %v", d)
	}
}

func TestIsExcerpt(t *testing.T) {
	long := strings.Repeat("<p>Een volledige alinea met genoeg woorden om een echte column te zijn, zonder teaser aan het eind.</p>", 12)
	cases := []struct {
		name             string
		summary, content string
		want             bool
	}{
		{"WordPress excerpt", "<p>De klantreis begint eerder dan je denkt en dat heeft gevolgen [&hellip;]</p>", "", true},
		{"Lees verder link", `<p>Korte intro.</p><p><a href="/x">Lees verder &raquo;</a></p>`, "", true},
		{"Read more", "Brand building takes time. Read more...", "", true},
		{"short description only", "<p>Een korte aankondiging.</p>", "", true},
		{"nothing at all", "", "", true},
		{"full text in description", long, "", false},
		{"full content", "<p>Intro [&#8230;]</p>", long, false},
		{"content that is itself a teaser", "", "<p>Alleen het begin van het stuk [...]</p>", true},
		{"short full post with content", "", "<p>Sometimes the long way is the short way.</p>", false},
	}
	for _, tc := range cases {
		if got := IsExcerpt(tc.summary, tc.content); got != tc.want {
			t.Errorf("%s: IsExcerpt = %v", tc.name, got)
		}
	}
}

func TestApproxWords(t *testing.T) {
	if n := ApproxWords(`<p>Een <a href="/x y z">twee</a> drie</p> <p>vier&nbsp;vijf</p>`); n != 4 {
		t.Errorf("ApproxWords = %d, want 4", n)
	}
}
