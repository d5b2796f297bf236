package article

import (
	"fmt"
	"strings"
	"testing"
)

// Article pages in the shapes of the page builders and platforms columns
// are published with — Elementor, Divi, Blogger, Ghost, Substack, HubSpot —
// each with the site furniture those sites carry around the post.

var column = []string{
	"Klantbeleving is geen afdeling en geen project met een einddatum. Het is wat er gebeurt tussen de belofte in de campagne en de ervaring aan de telefoon, en dat merkt iedere klant die ooit een half uur in de wacht heeft gestaan bij een bedrijf dat zichzelf klantgericht noemt.",
	"In mijn werk bij contactcenters zie ik elke week hetzelfde patroon: marketing belooft snelheid en persoonlijke aandacht, terwijl de klantenservice wordt afgerekend op de gemiddelde gespreksduur. Die twee doelen bijten elkaar, en de klant betaalt de prijs van dat misverstand.",
	"Onderzoek onder twaalfhonderd Nederlandse consumenten laat zien dat zeven op de tien hun oordeel over een merk baseren op het laatste contact met de klantenservice, niet op de reclame die ze zagen. Dat cijfer verdient een plek in elk marketingplan voor volgend jaar.",
	"Wie de klant centraal wil zetten, moet dus eerst de eigen organisatie durven verbouwen. Dat begint met één gedeeld doel voor marketing en service, en met dashboards die niet alleen tellen hoeveel gesprekken er zijn gevoerd, maar ook hoe de klant zich daarna voelde.",
	"Begin klein: laat een marketeer een dag meeluisteren in het contactcenter, en laat een servicemedewerker aanschuiven bij het volgende campagneoverleg. De verhalen die dat oplevert, overtuigen directies sneller dan welk onderzoeksrapport ook.",
	"Tot slot: geef je klantenservice een stem in de merkstrategie. Zij spreken de klant elke dag, en weten als geen ander waar de belofte en de werkelijkheid uit elkaar lopen. Wie dat gesprek organiseert, wint het vertrouwen terug dat campagnes alleen niet kunnen kopen.",
}

