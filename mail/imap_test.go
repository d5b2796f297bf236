package mail

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// These tests talk to a real Dovecot on loopback, started by
// scripts/dovecot-up (.ci/run does); they put the newsletters in the
// mailbox over IMAP themselves.

func dovecot(t *testing.T) IMAPOptions {
	t.Helper()
	addr := os.Getenv("KOLOM_IMAP_ADDR")
	if addr == "" {
		t.Skip(`no IMAP server: run eval "$(scripts/dovecot-up)" first (it starts Dovecot on loopback), then go test ./mail/`)
	}
	return IMAPOptions{Addr: addr, User: os.Getenv("KOLOM_IMAP_USER"), Password: os.Getenv("KOLOM_IMAP_PASSWORD"),
		Security: Plain, MaxBytes: 1 << 20, Timeout: 2 * time.Minute}
}

// deliver appends the fixtures to a new folder and returns its name.
func deliver(t *testing.T, o IMAPOptions, files ...string) string {
	t.Helper()
	c, err := imapclient.DialInsecure(o.Addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(o.User, o.Password).Wait(); err != nil {
		t.Fatal(err)
	}
	folder := fmt.Sprintf("Nieuwsbrieven-%d", time.Now().UnixNano())
	if err := c.Create(folder, nil).Wait(); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile("testdata/" + f)
		if err != nil {
			t.Fatal(err)
		}
		cmd := c.Append(folder, int64(len(b)), nil)
		cmd.Write(b)
		cmd.Close()
		if _, err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	c.Logout().Wait()
	return folder
}

// flags lists every message's UID and flags in a folder.
func flags(t *testing.T, o IMAPOptions, folder string) string {
	t.Helper()
	c, err := imapclient.DialInsecure(o.Addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Login(o.User, o.Password).Wait()
	if _, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, m := range msgs {
		fl := make([]string, len(m.Flags))
		for i, f := range m.Flags {
			fl[i] = string(f)
		}
		slices.Sort(fl)
		fmt.Fprintf(&b, "%d %v\n", m.UID, fl)
	}
	return b.String()
}

func TestReadIMAP(t *testing.T) {
	o := dovecot(t)
	o.Folder = deliver(t, o, "mailchimp.eml", "substack.eml", "emerce-daily.eml")
	before := flags(t, o, o.Folder)
	ctx := context.Background()
	msgs, problems, state, err := ReadIMAP(ctx, o, IMAPState{})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 3 || len(problems) != 0 || msgs[2].Sender() != "daily.emerce.nl" || !strings.Contains(msgs[0].HTML, "Klantbeleving") {
		t.Fatalf("%d messages %+v, problems %v", len(msgs), msgs, problems)
	}
	if after := flags(t, o, o.Folder); after != before || strings.Contains(after, `\Seen`) {
		t.Errorf("the mailbox changed:\n%s→\n%s", before, after)
	}
	// Nothing new: nothing again. Then one more arrives.
	if again, _, _, err := ReadIMAP(ctx, o, state); err != nil || len(again) != 0 {
		t.Errorf("second read: %d %v", len(again), err)
	}
	c, _ := imapclient.DialInsecure(o.Addr, nil)
	c.Login(o.User, o.Password).Wait()
	b, _ := os.ReadFile("testdata/hubspot.eml")
	cmd := c.Append(o.Folder, int64(len(b)), nil)
	cmd.Write(b)
	cmd.Close()
	cmd.Wait()
	c.Close()
	more, _, state2, err := ReadIMAP(ctx, o, state)
	if err != nil || len(more) != 1 || more[0].Subject != "Column: de chatbot als collega" || state2.LastUID <= state.LastUID {
		t.Errorf("the new one: %d %v %+v", len(more), err, state2)
	}
	// A renumbered folder (another UIDVALIDITY) is read again.
	if all, _, _, _ := ReadIMAP(ctx, o, IMAPState{UIDValidity: state.UIDValidity + 1, LastUID: state2.LastUID}); len(all) != 4 {
		t.Errorf("after a UIDVALIDITY change: %d messages, want 4", len(all))
	}
	// Too large for the cap: skipped and said, the rest read.
	small := o
	small.MaxBytes = 2600
	if msgs, problems, _, _ := ReadIMAP(ctx, small, IMAPState{}); len(problems) == 0 || !errors.Is(problems[0].Err, ErrTooLarge) || len(msgs) == 0 {
		t.Errorf("size cap: %d read, problems %v", len(msgs), problems)
	}
}

func TestReadIMAPFaults(t *testing.T) {
	o := dovecot(t)
	ctx := context.Background()
	bad := o
	bad.Password = "fout"
	if _, _, _, err := ReadIMAP(ctx, bad, IMAPState{}); err == nil || !strings.Contains(err.Error(), "refused the login") {
		t.Errorf("wrong password: %v", err)
	}
	missing := o
	missing.Folder = "Bestaat-niet"
	if _, _, _, err := ReadIMAP(ctx, missing, IMAPState{}); err == nil || !strings.Contains(err.Error(), `no folder "Bestaat-niet"`) {
		t.Errorf("missing folder: %v", err)
	}
	down := o
	down.Addr = "127.0.0.1:1"
	if _, _, _, err := ReadIMAP(ctx, down, IMAPState{}); err == nil || !strings.Contains(err.Error(), "unreachable") {
		t.Errorf("server down: %v", err)
	}
}

// TLS asked of a server that speaks plain IMAP on that port says what to
// ask instead.
func TestIMAPTLSToAPlainPort(t *testing.T) {
	o := dovecot(t)
	o.Security = TLS
	if _, _, _, err := ReadIMAP(context.Background(), o, IMAPState{}); err == nil || !strings.Contains(err.Error(), "--starttls") {
		t.Errorf("TLS to a plain port: %v", err)
	}
}
