package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// ChangeWatcher tells whether another connection — another kolom process,
// such as a refresh from cron — committed to the library since it last
// looked. It holds one connection of its own: PRAGMA data_version only
// compares within a connection.
type ChangeWatcher struct {
	mu   sync.Mutex // a slow check may overlap the next one
	conn *sql.Conn
	last int64
}

// NewChangeWatcher starts watching from now.
func (s *Store) NewChangeWatcher(ctx context.Context) (*ChangeWatcher, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("watch library: %w", err)
	}
	w := &ChangeWatcher{conn: conn}
	if _, err := w.Changed(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return w, nil
}

// Changed reports whether anything was committed by another connection since
// the last call.
func (w *ChangeWatcher) Changed(ctx context.Context) (bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var v int64
	if err := w.conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
		return false, fmt.Errorf("watch library: %w", err)
	}
	changed := w.last != 0 && v != w.last
	w.last = v
	return changed, nil
}

// Close gives the connection back.
func (w *ChangeWatcher) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.conn.Close()
}
