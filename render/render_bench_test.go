package render

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
		if _, err := New(1).Render(1, md, 98, StyleDark); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderCached is going back to an article at the same width.
func BenchmarkRenderCached(b *testing.B) {
	md := markdown2000(b)
	r := New(8)
	r.Render(1, md, 98, StyleDark)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(1, md, 98, StyleDark); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLongList is an article of n links (a newsletter archive, a link
// dump): "head" is what the reader shows first, "whole" the full render.
// Glamour alone grew with the square of n (10,000 links: seconds).
func BenchmarkLongList(b *testing.B) {
	for _, n := range []int{2500, 5000, 10000} {
		var sb strings.Builder
		sb.WriteString("# Alle links van het jaar\n\n")
		for i := range n {
			fmt.Fprintf(&sb, "- [Artikel %d over marketing](https://x.nl/artikel/%d)\n", i, i)
		}
		md := sb.String()
		b.Run(fmt.Sprintf("head/%d", n), func(b *testing.B) {
			r := New(1)
			for b.Loop() {
				if _, _, err := r.RenderHead(1, md, 100, StyleDark); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("whole/%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := New(1).Render(1, md, 100, StyleDark); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
