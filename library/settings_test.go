package library

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kolom/kolom/store"
)

// A feed behind a subscriber's cookie and a login: its settings carry
// them, its secrets stay in credentials.toml, and what does not need them
// never gets them.
func TestFeedSettings(t *testing.T) {
	ctx := context.Background()
	l := openLib(t, false)
	pwFile := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pwFile, []byte("geheim\n"), 0o600)
	var pages atomic.Int64
	var agent atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		agent.Store(r.Header.Get("User-Agent"))
		user, pw, _ := r.BasicAuth()
		if r.Header.Get("Cookie") != "abonnee=ja" || user != "anne" || pw != "geheim" {
			http.Error(w, "alleen voor abonnees", http.StatusUnauthorized)
			return
		}
		if strings.HasPrefix(r.URL.Path, "/artikel") {
			pages.Add(1)
			w.Write([]byte(`<html><body><article><h1>Column</h1><p>` + strings.Repeat("De volledige column voor abonnees, met alle argumenten. ", 40) + `</p></article></body></html>`))
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<rss version="2.0"><channel><title>Achter de muur</title>
<item><title>Column</title><link>` + "http://" + r.Host + `/artikel/1</link><guid>1</guid>
<description><![CDATA[<p>` + strings.Repeat("De hele column staat in de feed, woord voor woord. ", 30) + `</p>]]></description></item></channel></rss>`))
	}))
	defer srv.Close()
	subscribe(t, l, srv.URL+"/feed")
	f := feedByURL(t, l, srv.URL+"/feed")
	ref := strconv.FormatInt(f.ID, 10)

	for _, bad := range []struct{ set, msg string }{
		{"full_text=soms", "use auto, always, off"},
		{"interval=1s", "between 5m and 30d"},
		{"interval=vaak", "give a duration"},
		{"header=Cookie", "Name: value"},
		{"header=Host: elders.nl", "kolom's own"},
		{"password_command=cat " + pwFile, "set auth_user too"},
		{"kleur=blauw", "no setting"},
	} {
		s, _ := ParseSetting(bad.set)
		if _, err := l.SetFeed(ctx, ref, []Setting{s}); err == nil || !strings.Contains(err.Error(), bad.msg) {
			t.Errorf("%s: %v (want %q)", bad.set, err, bad.msg)
		}
	}
	if got := feedByURL(t, l, srv.URL+"/feed"); got.Settings != "" {
		t.Errorf("a refused setting was kept: %s", got.Settings)
	}
	if rs, _ := l.Refresh(ctx, nil, nil); rs.Failed != 1 {
		t.Fatalf("without its cookie the feed should fail: %+v", rs)
	}

	var changes []Setting
	for _, a := range []string{"header=Cookie: abonnee=ja", "auth_user=anne", "password_command=cat " + pwFile,
		"user_agent=Mozilla/5.0 (kolom-test)", "interval=6h", "full_text=always"} {
		s, err := ParseSetting(a)
		if err != nil {
			t.Fatal(err)
		}
		changes = append(changes, s)
	}
	if _, err := l.SetFeed(ctx, ref, changes); err != nil {
		t.Fatal(err)
	}
	if rs, err := l.Refresh(ctx, []int64{f.ID}, nil); err != nil || rs.New != 1 || rs.Failed != 0 {
		t.Fatalf("with its cookie and login: %v %+v", err, rs)
	}
	if agent.Load() != "Mozilla/5.0 (kolom-test)" {
		t.Errorf("user agent %v", agent.Load())
	}
	// The interval holds back a refresh of all (not one asked for by name).
	var skipped Event
	l.Refresh(ctx, nil, func(ev Event) {
		if ev.Kind == FeedSkipped {
			skipped = ev
		}
	})
	if !strings.Contains(skipped.Reason, "once every 6 h") {
		t.Errorf("interval: %+v", skipped)
	}
	// full_text=always: the page is fetched although the feed has it all,
	// with the feed's cookie (its own host).
	list, _ := l.Articles(ctx, store.ArticleQuery{FeedID: f.ID})
	a, err := l.Article(ctx, list[0].ID)
	if err != nil || !a.FullText || pages.Load() != 1 || !strings.Contains(a.Markdown, "voor abonnees") {
		t.Errorf("full_text=always: %v %v pages=%d %s", err, a.FullText, pages.Load(), a.Notice)
	}

	// The secret is in credentials.toml only, mode 600; the library and
	// the export know the header's name at most.
	cred, err := os.ReadFile(l.paths.CredentialsFile())
	if err != nil || !strings.Contains(string(cred), "abonnee=ja") {
		t.Fatalf("credentials: %v %s", err, cred)
	}
	if st, _ := os.Stat(l.paths.CredentialsFile()); st.Mode().Perm() != 0o600 {
		t.Errorf("credentials mode %04o", st.Mode().Perm())
	}
	got := feedByURL(t, l, srv.URL+"/feed")
	if strings.Contains(got.Settings, "abonnee") || !strings.Contains(got.Settings, `"headers":["Cookie"]`) {
		t.Errorf("settings in the library: %s", got.Settings)
	}
	var opml strings.Builder
	l.Export(ctx, &opml)
	if strings.Contains(opml.String(), "abonnee") || strings.Contains(opml.String(), pwFile) ||
		!strings.Contains(opml.String(), `kolom:fullText="always"`) || !strings.Contains(opml.String(), `kolom:interval="6h"`) {
		t.Errorf("export:\n%s", opml.String())
	}
	// …and another library takes the settings back from it.
	path := filepath.Join(t.TempDir(), "export.opml")
	os.WriteFile(path, []byte(opml.String()), 0o600)
	l2 := openLib(t, false)
	if rep, err := l2.Import(ctx, path); err != nil || len(rep.Problems) != 0 {
		t.Fatalf("%v %+v", err, rep)
	}
	s2 := Settings(feedByURL(t, l2, srv.URL+"/feed"))
	if s2.FullText != "always" || s2.Interval != "6h" || s2.AuthUser != "anne" || s2.UserAgent != "Mozilla/5.0 (kolom-test)" || len(s2.Headers) != 0 {
		t.Errorf("imported settings: %+v", s2)
	}

	// full_text=off: nothing fetched on opening; 'Cookie:' removes the header.
	l.store.SetMarkdown(ctx, list[0].ID, "", false, 0)
	off, _ := ParseSetting("full_text=off")
	rm, _ := ParseSetting("header=Cookie:")
	if _, err := l.SetFeed(ctx, ref, []Setting{off, rm}); err != nil {
		t.Fatal(err)
	}
	if a, _ := l.Article(ctx, list[0].ID); a.FullText || pages.Load() != 1 {
		t.Errorf("full_text=off fetched the page")
	}
	if cred, _ := os.ReadFile(l.paths.CredentialsFile()); strings.Contains(string(cred), "abonnee") {
		t.Error("the removed header is still kept")
	}
}
