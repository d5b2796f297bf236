package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Meta reads a library-wide setting; ok is false when it was never set.
func (s *Store) Meta(ctx context.Context, key string) (value string, ok bool, err error) {
	defer func() { err = s.explain(err) }()
	err = s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read setting %s: %w", key, err)
	}
	return value, true, nil
}

// SetMeta writes a library-wide setting.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?1, ?2)
			ON CONFLICT (key) DO UPDATE SET value = ?2`, key, value)
		if err != nil {
			return fmt.Errorf("write setting %s: %w", key, err)
		}
		return nil
	})
}
