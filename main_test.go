package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/sixel"
	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/feeds"
	"github.com/kolom/kolom/internal/feedtest"
	"github.com/kolom/kolom/lang"
	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/library/librarytest"
	"github.com/kolom/kolom/render"
)

// isolate points every XDG directory at a fresh temporary folder.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		t.Setenv(v, filepath.Join(dir, strings.ToLower(v)))
	}
	t.Setenv("HOME", dir)
	// English unless a test asks for Dutch, whatever the machine's locale.
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANGUAGE"} {
		t.Setenv(v, "")
	}
	t.Setenv("LANG", "en_US.UTF-8")
	t.Cleanup(func() { lang.Use("en") })
	return dir
}

type result struct {
	code           int
	stdout, stderr string
}

func kolom(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return result{code, out.String(), errb.String()}
}

func writeFile(t *testing.T, path, body string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCLIImportRefreshListAndUnchangedRefresh(t *testing.T) {
	dir := isolate(t)
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/mf", "application/rss+xml", feedtest.Spec{Title: "Marketingfacts", Site: "https://www.marketingfacts.nl/", Items: 5, Words: 100, Seed: 1}.Render())
	srv.Set("/fw", "application/atom+xml", feedtest.Spec{Title: "Frankwatching", Site: "https://www.frankwatching.com/", Items: 3, Words: 100, Atom: true, Seed: 2}.Render())
	opml := writeFile(t, filepath.Join(dir, "feeds.opml"), fmt.Sprintf(`<?xml version="1.0"?>
<opml version="2.0"><head><title>test</title></head><body>
<outline text="Nederlands"><outline text="Marketingfacts" xmlUrl="%s"/><outline text="Frankwatching" xmlUrl="%s"/></outline>
</body></opml>`, srv.URL("/mf"), srv.URL("/fw")))

	r := kolom(t, "import", opml)
	if r.code != 0 || !strings.Contains(r.stdout, "Imported 2 feeds") {
		t.Fatalf("import: %+v", r)
	}
	r = kolom(t, "refresh")
	if r.code != 0 || !strings.Contains(r.stdout, "✓ Marketingfacts: 5 new") || !strings.Contains(r.stdout, "✓ Frankwatching: 3 new") ||
		!strings.Contains(r.stdout, "2 feeds: 2 fetched; 8 new articles.") {
		t.Fatalf("refresh: %+v", r)
	}
	if strings.Contains(r.stderr, "\x1b") {
		t.Errorf("progress drawn on a non-terminal stderr: %q", r.stderr)
	}

	r = kolom(t, "feeds", "--json")
	var fs []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &fs); err != nil || r.code != 0 {
		t.Fatalf("feeds --json: %v %+v", err, r)
	}
	if len(fs) != 2 {
		t.Fatalf("%d feeds", len(fs))
	}
	for _, key := range []string{"id", "title", "url", "site_url", "folder", "unread", "total", "last_fetched", "last_error"} {
		if _, ok := fs[0][key]; !ok {
			t.Errorf("feeds --json lacks %q: %v", key, fs[0])
		}
	}
	if fs[0]["folder"] != "Nederlands" || fs[0]["last_error"] != nil || fs[0]["last_fetched"] == nil {
		t.Errorf("feed json: %v", fs[0])
	}

	r = kolom(t, "articles", "--json", "--limit", "0")
	var as []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &as); err != nil || len(as) != 8 {
		t.Fatalf("articles --json: %v %d %+v", err, len(as), r)
	}
	for _, key := range []string{"id", "feed_id", "feed_title", "title", "author", "url", "published", "read", "bookmarked"} {
		if _, ok := as[0][key]; !ok {
			t.Errorf("articles --json lacks %q", key)
		}
	}
	if as[0]["published"] != "2026-11-01T09:00:00Z" {
		t.Errorf("newest first, RFC 3339: %v", as[0]["published"])
	}
	r = kolom(t, "articles", "--feed", "Frankwatching", "--limit", "2")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 3 || !strings.Contains(r.stdout, "Frankwatching") || strings.Contains(r.stdout, "Marketingfacts") {
		t.Errorf("articles --feed: %+v", r)
	}

	before := srv.Requests.Load()
	r = kolom(t, "refresh")
	if r.code != 0 || strings.Count(r.stdout, ": not modified") != 2 || srv.NotMod.Load() != 2 || srv.Requests.Load()-before != 2 {
		t.Errorf("second refresh downloaded something: %+v (304s: %d)", r, srv.NotMod.Load())
	}

	out := filepath.Join(dir, "export.opml")
	if r = kolom(t, "export", "-o", out); r.code != 0 {
		t.Fatalf("export: %+v", r)
	}
	if b, _ := os.ReadFile(out); !bytes.Contains(b, []byte(`<outline text="Nederlands"`)) || !bytes.Contains(b, []byte(srv.URL("/mf"))) {
		t.Errorf("export:\n%s", b)
	}

	r = kolom(t, "remove", "Marketingfacts")
	if r.code != 0 || !strings.Contains(r.stdout, `Removed "Marketingfacts"`) || !strings.Contains(r.stdout, "5 articles") {
		t.Errorf("remove: %+v", r)
	}
}

