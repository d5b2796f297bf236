// Package store keeps kolom's library in one SQLite file: feeds, articles and
// their read state. It knows SQL and nothing of the network or the terminal.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound is returned when a feed or article does not exist.
var ErrNotFound = errors.New("not found")

// ErrDuplicate is returned when a feed URL is already subscribed.
var ErrDuplicate = errors.New("already subscribed")

// Store is an open library database. It is safe for concurrent use; writes in
// this process are serialised so they never wait on SQLite's busy handler,
// and take turns with other kolom processes through a lock file.
type Store struct {
	db      *sql.DB
	path    string
	writeMu sync.Mutex // also guards lock and closed
	lock    *writeLock
	closed  bool
	// readOnly: opened with OpenReadOnly; writes say so instead of failing
	// in SQLite's words.
	readOnly bool
}

// ErrReadOnly is returned by a write to a library opened read-only.
var ErrReadOnly = errors.New("the library can be read but not written (a read-only disk or file, or not yours): nothing you change is saved; check its permissions")

// ErrClosed is returned by a write that comes after Close (a command still
// running when the reader quits).
var ErrClosed = errors.New("the library is closed")

// Open opens (creating if needed) the database at path and migrates it.
func Open(path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create library folder: %w", err)
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // a writer takes the lock up front: no upgrade deadlocks
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open library %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	lock, err := openWriteLock(path)
	if err != nil {
		db.Close()
		if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
			return nil, fmt.Errorf("%w: %s (%v)", ErrReadOnly, path, err)
		}
		return nil, fmt.Errorf("open library %s: %w", path, err)
	}
	s := &Store{db: db, path: path, lock: lock}
	if err := s.migrate(context.Background()); err != nil {
		s.Close()
		err = s.explain(err)
		if errors.Is(err, ErrReadOnly) || errors.Is(err, ErrDamaged) || errors.Is(err, ErrDiskFull) {
			return nil, err // these name the library themselves
		}
		return nil, fmt.Errorf("open library %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database once the write in progress, if any, is done.
func (s *Store) Close() error {
	s.writeMu.Lock()
	if !s.closed {
		s.closed = true
		if !s.readOnly {
			s.checkpoint(context.Background())
		}
		s.lock.close()
	}
	s.writeMu.Unlock()
	return s.db.Close()
}

// DB exposes the handle for tests and integrity checks.
func (s *Store) DB() *sql.DB { return s.db }

// write runs fn in one immediate transaction, in turn with the other kolom
// processes writing to the library.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if s.readOnly {
		return fmt.Errorf("%w: %s", ErrReadOnly, s.path)
	}
	if err := s.lock.acquire(ctx); err != nil {
		return err
	}
	defer s.lock.release()
	// SQLite's "database is locked" can only come from a program that does
	// not take kolom's turns, once busy_timeout has passed: explain says so.
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.explain(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return s.explain(err)
	}
	return s.explain(tx.Commit())
}

func unix(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

func fromUnix(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(n.Int64, 0).UTC()
}
