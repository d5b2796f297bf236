package library

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/kolom/kolom/store"
)

// Newsletters over IMAP from a real Dovecot on loopback, started by
// scripts/dovecot-up (.ci/run does). The test puts the letters in the
// mailbox itself, and deletes one on the server as a mail program would.

type imapServer struct{ addr, user, password string }

func dovecot(t *testing.T) imapServer {
	t.Helper()
	s := imapServer{os.Getenv("KOLOM_IMAP_ADDR"), os.Getenv("KOLOM_IMAP_USER"), os.Getenv("KOLOM_IMAP_PASSWORD")}
	if s.addr == "" {
		t.Skip(`no IMAP server: run eval "$(scripts/dovecot-up)" first (it starts Dovecot on loopback), then go test ./library/`)
	}
	return s
}

func (s imapServer) client(t *testing.T) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(s.addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(s.user, s.password).Wait(); err != nil {
		t.Fatal(err)
	}
	return c
}

// append puts letters in folder (made when missing).
func (s imapServer) append(t *testing.T, folder string, letters ...string) {
	t.Helper()
	c := s.client(t)
	defer c.Close()
	c.Create(folder, nil).Wait() // exists already: fine
	for _, l := range letters {
		b := letterBytes(t, l)
		cmd := c.Append(folder, int64(len(b)), nil)
		cmd.Write(b)
		cmd.Close()
		if _, err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	c.Logout().Wait()
}

// state is every message's UID and flags: what must not change.
func (s imapServer) state(t *testing.T, folder string) string {
	t.Helper()
	c := s.client(t)
	defer c.Close()
	if _, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, m := range msgs {
		fmt.Fprintf(&b, "%d %v\n", m.UID, m.Flags)
	}
	return b.String()
}

// expunge deletes the folder's first message.
func (s imapServer) expunge(t *testing.T, folder string) {
	t.Helper()
	c := s.client(t)
	defer c.Close()
	if _, err := c.Select(folder, nil).Wait(); err != nil {
		t.Fatal(err)
	}
	if err := c.Store(imap.SeqSetNum(1), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Expunge().Close(); err != nil {
		t.Fatal(err)
	}
	c.Logout().Wait()
}

func TestNewslettersOverIMAP(t *testing.T) {
	srv := dovecot(t)
	ctx := context.Background()
	l := openLib(t, false)
	folder := fmt.Sprintf("Nieuwsbrieven-%d", time.Now().UnixNano())
	srv.append(t, folder, "emerce-daily.eml", "mailchimp.eml", "text-only.eml")
	before := srv.state(t, folder)
	mailbox := (&url.URL{Scheme: "imap", User: url.User(srv.user), Host: srv.addr, Path: "/" + folder}).String()

	// A wrong password and a folder that does not exist are said, and
	// nothing is kept.
	if _, _, err := l.AddMailbox(ctx, MailboxOptions{URL: mailbox, Security: "plain", Password: "fout"}); err == nil || !strings.Contains(err.Error(), "refused the login") {
		t.Errorf("wrong password: %v", err)
	}
	if _, _, err := l.AddMailbox(ctx, MailboxOptions{URL: mailbox + "-nee", Security: "plain", Password: srv.password}); err == nil || !strings.Contains(err.Error(), "no folder") {
		t.Errorf("no such folder: %v", err)
	}
	if boxes, _ := l.Mailboxes(ctx); len(boxes) != 0 {
		t.Fatalf("kept: %+v", boxes)
	}

	box, sum, err := l.AddMailbox(ctx, MailboxOptions{URL: mailbox, Security: "plain", Password: srv.password})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 2 || sum.Skipped != 1 || box.Security != "plain" {
		t.Fatalf("%+v %+v", box, sum)
	}
	// New mail arrives; refresh reads it with the feeds (the password from
	// credentials.toml).
	srv.append(t, folder, "substack.eml")
	rs, err := l.Refresh(ctx, nil, nil)
	if err != nil || rs.New != 1 || rs.Failed != 0 {
		t.Fatalf("refresh: %v %+v", err, rs)
	}
	if after := srv.state(t, folder); !strings.HasPrefix(after, before) || strings.Contains(after, "Seen") {
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
	srv.expunge(t, folder)
	if rs, err := l.Refresh(ctx, nil, nil); err != nil || rs.Failed != 0 {
		t.Fatalf("refresh after the delete: %v %+v", err, rs)
	}
	a, err := l.Article(ctx, list[0].ID)
	if err != nil || !a.Bookmarked || !strings.Contains(a.Markdown, "Café Klantbeleving") {
		t.Errorf("after the letter was deleted on the server: %v %+v", err, a.Entry)
	}

	// The folder made again (a new UIDVALIDITY): read again, nothing twice.
	c := srv.client(t)
	c.Delete(folder).Wait()
	c.Close()
	srv.append(t, folder, "emerce-daily.eml", "mailchimp.eml", "substack.eml", "hubspot.eml")
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