func TestCLIRefreshFailureExitsOne(t *testing.T) {
	isolate(t)
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/ok", "application/rss+xml", feedtest.Spec{Title: "Emerce", Site: "https://www.emerce.nl/", Items: 2}.Render())
	if r := kolom(t, "add", srv.URL("/ok")); r.code != 0 || !strings.Contains(r.stdout, `Subscribed to "Emerce"`) {
		t.Fatalf("add: %+v", r)
	}
	srv.Set("/gone", "application/rss+xml", feedtest.Spec{Title: "Weg", Site: "https://weg.nl/", Items: 1}.Render())
	if r := kolom(t, "add", srv.URL("/gone")); r.code != 0 {
		t.Fatalf("add: %+v", r)
	}
	srv.Set("/gone", "text/plain", "") // now empty
	srv.Set("/ok", "application/rss+xml", feedtest.Spec{Title: "Emerce", Site: "https://www.emerce.nl/", Items: 3}.Render())
	r := kolom(t, "refresh")
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	if !strings.Contains(r.stdout, "✓ Emerce: 1 new") || !strings.Contains(r.stdout, "✗ Weg: "+srv.URL("/gone")) ||
		!strings.Contains(r.stdout, "1 failed") {
		t.Errorf("refresh output: %+v", r)
	}
	if strings.TrimSpace(r.stderr) != "" {
		t.Errorf("failure reported twice: %q", r.stderr)
	}
}

