package article

import (
	"strings"
	"sync"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/text/unicode/norm"
)

var mdConverter = sync.OnceValue(func() *converter.Converter {
	return converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(),
		table.NewTablePlugin(),
	))
})

var blankRuns = lazy(`\n{3,}`)

// ToMarkdown converts cleaned HTML to Markdown (tables kept, images as
// ![alt](src)). The result passes the terminal wall again: the converter
// decodes entities.
func ToMarkdown(cleanHTML, base string) (string, error) {
	if strings.TrimSpace(cleanHTML) == "" {
		return "", nil
	}
	md, err := mdConverter().ConvertString(cleanHTML, converter.WithDomain(base))
	if err != nil {
		return "", err
	}
	md = blankRuns.ReplaceAllString(strings.TrimSpace(md), "\n\n")
	// Soft hyphens only mark where a word may break; a terminal does not
	// hyphenate, and in the text they hide words from search ("Baro­lo").
	md = strings.ReplaceAll(md, "\u00ad", "")
	// One spelling per letter (NFC): pages mix precomposed and combining
	// forms ("ড়" both ways in one Bengali article, "é" from some CMSes), and
	// a search or a quoted sentence must match either.
	return Safe(norm.NFC.String(md)), nil
}

// FromHTML is the whole pipeline for feed HTML: Clean, then ToMarkdown.
func FromHTML(rawHTML, base string) (string, error) {
	return ToMarkdown(Clean(rawHTML, base), base)
}
