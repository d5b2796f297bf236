package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// BylineRow is one byline in one feed with what it wrote there.
type BylineRow struct {
	Author, Feed     string
	Articles, Unread int
	Latest           time.Time
}

// Bylines lists every byline of the articles shown, per feed.
func (s *Store) Bylines(ctx context.Context) (_ []BylineRow, err error) {
	defer func() { err = s.explain(err) }()
	rows, err := s.db.QueryContext(ctx, `
		SELECT a.author, CASE WHEN f.title <> '' THEN f.title ELSE f.url END, count(*), sum(a.read = 0), max(a.published)
		FROM articles a JOIN feeds f ON f.id = a.feed_id
		WHERE a.author <> '' AND a.filtered = 0
		GROUP BY a.author, a.feed_id`)
	if err != nil {
		return nil, fmt.Errorf("bylines: %w", err)
	}
	defer rows.Close()
	var out []BylineRow
	for rows.Next() {
		var r BylineRow
		var latest int64
		if err := rows.Scan(&r.Author, &r.Feed, &r.Articles, &r.Unread, &latest); err != nil {
			return nil, err
		}
		r.Latest = time.Unix(latest, 0).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// Follows is the columnists followed: key → name as shown.
func (s *Store) Follows(ctx context.Context) (_ map[string]string, err error) {
	defer func() { err = s.explain(err) }()
	rows, err := s.db.QueryContext(ctx, `SELECT key, name FROM follows`)
	if err != nil {
		return nil, fmt.Errorf("follows: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, n string
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// Follow keeps a columnist followed.
func (s *Store) Follow(ctx context.Context, key, name string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO follows (key, name, created_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET name = excluded.name`, key, name, time.Now().Unix())
		return err
	})
}

// Unfollow forgets a followed columnist.
func (s *Store) Unfollow(ctx context.Context, key string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM follows WHERE key = ?`, key)
		return err
	})
}
