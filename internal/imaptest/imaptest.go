// Package imaptest is the tests' side of the real Dovecot that
// scripts/dovecot-up starts on loopback: where it is, and putting,
// listing and deleting messages as a mail program would.
package imaptest

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Server is the Dovecot the tests use.
type Server struct{ Addr, User, Password string }

// FromEnv is the server scripts/dovecot-up started; the test is skipped,
// saying how to start one, when there is none. pkg is the package path
// to name in that line ("./mail/").
func FromEnv(t testing.TB, pkg string) Server {
	t.Helper()
	s := Server{os.Getenv("KOLOM_IMAP_ADDR"), os.Getenv("KOLOM_IMAP_USER"), os.Getenv("KOLOM_IMAP_PASSWORD")}
	if s.Addr == "" {
		t.Skipf(`no IMAP server: run eval "$(scripts/dovecot-up)" first (it starts Dovecot on loopback), then go test %s`, pkg)
	}
	return s
}

func (s Server) client(t testing.TB) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(s.Addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(s.User, s.Password).Wait(); err != nil {
		c.Close()
		t.Fatal(err)
	}
	return c
}

// NewFolder makes a folder no other test uses.
func (s Server) NewFolder(t testing.TB) string {
	t.Helper()
	c := s.client(t)
	defer c.Close()
	folder := fmt.Sprintf("Nieuwsbrieven-%d", time.Now().UnixNano())
	if err := c.Create(folder, nil).Wait(); err != nil {
		t.Fatal(err)
	}
	return folder
}

// Append puts messages in a folder (made when missing).
func (s Server) Append(t testing.TB, folder string, messages ...[]byte) {
	t.Helper()
	c := s.client(t)
	defer c.Close()
	c.Create(folder, nil).Wait() // there already: fine
	for _, b := range messages {
		cmd := c.Append(folder, int64(len(b)), nil)
		cmd.Write(b)
		cmd.Close()
		if _, err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	c.Logout().Wait()
}

// State lists every message's UID and flags: what kolom must not change.
func (s Server) State(t testing.TB, folder string) string {
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
		fl := make([]string, len(m.Flags))
		for i, f := range m.Flags {
			fl[i] = string(f)
		}
		slices.Sort(fl)
		fmt.Fprintf(&b, "%d %v\n", m.UID, fl)
	}
	return b.String()
}

// ExpungeFirst deletes a folder's first message.
func (s Server) ExpungeFirst(t testing.TB, folder string) {
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

// DeleteFolder deletes a folder and what is in it.
func (s Server) DeleteFolder(t testing.TB, folder string) {
	t.Helper()
	c := s.client(t)
	defer c.Close()
	if err := c.Delete(folder).Wait(); err != nil {
		t.Fatal(err)
	}
}
