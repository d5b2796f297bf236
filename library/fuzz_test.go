package library

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kolom/kolom/config"
)

// FuzzAddAnswers: whatever a server answers (status, headers, body), add
// never panics, and either subscribes or says why in one line naming the URL.
func FuzzAddAnswers(f *testing.F) {
	f.Add(304, "ETag: \"x\"", "")
	f.Add(200, "Content-Type: application/rss+xml", `<rss version="2.0"><channel><title>t</title><item><title>a</title></item></channel></rss>`)
	f.Add(301, "Location: /elders", "")
	f.Add(429, "Retry-After: 99999999999999999999", "")
	f.Add(503, "Retry-After: Wed, 21 Oct 2015 07:28:00 GMT", "")
	f.Add(200, "Content-Encoding: gzip", "\x1f\x8b\x08\x00")
	f.Add(200, "Content-Type: text/html", `<html><link rel="alternate" type="application/rss+xml" href="/feed"></html>`)
	f.Add(200, "Cache-Control: max-age=-5, max-age=9999999999999999999", `{"version":"https://jsonfeed.org/version/1.1","items":[{}]}`)
	// A short timeout: a Content-Length the body does not keep is the
	// server's hang to answer, and fuzzing should not wait it out.
	l := openLib(f, false, func(c *config.Config) { c.FullText, c.Timeout = "off", 2*time.Second })
	f.Fuzz(func(t *testing.T, code int, headers, body string) {
		if code < 100 || code > 999 {
			return
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for _, line := range strings.Split(headers, "\n") {
				if k, v, ok := strings.Cut(line, ":"); ok && k != "" {
					w.Header().Add(strings.TrimSpace(k), strings.TrimSpace(v))
				}
			}
			if code >= 200 {
				w.WriteHeader(code)
			}
			w.Write([]byte(body))
		}))
		defer srv.Close()
		res, err := l.Add(context.Background(), srv.URL+"/feed", "", "")
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			return
		}
		if _, err := l.Remove(context.Background(), res.Feed.URL); err != nil {
			t.Errorf("added %+v but: %v", res.Feed, err)
		}
	})
}

// FuzzColumnistNames: any byline gives names that are one safe line each,
// whose keys are stable (a name's key is the key of its own key).
func FuzzColumnistNames(f *testing.F) {
	for _, s := range []string{"Door Jan Jansen | Marketingfacts", "jan@x.nl (Jan Jansen)", "JAN DE VRIES en Piet", "Gastauteur: ", "\x1b]0;x\x07 Naam", "&amp; en &"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, byline string) {
		for _, n := range ColumnistNames(byline) {
			if n == "" || n != strings.TrimSpace(n) || strings.ContainsAny(n, "\x1b\x07\n\r\t") {
				t.Fatalf("name %q from %q", n, byline)
			}
			if k := ColumnistKey(n); ColumnistKey(k) != k {
				t.Fatalf("key %q of %q is not stable", k, n)
			}
		}
	})
}

// FuzzMailboxURL: any address is a mailbox or an error; a mailbox's
// canonical address parses to itself.
func FuzzMailboxURL(f *testing.F) {
	for _, s := range []string{"imap://anne@mail.example.nl/Nieuwsbrieven", "imaps://a:b@h:993/INBOX", "maildir:///home/a/Mail", "mbox://~/x.mbox", "maildir://x/y", "imap://@/", "mbox:///%00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		m, err := parseMailboxURL(raw, "")
		if err != nil {
			return
		}
		again, err := parseMailboxURL(m.canonical, "")
		if err != nil || again.canonical != m.canonical {
			t.Fatalf("%q → %q → %q (%v)", raw, m.canonical, again.canonical, err)
		}
		if m.password != "" && strings.Contains(m.canonical, m.password) && !strings.Contains(m.user, m.password) {
			t.Fatalf("the password of %q is in %q", raw, m.canonical)
		}
	})
}
