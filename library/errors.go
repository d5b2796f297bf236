package library

import (
	"context"
	"errors"
	"net/http"

	"github.com/kolom/kolom/feeds"
	"github.com/kolom/kolom/store"

	"github.com/kolom/kolom/lang"
)

// Kind is what went wrong, for the layer that shows an error to choose its
// words and its next step without reading the message.
type Kind int

// The kinds of error the library returns.
const (
	KindOther       Kind = iota
	KindNotFound         // no such feed, article or bookmark
	KindGone             // the server says the feed or page is gone (404, 410)
	KindWall             // a cookie wall or bot check answered instead
	KindRefused          // the server refuses kolom (401, 403)
	KindRateLimited      // the server asks kolom to wait (429, Retry-After)
	KindServer           // the server has a problem (5xx)
	KindTimeout          // no complete answer in time
	KindUnreachable      // no connection: DNS, refused, proxy down
	KindTooLarge         // the answer exceeds max_feed_bytes
	KindNotArticle       // the page holds no article to read
	KindBadQuery         // a search query that cannot be parsed
	KindReadOnly         // the library cannot be written
	KindBusy             // another kolom is writing for too long
	KindDiskFull         // the disk is full
	KindDamaged          // the library file is damaged
	KindCancelled        // the caller gave up (quit, ctrl+c)
)

var kindNames = [...]string{"other", "not found", "gone", "wall", "refused", "rate limited", "server error",
	"timeout", "unreachable", "too large", "not an article", "bad query", "read-only", "busy", "disk full", "damaged", "cancelled"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "other"
}

// kindError gives an error a kind the wrapped error does not show.
type kindError struct {
	kind Kind
	err  error
}

func (e kindError) Error() string { return e.err.Error() }
func (e kindError) Unwrap() error { return e.err }

func withKind(k Kind, err error) error { return kindError{k, err} }

// ErrNotFound is what errors.Is finds in a "no such article/feed" error.
var ErrNotFound = store.ErrNotFound

// KindOf tells what kind of failure err is.
func KindOf(err error) Kind {
	var ke kindError
	var se *feeds.StatusError
	var le *store.LockedError
	switch {
	case err == nil:
		return KindOther
	case errors.As(err, &ke):
		return ke.kind
	case errors.Is(err, context.Canceled):
		return KindCancelled
	case errors.As(err, &se):
		switch c := se.Code; {
		case se.Wall != "":
			return KindWall
		case c == http.StatusNotFound || c == http.StatusGone:
			return KindGone
		case c == http.StatusUnauthorized || c == http.StatusForbidden:
			return KindRefused
		case c == http.StatusTooManyRequests || !se.RetryAfter.IsZero():
			return KindRateLimited
		case c >= 500:
			return KindServer
		}
	case errors.Is(err, feeds.ErrTimeout) || errors.Is(err, context.DeadlineExceeded):
		return KindTimeout
	case errors.Is(err, feeds.ErrUnreachable):
		return KindUnreachable
	case errors.Is(err, feeds.ErrTooLarge):
		return KindTooLarge
	case errors.Is(err, store.ErrQuery):
		return KindBadQuery
	case errors.Is(err, store.ErrNotFound):
		return KindNotFound
	case errors.Is(err, store.ErrReadOnly):
		return KindReadOnly
	case errors.As(err, &le):
		return KindBusy
	case errors.Is(err, store.ErrDiskFull):
		return KindDiskFull
	case errors.Is(err, store.ErrDamaged):
		return KindDamaged
	}
	return KindOther
}

// adviseFeed adds to a failed fetch of a feed what to do about it.
func adviseFeed(err error) error { return advise(err, false) }

// adviseAdd adds to a failed first fetch what to do: nothing is subscribed
// yet, so a missing address is a typo, not a feed to remove.
func adviseAdd(err error) error {
	if KindOf(err) == KindGone {
		return adviceError{err, lang.T("add.nothing_there")}
	}
	return adviseFeed(err)
}

// advisePage adds to a failed fetch of an article's page what to do about it.
func advisePage(err error) error { return advise(err, true) }

func advise(err error, page bool) error {
	var se *feeds.StatusError
	if !errors.As(err, &se) {
		return err
	}
	if key := se.AdviceKey(page); key != "" {
		return adviceError{err, lang.T("advice." + key)}
	}
	return err
}

// adviceError is an error with the advice chosen for what failed.
type adviceError struct {
	err    error
	advice string
}

func (e adviceError) Error() string { return lang.Text(e.err) + " (" + e.advice + ")" }
func (e adviceError) Unwrap() error { return e.err }
