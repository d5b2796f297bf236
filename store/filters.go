package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// FilterRow is a filter as kept.
type FilterRow struct {
	ID        int64
	Expr      string
	MarkRead  bool
	CreatedAt time.Time
	Hidden    int // articles it hides now
}

// AddFilter keeps a filter and returns its id.
func (s *Store) AddFilter(ctx context.Context, expr string, markRead bool) (int64, error) {
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO filters (expr, mark_read, created_at) VALUES (?, ?, ?)`, expr, markRead, time.Now().Unix())
		if err != nil {
			return fmt.Errorf("add filter: %w", err)
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// Filters lists the filters, oldest first, with what each hides.
func (s *Store) Filters(ctx context.Context) (_ []FilterRow, err error) {
	defer func() { err = s.explain(err) }()
	rows, err := s.db.QueryContext(ctx, `
		SELECT id, expr, mark_read, created_at, (SELECT count(*) FROM articles a WHERE a.filtered = filters.id)
		FROM filters ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list filters: %w", err)
	}
	defer rows.Close()
	var out []FilterRow
	for rows.Next() {
		var f FilterRow
		var created int64
		if err := rows.Scan(&f.ID, &f.Expr, &f.MarkRead, &created, &f.Hidden); err != nil {
			return nil, err
		}
		f.CreatedAt = time.Unix(created, 0).UTC()
		out = append(out, f)
	}
	return out, rows.Err()
}

// RemoveFilter forgets a filter and shows again what it hid; it returns
// those articles, for the filters left to look at.
func (s *Store) RemoveFilter(ctx context.Context, id int64) ([]int64, error) {
	var shown []int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		shown = nil
		res, err := tx.ExecContext(ctx, `DELETE FROM filters WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("remove filter %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("filter %d: %w", id, ErrNotFound)
		}
		rows, err := tx.QueryContext(ctx, `UPDATE articles SET filtered = 0 WHERE filtered = ? RETURNING id`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a int64
			if err := rows.Scan(&a); err != nil {
				return err
			}
			shown = append(shown, a)
		}
		return rows.Err()
	})
	return shown, err
}

// FilterDoc is an article as a filter is matched against it.
type FilterDoc struct {
	ID int64
	Doc
}

// ShownArticles hands over every article no filter hides and no bookmark
// keeps (only: the ones in ids, when given), in batches, as filters see
// them.
func (s *Store) ShownArticles(ctx context.Context, ids []int64, fn func([]FilterDoc) error) error {
	after := int64(0)
	for {
		q := `SELECT a.id, a.title, a.author, CASE WHEN f.title <> '' THEN f.title ELSE f.url END,
				CASE WHEN b.content <> '' THEN b.content ELSE b.summary END
			FROM articles a JOIN feeds f ON f.id = a.feed_id JOIN article_bodies b ON b.article_id = a.id
			WHERE a.id > ? AND a.filtered = 0 AND a.id NOT IN (SELECT article_id FROM bookmarks)`
		args := []any{after}
		if ids != nil {
			q += ` AND a.id IN (SELECT value FROM json_each(?))`
			args = append(args, jsonIDs(ids))
		}
		rows, err := s.db.QueryContext(ctx, q+` ORDER BY a.id LIMIT 1000`, args...)
		if err != nil {
			return fmt.Errorf("articles for the filters: %w", err)
		}
		var batch []FilterDoc
		for rows.Next() {
			var d FilterDoc
			if err := rows.Scan(&d.ID, &d.Title, &d.Author, &d.Feed, &d.HTML); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		if err := fn(batch); err != nil {
			return err
		}
		after = batch[len(batch)-1].ID
	}
}

// ApplyFilter hides articles by a filter, or marks them read (markRead;
// a feed server hears of it on the next sync, as of any read). A
// bookmarked article is never touched.
func (s *Store) ApplyFilter(ctx context.Context, filterID int64, markRead bool, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		set := `filtered = ?1`
		if markRead {
			set = `read = 1`
		}
		rows, err := tx.QueryContext(ctx, `UPDATE articles SET `+set+`
			WHERE id IN (SELECT value FROM json_each(?2)) AND id NOT IN (SELECT article_id FROM bookmarks) RETURNING id`, filterID, jsonIDs(ids))
		if err != nil {
			return fmt.Errorf("apply filter %d: %w", filterID, err)
		}
		var done []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			done = append(done, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil || !markRead {
			return err
		}
		for _, id := range done {
			if err := queue(ctx, tx, id, Read, true); err != nil {
				return err
			}
		}
		return nil
	})
}

// MarkReadByGUID marks read the articles of a feed with these guids (a
// --mark-read filter took them as they came from a feed server) and
// queues that for the server.
func (s *Store) MarkReadByGUID(ctx context.Context, feedID int64, guids []string) error {
	if len(guids) == 0 {
		return nil
	}
	b, _ := json.Marshal(guids)
	var ids []int64
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM articles WHERE feed_id = ? AND guid IN (SELECT value FROM json_each(?))`, feedID, string(b))
	if err != nil {
		return fmt.Errorf("feed %d: %w", feedID, err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return s.SetReadMany(ctx, ids, true)
}

func jsonIDs(ids []int64) string {
	b, _ := json.Marshal(ids)
	return string(b)
}
