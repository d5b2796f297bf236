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