func TestCLIUsageErrorsExitTwo(t *testing.T) {
	isolate(t)
	for _, args := range [][]string{
		{"add"},
		{"remove", "a", "b"},
		{"feeds", "--bogus"},
		{"articles", "--limit", "-1"},
		{"articles", "--limit", "veel"},
		{"frobnicate"},
	} {
		if r := kolom(t, args...); r.code != 2 || r.stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}

func TestCLIBadInputIsOneClearLine(t *testing.T) {
	dir := isolate(t)
	cfg := writeFile(t, filepath.Join(dir, "xdg_config_home", "kolom", "config.toml"), "timeout = \"10s\"\nrefresh_wokers = 4\n")
	r := kolom(t, "feeds")
	if r.code != 1 || !strings.Contains(r.stderr, cfg) || !strings.Contains(r.stderr, `unknown key "refresh_wokers" on line 2`) {
		t.Errorf("config typo: %+v", r)
	}
	os.Remove(cfg)

	notOPML := writeFile(t, filepath.Join(dir, "abonnementen.txt"), "https://www.emerce.nl/feed\n")
	r = kolom(t, "import", notOPML)
	if r.code != 1 || !strings.Contains(r.stderr, "abonnementen.txt") || !strings.Contains(r.stderr, "not an OPML file") {
		t.Errorf("not OPML: %+v", r)
	}
	r = kolom(t, "import", filepath.Join(dir, "bestaat-niet.opml"))
	if r.code != 1 || !strings.Contains(r.stderr, "bestaat-niet.opml") {
		t.Errorf("missing file: %+v", r)
	}
	withBad := writeFile(t, filepath.Join(dir, "mix.opml"), `<opml version="2.0"><body>
<outline text="Goed" xmlUrl="https://www.emerce.nl/feed"/>
<outline text="Lokaal" xmlUrl="file:///etc/passwd"/>
</body></opml>`)
	r = kolom(t, "import", withBad)
	if r.code != 1 || !strings.Contains(r.stderr, "mix.opml:3:") || !strings.Contains(r.stdout, "Imported 1 feed; skipped 1") {
		t.Errorf("partly bad OPML: %+v", r)
	}
	r = kolom(t, "add", "https://www.emerce.nl/feed")
	if r.code != 1 || !strings.Contains(r.stderr, "already subscribed") {
		t.Errorf("duplicate add: %+v", r)
	}
}

func TestCLISeedsDefaultsOnlyWhenNotCreatedByAdd(t *testing.T) {
	isolate(t)
	r := kolom(t, "feeds", "--json")
	var fs []map[string]any
	json.Unmarshal([]byte(r.stdout), &fs)
	if len(fs) != len(feeds.Defaults()) {
		t.Errorf("fresh `kolom feeds` shows %d feeds, want the %d defaults", len(fs), len(feeds.Defaults()))
	}

	isolate(t)
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/f", "application/rss+xml", feedtest.Spec{Title: "Eigen", Site: "https://eigen.nl/", Items: 1}.Render())
	kolom(t, "add", srv.URL("/f"))
	r = kolom(t, "feeds", "--json")
	fs = nil
	json.Unmarshal([]byte(r.stdout), &fs)
	if len(fs) != 1 || fs[0]["title"] != "Eigen" {
		t.Errorf("library created by add: %v", fs)
	}
}

func TestCLIReadPipedIsMarkdownAndMarksRead(t *testing.T) {
	isolate(t)
	page, err := os.ReadFile("article/testdata/article-comments-related.html")
	if err != nil {
		t.Fatal(err)
	}
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/column/merkbelofte/", "text/html", string(page))
	srv.Set("/feed/", "application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>CustomerTalk</title><link>https://www.customertalk.nl/</link>
<item><title>Zo maak je van klantcontact een merkbelofte</title><link>`+srv.URL("/column/merkbelofte/")+`</link><guid>ct-1</guid>
<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Peter Bakker</dc:creator><pubDate>Mon, 23 Nov 2026 09:00:00 +0100</pubDate>
<description><![CDATA[Elke organisatie zegt klantgericht te zijn. Toch merkt de klant daar weinig van. [&#8230;]]]></description></item></channel></rss>`)
	if r := kolom(t, "add", srv.URL("/feed/")); r.code != 0 {
		t.Fatalf("add: %+v", r)
	}
	r := kolom(t, "articles", "--json")
	var as []map[string]any
	json.Unmarshal([]byte(r.stdout), &as)
	if len(as) != 1 || as[0]["read"] != false {
		t.Fatalf("articles: %+v", r)
	}
	id := fmt.Sprint(as[0]["id"])

	r = kolom(t, "read", id)
	if r.code != 0 {
		t.Fatalf("read: %+v", r)
	}
	for _, want := range []string{"# Zo maak je van klantcontact een merkbelofte", "*Peter Bakker · CustomerTalk · 23 November 2026 · 1 min read*",
		"<" + srv.URL("/column/merkbelofte/") + ">", "## Drie vragen voor maandagochtend", "Dus: haal je klantenservice aan tafel"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("read output lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, cruft := range []string{"\x1b[", "Geef een reactie", "Lees ook", "toestemming"} {
		if strings.Contains(r.stdout, cruft) {
			t.Errorf("read output has %q", cruft)
		}
	}
	r = kolom(t, "articles", "--json")
	json.Unmarshal([]byte(r.stdout), &as)
	if as[0]["read"] != true {
		t.Errorf("read did not mark the article read")
	}
	lib, err := (&globals{}).open(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	if on, err := lib.ToggleBookmark(context.Background(), int64(as[0]["id"].(float64))); err != nil || !on {
		t.Fatalf("bookmark: %v", err)
	}
	lib.Close()
	r = kolom(t, "articles", "--bookmarked", "--json")
	as = nil
	json.Unmarshal([]byte(r.stdout), &as)
	if len(as) != 1 || as[0]["bookmarked"] != true {
		t.Errorf("articles --bookmarked: %s", r.stdout)
	}

	if r := kolom(t, "read", "999"); r.code != 1 || !strings.Contains(r.stderr, "article 999") {
		t.Errorf("missing article: %+v", r)
	}
	if r := kolom(t, "read", "abc"); r.code != 2 {
		t.Errorf("bad id: %+v", r)
	}
	if r := kolom(t, "read", id, "--style", "paars"); r.code != 2 {
		t.Errorf("bad style: %+v", r)
	}
}

// allowedEscape is what glamour itself emits: SGR styling and OSC 8 links.
var allowedEscape = regexp.MustCompile(`\x1b\[[0-9;:]*m|\x1b\]8;[^\x1b\x07]*(\x1b\\|\x07)`)

func TestHostileFeedTextNeverReachesTheTerminal(t *testing.T) {
	isolate(t)
	body := strings.Repeat("Gewone woorden in een column. ", 60)
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/rss", "application/rss+xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>RSS \x1b]0;pwn\x07</title><link>https://x.nl/</link>"+
		"<item><title>Raw \x1b[2J titel</title><link>https://x.nl/r</link><guid>r</guid><author>a@x.nl (Jan \x1b[5m)</author>"+
		"<description><![CDATA[<p>"+body+" \x1b]52;c;ZWNobw==\x07 einde</p>]]></description></item></channel></rss>")
	srv.Set("/atom", "application/atom+xml", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom &#x1b;]0;pwn&#7;</title>
<entry><title type="html">Atom &amp;#27;[2J titel &#8211; deel 2</title><id>a</id><link href="https://x.nl/a"/><author><name>Els &#155;31m</name></author>
<content type="html">&lt;p&gt;`+body+` &amp;#x1b;[31m rood &amp;#155; &#x202e;om&lt;/p&gt;</content></entry></feed>`)
	srv.Set("/json", "application/feed+json", `{"version":"https://jsonfeed.org/version/1.1","title":"JSON \u001b[2J","items":[{"id":"j","url":"https://x.nl/j",`+
		`"title":"JSON \u001b]0;pwn\u0007 titel","content_html":"<p>`+body+` \u001b[31m</p>","authors":[{"name":"Piet \u001b[1m"}]}]}`)
	for _, p := range []string{"/rss", "/atom", "/json"} {
		if r := kolom(t, "add", srv.URL(p)); r.code != 0 {
			t.Fatalf("add %s: %+v", p, r)
		}
	}
	lib, err := (&globals{}).open(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	list, _ := lib.Articles(context.Background(), library.ArticleQuery{})
	if len(list) != 3 {
		t.Fatalf("%d articles", len(list))
	}
	r := render.New(4)
	for _, meta := range list {
		a, err := lib.Article(context.Background(), meta.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, out := range []string{a.Document(), must(r.Render(a.ID, a.Document(), 80, render.StyleDark)), must(r.Render(a.ID, a.Document(), 80, render.StyleNoTTY))} {
			rest := allowedEscape.ReplaceAllString(out, "")
			for _, c := range rest {
				if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 && c <= 0x9f || c >= 0x202a && c <= 0x202e {
					t.Fatalf("%s: %U reached the terminal:\n%q", meta.FeedTitle, c, out)
				}
			}
			for _, ref := range []string{"&#27;", "&#x1b;", "&#155;", "&#7;"} {
				if strings.Contains(rest, ref) {
					t.Errorf("%s: %s reached the terminal", meta.FeedTitle, ref)
				}
			}
		}
		if !strings.Contains(a.Document(), "titel") || !strings.Contains(a.Markdown, "Gewone woorden") {
			t.Errorf("text lost: %q", a.Document())
		}
	}
	if r := kolom(t, "feeds"); strings.ContainsRune(r.stdout, 0x1b) {
		t.Errorf("feeds list carries ESC: %q", r.stdout)
	}
	if r := kolom(t, "articles"); strings.ContainsRune(r.stdout, 0x1b) {
		t.Errorf("articles list carries ESC: %q", r.stdout)
	}
}

func must(s string, err error) string {
	if err != nil {
		panic(err)
	}
	return s
}

func TestCLIBookmarksAndSearch(t *testing.T) {
	isolate(t)
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/mf", "application/rss+xml", `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Marketingfacts</title><link>https://www.marketingfacts.nl/</link>
<item><title>Het project werd geïnitieerd door de klantenservice</title><link>https://mf.nl/1</link><guid>1</guid><dc:creator>Annemiek de Vries</dc:creator><pubDate>Mon, 02 Nov 2026 09:00:00 +0000</pubDate>
<description><![CDATA[<p>`+strings.Repeat("Een verhaal over de customer journey in een café. ", 30)+`</p>]]></description></item>
<item><title>Loyaliteit in de retail</title><link>https://mf.nl/2</link><guid>2</guid><pubDate>Tue, 03 Nov 2026 09:00:00 +0000</pubDate>
<description><![CDATA[<p>`+strings.Repeat("Klanten blijven als de service klopt. ", 30)+`</p>]]></description></item></channel></rss>`)
	if r := kolom(t, "add", srv.URL("/mf")); r.code != 0 {
		t.Fatalf("add: %+v", r)
	}
	r := kolom(t, "search", "geinitieerd", "--json")
	var hits []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &hits); err != nil || len(hits) != 1 || !strings.Contains(hits[0]["snippet"].(string), "[geïnitieerd]") {
		t.Fatalf("search: %+v", r)
	}
	id := fmt.Sprint(hits[0]["id"])

	r = kolom(t, "bookmark", id, "--note", "Voor het deck van vrijdag", "--tag", "deck", "--tag", "#Klantreis")
	if r.code != 0 || !strings.Contains(r.stdout, "[deck, klantreis]") {
		t.Fatalf("bookmark: %+v", r)
	}
	kolom(t, "bookmark", "2", "--tag", "retail")
	r = kolom(t, "bookmarks", "--json")
	var bs []map[string]any
	json.Unmarshal([]byte(r.stdout), &bs)
	if len(bs) != 2 {
		t.Fatalf("bookmarks: %+v", r)
	}
	for _, key := range []string{"id", "article_id", "title", "url", "author", "feed_title", "note", "tags", "bookmarked"} {
		if _, ok := bs[0][key]; !ok {
			t.Errorf("bookmarks --json lacks %q", key)
		}
	}
	r = kolom(t, "bookmarks", "--tag", "deck", "--markdown")
	for _, want := range []string{"# Reading list", "## [Het project werd geïnitieerd door de klantenservice](<https://mf.nl/1>)",
		"*Annemiek de Vries · Marketingfacts · 2 November 2026* · `deck` `klantreis`", "> Voor het deck van vrijdag",
		"Een verhaal over de customer journey in een café."} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("reading list lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "Loyaliteit") {
		t.Errorf("tag filter let another bookmark through")
	}
	if r := kolom(t, "bookmarks", "--since", "1h", "--json"); !strings.Contains(r.stdout, "deck") {
		t.Errorf("--since 1h: %+v", r)
	}
	if r := kolom(t, "bookmarks", "--since", "gisteren"); r.code != 2 {
		t.Errorf("bad --since: %+v", r)
	}

	// Unsubscribing keeps both bookmarks readable and findable.
	if r := kolom(t, "remove", "Marketingfacts"); r.code != 0 {
		t.Fatal(r)
	}
	if r := kolom(t, "read", id); r.code != 0 || !strings.Contains(r.stdout, "customer journey") {
		t.Errorf("read after unsubscribe: %+v", r)
	}
	if r := kolom(t, "search", "tag:deck", "cafe"); r.code != 0 || !strings.Contains(r.stdout, "geïnitieerd") {
		t.Errorf("search after unsubscribe: %+v", r)
	}
	if r := kolom(t, "search", `"customer journey`); r.code != 2 || !strings.Contains(r.stderr, "unbalanced quote") {
		t.Errorf("malformed query: %+v", r)
	}
	if r := kolom(t, "unbookmark", id); r.code != 0 {
		t.Errorf("unbookmark: %+v", r)
	}
	if r := kolom(t, "unbookmark", id); r.code != 1 || !strings.Contains(r.stderr, "not bookmarked") {
		t.Errorf("second unbookmark: %+v", r)
	}
}

func TestMain(m *testing.M) {
	// The crash and concurrency tests run this binary as kolom itself, or as
	// a reader that marks and bookmarks articles.
	if os.Getenv("KOLOM_TEST_AS_KOLOM") == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	if h := os.Getenv("KOLOM_TEST_HAMMER"); h != "" {
		stop, part, _ := strings.Cut(h, ",")
		os.Exit(hammer(stop, part == "1"))
	}
	os.Exit(m.Run())
}

// hammer is a reader at work: it marks articles read and unread and
// bookmarks them with a note and tags, as fast as it can, until the file
// stop exists (or 5,000 writes). Each of two readers keeps to its own half of
// the articles (odd ids or even), so neither removes the other's bookmark
// under it. It prints every error and exits 1 if any.
func hammer(stop string, odd bool) int {
	ctx := context.Background()
	lib, err := (&globals{}).open(ctx, false)
	if err != nil {
		fmt.Println(err)
		return 1
	}
	defer lib.Close()
	all, err := lib.Articles(ctx, library.ArticleQuery{})
	var list []library.Entry
	for _, a := range all {
		if a.ID%2 == 1 == odd {
			list = append(list, a)
		}
	}
	if err != nil || len(list) == 0 {
		fmt.Println("no articles:", err)
		return 1
	}
	rng := rand.New(rand.NewPCG(uint64(os.Getpid()), 2))
	failed, slowest := 0, time.Duration(0)
	note := "bewaren voor de nieuwsbrief"
	i := 0
	for ; i < 5000; i++ {
		if _, err := os.Stat(stop); err == nil {
			break
		}
		id := list[rng.IntN(len(list))].ID
		began := time.Now()
		switch i % 3 {
		case 0:
			err = lib.MarkRead(ctx, id, rng.IntN(2) == 0)
		case 1:
			_, err = lib.Bookmark(ctx, id, &note, []string{"deck"})
		case 2:
			if _, berr := lib.BookmarkOf(ctx, id); berr == nil {
				err = lib.Unbookmark(ctx, id)
			}
		}
		if err != nil {
			fmt.Println(err)
			failed++
		}
		slowest = max(slowest, time.Since(began))
	}
	fmt.Printf("%d writes, %d failed, slowest %v\n", i, failed, slowest.Round(time.Millisecond))
	return min(failed, 1)
}

func TestBookmarksSurviveAKilledRefresh(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	isolate(t)
	srv := feedtest.NewServer()
	defer srv.Close()
	var urls []string
	for i := range 30 {
		p := fmt.Sprintf("/feed/%d", i)
		srv.Set(p, "application/rss+xml", feedtest.Spec{Title: fmt.Sprintf("Column %d", i), Site: "https://x.nl/", Items: 60, Words: 400, Seed: uint64(i)}.Render())
		urls = append(urls, srv.URL(p))
	}
	if r := kolom(t, "add", urls[0]); r.code != 0 {
		t.Fatal(r)
	}
	for _, id := range []string{"1", "2"} {
		if r := kolom(t, "bookmark", id, "--note", "bewaren", "--tag", "deck"); r.code != 0 {
			t.Fatal(r)
		}
	}
	var opml strings.Builder
	opml.WriteString(`<opml version="2.0"><body>`)
	for _, u := range urls[1:] {
		fmt.Fprintf(&opml, `<outline text="c" xmlUrl="%s"/>`, u)
	}
	opml.WriteString(`</body></opml>`)
	file := writeFile(t, filepath.Join(t.TempDir(), "more.opml"), opml.String())
	if r := kolom(t, "import", file); r.code != 0 {
		t.Fatal(r)
	}

	// Random moments, logged so a failure can be replayed.
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	for round := range 4 {
		after := time.Duration(20+rng.IntN(300)) * time.Millisecond
		cmd := exec.Command(os.Args[0], "refresh")
		cmd.Env = append(os.Environ(), "KOLOM_TEST_AS_KOLOM=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		lib, err := (&globals{}).open(context.Background(), false)
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		var check string
		librarytest.DB(lib).QueryRow(`PRAGMA integrity_check`).Scan(&check)
		bs, err := lib.Bookmarks(context.Background(), library.BookmarkQuery{Tag: "deck"})
		var stored int
		librarytest.DB(lib).QueryRow(`SELECT count(*) FROM articles`).Scan(&stored)
		t.Logf("round %d: killed after %v with %d articles stored", round, after, stored)
		// Forget what was fetched, so the next round writes again.
		librarytest.DB(lib).Exec(`UPDATE feeds SET etag = '', last_modified = ''`)
		librarytest.DB(lib).Exec(`DELETE FROM articles WHERE feed_id > 1`)
		lib.Close()
		if check != "ok" {
			t.Fatalf("round %d: integrity_check: %s", round, check)
		}
		if err != nil || len(bs) != 2 || bs[0].Note != "bewaren" || bs[0].Markdown == "" {
			t.Fatalf("round %d: bookmarks after kill: %+v %v", round, bs, err)
		}
	}
	if r := kolom(t, "refresh"); r.code != 0 || !strings.Contains(r.stdout, "30 feeds") {
		t.Errorf("refresh after the kills: %+v", r)
	}
}

func TestConcurrentProcessesNeverSeeALockedDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	isolate(t)
	srv := feedtest.NewServer()
	defer srv.Close()
	var opml strings.Builder
	opml.WriteString(`<opml version="2.0"><body>`)
	for i := range 20 {
		p := fmt.Sprintf("/feed/%d", i)
		srv.Set(p, "application/rss+xml", feedtest.Spec{Title: fmt.Sprintf("Column %d", i), Site: "https://x.nl/", Items: 80, Words: 300, Seed: uint64(i)}.Render())
		fmt.Fprintf(&opml, `<outline text="c%d" xmlUrl="%s"/>`, i, srv.URL(p))
	}
	opml.WriteString(`</body></opml>`)
	if r := kolom(t, "import", writeFile(t, filepath.Join(t.TempDir(), "f.opml"), opml.String())); r.code != 0 {
		t.Fatal(r)
	}
	child := func(args ...string) *exec.Cmd {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "KOLOM_TEST_AS_KOLOM=1")
		return cmd
	}
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for _, args := range [][]string{{"refresh"}, {"refresh"}, {"feeds"}, {"articles", "--limit", "0"}, {"refresh"}} {
		c := child(args...)
		var b bytes.Buffer
		c.Stdout, c.Stderr = &b, &b
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, c), append(outs, &b)
	}
	for i, c := range cmds {
		err := c.Wait()
		if err != nil || strings.Contains(outs[i].String(), "locked") {
			t.Errorf("%v: %v\n%s", c.Args[1:], err, outs[i].String())
		}
	}
	if r := kolom(t, "feeds", "--json"); !strings.Contains(r.stdout, `"total": 80`) {
		t.Errorf("feeds after concurrent refreshes: %s", r.stdout[:min(300, len(r.stdout))])
	}
}

// A refresh from cron while the reader marks and bookmarks: several
// processes write to one library at once, with a CPU hog beside them, and
// none may ever see "database is locked".
func TestConcurrentWritersNeverSeeALockedDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := isolate(t)
	// Every request gets a newer edition, so every refresh writes.
	var edition atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := edition.Add(1)
		var i uint64
		fmt.Sscanf(r.URL.Path, "/feed/%d", &i)
		io.WriteString(w, feedtest.Spec{Title: fmt.Sprintf("Column %d", i), Site: "https://x.nl/", Items: 40, Words: 150, Seed: i,
			Base: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Hour)}.Render())
	}))
	defer srv.Close()
	var opml strings.Builder
	opml.WriteString(`<opml version="2.0"><body>`)
	for i := range 12 {
		fmt.Fprintf(&opml, `<outline text="c%d" xmlUrl="%s/feed/%d"/>`, i, srv.URL, i)
	}
	opml.WriteString(`</body></opml>`)
	if r := kolom(t, "import", writeFile(t, filepath.Join(dir, "f.opml"), opml.String())); r.code != 0 {
		t.Fatal(r)
	}
	if r := kolom(t, "refresh"); r.code != 0 {
		t.Fatal(r)
	}

	var hog atomic.Bool
	go func() {
		for !hog.Load() {
		}
	}()
	defer hog.Store(true)

	stop := filepath.Join(dir, "stop")
	type proc struct {
		cmd *exec.Cmd
		out *bytes.Buffer
	}
	startChild := func(env string, args ...string) proc {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), env)
		var b bytes.Buffer
		cmd.Stdout, cmd.Stderr = &b, &b
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return proc{cmd, &b}
	}
	check := func(p proc) {
		t.Helper()
		err := p.cmd.Wait()
		if err != nil || strings.Contains(p.out.String(), "locked") {
			t.Errorf("%v: %v\n%s", p.cmd.Args[1:], err, p.out.String())
		}
	}
	hammers := []proc{startChild("KOLOM_TEST_HAMMER=" + stop + ",0"), startChild("KOLOM_TEST_HAMMER=" + stop + ",1")}
	// Two refreshers, two rounds each: the bound on the test's work.
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 2 {
				check(startChild("KOLOM_TEST_AS_KOLOM=1", "refresh"))
			}
		}()
	}
	wg.Wait()
	writeFile(t, stop, "")
	for _, h := range hammers {
		check(h)
		t.Logf("reader: %s", strings.TrimSpace(h.out.String()))
	}
	if r := kolom(t, "feeds", "--json"); r.code != 0 || strings.Contains(r.stdout, "locked") {
		t.Errorf("feeds after the concurrent writers: %+v", r)
	}
}

