package library

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kolom/kolom/lang"
	"github.com/kolom/kolom/store"
)

// Newsletters read from a Maildir and an mbox file, the way a refresh and
// the reader meet them. (The same over IMAP, against a real Dovecot, is in
// mail_imap_test.go.) The letters are mail/testdata's: Mailchimp, Substack,
// HubSpot, LinkedIn and a Dutch daily, and a personal text-only message.

func letterBytes(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "mail", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// maildirWith makes a Maildir holding the letters in new/.
func maildirWith(t testing.TB, letters ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "Mail", ".Nieuwsbrieven")
	for _, sub := range []string{"cur", "new", "tmp"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	deliverMaildir(t, dir, letters...)
	return dir
}

var delivered atomic.Int64

func deliverMaildir(t testing.TB, dir string, letters ...string) {
	t.Helper()
	for _, l := range letters {
		name := fmt.Sprintf("17000%05d.M%dP1.kolomtest", delivered.Add(1), delivered.Load())
		var b []byte
		if strings.Contains(l, "\n") {
			b = []byte(l) // a letter written by the test
		} else {
			b = letterBytes(t, l)
		}
		if err := os.WriteFile(filepath.Join(dir, "new", name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func listing(t testing.TB, dir string) string {
	t.Helper()
	var out []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			out = append(out, fmt.Sprintf("%s %d %v", strings.TrimPrefix(p, dir), info.Size(), info.ModTime().UnixNano()))
		}
		return nil
	})
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func mailFeeds(t testing.TB, l *Library) map[string]store.Feed {
	t.Helper()
	all, err := l.Feeds(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.Feed{}
	for _, f := range all {
		if IsNewsletterFeed(f) {
			out[f.Title] = f
		}
	}
	return out
}

func TestNewslettersFromAMaildir(t *testing.T) {
	ctx := context.Background()
	// A Dutch reader's newsletters go in Nieuwsbrieven.
	if err := lang.Use("nl"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lang.Use("en") })
	l := openLib(t, false)
	dir := maildirWith(t, "mailchimp.eml", "emerce-daily.eml", "substack.eml", "text-only.eml")
	before := listing(t, dir)

	box, sum, err := l.AddMailbox(ctx, MailboxOptions{URL: "maildir://" + dir})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 3 || sum.NewFeeds != 3 || sum.Skipped != 1 || box.Folder != "Nieuwsbrieven" || box.Kind != "maildir" {
		t.Fatalf("added %+v: %+v", box, sum)
	}
	lang.Use("en") // the rest reads the English header
	feeds := mailFeeds(t, l)
	for _, name := range []string{"CustomerTalk", "Emerce", "Anne van den Berg"} {
		if f, ok := feeds[name]; !ok || f.Folder != "Nieuwsbrieven" || f.Total != 1 {
			t.Errorf("feed %q: %+v (feeds %v)", name, f, feeds)
		}
	}
	if _, ok := feeds["Jan"]; ok {
		t.Error("a personal message (no list headers) became a newsletter")
	}

	// A refresh reads the new letter, in its sender's feed, once.
	deliverMaildir(t, dir, "hubspot.eml")
	var events []Event
	rs, err := l.Refresh(ctx, nil, func(ev Event) { events = append(events, ev) })
	if err != nil || rs.New != 1 || rs.Mailboxes != 1 || rs.Failed != 0 {
		t.Fatalf("refresh: %v %+v", err, rs)
	}
	last := events[len(events)-1]
	if !last.Mailbox || last.Kind != FeedUpdated || last.New != 1 {
		t.Errorf("the mailbox's event: %+v", last)
	}
	if rs, _ := l.Refresh(ctx, nil, nil); rs.New != 0 {
		t.Errorf("a second refresh read %d letters again", rs.New)
	}
	if after := listing(t, dir); !strings.HasPrefix(after, before) {
		t.Errorf("the Maildir changed:\n%s\n→\n%s", before, after)
	}

	// Read: the letter's text, its wrapping gone, its unsubscribe link in
	// the header.
	emerce := mailFeeds(t, l)["Emerce"]
	list, _ := l.Articles(ctx, store.ArticleQuery{FeedID: emerce.ID})
	if len(list) != 1 {
		t.Fatalf("Emerce: %+v", list)
	}
	a, err := l.Article(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	doc := a.Document()
	for _, want := range []string{"# Emerce Daily: café klantbeleving", "Unsubscribe: <https://www.emerce.nl/afmelden>", "Café Klantbeleving"} {
		if !strings.Contains(doc, want) {
			t.Errorf("missing %q in\n%s", want, doc)
		}
	}
	for _, gone := range []string{"Lees deze nieuwsbrief online", "Je ontvangt deze nieuwsbrief", "Uitschrijven", "open.gif", "utm_"} {
		if strings.Contains(a.Markdown, gone) {
			t.Errorf("%q left in the letter:\n%s", gone, a.Markdown)
		}
	}

	// Search finds a word only a letter has.
	if _, err := l.UpdateIndex(ctx); err != nil {
		t.Fatal(err)
	}
	hits, err := l.Search(ctx, "chatbot", 10)
	if err != nil || len(hits) != 1 || hits[0].FeedTitle != "Vendor Insights" {
		t.Errorf("search chatbot: %v %+v", err, hits)
	}

	// A bookmark outlives the mail: deleted from the Maildir, the letter
	// stays in the library, and the bookmark even when its feed goes.
	if _, err := l.ToggleBookmark(ctx, list[0].ID); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "new"))
	os.MkdirAll(filepath.Join(dir, "new"), 0o700)
	if _, err := l.Refresh(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	if a, err := l.Article(ctx, list[0].ID); err != nil || !strings.Contains(a.Markdown, "Café Klantbeleving") {
		t.Errorf("after the mail was deleted: %v", err)
	}

	// Removing a sender's feed keeps its letters out from then on.
	if _, err := l.Remove(ctx, "Emerce"); err != nil {
		t.Fatal(err)
	}
	if b, err := l.Article(ctx, list[0].ID); err != nil || !strings.Contains(b.Markdown, "Café Klantbeleving") {
		t.Errorf("the bookmark went with its feed: %v", err)
	}
	again := strings.ReplaceAll(string(letterBytes(t, "emerce-daily.eml")), "emerce-daily-1@", "emerce-daily-2@")
	deliverMaildir(t, dir, again)
	if rs, _ := l.Refresh(ctx, nil, nil); rs.New != 0 {
		t.Errorf("a removed sender's letter was read in (%d new)", rs.New)
	}
	if _, ok := mailFeeds(t, l)["Emerce"]; ok {
		t.Error("the removed sender's feed came back")
	}

	// Newsletters are not feeds another reader can fetch.
	var opml strings.Builder
	l.Export(ctx, &opml)
	if strings.Contains(opml.String(), "mail:") {
		t.Errorf("a newsletter in the OPML export:\n%s", opml.String())
	}
}

// A letter is read as it came: opening it fetches nothing (its web
// version, its images: the sender would learn it was read), and what it
// carries that a terminal or a browser would act on is gone.
func TestHostileLetter(t *testing.T) {
	ctx := context.Background()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, `<html><body><article><p>De webversie.</p></article></body></html>`)
	}))
	defer srv.Close()
	letter := "From: \"Evil\x1b]0;pwned\x07 Sender\" <news@evil.example>\r\n" +
		"List-Id: <evil.example>\r\n" +
		"Subject: Korte brief \x1b[2J\x1b[31mrood\r\n" +
		"Message-ID: <evil-1@evil.example>\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n\r\n" +
		`<p><a href="` + srv.URL + `/webversie">Bekijk deze e-mail in je browser</a></p>` +
		`<p>Kort.</p><script>alert(1)</script><p><a href="javascript:alert(2)">klik</a></p>` +
		`<img src="` + srv.URL + `/foto.jpg" alt="foto"><img src="` + srv.URL + `/open.gif" width="1" height="1">` +
		`<p>Het hele stuk staat online. <a href="` + srv.URL + `/webversie">Lees verder…</a></p>` // a teaser, as a feed's would be
	l := openLib(t, false)
	dir := maildirWith(t, letter+"\n")
	if _, _, err := l.AddMailbox(ctx, MailboxOptions{URL: "maildir://" + dir}); err != nil {
		t.Fatal(err)
	}
	list, _ := l.Articles(ctx, store.ArticleQuery{})
	if len(list) != 1 {
		t.Fatalf("%+v", list)
	}
	a, err := l.Article(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	doc := a.Document() + a.FeedTitle
	if strings.ContainsAny(doc, "\x1b\x07") || strings.Contains(doc, "alert") || strings.Contains(doc, "open.gif") {
		t.Errorf("hostile letter:\n%q", doc)
	}
	if !strings.Contains(a.Markdown, "Kort.") || a.URL != srv.URL+"/webversie" {
		t.Errorf("the letter: %q, web version %q", a.Markdown, a.URL)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("reading in and opening the letter made %d requests", n)
	}
}

