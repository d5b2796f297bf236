package store

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	// TestAWriteWaitingTooLongNamesTheOtherKolom runs this binary as a kolom
	// that holds the write lock until its standard input closes.
	if path := os.Getenv("KOLOM_STORE_HOLD"); path != "" {
		os.Exit(holdWriteLock(path))
	}
	os.Exit(m.Run())
}

func holdWriteLock(path string) int {
	s, err := Open(path)
	if err != nil {
		fmt.Println(err)
		return 1
	}
	defer s.Close()
	err = s.write(context.Background(), func(tx *sql.Tx) error {
		fmt.Println("holding")
		_, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && err.Error() != "EOF" {
			return err
		}
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return 1
	}
	return 0
}

func TestAWriteWaitingTooLongNamesTheOtherKolom(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no POSIX record locks")
	}
	s := openTest(t)
	path := s.path
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "KOLOM_STORE_HOLD="+path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "holding\n" {
		t.Fatalf("the other kolom says %q, %v", line, err)
	}

	s.lock.wait = 50 * time.Millisecond
	err := s.SetMeta(context.Background(), "k", "v")
	var le *LockedError
	if !errors.As(err, &le) || !le.Kolom || le.PID != cmd.Process.Pid {
		t.Fatalf("write while another kolom holds the library: %v (%+v)", err, le)
	}
	msg := err.Error()
	for _, want := range []string{path, fmt.Sprintf("process %d", cmd.Process.Pid), "store.test", "wait for it to finish", fmt.Sprintf("kill %d", cmd.Process.Pid)} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q: %s", want, msg)
		}
	}
	if strings.Contains(msg, "SQLITE") || strings.Contains(msg, "(5)") {
		t.Errorf("message speaks SQLite: %s", msg)
	}

	// Once the other is done, the write goes through: nothing was lost.
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the other kolom: %v", err)
	}
	s.lock.wait = defaultLockWait
	if err := s.SetMeta(context.Background(), "k", "v"); err != nil {
		t.Fatal(err)
	}
	if v, _, _ := s.Meta(context.Background(), "k"); v != "v" {
		t.Errorf("meta k = %q", v)
	}
}

func TestAProgramThatIsNotKolomHoldingTheLibraryIsNamed(t *testing.T) {
	s := openTest(t)
	// A program that takes no turns: a plain SQLite connection, as an
	// sqlite3 shell in the middle of a write would be.
	other, err := sql.Open("sqlite", "file:"+filepath.ToSlash(s.path)+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	// Give up at once instead of after busy_timeout (on the one connection).
	s.db.SetMaxOpenConns(1)
	if _, err := s.db.Exec(`PRAGMA busy_timeout = 0`); err != nil {
		t.Fatal(err)
	}
	err = s.SetMeta(context.Background(), "k", "v")
	var le *LockedError
	if !errors.As(err, &le) || le.Kolom {
		t.Fatalf("write while another program holds the library: %v", err)
	}
	if msg := err.Error(); !strings.Contains(msg, s.path) || !strings.Contains(msg, "close that program") {
		t.Errorf("message: %s", msg)
	}
}

// The reader may quit while a command still writes: Close waits for that
// write, and a write after Close says the library is closed.
func TestCloseDuringAWrite(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "kolom.db"))
	if err != nil {
		t.Fatal(err)
	}
	inside, finish := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- s.write(context.Background(), func(tx *sql.Tx) error {
			close(inside)
			<-finish
			_, err := tx.Exec(`INSERT INTO meta (key, value) VALUES ('k', 'v')`)
			return err
		})
	}()
	<-inside
	closed := make(chan error)
	go func() { closed <- s.Close() }()
	close(finish)
	if err := <-done; err != nil {
		t.Errorf("the write in progress: %v", err)
	}
	if err := <-closed; err != nil {
		t.Errorf("close: %v", err)
	}
	if err := s.SetMeta(context.Background(), "a", "b"); !errors.Is(err, ErrClosed) {
		t.Errorf("a write after close: %v", err)
	}
}

// A full disk is said as such, with the library and what to do; what was
// stored stays.
func TestFullDiskIsSaid(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	if err := s.SetMeta(ctx, "kept", "ja"); err != nil {
		t.Fatal(err)
	}
	s.db.SetMaxOpenConns(1) // the page limit is per connection
	var pages int
	s.db.QueryRow(`PRAGMA page_count`).Scan(&pages)
	if _, err := s.db.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)); err != nil {
		t.Fatal(err)
	}
	err := s.SetMeta(ctx, "groot", strings.Repeat("x", 1<<20))
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), s.path) || !strings.Contains(err.Error(), "free some space") {
		t.Fatalf("write on a full disk: %v", err)
	}
	if v, ok, err := s.Meta(ctx, "kept"); !ok || v != "ja" || err != nil {
		t.Errorf("what was stored: %q %v %v", v, ok, err)
	}
}
