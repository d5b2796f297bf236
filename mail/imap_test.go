package mail

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kolom/kolom/internal/imaptest"
)

// These tests talk to a real Dovecot on loopback, started by
// scripts/dovecot-up (.ci/run does); they put the newsletters in the
// mailbox over IMAP themselves.

func dovecot(t *testing.T) IMAPOptions {
	t.Helper()
	s := imaptest.FromEnv(t, "./mail/")
	return IMAPOptions{Addr: s.Addr, User: s.User, Password: s.Password, Security: Plain, MaxBytes: 1 << 20, Timeout: 2 * time.Minute}
}

func server(o IMAPOptions) imaptest.Server {
	return imaptest.Server{Addr: o.Addr, User: o.User, Password: o.Password}
}

func fixtures(t *testing.T, files ...string) [][]byte {
	t.Helper()
	var out [][]byte
	for _, f := range files {
		b, err := os.ReadFile("testdata/" + f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// deliver appends the fixtures to a new folder and returns its name.
func deliver(t *testing.T, o IMAPOptions, files ...string) string {
	t.Helper()
	folder := server(o).NewFolder(t)
	server(o).Append(t, folder, fixtures(t, files...)...)
	return folder
}

func TestReadIMAP(t *testing.T) {
	o := dovecot(t)
	o.Folder = deliver(t, o, "mailchimp.eml", "substack.eml", "emerce-daily.eml")
	before := server(o).State(t, o.Folder)
	ctx := context.Background()
	msgs, problems, state, err := ReadIMAP(ctx, o, IMAPState{})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 3 || len(problems) != 0 || msgs[2].Sender() != "daily.emerce.nl" || !strings.Contains(msgs[0].HTML, "Klantbeleving") {
		t.Fatalf("%d messages %+v, problems %v", len(msgs), msgs, problems)
	}
	if after := server(o).State(t, o.Folder); after != before || strings.Contains(after, `\Seen`) {
		t.Errorf("the mailbox changed:\n%s→\n%s", before, after)
	}
	// Nothing new: nothing again. Then one more arrives.
	if again, _, _, err := ReadIMAP(ctx, o, state); err != nil || len(again) != 0 {
		t.Errorf("second read: %d %v", len(again), err)
	}
	server(o).Append(t, o.Folder, fixtures(t, "hubspot.eml")...)
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
