package library

import (
	"time"

	"github.com/kolom/kolom/feeds"
	"github.com/kolom/kolom/lang"
	"github.com/kolom/kolom/mail"
	"github.com/kolom/kolom/store"
	kolomsync "github.com/kolom/kolom/sync"
)

// The sources and the store speak English and name their failures; the
// library says them in the reader's language (lang.Text).
func init() { lang.Explain(explainLower) }

func explainLower(err error) (string, bool) {
	switch e := err.(type) {
	case *mail.Failure:
		return lang.T("mail."+e.Key, pairsOf(e.Args)...), true
	case *feeds.Problem:
		return lang.T("feeds."+e.Key, pairsOf(e.Args)...), true
	case *feeds.StatusError:
		return statusText(e), true
	case *store.LockedError:
		if !e.Kolom {
			return lang.T("store.locked_other", "Path", e.Path), true
		}
		who, stop := lang.T("store.locked_who"), lang.T("store.locked_stop")
		if e.PID > 0 {
			holder := ""
			if e.Holder != "" {
				holder = ", " + e.Holder
			}
			who, stop = lang.T("store.locked_who_pid", "PID", e.PID, "Holder", holder), lang.T("store.locked_stop_pid", "PID", e.PID)
		}
		return lang.T("store.locked", "Path", e.Path, "Who", who, "Waited", e.Waited.Round(time.Second), "Stop", stop), true
	}
	// Compared one by one, not looked up in a map: an error whose type
	// cannot be hashed would panic as a map key.
	for _, s := range sentinels {
		if err == s.err {
			return lang.T(s.id), true
		}
	}
	return "", false
}

// pairsOf is a failure's arguments as lang's name, value pairs.
func pairsOf(args map[string]any) []any {
	pairs := make([]any, 0, 2*len(args))
	for k, v := range args {
		pairs = append(pairs, k, v)
	}
	return pairs
}

// sentinels are the errors below the library that are a message of their own.
var sentinels = []struct {
	err error
	id  string
}{
	{store.ErrDiskFull, "store.disk_full"},
	{store.ErrDamaged, "store.damaged"},
	{store.ErrCannotOpen, "store.cannot_open"},
	{store.ErrReadOnly, "store.read_only"},
	{store.ErrDuplicate, "store.duplicate"},
	{store.ErrNotFound, "store.not_found"},
	{store.ErrClosed, "store.closed"},
	{feeds.ErrNotFeed, "feeds.not_feed"},
	{feeds.ErrNotOPML, "feeds.not_opml"},
	{feeds.ErrTimeout, "feeds.err_timeout"},
	{feeds.ErrUnreachable, "feeds.err_unreachable"},
	{feeds.ErrTooLarge, "feeds.err_too_large"},
	{kolomsync.ErrAuth, "sync.err_auth"},
	{mail.ErrTooLarge, "mail.err_too_large"},
}

// statusText is an HTTP answer that is not the feed, in words.
func statusText(e *feeds.StatusError) string {
	switch {
	case e.Wall != "":
		return lang.T("feeds.status_wall", "URL", e.URL, "Status", e.Status, "Wall", wallText(e.Wall, false))
	case !e.RetryAfter.IsZero():
		return lang.T("feeds.status_wait", "URL", e.URL, "Status", e.Status, "Until", lang.DayTime(e.RetryAfter.Local()))
	case e.Code == 304:
		return lang.T("feeds.status_304", "URL", e.URL, "Status", e.Status)
	}
	return e.URL + ": HTTP " + e.Status
}

// wallText is a wall's description in the reader's language: for a feed,
// or for an article's page (without the advice meant for feeds).
func wallText(wall string, page bool) string {
	id := ""
	switch wall {
	case feeds.WallConsent:
		id = "wall.consent"
	case feeds.WallBotCheck:
		id = "wall.bot_check"
	default:
		return wall
	}
	if page {
		id += "_page"
	}
	return lang.T(id)
}
