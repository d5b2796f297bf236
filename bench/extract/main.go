// Command extract scores kolom's full text on real pages: trafilatura's
// evaluation set (snippets that must and must not appear, scored as
// trafilatura scores them) and Mozilla Readability's test pages (word
// recall and precision against expected.html), beside stock go-readability
// on the same bytes.
//
//	go run ./bench/extract ../shared/corpus/trafilatura-dev.tar.xz ../shared/corpus/readability-pages.tar.xz
//
// kolom's side is its real path: each page is served over loopback as the
// page an excerpt-only feed item links to, and read with FetchFullText.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/library"
)

func main() {
	verbose := flag.Bool("v", false, "print each page's score")
	flag.BoolVar(&showMisses, "misses", false, "print the snippets kolom missed and the boilerplate it kept")
	flag.StringVar(&dumpDir, "dump", "", "write kolom's Markdown of each trafilatura page into this directory")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: extract [-v] CORPUS.tar.xz|DIR ...")
		os.Exit(2)
	}
	code := 0
	defer func() { os.Exit(code) }()
	for _, c := range flag.Args() {
		dir, err := unpack(c)
		if err != nil {
			fmt.Fprintln(os.Stderr, "extract:", err)
			code = 1
			return
		}
		if dir != c {
			defer os.RemoveAll(dir) // what unpack made
		}
		found := false
		if exists(filepath.Join(dir, "evaldata.json")) {
			found, err = true, trafilatura(dir, *verbose)
		}
		if err == nil && exists(filepath.Join(dir, "test-pages")) {
			found, err = true, mozilla(filepath.Join(dir, "test-pages"), *verbose)
		}
		if err == nil && !found {
			err = fmt.Errorf("%s: neither evaldata.json nor test-pages/ inside", c)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "extract:", err)
			code = 1
			return
		}
	}
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// unpack returns a directory with the corpus: a tar.xz is unpacked with tar.
func unpack(path string) (string, error) {
	if st, err := os.Stat(path); err != nil {
		return "", err
	} else if st.IsDir() {
		return path, nil
	}
	dir, err := os.MkdirTemp("", "kolom-corpus-")
	if err != nil {
		return "", err
	}
	if out, err := exec.Command("tar", "-xJf", path, "-C", dir).CombinedOutput(); err != nil {
		return "", fmt.Errorf("unpack %s: %v: %s", path, err, out)
	}
	return dir, nil
}

// page is one page to read, by kolom and by stock readability.
type page struct {
	name, file string
	url        string // where the page was published (for relative links)
}

// reader reads pages both ways.
type reader struct {
	srv  *httptest.Server
	lib  *library.Library
	ids  map[string]int64 // page name → article id
	dir  string
	took []time.Duration
}

// newReader serves the pages and subscribes to a feed whose items are
// excerpts linking to them.
func newReader(pages []page) (*reader, error) {
	r := &reader{ids: map[string]int64{}}
	files := map[string]string{}
	for _, p := range pages {
		files["/p/"+p.name] = p.file
	}
	var feed bytes.Buffer
	feed.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Corpus</title><link>https://corpus.test/</link>`)
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path == "/feed" {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(feed.Bytes())
			return
		}
		f, ok := files[req.URL.Path]
		if !ok {
			http.NotFound(w, req)
			return
		}
		b, err := os.ReadFile(f)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "text/html") // the page's own meta decides the charset
		w.Write(b)
	}))
	for i, p := range pages {
		fmt.Fprintf(&feed, `<item><title>Pagina %d</title><link>%s/p/%s</link><guid>%s</guid><description>Een korte inleiding [&#8230;]</description></item>`,
			i, r.srv.URL, html.EscapeString(p.name), html.EscapeString(p.name))
	}
	feed.WriteString(`</channel></rss>`)
	dir, err := os.MkdirTemp("", "kolom-extract-")
	if err != nil {
		return nil, err
	}
	r.dir = dir
	cfg := config.Default()
	cfg.Timeout = time.Minute
	ctx := context.Background()
	r.lib, err = library.Open(ctx, library.Options{Paths: config.Paths{DB: filepath.Join(dir, "kolom.db")}, Config: cfg})
	if err != nil {
		return nil, err
	}
	if _, err := r.lib.Add(ctx, r.srv.URL+"/feed", "", ""); err != nil {
		return nil, err
	}
	entries, err := r.lib.Articles(ctx, library.ArticleQuery{})
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		r.ids[e.GUID] = e.ID
	}
	return r, nil
}