// While the reader is open and bookmarks change, `kolom backup` gives a
// consistent single file with every bookmark, and kolom.db itself holds the
// bookmarks too (not only its write-ahead log).
func TestBackupWhileTheReaderRuns(t *testing.T) {
	dir := isolate(t)
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/mf", "application/rss+xml", feedtest.Spec{Title: "Marketingfacts", Site: "https://www.marketingfacts.nl/", Items: 10, Words: 300, Seed: 3}.Render())
	if r := kolom(t, "add", srv.URL("/mf")); r.code != 0 {
		t.Fatal(r)
	}
	reader, err := (&globals{}).open(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	note := "voor de nieuwsbrief"
	for id := int64(1); id <= 6; id++ {
		if _, err := reader.Bookmark(context.Background(), id, &note, []string{"deck"}); err != nil {
			t.Fatal(err)
		}
	}
	backup := filepath.Join(dir, "backups", "kolom-backup.db")
	os.MkdirAll(filepath.Dir(backup), 0o755)
	r := kolom(t, "backup", backup)
	if r.code != 0 || !strings.Contains(r.stdout, "1 feed, 10 articles and 6 bookmarks") {
		t.Fatalf("backup: %+v", r)
	}
	// Again: an existing backup is replaced.
	if r := kolom(t, "backup", backup); r.code != 0 {
		t.Fatalf("second backup: %+v", r)
	}
	db := filepath.Join(dir, "xdg_data_home", "kolom", "kolom.db")
	plain := filepath.Join(dir, "copied.db")
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, plain, string(data))
	for _, p := range []string{backup, plain} {
		db, closeDB, err := librarytest.OpenFile(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var n int
		db.QueryRow(`SELECT count(*) FROM bookmarks WHERE note = ?`, note).Scan(&n)
		var check string
		db.QueryRow(`PRAGMA integrity_check`).Scan(&check)
		closeDB()
		if n != 6 || check != "ok" {
			t.Errorf("%s: %d bookmarks with their note, integrity %q", filepath.Base(p), n, check)
		}
	}
	if r := kolom(t, "backup", db); r.code != 1 || !strings.Contains(r.stderr, "the library itself") {
		t.Errorf("backup onto the library: %+v", r)
	}
}

// Titles with markup reach the reading list as their text: no tag, no
// javascript: link, whatever the feed put in them.
func TestCLIReadingListOfHTMLTitles(t *testing.T) {
	isolate(t)
	srv := feedtest.NewServer()
	defer srv.Close()
	body := strings.Repeat("Een column over klantbeleving en wachttijden. ", 20)
	srv.Set("/atom", "application/atom+xml", `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Klant&lt;b&gt;Talk&lt;/b&gt;</title><id>urn:kt</id><updated>2026-11-20T07:00:00Z</updated>
<entry><title type="html">&lt;a href="javascript:alert(1)"&gt;Waarom&lt;/a&gt; &lt;b&gt;NPS&lt;/b&gt; niet genoeg is&lt;script&gt;alert(2)&lt;/script&gt;</title><id>urn:kt:1</id><link href="https://www.customertalk.nl/nps"/><updated>2026-11-20T07:00:00Z</updated><content type="html">&lt;p&gt;`+body+`&lt;/p&gt;</content></entry>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">De <em>chatbot</em> als collega</div></title><id>urn:kt:2</id><link href="https://www.customertalk.nl/bot"/><updated>2026-11-21T07:00:00Z</updated><content type="html">&lt;p&gt;`+body+`&lt;/p&gt;</content></entry>
<entry><title type="text">Werkt &lt;b&gt; nog in 2026?</title><id>urn:kt:3</id><link href="https://www.customertalk.nl/b"/><updated>2026-11-22T07:00:00Z</updated><content type="html">&lt;p&gt;`+body+`&lt;/p&gt;</content></entry>
</feed>`)
	if r := kolom(t, "add", srv.URL("/atom")); r.code != 0 {
		t.Fatalf("add: %+v", r)
	}
	for _, id := range []string{"1", "2", "3"} {
		if r := kolom(t, "bookmark", id); r.code != 0 {
			t.Fatalf("bookmark %s: %+v", id, r)
		}
	}
	r := kolom(t, "bookmarks", "--markdown")
	for _, want := range []string{"## [Waarom NPS niet genoeg is](<https://www.customertalk.nl/nps>)",
		"## [De chatbot als collega](<https://www.customertalk.nl/bot>)", `## [Werkt \<b\> nog in 2026?](<https://www.customertalk.nl/b>)`, "KlantTalk"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("reading list lacks %q:\n%s", want, r.stdout)
		}
	}
	if regexp.MustCompile(`(^|[^\\(])<[a-zA-Z/!]`).MatchString(r.stdout) || strings.Contains(r.stdout, "javascript:") || strings.Contains(r.stdout, "alert") {
		t.Errorf("markup reached the reading list:\n%s", r.stdout)
	}
}

