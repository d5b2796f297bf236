package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServerLoginKeptPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kolom", "credentials.toml")
	if _, ok, err := ReadServer(path); ok || err != nil {
		t.Fatalf("no file: %v %v", ok, err)
	}
	want := Server{URL: "https://rss.example.nl", API: "miniflux", User: "anne", Password: `geheim "met" quotes`}
	if err := WriteServer(path, want); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %04o", st.Mode().Perm())
	}
	got, ok, err := ReadServer(path)
	if err != nil || !ok || got != want {
		t.Fatalf("read back %+v %v %v", got, ok, err)
	}
	os.Chmod(path, 0o644)
	if _, _, err := ReadServer(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a file others can read: %v", err)
	}
	if err := RemoveServer(path); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := ReadServer(path); ok {
		t.Error("still there after RemoveServer")
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("an empty credentials file is left behind")
	}
	if p := (Paths{Config: "/x/kolom/config.toml"}).CredentialsFile(); p != "/x/kolom/credentials.toml" {
		t.Errorf("beside the config: %s", p)
	}
}

// Mailbox logins share the file with the server's: changing one keeps
// the others.
func TestMailLoginsBesideTheServer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials.toml")
	srv := Server{URL: "https://rss.example.nl", API: "miniflux", User: "anne", Password: "s"}
	work := MailLogin{URL: "imap://anne@mail.example.nl:993/Nieuwsbrieven", Password: "werk"}
	home := MailLogin{URL: "imap://anne@thuis.example.nl:993/INBOX", PasswordCommand: []string{"pass", "show", "mail/thuis"}}
	for _, err := range []error{WriteServer(path, srv), WriteMailLogin(path, work), WriteMailLogin(path, home)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	work.Password = "nieuw"
	if err := WriteMailLogin(path, work); err != nil {
		t.Fatal(err)
	}
	if got, ok, err := ReadMailLogin(path, work.URL); err != nil || !ok || got.Password != "nieuw" {
		t.Errorf("work: %+v %v %v", got, ok, err)
	}
	if got, ok, _ := ReadMailLogin(path, home.URL); !ok || strings.Join(got.PasswordCommand, " ") != "pass show mail/thuis" {
		t.Errorf("home: %+v", got)
	}
	if err := RemoveServer(path); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := ReadMailLogin(path, work.URL); !ok {
		t.Error("removing the server took the mailbox logins")
	}
	RemoveMailLogin(path, work.URL)
	RemoveMailLogin(path, home.URL)
	if _, err := os.Stat(path); err == nil {
		t.Error("the file stays with nothing in it")
	}
}