func (r *reader) close() { r.lib.Close(); r.srv.Close(); os.RemoveAll(r.dir) }

// kolom is the text a reader sees of the page: the full-text path, then
// the Markdown as plain text. "" when kolom shows no article.
func (r *reader) kolom(p page) string {
	began := time.Now()
	a, err := r.lib.FetchFullText(context.Background(), r.ids[p.name])
	r.took = append(r.took, time.Since(began))
	if err != nil || !a.FullText {
		if showMisses {
			fmt.Printf("NONE %s: %v%s\n", p.name, err, a.Notice)
		}
		return ""
	}
	if dumpDir != "" {
		os.WriteFile(filepath.Join(dumpDir, p.name+".md"), []byte(a.Markdown), 0o644)
	}
	return plain(a.Markdown)
}

// stock is go-readability as it comes, with the same conversion to text.
func stock(p page) string {
	b, err := os.ReadFile(p.file)
	if err != nil {
		return ""
	}
	u, _ := url.Parse(p.url)
	art, err := readability.FromReader(bytes.NewReader(b), u)
	if err != nil || art.Node == nil {
		return ""
	}
	var buf bytes.Buffer
	if err := art.RenderHTML(&buf); err != nil {
		return ""
	}
	md, err := article.ToMarkdown(buf.String(), p.url)
	if err != nil {
		return ""
	}
	return plain(md)
}

// The Markdown markup a reader does not see: emphasis, escapes, heading and
// list marks, link targets.
var (
	mdLink     = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	mdEmphasis = regexp.MustCompile(`\*\*|__`)
	mdEscape   = regexp.MustCompile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!|<>])")
	mdLineMark = regexp.MustCompile(`(?m)^\s*(#{1,6}\s|>\s?|[-*+]\s|\d+\.\s)`)
)

// plain is Markdown as the text a reader sees.
func plain(md string) string {
	s := mdLink.ReplaceAllString(md, "$1")
	s = mdLineMark.ReplaceAllString(s, "")
	s = mdEmphasis.ReplaceAllString(s, "")
	s = mdEscape.ReplaceAllString(s, "$1")
	return strings.NewReplacer(" | ", " ", "|", " ").Replace(s)
}

var space = regexp.MustCompile(`\s+`)

func norm(s string) string { return strings.TrimSpace(space.ReplaceAllString(s, " ")) }

var (
	showMisses bool
	dumpDir    string // where -dump writes each page's Markdown
)

// counts are trafilatura's: snippets found and not found.
type counts struct{ tp, fp, fn, tn, empty int }

func (c *counts) add(text string, with, without []string) (tp, fp int) {
	text = norm(text)
	if text == "" {
		c.empty++
	}
	for _, s := range with {
		if strings.Contains(text, norm(s)) {
			c.tp++
			tp++
		} else {
			c.fn++
		}
	}
	for _, s := range without {
		if strings.Contains(text, norm(s)) {
			c.fp++
			fp++
		} else {
			c.tn++
		}
	}
	return tp, fp
}

func (c counts) String() string {
	p := float64(c.tp) / float64(c.tp+c.fp)
	r := float64(c.tp) / float64(c.tp+c.fn)
	acc := float64(c.tp+c.tn) / float64(c.tp+c.fp+c.fn+c.tn)
	return fmt.Sprintf("P %.3f  R %.3f  F %.3f  acc %.3f  empty %d", p, r, 2*p*r/(p+r), acc, c.empty)
}

