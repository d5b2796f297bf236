package feeds

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// A page's encoding is decided as a browser decides it.
func TestPageUTF8(t *testing.T) {
	latin1 := func(s string) []byte { // ISO-8859-1 bytes of s
		var b []byte
		for _, r := range s {
			b = append(b, byte(r))
		}
		return b
	}
	pad := strings.Repeat("<p>Een inleiding zonder bijzondere tekens.</p>", 40) // past the first 1024 bytes
	for _, tc := range []struct {
		name, contentType string
		body              []byte
	}{
		{"meta charset", "text/html", latin1(`<html><head><meta charset="iso-8859-1"></head><body><p>Één café in Zürich, coöperatie.</p></body></html>`)},
		{"http-equiv", "text/html", latin1(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body><p>Één café in Zürich, coöperatie.</p></body></html>`)},
		{"header", "text/html; charset=ISO-8859-1", latin1(`<p>Één café in Zürich, coöperatie.</p>`)},
		{"no label, legacy bytes", "text/html", latin1(`<p>` + pad + `Één café in Zürich, coöperatie.</p>`)},
		{"no label, UTF-8 after the first KB", "text/html", []byte(`<p>` + pad + `Één café in Zürich, coöperatie.</p>`)},
		{"meta says latin-1, bytes are UTF-8", "text/html", []byte(`<meta charset="iso-8859-1"><p>Één café in Zürich, coöperatie.</p>`)},
		{"BOM", "text/html; charset=iso-8859-1", append([]byte("\xef\xbb\xbf"), []byte(`<p>Één café in Zürich, coöperatie.</p>`)...)},
	} {
		got := PageUTF8(tc.body, tc.contentType)
		if !utf8.Valid(got) || !strings.Contains(string(got), "Één café in Zürich, coöperatie.") {
			t.Errorf("%s: %q", tc.name, tail(string(got), 60))
		}
	}
}

func tail(s string, n int) string { return s[max(len(s)-n, 0):] }

func FuzzPageUTF8(f *testing.F) {
	f.Add([]byte(`<meta charset="iso-8859-1"><p>caf`+"\xe9"+`</p>`), "text/html")
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), "")
	f.Add([]byte(`<p>café</p>`), "text/html; charset=shift_jis")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		out := PageUTF8(body, contentType)
		if utf8.Valid(body) && !strings.Contains(strings.ToLower(contentType), "charset") && len(body) > 0 &&
			body[0] != 0xef && body[0] != 0xfe && body[0] != 0xff && string(out) != string(body) {
			t.Fatalf("a valid UTF-8 page without a label changed: %q → %q", body, out)
		}
	})
}
