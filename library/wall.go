package library

import (
	"errors"
	"strings"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/store"
)

// Message is the wall for text that is not an article but reaches the
// terminal or a file people share: error messages, status lines, a feed's
// last error. Servers write much of it (reason phrases, certificate names,
// parser errors quoting the feed), so it gets what feed text gets: no
// control or bidi characters (article.Safe), one line, and no password of
// any URL in it.
func Message(s string) string {
	return article.RedactURLs(strings.Join(strings.Fields(article.Safe(s)), " "))
}

// wallError is an error whose message passes the wall; errors.Is and As see
// the error inside.
type wallError struct{ err error }

func (e wallError) Error() string { return Message(e.err.Error()) }
func (e wallError) Unwrap() error { return e.err }

// walled puts err behind the wall. The library does it where an error can
// carry text from outside (the network, a file, a feed) before it leaves.
func walled(err error) error {
	var w wallError
	if err == nil || errors.As(err, &w) {
		return err
	}
	return wallError{err}
}

// FeedName is what to call a feed: its title, else its address without its
// password.
func FeedName(f store.Feed) string {
	if f.Title != "" {
		return f.Title
	}
	return article.RedactURLs(f.URL)
}

// ShortError is a feed's last error in a few words, for a list row: the
// reason without the address it names or the advice after it.
func ShortError(e string) string {
	if i := strings.Index(e, ": "); i > 0 && strings.Contains(e[:i], "://") {
		e = e[i+2:]
	}
	if j := strings.IndexAny(e, ";("); j > 0 {
		e = strings.TrimSpace(e[:j])
	}
	return "— " + e
}
