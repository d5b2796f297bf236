package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the whole library, WAL included, to
// dest as one SQLite file, whatever other kolom processes are doing. The copy
// is made beside dest and moved into place, so dest is never half written;
// an existing dest is replaced.
func (s *Store) Backup(ctx context.Context, dest string) error {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return fmt.Errorf("back up to %s: %w", dest, err)
	}
	if same, _ := sameFile(abs, s.path); same {
		return fmt.Errorf("back up to %s: that is the library itself; name another file", dest)
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".*")
	if err != nil {
		return fmt.Errorf("back up to %s: %w", dest, err)
	}
	tmpPath := tmp.Name()
	tmp.Close()
	os.Remove(tmpPath) // VACUUM INTO wants to create the file itself
	defer os.Remove(tmpPath)
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, tmpPath); err != nil {
		return fmt.Errorf("back up to %s: %w", dest, err)
	}
	if err := os.Rename(tmpPath, abs); err != nil {
		return fmt.Errorf("back up to %s: %w", dest, err)
	}
	return nil
}

func sameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}

// checkpoint copies what the write-ahead log holds into the library file,
// without waiting for anyone: after a bookmark changes and on Close, so that
// kolom.db on its own holds what matters.
func (s *Store) checkpoint(ctx context.Context) {
	_, _ = s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
}

// OpenReadOnly opens a library file for reading only: no migration, no WAL
// switch, no lock file (a backup, or a library on a read-only disk).
func OpenReadOnly(path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open library %s: %w", path, err)
	}
	var db *sql.DB
	var v int
	// Read-only first; where SQLite cannot even make its shared-memory file
	// beside the library (a read-only folder), as an immutable file.
	for _, immutable := range []bool{false, true} {
		q := url.Values{}
		q.Set("mode", "ro")
		if immutable {
			q.Set("immutable", "1")
		}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "query_only(1)")
		var err error
		if db, err = sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode()); err != nil {
			return nil, fmt.Errorf("open library %s: %w", path, err)
		}
		if err = db.QueryRow(`PRAGMA user_version`).Scan(&v); err == nil {
			break
		}
		db.Close()
		if immutable || sqliteCode(err) == sqliteCorrupt || sqliteCode(err) == sqliteNotADB {
			return nil, explainAt(path, fmt.Errorf("open library %s: %w", path, err))
		}
	}
	s := &Store{db: db, path: path, lock: &writeLock{}, readOnly: true}
	if v != SchemaVersion {
		db.Close()
		return nil, fmt.Errorf("open library %s: schema %d, this kolom reads %d", path, v, SchemaVersion)
	}
	return s, nil
}

// Count tells how many feeds, articles and bookmarks the library holds.
func (s *Store) Count(ctx context.Context, feeds, articles, bookmarks *int) error {
	return s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM feeds), (SELECT count(*) FROM articles), (SELECT count(*) FROM bookmarks)`).
		Scan(feeds, articles, bookmarks)
}
