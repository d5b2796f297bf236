package article

import (
	"regexp"
	"strings"
	"time"
	"unicode"
)

// WordsPerMinute is a calm reading pace for Dutch and English prose.
const WordsPerMinute = 220

var (
	mdImage = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLink  = regexp.MustCompile(`\]\([^)]*\)`)
)

// WordCount counts the words a reader reads in Markdown: image syntax and
// link targets do not count.
func WordCount(markdown string) int {
	s := mdImage.ReplaceAllString(markdown, " ")
	s = mdLink.ReplaceAllString(s, "] ")
	n := 0
	for _, f := range strings.Fields(s) {
		if strings.IndexFunc(f, isWordRune) >= 0 {
			n++
		}
	}
	return n
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// ReadingTime is the time words take at WordsPerMinute, at least a minute.
func ReadingTime(words int) time.Duration {
	m := (words + WordsPerMinute - 1) / WordsPerMinute
	return time.Duration(max(m, 1)) * time.Minute
}