func TestNewslettersFromAnMbox(t *testing.T) {
	ctx := context.Background()
	l := openLib(t, false)
	path := filepath.Join(t.TempDir(), "Nieuwsbrieven.mbox")
	var b strings.Builder
	for _, f := range []string{"mailchimp.eml", "linkedin.eml", "text-only.eml"} {
		b.WriteString("From MAILER-DAEMON Mon Nov 23 07:00:00 2026\n")
		b.WriteString(strings.ReplaceAll(string(letterBytes(t, f)), "\r\n", "\n"))
		b.WriteString("\n\n")
	}
	os.WriteFile(path, []byte(b.String()), 0o600)
	_, sum, err := l.AddMailbox(ctx, MailboxOptions{URL: "mbox://" + path, AllMail: true, Folder: "Columns"})
	if err != nil || sum.New != 3 || sum.Skipped != 0 {
		t.Fatalf("%v %+v", err, sum)
	}
	if f := mailFeeds(t, l)["Jan"]; f.Folder != "Columns" {
		t.Errorf("with --all-mail every message is a letter: %+v", mailFeeds(t, l))
	}
	if _, _, err := l.AddMailbox(ctx, MailboxOptions{URL: "mbox://" + path}); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("the same mbox twice: %v", err)
	}
}

// Every bad address or mailbox is said, naming it, and nothing is kept.
func TestBadMailboxes(t *testing.T) {
	ctx := context.Background()
	l := openLib(t, false)
	missing := filepath.Join(t.TempDir(), "nergens")
	notMbox := filepath.Join(t.TempDir(), "brief.txt")
	os.WriteFile(notMbox, []byte("Beste Anne,\n\ntot morgen.\n"), 0o600)
	for _, tc := range []struct{ url, want string }{
		{"maildir://" + missing, missing},
		{"mbox://" + notMbox, "not an mbox file"},
		{"maildir://relative/path", "give the path after three slashes"},
		{"imap://mail.example.nl/INBOX", "name the user"},
		{"imap://anne@mail.example.nl/INBOX", "give the password"},
		{"imap://anne:geheim@127.0.0.1:1/INBOX", "unreachable"},
		{"pop3://anne@mail.example.nl", "a mailbox is imap://"},
	} {
		_, _, err := l.AddMailbox(ctx, MailboxOptions{URL: tc.url, Security: map[bool]string{true: "plain"}[strings.Contains(tc.url, ":1/")]})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v (want %q)", tc.url, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "geheim") {
			t.Errorf("the password is in the error: %v", err)
		}
	}
	if boxes, _ := l.Mailboxes(ctx); len(boxes) != 0 {
		t.Errorf("kept after failing: %+v", boxes)
	}
	if _, err := os.Stat(l.paths.CredentialsFile()); err == nil {
		t.Error("a password was kept for a mailbox that failed")
	}

	// A mailbox that goes away fails its refresh, says so and keeps the
	// letters; the feeds beside it are still fetched.
	dir := maildirWith(t, "substack.eml")
	if _, _, err := l.AddMailbox(ctx, MailboxOptions{URL: "maildir://" + dir}); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(dir)
	var failed Event
	rs, err := l.Refresh(ctx, nil, func(ev Event) {
		if ev.Kind == FeedFailed {
			failed = ev
		}
	})
	if err != nil || rs.Failed != 1 || !failed.Mailbox || !strings.Contains(failed.Err.Error(), dir) {
		t.Errorf("refresh of a Maildir gone: %v %+v %+v", err, rs, failed)
	}
	boxes, _ := l.Mailboxes(ctx)
	if len(boxes) != 1 || !strings.Contains(boxes[0].LastError, dir) {
		t.Errorf("the error is not kept on the mailbox: %+v", boxes)
	}
	if len(mailFeeds(t, l)) != 1 {
		t.Error("the letters went with the mailbox")
	}
}

