package render

import (
	"strings"

	"charm.land/glamour/v2/ansi"
	glamourstyles "charm.land/glamour/v2/styles"

	"github.com/kolom/kolom/lang"
)

// kolomStyle is glamour's style of that name made to read as an article,
// not as Markdown source: headings without their "##", a rule across the
// text instead of "--------", a quote bar on every line a quote wraps to.
func kolomStyle(name string, width int) ansi.StyleConfig {
	var s ansi.StyleConfig
	switch name {
	case StyleLight:
		s = glamourstyles.LightStyleConfig
	case StyleNoTTY:
		s = glamourstyles.NoTTYStyleConfig
		s.Heading.Bold = boolPtr(true) // without colour, weight tells a heading from text
	default:
		s = glamourstyles.DarkStyleConfig
	}
	for _, h := range []*ansi.StyleBlock{&s.H2, &s.H3, &s.H4, &s.H5, &s.H6} {
		h.Prefix = ""
	}
	// H1 is the article's title; H2 and H3 stand out from each other by
	// underline, the deeper ones by italics.
	s.H3.Underline = boolPtr(true)
	s.H4.Italic, s.H5.Italic, s.H6.Italic = boolPtr(true), boolPtr(true), boolPtr(true)

	margin := uint(0)
	if s.Document.Margin != nil {
		margin = *s.Document.Margin
	}
	s.HorizontalRule.Format = "\n" + strings.Repeat("─", max(width-2*int(margin), 3)) + "\n"

	// Glamour counts an indent token as one cell whatever its width, so a
	// "│ " bar made each quoted line one cell too long and its last word
	// wrapped again, out of the bar. As a margin of one the bar's two cells
	// are counted.
	s.BlockQuote.Indent = nil
	s.BlockQuote.Margin = uintPtr(1)
	s.BlockQuote.IndentToken = stringPtr("│ ")
	// An image's line, in the reader's language ("Afbeelding: …").
	s.ImageText.Format = lang.T("render.image")
	return s
}

func boolPtr(b bool) *bool       { return &b }
func uintPtr(u uint) *uint       { return &u }
func stringPtr(s string) *string { return &s }
