package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/kolom/kolom/internal/feedtest"
)

// A damaged library is named, untouched, and the message says what to do.
func TestDamagedLibraryIsNamedAndUntouched(t *testing.T) {
	dir := isolate(t)
	db := writeFile(t, filepath.Join(dir, "xdg_data_home", "kolom", "kolom.db"), strings.Repeat("geen database ", 500))
	before, _ := os.ReadFile(db)
	for _, args := range [][]string{{"feeds"}, {"articles"}, {"refresh"}} {
		r := kolom(t, args...)
		if r.code != 1 || !strings.Contains(r.stderr, db) || !strings.Contains(r.stderr, "damaged") || !strings.Contains(r.stderr, "restore a backup") {
			t.Errorf("%v: %+v", args, r)
		}
		if strings.Contains(r.stderr, "(26)") && !strings.Contains(r.stderr, "damaged") {
			t.Errorf("%v speaks SQLite only: %s", args, r.stderr)
		}
	}
	if after, _ := os.ReadFile(db); string(after) != string(before) {
		t.Error("the damaged library was changed")
	}
}

// A library that can be read but not written (a read-only disk, a file
// that is not the user's) still reads; a change says why it cannot be made.
func TestReadOnlyLibraryCanBeRead(t *testing.T) {
	dir := isolate(t)
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/mf", "application/rss+xml", feedtest.Spec{Title: "Marketingfacts", Site: "https://www.marketingfacts.nl/", Items: 3, Words: 200, Seed: 5}.Render())
	if r := kolom(t, "add", srv.URL("/mf")); r.code != 0 {
		t.Fatal(r)
	}
	if r := kolom(t, "bookmark", "1", "--note", "bewaren"); r.code != 0 {
		t.Fatal(r)
	}
	// Someone else's library: readable, not writable. Root may write
	// anything, so as root the check runs as nobody.
	as := func(args ...string) result { return kolom(t, args...) }
	if os.Geteuid() == 0 {
		os.Chmod(filepath.Dir(dir), 0o755) // the test's own temporary folder
		bin := filepath.Join(dir, "kolom.test")
		copyFile(t, os.Args[0], bin)
		filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
			if err == nil {
				mode := os.FileMode(0o644)
				if info.IsDir() || p == bin {
					mode = 0o755
				}
				os.Chmod(p, mode)
			}
			return nil
		})
		as = func(args ...string) result {
			cmd := exec.Command(bin, args...)
			cmd.Env = append(os.Environ(), "KOLOM_TEST_AS_KOLOM=1")
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
			var out, errb strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Skipf("cannot run as nobody: %v", err)
			}
			return result{code, out.String(), errb.String()}
		}
	} else {
		data := filepath.Join(dir, "xdg_data_home", "kolom")
		filepath.Walk(data, func(p string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() {
				os.Chmod(p, 0o444)
			}
			return nil
		})
		os.Chmod(data, 0o555)
		t.Cleanup(func() { os.Chmod(data, 0o755) })
	}
	if r := as("articles"); r.code != 0 || !strings.Contains(r.stdout, "Column 1") {
		t.Errorf("articles on a read-only library: %+v", r)
	}
	if r := as("read", "2"); r.code != 0 || !strings.Contains(r.stdout, "Column") {
		t.Errorf("read on a read-only library: %+v", r)
	}
	if r := as("bookmarks", "--json"); r.code != 0 || !strings.Contains(r.stdout, "bewaren") {
		t.Errorf("bookmarks on a read-only library: %+v", r)
	}
	r := as("bookmark", "3")
	if r.code != 1 || !strings.Contains(r.stderr, "read but not written") || strings.Contains(r.stderr, "(8)") || strings.Contains(r.stderr, "(14)") {
		t.Errorf("bookmark on a read-only library: %+v", r)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	out.Close()
}
