package render

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/glamour/v2"
	"github.com/charmbracelet/x/ansi"
)

// plainLines is rendered output as a person reads it: no styling, no
// trailing padding.
func plainLines(s string) string {
	var out []string
	for _, l := range strings.Split(ansi.Strip(s), "\n") {
		out = append(out, strings.TrimRight(l, " "))
	}
	return strings.Join(out, "\n")
}

// A long document rendered in chunks reads as glamour renders it whole.
func TestChunkedRenderingReadsTheSame(t *testing.T) {
	var b strings.Builder
	b.WriteString("# Tien lessen over de klantreis\n\nEen inleiding van een paar zinnen.\n\n")
	for i := range 250 {
		fmt.Fprintf(&b, "- [Artikel %d over marketing](https://x.nl/artikel/%d)\n", i, i)
	}
	b.WriteString("\nEen alinea na de lijst.\n\n```\n- geen lijst\n```\n\n")
	for i := range 230 {
		fmt.Fprintf(&b, "%d. Stap %d van de klantreis\n", i+1, i+1)
	}
	for i := range 120 {
		fmt.Fprintf(&b, "\nAlinea %d: %s\n", i, strings.Repeat("woorden in een column ", 12))
	}
	md := b.String()
	chunks := splitMarkdown(md)
	if len(chunks) < 5 {
		t.Fatalf("%d chunks", len(chunks))
	}
	for i, c := range chunks {
		if strings.HasPrefix(c.text, "- geen lijst") {
			t.Errorf("chunk %d cut a code block", i)
		}
	}
	r := New(2)
	for _, style := range []string{StyleNoTTY, StyleDark} {
		whole, err := newTermRendererForTest(t, style, 80).Render(md)
		if err != nil {
			t.Fatal(err)
		}
		whole = hangLists(whole, 80, documentMargin)
		got, err := r.Render(1, md, 80, style)
		if err != nil {
			t.Fatal(err)
		}
		if plainLines(got) != plainLines(whole) {
			t.Errorf("%s: chunked rendering differs from whole:\n%s", style, firstDiff(plainLines(got), plainLines(whole)))
		}
		if !strings.Contains(ansi.Strip(got), "230. Stap 230") || !strings.Contains(ansi.Strip(got), "Artikel 249") {
			t.Errorf("%s: items lost", style)
		}
	}
	head, complete, err := r.RenderHead(2, md, 80, StyleNoTTY)
	if err != nil || complete || !strings.Contains(head, "Tien lessen") || strings.Contains(head, "Alinea 119") {
		t.Errorf("head: complete %v, %v", complete, err)
	}
	if _, complete, _ := r.RenderHead(1, md, 80, StyleNoTTY); !complete {
		t.Error("a rendered document is not served whole from the cache")
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n got %q\nwant %q", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(al), len(bl))
}

func newTermRendererForTest(t *testing.T, style string, width int) *glamour.TermRenderer {
	t.Helper()
	tr, err := glamour.NewTermRenderer(glamour.WithStyles(kolomStyle(style, width)), glamour.WithWordWrap(width))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
