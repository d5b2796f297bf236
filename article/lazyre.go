package article

import (
	"regexp"
	"sync"
)

// lazyRegexp is a pattern compiled the first time it is used: kolom's verbs
// that never clean an article (--version, feeds, bookmarks) do not pay for
// compiling these at start-up, where they cost ~4 ms and 1 MB.
type lazyRegexp struct {
	src  string
	once sync.Once
	re   *regexp.Regexp
}

// patterns are all of them, for the test that compiles each.
var patterns []*lazyRegexp

func lazy(src string) *lazyRegexp {
	l := &lazyRegexp{src: src}
	patterns = append(patterns, l)
	return l
}

func (l *lazyRegexp) get() *regexp.Regexp {
	l.once.Do(func() { l.re = regexp.MustCompile(l.src) })
	return l.re
}

func (l *lazyRegexp) MatchString(s string) bool { return l.get().MatchString(s) }
func (l *lazyRegexp) FindStringIndex(s string) []int {
	return l.get().FindStringIndex(s)
}
func (l *lazyRegexp) FindAllStringIndex(s string, n int) [][]int {
	return l.get().FindAllStringIndex(s, n)
}
func (l *lazyRegexp) ReplaceAllString(s, repl string) string {
	return l.get().ReplaceAllString(s, repl)
}
func (l *lazyRegexp) ReplaceAllStringFunc(s string, f func(string) string) string {
	return l.get().ReplaceAllStringFunc(s, f)
}
func (l *lazyRegexp) FindAllString(s string, n int) []string { return l.get().FindAllString(s, n) }