func trafilatura(dir string, verbose bool) error {
	raw, err := os.ReadFile(filepath.Join(dir, "evaldata.json"))
	if err != nil {
		return err
	}
	var eval map[string]struct {
		File    string   `json:"file"`
		With    []string `json:"with"`
		Without []string `json:"without"`
	}
	if err := json.Unmarshal(raw, &eval); err != nil {
		return err
	}
	var pages []page
	for u, e := range eval {
		f := filepath.Join(dir, "pages", e.File)
		if exists(f) {
			pages = append(pages, page{name: e.File, file: f, url: u})
		}
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].name < pages[j].name })
	r, err := newReader(pages)
	if err != nil {
		return err
	}
	defer r.close()
	var k, s counts
	lost := 0 // pages where stock finds snippets and kolom none
	for _, p := range pages {
		e := eval[p.url]
		text := r.kolom(p)
		ktp, kfp := k.add(text, e.With, e.Without)
		if showMisses {
			for _, w := range e.With {
				if !strings.Contains(norm(text), norm(w)) {
					fmt.Printf("MISS %s: %q\n", p.name, w)
				}
			}
			for _, w := range e.Without {
				if strings.Contains(norm(text), norm(w)) {
					fmt.Printf("KEPT %s: %q\n", p.name, w)
				}
			}
		}
		stp, sfp := s.add(stock(p), e.With, e.Without)
		if stp > 0 && ktp == 0 {
			lost++
		}
		if verbose && (ktp != stp || kfp != sfp) {
			fmt.Printf("%-60s kolom %d/%d +%d  stock %d/%d +%d\n", p.name, ktp, len(e.With), kfp, stp, len(e.With), sfp)
		}
	}
	fmt.Printf("trafilatura set, %d pages\n  kolom  %v  (stock finds snippets, kolom none: %d)\n  stock  %v\n  kolom median %v per page (fetch, extract, convert, store)\n",
		len(pages), k, lost, s, median(r.took))
	return nil
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

var word = regexp.MustCompile(`[\p{L}\p{N}]+`)

// overlap is how many of want's words got has, and of has's words are in want.
func overlap(got, want string) (recall, precision float64) {
	bag := func(s string) map[string]int {
		m := map[string]int{}
		for _, w := range word.FindAllString(strings.ToLower(s), -1) {
			m[w]++
		}
		return m
	}
	g, w := bag(got), bag(want)
	common, ng, nw := 0, 0, 0
	for k, n := range w {
		common += min(n, g[k])
		nw += n
	}
	for _, n := range g {
		ng += n
	}
	if nw == 0 {
		return 1, 1
	}
	if ng == 0 {
		return 0, 0
	}
	return float64(common) / float64(nw), float64(common) / float64(ng)
}

// missing is the first n words of want that got lacks, in want's order.
func missing(got, want string, n int) string {
	have := map[string]int{}
	for _, w := range word.FindAllString(strings.ToLower(got), -1) {
		have[w]++
	}
	var out []string
	for _, w := range word.FindAllString(strings.ToLower(want), -1) {
		if have[w] > 0 {
			have[w]--
		} else if len(out) < n {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

func mozilla(dir string, verbose bool) error {
	names, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var pages []page
	for _, n := range names {
		f := filepath.Join(dir, n.Name(), "source.html")
		if exists(f) {
			pages = append(pages, page{name: n.Name(), file: f, url: "http://fakehost/test/page.html"})
		}
	}
	r, err := newReader(pages)
	if err != nil {
		return err
	}
	defer r.close()
	var kr, kp, sr, sp float64
	blank, worse := 0, 0
	for _, p := range pages {
		exp, _ := os.ReadFile(filepath.Join(dir, p.name, "expected.html"))
		want := plain(mustMD(string(exp)))
		k := r.kolom(p)
		a, b := overlap(k, want)
		c, d := overlap(stock(p), want)
		kr, kp, sr, sp = kr+a, kp+b, sr+c, sp+d
		if strings.TrimSpace(k) == "" {
			blank++
		}
		if a < c-0.05 {
			worse++
		}
		if verbose && (a < c-0.05 || strings.TrimSpace(k) == "") {
			fmt.Printf("%-40s kolom R %.2f P %.2f  stock R %.2f P %.2f\n", p.name, a, b, c, d)
		}
		if showMisses && a < c-0.05 {
			fmt.Printf("MISS %s: %s\n", p.name, missing(k, want, 30))
		}
	}
	n := float64(len(pages))
	fmt.Printf("Mozilla pages, %d\n  kolom  recall %.3f  precision %.3f  blank %d  under stock by > 0.05: %d\n  stock  recall %.3f  precision %.3f\n",
		len(pages), kr/n, kp/n, blank, worse, sr/n, sp/n)
	return nil
}

func mustMD(h string) string {
	md, _ := article.ToMarkdown(h, "http://fakehost/")
	return md
}
