package mail

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead: any bytes either read as a newsletter or are an error; never a
// panic, never more than the cap read.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("From: a@b.nl\r\nContent-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := Read(bytes.NewReader(b), 1<<16)
		if err == nil && n.HTML == "" {
			t.Fatal("a newsletter with nothing to read")
		}
	})
}

// FuzzUnwrap: any HTML unwraps without a panic.
func FuzzUnwrap(f *testing.F) {
	f.Add(`<table><tr><td><a href="https://x.nl/?utm_source=a">Bekijk in je browser</a></td></tr><tr><td><p>Tekst</p></td></tr></table><img src="/pixel" width=1 height=1>`)
	f.Add(`<table><tr><th>a</th></tr><tr><td><table><tr><td>b</td></tr></table></td></tr></table>`)
	f.Fuzz(func(t *testing.T, s string) {
		Unwrap(s)
	})
}

// FuzzMbox: any file frames into messages without a panic; every message
// starts where a separator line is, and a second read from the state it
// gave finds nothing new.
func FuzzMbox(f *testing.F) {
	f.Add([]byte(fromInBody))
	f.Add([]byte("From a Mon Nov 23 07:00:00 2026\nSubject: x\n\nFrom b Mon Nov 23 07:00:00 2026\n>From c\n"))
	f.Add([]byte("From \n\n\nFrom x 1:00 2026"))
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "f.mbox")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		_, problems, state, err := ReadMbox(path, MboxState{}, func(k string) bool { return seen[k] }, 1<<12)
		if err != nil {
			return
		}
		if state.LastKey != "" && !bytes.HasPrefix(b[state.LastStart:], []byte("From ")) {
			t.Fatalf("the last message starts at %d, not at a separator", state.LastStart)
		}
		_ = problems
		msgs, _, _, err := ReadMbox(path, state, func(string) bool { return false }, 1<<12)
		if err != nil || len(msgs) != 0 {
			t.Fatalf("a second read of an unchanged file: %v, %d messages", err, len(msgs))
		}
	})
}