// With a team's feed server, the server fetches the feeds; the mailboxes
// are still read here, on every refresh, and their senders never go to the
// server as subscriptions.
func TestNewslettersBesideAFeedServer(t *testing.T) {
	cfg := miniflux(t)
	ctx := context.Background()
	l := openLib(t, false)
	dir := maildirWith(t, "emerce-daily.eml")
	if _, _, err := l.AddMailbox(ctx, MailboxOptions{URL: "maildir://" + dir}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.AddServer(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if s, err := l.Sync(ctx, nil); err != nil || len(s.Problems) > 0 {
		t.Errorf("sync: %v %v", err, s.Problems)
	}
	deliverMaildir(t, dir, "substack.eml")
	rs, err := l.Refresh(ctx, nil, nil)
	if err != nil || rs.Mailboxes != 1 || rs.Failed != 0 {
		t.Fatalf("refresh with a server: %v %+v", err, rs)
	}
	feeds := mailFeeds(t, l)
	if len(feeds) != 2 {
		t.Errorf("sender feeds: %+v", feeds)
	}
	for _, f := range feeds {
		if f.ServerID != "" {
			t.Errorf("%q went to the feed server (id %s)", f.Title, f.ServerID)
		}
	}
}

// The reader's "add feed" given a mailbox says where to add it.
func TestAddFeedGivenAMailbox(t *testing.T) {
	l := openLib(t, false)
	_, err := l.Add(context.Background(), "imap://anne:geheim@mail.example.nl/Nieuwsbrieven", "", "")
	if err == nil || !strings.Contains(err.Error(), "kolom add imap://anne@mail.example.nl/Nieuwsbrieven") || strings.Contains(err.Error(), "geheim") {
		t.Errorf("%v", err)
	}
}
