package feeds

import (
	"net/http"
	"reflect"
	"testing"
)

const wpHead = `<!DOCTYPE html>
<html lang="nl-NL"><head>
<meta charset="UTF-8">
<title>CustomerTalk – Klantcontact en klantbeleving</title>
<link rel="stylesheet" href="/wp-content/themes/ct/style.css">
<link rel="alternate" type="application/rss+xml" title="CustomerTalk &raquo; Reacties-feed" href="https://www.customertalk.nl/comments/feed/" />
<link rel="alternate" type="application/rss+xml" title="CustomerTalk &raquo; Feed" href="/feed/" />
<link rel="Alternate" type="application/atom+xml" href="https://www.customertalk.nl/feed/atom/">
<link rel="alternate" type="application/feed+json" href="/feed/json">
<link rel="alternate" type="text/html" hreflang="en" href="/en/">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
</head><body>
<link rel="alternate" type="application/rss+xml" href="/body-feed/">
<p>Naar inhoud</p></body></html>`

func TestDiscover(t *testing.T) {
	got := Discover([]byte(wpHead), "https://www.customertalk.nl/")
	want := []string{
		"https://www.customertalk.nl/feed/",
		"https://www.customertalk.nl/feed/atom/",
		"https://www.customertalk.nl/feed/json",
		"https://www.customertalk.nl/comments/feed/", // comment feeds last
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Discover = %q\nwant %q", got, want)
	}
	if g := Guesses("https://www.marketingtribune.nl/some/page"); !reflect.DeepEqual(g, []string{
		"https://www.marketingtribune.nl/feed/", "https://www.marketingtribune.nl/rss", "https://www.marketingtribune.nl/atom.xml"}) {
		t.Errorf("Guesses = %q", g)
	}
}

func TestDetectWall(t *testing.T) {
	articlePage := `<!DOCTYPE html><html><head><title>Waarom data-gedreven marketing faalt</title></head><body>
<div class="cookie-banner">Wij gebruiken cookies. <a>Cookie-instellingen</a> <button>Accepteren</button></div>
<article>` + string(make([]byte, 30<<10)) + `</article></body></html>`
	cases := []struct {
		name   string
		url    string
		status int
		header http.Header
		body   string
		want   string
	}{
		{"DPG consent redirect", "https://myprivacy.dpgmedia.nl/consent?siteKey=abc", 200, nil, "<html><body>Privacy</body></html>", WallConsent},
		{"cookies host", "https://cookies.example-uitgever.nl/?redirect_to=https%3A%2F%2Fwww.example.nl%2Ffeed", 200, nil, "<html></html>", WallConsent},
		{"cookiewall markup", "https://www.nu-achtig.nl/feed", 200, nil, `<html><head><title>Nieuws</title></head><body><div id="cookiewall">Toestemming</div></body></html>`, WallConsent},
		{"short consent page", "https://www.example.nl/", 200, nil, `<html><body><h1>Wij vragen je toestemming</h1><p>voor cookies en privacy.</p><button>Akkoord</button></body></html>`, WallConsent},
		{"cloudflare challenge", "https://www.marketingweek.com/feed/", 403, http.Header{"Cf-Mitigated": {"challenge"}}, "", WallBotCheck},
		{"cloudflare page", "https://www.marketingweek.com/feed/", 503, nil, `<html><head><title>Just a moment...</title></head><body>challenge-platform</body></html>`, WallBotCheck},
		{"cloudfront", "https://www.example.com/feed", 403, http.Header{"X-Cache": {"Error from cloudfront"}}, "<html>Request blocked.</html>", WallBotCheck},
		{"article page with a banner", "https://www.marketingfacts.nl/berichten/x", 200, nil, articlePage, ""},
		{"plain 404", "https://www.emerce.nl/feed", 404, nil, "<html><title>Pagina niet gevonden</title></html>", ""},
	}
	for _, tc := range cases {
		if got := DetectWall(tc.url, tc.status, tc.header, []byte(tc.body)); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestDetectArticleWall(t *testing.T) {
	banner := `<html><head><title>Column</title></head><body><div class="cookie-banner">Wij gebruiken cookies en respecteren je privacy. Cookie-instellingen. Accepteren</div><article><p>Korte column.</p></article></body></html>`
	if w := DetectArticleWall("https://www.marketingfacts.nl/berichten/x", []byte(banner)); w != "" {
		t.Errorf("an article page with a cookie banner is not a wall: %q", w)
	}
	if w := DetectWall("https://www.marketingfacts.nl/feed", 200, nil, []byte(banner)); w != WallConsent {
		t.Errorf("the same short page instead of a feed is: %q", w)
	}
	if w := DetectArticleWall("https://myprivacy.dpgmedia.nl/consent?siteKey=x", []byte("<html></html>")); w != WallConsent {
		t.Errorf("consent host: %q", w)
	}
	if w := DetectArticleWall("https://x.nl/a", []byte(`<div id="cookiewall">`)); w != WallConsent {
		t.Errorf("wall markup: %q", w)
	}
}
