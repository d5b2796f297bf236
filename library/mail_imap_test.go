package library

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/kolom/kolom/internal/imaptest"
	"github.com/kolom/kolom/store"
)

// Newsletters over IMAP from a real Dovecot on loopback, started by
// scripts/dovecot-up (.ci/run does). The test puts the letters in the
// mailbox itself, and deletes one on the server as a mail program would.
func letters(t *testing.T, names ...string) [][]byte {
	var out [][]byte
	for _, n := range names {
		out = append(out, letterBytes(t, n))
	}
	return out
}

func TestNewslettersOverIMAP(t *testing.T) {
	srv := imaptest.FromEnv(t, "./library/")
	ctx := context.Background()
	l := openLib(t, false)
	folder := srv.NewFolder(t)
	srv.Append(t, folder, letters(t, "emerce-daily.eml", "mailchimp.eml", "text-only.eml")...)
	before := srv.State(t, folder)
	mailbox := (&url.URL{Scheme: "imap", User: url.User(srv.User), Host: srv.Addr, Path: "/" + folder}).String()

	// A wrong password and a folder that does not exist are said, and
	// nothing is kept.
	if _, _, err := l.AddMailbox(ctx, MailboxOptions{URL: mailbox, Security: "plain", Password: "fout"}); err == nil || !strings.Contains(err.Error(), "refused the login") {
		t.Errorf("wrong password: %v", err)
	}
	if _, _, err := l.AddMailbox(ctx, MailboxOptions{URL: mailbox + "-nee", Security: "plain", Password: srv.Password}); err == nil || !strings.Contains(err.Error(), "no folder") {
		t.Errorf("no such folder: %v", err)
	}
	if boxes, _ := l.Mailboxes(ctx); len(boxes) != 0 {
		t.Fatalf("kept: %+v", boxes)
	}

	box, sum, err := l.AddMailbox(ctx, MailboxOptions{URL: mailbox, Security: "plain", Password: srv.Password})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 2 || sum.Skipped != 1 || box.Security != "plain" {
		t.Fatalf("%+v %+v", box, sum)
	}
	// New mail arrives; refresh reads it with the feeds (the password from
	// credentials.toml).
	srv.Append(t, folder, letters(t, "substack.eml")...)
	rs, err := l.Refresh(ctx, nil, nil)
	if err != nil || rs.New != 1 || rs.Failed != 0 {
		t.Fatalf("refresh: %v %+v", err, rs)
	}
	if after := srv.State(t, folder); !strings.HasPrefix(after, before) || strings.Contains(after, "Seen") {
		t.Errorf("the mailbox changed:\n%s→\n%s", before, after)
	}

	// A bookmark of a letter outlives the letter on the server.
	emerce := mailFeeds(t, l)["Emerce"]
	list, _ := l.Articles(ctx, store.ArticleQuery{FeedID: emerce.ID})
	if len(list) != 1 {
		t.Fatalf("Emerce: %+v", list)
	}
	if _, err := l.ToggleBookmark(ctx, list[0].ID); err != nil {
		t.Fatal(err)
	}
	srv.ExpungeFirst(t, folder)
	if rs, err := l.Refresh(ctx, nil, nil); err != nil || rs.Failed != 0 {
		t.Fatalf("refresh after the delete: %v %+v", err, rs)
	}
	a, err := l.Article(ctx, list[0].ID)
	if err != nil || !a.Bookmarked || !strings.Contains(a.Markdown, "Café Klantbeleving") {
		t.Errorf("after the letter was deleted on the server: %v %+v", err, a.Entry)
	}

	// The folder made again (a new UIDVALIDITY): read again, nothing twice.
	srv.DeleteFolder(t, folder)
	srv.Append(t, folder, letters(t, "emerce-daily.eml", "mailchimp.eml", "substack.eml", "hubspot.eml")...)
	rs, err = l.Refresh(ctx, nil, nil)
	if err != nil || rs.New != 1 {
		t.Errorf("after a new UIDVALIDITY: %v %+v (want only the HubSpot letter new)", err, rs)
	}
	if n := len(mailFeeds(t, l)); n != 4 {
		t.Errorf("%d sender feeds, want 4", n)
	}

	// Removing the mailbox forgets its password and keeps its letters.
	boxes, _ := l.Mailboxes(ctx)
	if _, err := l.RemoveMailbox(ctx, boxes[0].URL); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(l.paths.CredentialsFile()); err == nil {
		t.Error("the password stays after the mailbox is removed")
	}
	if n := len(mailFeeds(t, l)); n != 4 {
		t.Errorf("removing the mailbox took its letters: %d feeds", n)
	}
}