func columnHTML() string {
	var b strings.Builder
	for i, p := range column {
		if i == 3 {
			b.WriteString("<h2>Drie lessen voor maandagochtend</h2><ul><li>Eén doel voor marketing en service</li><li>Meet wat klanten voelen</li><li>Luister mee in het contactcenter</li></ul>")
		}
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	return b.String()
}

// Furniture every shape carries, in the platform's own markup where it has one.
const (
	skipLink   = `<a class="skip-link screen-reader-text" href="#content">Naar inhoud</a>`
	cookieWall = `<div class="cookie-notice" role="dialog"><p>Wij gebruiken cookies om je de beste ervaring te geven.</p><button>Accepteren</button><a href="/cookies">Cookie-instellingen</a></div>`
	related    = `<h2>Gerelateerde artikelen</h2><ul><li><a href="/a">Vijf trends in klantcontact</a></li><li><a href="/b">Wachttijden zijn een merkprobleem</a></li><li><a href="/c">De chatbot als collega</a></li></ul>`
	newsletter = `<h3>Elke dag vers. Mis niks!</h3><p>Schrijf je in voor onze nieuwsbrief en ontvang elke ochtend het laatste marketingnieuws.</p><form><input type="email"><button>Inschrijven</button></form>`
	author     = `<h3>Over de auteur</h3><p>Berry Veldhoen is strateeg bij een bureau voor klantbeleving.</p>`
	disqus     = `<div id="disqus_thread"></div><noscript>Please enable JavaScript to view the comments powered by Disqus.</noscript><a href="https://disqus.com" class="dsq-brlink">comments powered by Disqus</a>`
	readAlso   = `<p><strong>Lees ook:</strong> <a href="/d">Waarom NPS niet genoeg is</a></p>`
)

var builderPages = map[string]string{
	"elementor": `<div data-elementor-type="wp-post" class="elementor elementor-412"><section class="elementor-section elementor-top-section">
<div class="elementor-widget elementor-widget-theme-post-title"><h1 class="elementor-heading-title">Waarom klantbeleving geen afdeling is</h1></div>
<div class="elementor-widget elementor-widget-share-buttons"><div class="elementor-share-btn">Delen op LinkedIn</div></div>
<div class="elementor-element elementor-widget elementor-widget-theme-post-content"><div class="elementor-widget-container">` + columnHTML() + readAlso + `</div></div>
<div class="elementor-widget elementor-widget-author-box"><div class="elementor-author-box">` + author + `</div></div>
<div class="elementor-widget elementor-widget-posts">` + related + `</div>
<div class="elementor-widget elementor-widget-form">` + newsletter + `</div>
<div class="elementor-widget elementor-widget-post-comments">` + disqus + `</div></section></div>`,

	"divi": `<div id="et-main-area"><div id="main-content"><article class="et_pb_post post type-post"><h1 class="entry-title">Waarom klantbeleving geen afdeling is</h1>
<div class="entry-content"><div class="et_pb_section et_pb_section_0"><div class="et_pb_module et_pb_post_title"><p class="post-meta">Geschreven op <span class="published">20 nov 2026</span> | <a href="/categorie/klantbeleving/" rel="category tag">Klantbeleving</a> | 4 minuten leestijd</p></div><div class="et_pb_row et_pb_row_0"><div class="et_pb_column et_pb_column_4_4">
<div class="et_pb_module et_pb_text et_pb_text_0"><div class="et_pb_text_inner">` + columnHTML() + `</div></div>
<div class="et_pb_module et_pb_social_media_follow"><a>Volg ons op LinkedIn</a></div>
<div class="et_pb_module et_pb_signup et_pb_newsletter">` + newsletter + `</div></div></div></div></div>
<div class="et_pb_module et_pb_post_nav">` + related + `</div></article>
<section id="comment-wrap"><h1 id="comments" class="page_title">3 reacties</h1><p>Herkenbaar! Karin</p></section></div></div>`,

	"blogger": `<div class="main section" id="main"><div class="widget Blog" id="Blog1"><div class="blog-posts hfeed"><div class="post hentry">
<h3 class="post-title entry-title">Waarom klantbeleving geen afdeling is</h3><div class="post-header"><div class="post-header-line-1"></div></div>
<div class="post-body entry-content" id="post-body-8812">` + columnHTML() + `</div>
<div class="post-footer"><div class="post-share-buttons goog-inline-block"><a class="share-button">Delen via e-mail</a></div></div></div></div>
<div class="comments" id="comments"><h4>2 opmerkingen:</h4><p>Herkenbaar! Karin</p></div></div></div>
<div class="sidebar section" id="sidebar"><div class="widget PopularPosts"><h2>Populaire berichten</h2><ul><li><a href="/p">Vijf trends in klantcontact</a></li></ul></div></div>`,

	"ghost": `<main id="site-main" class="site-main"><article class="gh-article post"><header class="gh-article-header gh-canvas"><h1 class="gh-article-title">Waarom klantbeleving geen afdeling is</h1></header>
<section class="gh-content gh-canvas">` + columnHTML() + `</section></article>
<section class="gh-cta"><div class="gh-cta-inner">` + newsletter + `</div></section>
<aside class="read-more-wrap"><div class="read-more inner">` + related + `</div></aside></main>`,

	"substack": `<div class="single-post"><div class="post-header"><h1 class="post-title">Waarom klantbeleving geen afdeling is</h1><div class="post-ufi"><button>Share</button></div></div>
<div class="available-content"><div dir="auto" class="body markup">` + columnHTML() + `
<div class="subscription-widget-wrap"><div class="subscription-widget"><p>Elke dag vers. Mis niks!</p><form><input type="email"><button>Subscribe</button></form></div></div></div></div>
<div class="post-footer"><div class="post-ufi"><button>Share</button></div></div>
<div class="comments-page"><h2>Discussion about this post</h2><p>Herkenbaar! Karin</p></div></div>`,

	"hubspot": `<div id="hs-eu-cookie-confirmation"><div id="hs-eu-cookie-confirmation-inner"><p>Deze website gebruikt cookies om uw ervaring te verbeteren.</p><a id="hs-eu-confirmation-button">Accepteren</a></div></div>
<div class="body-container body-container--blog-post"><div class="blog-post"><h1><span id="hs_cos_wrapper_name" class="hs_cos_wrapper hs_cos_wrapper_meta_field">Waarom klantbeleving geen afdeling is</span></h1>
<div class="blog-post__body"><span id="hs_cos_wrapper_post_body" class="hs_cos_wrapper hs_cos_wrapper_meta_field hs_cos_wrapper_type_rich_text">` + columnHTML() + `</span></div>
<div class="blog-post__tags">Tags: <a href="/tag/cx">Klantbeleving</a></div></div>
<div class="blog-related-posts">` + related + `</div>
<div class="hs_cos_wrapper hs_cos_wrapper_widget hs_cos_wrapper_type_form">` + newsletter + `</div></div>`,
}

func TestExtractPageBuilders(t *testing.T) {
	gone := []string{"Naar inhoud", "Cookie-instellingen", "Accepteren", "comments powered by Disqus", "Gerelateerde artikelen",
		"Vijf trends", "Elke dag vers", "Lees ook", "Over de auteur", "Schrijf je in", "Herkenbaar", "Delen op", "Populaire berichten", "leestijd"}
	for name, body := range builderPages {
		t.Run(name, func(t *testing.T) {
			page := `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Waarom klantbeleving geen afdeling is | Klantcontact</title></head><body>` +
				skipLink + cookieWall + `<header class="site-header"><nav><a href="/">Home</a> <a href="/columns">Columns</a></nav></header>` + body +
				`<footer class="site-footer"><p>© 2026 Klantcontact. Alle rechten voorbehouden.</p></footer></body></html>`
			ex, err := Extract([]byte(page), "https://www.klantcontact.nl/columns/afdeling/")
			if err != nil {
				t.Fatal(err)
			}
			md, _ := ToMarkdown(ex.HTML, "https://www.klantcontact.nl/")
			for _, p := range column {
				if !strings.Contains(md, p[:60]) {
					t.Errorf("lost the paragraph %q…", p[:40])
				}
			}
			if !strings.Contains(md, "Drie lessen voor maandagochtend") || !strings.Contains(md, "Meet wat klanten voelen") {
				t.Error("lost the heading or the list")
			}
			for _, g := range gone {
				if strings.Contains(md, g) {
					t.Errorf("%q survived", g)
				}
			}
			if t.Failed() {
				t.Logf("markdown:\n%s", md)
			}
		})
	}
}

// Inside an extracted article a block goes only on two signs: a heading
// that opens furniture and a section that is short or mostly links; a
// picture credit by its label and its length.
func TestCleanExtractedNeedsTwoSigns(t *testing.T) {
	long := strings.Repeat("Wer mitreden will, muss die Kommentare der Leser ernst nehmen und auch beantworten. ", 6)
	in := `<p>` + column[0] + `</p><figure><img src="/a.jpg"><figcaption>Foto: ANP / Remko de Waal</figcaption></figure>` +
		`<p>Foto's maken hoort erbij: ` + column[1] + `</p>` +
		`<p><strong>Lesen Sie auch:</strong></p><p><a href="/l">Warum NPS nicht reicht</a></p>` +
		`<p>SIGN UP FOR OUR NEWSLETTER</p><p>Emery retweeted the story, saying: are there calm supporters? <a href="/h">#Hamilton</a></p>` +
		`<h2>Kommentare</h2><p>` + long + `</p>` +
		`<h2>Weitere Artikel</h2><ul><li><a href="/x">Fünf Trends im Kundenkontakt</a></li><li><a href="/y">Warteschleifen</a></li></ul>` +
		`<h3>À lire aussi</h3><p><a href="/z">Le service client</a></p>`
	md, _ := ToMarkdown(cleanExtracted(in, "https://x.de/"), "https://x.de/")
	for _, keep := range []string{column[0][:50], "Foto's maken hoort erbij", "Kommentare", "die Kommentare der Leser ernst", "Emery retweeted the story"} {
		if !strings.Contains(md, keep) {
			t.Errorf("lost %q:\n%s", keep, md)
		}
	}
	for _, gone := range []string{"Remko de Waal", "Weitere Artikel", "Fünf Trends", "lire aussi", "Le service client", "Lesen Sie auch", "Warum NPS", "SIGN UP"} {
		if strings.Contains(md, gone) {
			t.Errorf("%q survived:\n%s", gone, md)
		}
	}
}