func TestCLIServerWithoutOne(t *testing.T) {
	isolate(t)
	if r := kolom(t, "server", "show"); r.code != 0 || !strings.Contains(r.stdout, "No feed server") {
		t.Errorf("show: %+v", r)
	}
	if r := kolom(t, "server", "add", "https://rss.example.nl"); r.code != 2 || !strings.Contains(r.stderr, "--user") {
		t.Errorf("add without a user: %+v", r)
	}
	if r := kolom(t, "server", "add", "https://rss.example.nl", "--user", "anne", "--api", "fever"); r.code != 2 {
		t.Errorf("unknown API: %+v", r)
	}
	if r := kolom(t, "sync"); r.code != 1 || !strings.Contains(r.stderr, "kolom server add") {
		t.Errorf("sync without a server: %+v", r)
	}
}

// With a Dutch locale every verb speaks Dutch: help, output with its plural
// forms, dates, and the errors of a bad address, a bad id, a bad command and
// a bad config; language = "en" in the config speaks English again.
func TestDutchCommandLine(t *testing.T) {
	dir := isolate(t)
	t.Setenv("LANG", "nl_NL.UTF-8")
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/mf", "application/rss+xml", feedtest.Spec{Title: "Marketingfacts", Site: "https://www.marketingfacts.nl/", Items: 1, Words: 100, Seed: 1}.Render())

	r := kolom(t, "--help")
	for _, want := range []string{"GEBRUIK", "OPDRACHTEN", "OPTIES", "Abonneer je op een feed", "Hulp bij kolom", "search ZOEKVRAAG"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "Subscribe to") || strings.Contains(r.stdout, "USAGE") {
		t.Errorf("English in the help:\n%s", r.stdout)
	}
	r = kolom(t, "add", srv.URL("/mf"))
	if r.code != 0 || !strings.Contains(r.stdout, `Geabonneerd op "Marketingfacts" (id 1): 1 artikel.`) {
		t.Errorf("add: %+v", r)
	}
	r = kolom(t, "refresh")
	if !strings.Contains(r.stdout, "1 feed: 1 niet gewijzigd; 0 nieuwe artikelen.") {
		t.Errorf("refresh: %+v", r)
	}
	r = kolom(t, "read", "1", "--markdown")
	if !strings.Contains(r.stdout, "min lezen") || !regexp.MustCompile(`\d+ (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}`).MatchString(r.stdout) {
		t.Errorf("read: %+v", r)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"read", "999"}, "geen artikel 999; `kolom articles` geeft de lijst"},
		{[]string{"frobnicate"}, "onbekende opdracht"},
		{[]string{"read"}, "verwacht 1 argument(en), kreeg er 0"},
		{[]string{"add", "http://127.0.0.1:1/feed"}, "geen verbinding"},
		{[]string{"add", "ftp://x.nl/feed"}, "alleen http- en https-feeds"},
	} {
		if r := kolom(t, c.args...); r.code == 0 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: %+v", c.args, r)
		}
	}
	cfg := writeFile(t, filepath.Join(dir, "fr.toml"), `language = "fr"`+"\n")
	if r := kolom(t, "--config", cfg, "feeds"); r.code == 0 || !strings.Contains(r.stderr, `language = "fr" op regel 1: kies uit auto, nl, en`) {
		t.Errorf("language fr: %+v", r)
	}
	cfg = writeFile(t, filepath.Join(dir, "en.toml"), `language = "en"`+"\n")
	if r := kolom(t, "--config", cfg, "feeds"); !strings.Contains(r.stdout, "UNREAD") {
		t.Errorf("language en: %+v", r)
	}
}

