package mail

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func copyTo(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A Maildir is read, never changed: the same files with the same names
// (flags included) afterwards; mail still in tmp/ waits; a second read
// takes only what is new.
func TestReadMaildir(t *testing.T) {
	dir := t.TempDir()
	for _, sub := range []string{"cur", "new", "tmp"} {
		os.MkdirAll(filepath.Join(dir, sub), 0o700)
	}
	copyTo(t, "testdata/mailchimp.eml", filepath.Join(dir, "cur", "1700000001.M1P1.host:2,S"))
	copyTo(t, "testdata/emerce-daily.eml", filepath.Join(dir, "new", "1700000002.M2P1.host"))
	copyTo(t, "testdata/substack.eml", filepath.Join(dir, "tmp", "1700000003.M3P1.host"))
	os.WriteFile(filepath.Join(dir, "cur", "1700000000.M0P1.host:2,"), []byte("From: a@b.nl\r\nContent-Type: image/png\r\n\r\nPNG"), 0o600)
	before := listing(t, dir)

	seen := map[string]bool{}
	msgs, problems, err := ReadMaildir(dir, func(k string) bool { return seen[k] }, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 || msgs[0].Key != "1700000001.M1P1.host" || msgs[1].Sender() != "daily.emerce.nl" {
		t.Fatalf("messages: %+v", msgs)
	}
	if len(problems) != 1 || problems[0].Key != "1700000000.M0P1.host" {
		t.Errorf("problems: %+v", problems)
	}
	if after := listing(t, dir); after != before {
		t.Errorf("the Maildir changed:\n%s\n→\n%s", before, after)
	}
	for _, m := range msgs {
		seen[m.Key] = true
	}
	// Delivered since: tmp/ → new/; the seen mail got a flag (renamed).
	os.Rename(filepath.Join(dir, "tmp", "1700000003.M3P1.host"), filepath.Join(dir, "new", "1700000003.M3P1.host"))
	os.Rename(filepath.Join(dir, "cur", "1700000001.M1P1.host:2,S"), filepath.Join(dir, "cur", "1700000001.M1P1.host:2,RS"))
	msgs, _, _ = ReadMaildir(dir, func(k string) bool { return seen[k] }, 1<<20)
	if len(msgs) != 1 || msgs[0].Subject != "De klantreis begint vóór de eerste klik" {
		t.Errorf("second read: %+v", msgs)
	}
	if _, _, err := ReadMaildir(filepath.Join(dir, "cur"), nil, 0); err == nil || !strings.Contains(err.Error(), "not a Maildir") {
		t.Errorf("not a Maildir: %v", err)
	}
}

func listing(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b.WriteString(p + " " + info.ModTime().Format(time.RFC3339Nano) + "\n")
		}
		return nil
	})
	return b.String()
}
