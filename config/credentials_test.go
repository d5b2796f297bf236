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
	if p := (Paths{Config: "/x/kolom/config.toml"}).CredentialsFile(); p != "/x/kolom/credentials.toml" {
		t.Errorf("beside the config: %s", p)
	}
}