// `kolom read` on a terminal draws an article's pictures above their
// captions as the reader does; one that cannot be had keeps its caption.
func TestReadDrawsPictures(t *testing.T) {
	isolate(t)
	for _, v := range []string{"TMUX", "KITTY_WINDOW_ID", "TERM_PROGRAM"} {
		t.Setenv(v, "")
	}
	t.Setenv("TERM", "xterm-256color")
	doc := "# Budgetten\n\nTekst.\n\n![Grafiek](https://x.test/grafiek.png)\n\n![Weg](https://x.test/weg.png)\n\nMeer tekst.\n"
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	cfg := config.Default()
	cfg.Images = "blocks"
	var out bytes.Buffer
	err := renderTo(&out, 1, doc, "dark", 60, cfg, func(links []string) map[string]image.Image {
		return map[string]image.Image{"https://x.test/grafiek.png": img}
	})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(ansi.Strip(out.String()), "\n")
	for i, l := range lines {
		if strings.Contains(l, "x.test/grafiek.png") && (i == 0 || !strings.Contains(lines[i-1], "▀")) {
			t.Errorf("no picture above the caption:\n%s", out.String())
		}
		if strings.Contains(l, "x.test/weg.png") && strings.Contains(lines[i-1], "▀") {
			t.Errorf("a picture for the one that could not be had")
		}
	}
	// Sixel and iTerm2 pictures are drawn where the text is, above the caption.
	for mode, begins := range map[string]string{"sixel": "\x1bP0;1q", "iterm2": "\x1b]1337;File="} {
		cfg.Images = mode
		out.Reset()
		if err := renderTo(&out, 1, doc, "dark", 60, cfg, func(links []string) map[string]image.Image {
			return map[string]image.Image{"https://x.test/grafiek.png": img}
		}); err != nil {
			t.Fatal(err)
		}
		s := out.String()
		at, caption := strings.Index(s, begins), strings.Index(s, "x.test/grafiek.png")
		if at < 0 || at > caption || strings.Count(s, begins) != 1 {
			t.Errorf("%s: no picture above the caption: %q", mode, s)
			continue
		}
		if mode == "sixel" {
			end := strings.Index(s[at:], "\x1b\\")
			back, err := (&sixel.Decoder{}).Decode(strings.NewReader(s[at+len(begins) : at+end]))
			if err != nil || back.Bounds().Dx() != 40 || back.Bounds().Dy() != 20 {
				t.Errorf("sixel: decodes to %v (%v), want the 40 × 20 picture in 10 × 20 cells", back.Bounds(), err)
			}
		}
	}
	cfg.Images = "off"
	out.Reset()
	renderTo(&out, 1, doc, "dark", 60, cfg, func([]string) map[string]image.Image { t.Error("fetched with images off"); return nil })
	if strings.Contains(out.String(), "▀") {
		t.Error("drawn with images off")
	}
}
