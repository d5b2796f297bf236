package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Bookmark is a kept article with its own copy of what a reader needs.
type Bookmark struct {
	ID           int64
	ArticleID    int64
	Title        string
	URL          string
	Author       string
	FeedTitle    string
	Published    time.Time
	Markdown     string
	Note         string
	Tags         []string
	BookmarkedAt time.Time
	Text         string // plain text for the search index (not stored otherwise)
}

// AddBookmark keeps a copy of an article; bookmarking it again refreshes the
// copy and keeps the note, tags and time.
func (s *Store) AddBookmark(ctx context.Context, b Bookmark) (int64, error) {
	return s.addBookmark(ctx, b, true)
}

// AddServerBookmark is AddBookmark for a star that came from the feed
// server: nothing is queued to send back.
func (s *Store) AddServerBookmark(ctx context.Context, b Bookmark) (int64, error) {
	return s.addBookmark(ctx, b, false)
}

func (s *Store) addBookmark(ctx context.Context, b Bookmark, send bool) (int64, error) {
	tags, err := json.Marshal(nonNil(b.Tags))
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `
			INSERT INTO bookmarks (article_id, title, url, author, feed_title, published, markdown, note, tags, bookmarked_at)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
			ON CONFLICT (article_id) DO UPDATE SET title = ?2, url = ?3, author = ?4, feed_title = ?5,
				published = ?6, markdown = CASE WHEN ?7 <> '' THEN ?7 ELSE markdown END
			RETURNING id`,
			b.ArticleID, b.Title, b.URL, b.Author, b.FeedTitle, unix(b.Published), b.Markdown, b.Note, string(tags),
			b.BookmarkedAt.Unix()).Scan(&id)
		if err != nil {
			return err
		}
		if send {
			if err := queue(ctx, tx, b.ArticleID, Starred, true); err != nil {
				return err
			}
		}
		return indexBookmark(ctx, tx, b.ArticleID, b.Text)
	})
	if err != nil {
		return 0, fmt.Errorf("bookmark article %d: %w", b.ArticleID, err)
	}
	s.checkpoint(ctx)
	return id, nil
}

// indexBookmark (re)writes a bookmark's row in the search index from the
// bookmarks table; text replaces the body when given.
func indexBookmark(ctx context.Context, tx *sql.Tx, articleID int64, text string) error {
	var old string
	err := tx.QueryRowContext(ctx, `SELECT body FROM bookmarks_fts WHERE rowid = ?`, articleID).Scan(&old)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if text == "" {
		text = old
	}
	text = indexText(text)
	if _, err := tx.ExecContext(ctx, `DELETE FROM bookmarks_fts WHERE rowid = ?`, articleID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO bookmarks_fts (rowid, title, author, feed, body, note, tags)
		SELECT article_id, title, author, feed_title, ?, note,
			(SELECT group_concat(value, ' ') FROM json_each(tags))
		FROM bookmarks WHERE article_id = ?`, text, articleID)
	return err
}

// UpdateBookmark sets a bookmark's note and tags.
func (s *Store) UpdateBookmark(ctx context.Context, articleID int64, note string, tags []string) error {
	js, err := json.Marshal(nonNil(tags))
	if err != nil {
		return err
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE bookmarks SET note = ?, tags = ? WHERE article_id = ?`, note, string(js), articleID)
		if err != nil {
			return fmt.Errorf("update bookmark of article %d: %w", articleID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("bookmark of article %d: %w", articleID, ErrNotFound)
		}
		return indexBookmark(ctx, tx, articleID, "")
	})
	if err == nil {
		s.checkpoint(ctx)
	}
	return err
}

// RemoveBookmark forgets the bookmark of an article.
func (s *Store) RemoveBookmark(ctx context.Context, articleID int64) error {
	return s.removeBookmark(ctx, articleID, true)
}

// RemoveServerBookmark is RemoveBookmark for a star taken away on the feed
// server: nothing is queued to send back.
func (s *Store) RemoveServerBookmark(ctx context.Context, articleID int64) error {
	return s.removeBookmark(ctx, articleID, false)
}

func (s *Store) removeBookmark(ctx context.Context, articleID int64, send bool) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM bookmarks WHERE article_id = ?`, articleID)
		if err != nil {
			return fmt.Errorf("remove bookmark of article %d: %w", articleID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("bookmark of article %d: %w", articleID, ErrNotFound)
		}
		if send {
			return queue(ctx, tx, articleID, Starred, false)
		}
		return nil
	})
	if err == nil {
		s.checkpoint(ctx)
	}
	return err
}

const bookmarkColumns = `id, article_id, title, url, author, feed_title, published, markdown, note, tags, bookmarked_at`

func scanBookmark(sc interface{ Scan(...any) error }) (Bookmark, error) {
	var b Bookmark
	var pub sql.NullInt64
	var at int64
	var tags string
	err := sc.Scan(&b.ID, &b.ArticleID, &b.Title, &b.URL, &b.Author, &b.FeedTitle, &pub, &b.Markdown, &b.Note, &tags, &at)
	if err != nil {
		return b, err
	}
	b.Published = fromUnix(pub)
	b.BookmarkedAt = time.Unix(at, 0).UTC()
	if err := json.Unmarshal([]byte(tags), &b.Tags); err != nil {
		b.Tags = nil
	}
	return b, nil
}

// BookmarkQuery filters bookmarks.
type BookmarkQuery struct {
	Tag   string    // only bookmarks with this tag (any case)
	Since time.Time // only bookmarks made since
}

// Bookmarks lists bookmarks, most recent first.
func (s *Store) Bookmarks(ctx context.Context, q BookmarkQuery) (_ []Bookmark, err error) {
	defer func() { err = s.explain(err) }()
	query := `SELECT ` + bookmarkColumns + ` FROM bookmarks WHERE bookmarked_at >= ?`
	args := []any{q.Since.Unix()}
	if q.Since.IsZero() {
		args[0] = 0
	}
	if q.Tag != "" {
		query += ` AND EXISTS (SELECT 1 FROM json_each(bookmarks.tags) WHERE value = ? COLLATE NOCASE)`
		args = append(args, q.Tag)
	}
	rows, err := s.db.QueryContext(ctx, query+` ORDER BY bookmarked_at DESC, id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("list bookmarks: %w", err)
	}
	defer rows.Close()
	var out []Bookmark
	for rows.Next() {
		b, err := scanBookmark(rows)
		if err != nil {
			return nil, fmt.Errorf("list bookmarks: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// BookmarkOf returns the bookmark of an article.
func (s *Store) BookmarkOf(ctx context.Context, articleID int64) (_ Bookmark, err error) {
	defer func() { err = s.explain(err) }()
	b, err := scanBookmark(s.db.QueryRowContext(ctx, `SELECT `+bookmarkColumns+` FROM bookmarks WHERE article_id = ?`, articleID))
	if errors.Is(err, sql.ErrNoRows) {
		return b, fmt.Errorf("bookmark of article %d: %w", articleID, ErrNotFound)
	}
	return b, err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
