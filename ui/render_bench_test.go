package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/internal/feedtest"
)

func markdown2000(b *testing.B) string {
	var s strings.Builder
	for i := range 25 {
		if i%5 == 0 {
			fmt.Fprintf(&s, "## %s\n\n", feedtest.Words(uint64(i), 4))
		}
		fmt.Fprintf(&s, "%s [%s](https://x.nl/%d) %s.\n\n", feedtest.Words(uint64(i)*3, 40), feedtest.Words(uint64(i), 3), i, feedtest.Words(uint64(i)*7, 37))
	}
	md := s.String()
	if n := article.WordCount(md); n < 1900 {
		b.Fatalf("%d words", n)
	}
	return md
}

// BenchmarkRenderFirst is opening an article: nothing cached, not even the
// glamour renderer for this width.
func BenchmarkRenderFirst(b *testing.B) {
	md := markdown2000(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewRenderer(1).Render(1, md, 98, StyleDark); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderCached is going back to an article at the same width.
func BenchmarkRenderCached(b *testing.B) {
	md := markdown2000(b)
	r := NewRenderer(8)
	r.Render(1, md, 98, StyleDark)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(1, md, 98, StyleDark); err != nil {
			b.Fatal(err)
		}
	}
}
