package article

import (
	"strings"
)

// ExcerptWords is the length under which a feed text without full content
// counts as an excerpt (WordPress cuts at 55 words).
const ExcerptWords = 150

var excerptEndings = []string{"[…]", "[...]", "…", "...", "lees verder", "lees meer", "verder lezen",
	"read more", "continue reading", "read the full article", "lees het hele artikel"}

// IsExcerpt reports whether a feed item carries only a teaser of the article:
// no full content and a short description, or any text that ends the way
// teasers end ("[…]", "Lees verder", "Read more").
func IsExcerpt(summaryHTML, contentHTML string) bool {
	if strings.TrimSpace(contentHTML) != "" {
		return endsLikeTeaser(textOfHTML(contentHTML))
	}
	text := textOfHTML(summaryHTML)
	return endsLikeTeaser(text) || len(strings.Fields(text)) < ExcerptWords
}

// endsLikeTeaser looks at how a text ends. textOfHTML stops after a few KiB,
// and a text that long is no teaser.
func endsLikeTeaser(text string) bool {
	if len(text) >= 4096 {
		return false
	}
	t := strings.ToLower(strings.TrimRight(text, " :»›→>\u00a0"))
	bare := strings.TrimRight(t, ".")
	for _, e := range excerptEndings {
		if strings.HasSuffix(t, e) || strings.HasSuffix(bare, e) {
			return true
		}
	}
	return false
}
