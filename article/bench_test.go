package article

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/kolom/kolom/internal/feedtest"
)

// column2000 is a 2,000-word column as feed HTML: paragraphs, headings,
// a list, links and an image.
func column2000() string {
	var b strings.Builder
	for i := range 25 {
		if i%5 == 0 {
			fmt.Fprintf(&b, "<h2>%s</h2>\n", feedtest.Words(uint64(i), 4))
		}
		fmt.Fprintf(&b, "<p>%s <a href=\"/berichten/%d?utm_source=rss\">%s</a> %s.</p>\n",
			feedtest.Words(uint64(i)*3, 40), i, feedtest.Words(uint64(i)*5, 3), feedtest.Words(uint64(i)*7, 37))
		if i == 10 {
			b.WriteString(`<ul><li>Eerste punt</li><li>Tweede punt</li></ul><img data-src="/img/a.jpg" alt="Grafiek">`)
		}
	}
	return b.String()
}

// page150K is an article page of about 150 KB with the usual site around it.
func page150K(b *testing.B) []byte {
	fixture, err := os.ReadFile("testdata/wordpress-disqus.html")
	if err != nil {
		b.Fatal(err)
	}
	page := strings.Replace(string(fixture), `<div class="entry-content">`, `<div class="entry-content">`+column2000(), 1)
	var comments strings.Builder
	for i := 0; len(page)+comments.Len() < 150<<10; i++ {
		fmt.Fprintf(&comments, `<li class="comment"><p class="comment-author">Lezer %d</p><p>%s</p></li>`, i, feedtest.Words(uint64(i), 30))
	}
	return []byte(strings.Replace(page, `<div id="disqus_thread"></div>`,
		`<section id="comments"><ol class="comment-list">`+comments.String()+`</ol></section>`, 1))
}

func BenchmarkToMarkdown2000Words(b *testing.B) {
	in := column2000()
	if n := WordCount(must(FromHTML(in, "https://x.nl/"))); n < 1900 || n > 2100 {
		b.Fatalf("fixture has %d words", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FromHTML(in, "https://www.marketingfacts.nl/berichten/x"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExtract150KB(b *testing.B) {
	page := page150K(b)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Extract(page, "https://www.marketingfacts.nl/berichten/x"); err != nil {
			b.Fatal(err)
		}
	}
}

func must(s string, err error) string {
	if err != nil {
		panic(err)
	}
	return s
}
