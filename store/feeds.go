package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Feed is a subscription with its fetch state and counts.
type Feed struct {
	ID           int64
	URL          string
	Title        string
	SiteURL      string
	Folder       string
	ETag         string
	LastModified string
	CreatedAt    time.Time
	LastFetched  time.Time // last attempt
	LastSuccess  time.Time
	LastError    string // empty after a success
	LastErrorAt  time.Time
	NextFetch    time.Time // the server asked not to be fetched before; zero: any time
	WaitReason   string    // why, in words
	ServerID     string    // its id on the team's feed server; "" for a feed kolom fetches itself
	Settings     string    // its own settings as the library wrote them; "" for none
	Unread       int
	Total        int
}

// NewFeed is what AddFeed needs.
type NewFeed struct {
	URL, Title, SiteURL, Folder string
}

// AddFeed subscribes to a feed. It returns ErrDuplicate (wrapped) when the URL
// is already in the library.
func (s *Store) AddFeed(ctx context.Context, f NewFeed) (int64, error) {
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = addFeed(ctx, tx, f)
		return err
	})
	return id, err
}

func addFeed(ctx context.Context, tx *sql.Tx, f NewFeed) (int64, error) {
	res, err := tx.ExecContext(ctx,
		`INSERT INTO feeds (url, title, site_url, folder, created_at) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (url) DO NOTHING`,
		f.URL, f.Title, f.SiteURL, f.Folder, time.Now().Unix())
	if err != nil {
		return 0, fmt.Errorf("add feed %s: %w", f.URL, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, fmt.Errorf("%s: %w", f.URL, ErrDuplicate)
	}
	return res.LastInsertId()
}

// AddFeeds subscribes to several feeds in one transaction, skipping URLs
// already present. It returns the ids of the feeds it added.
func (s *Store) AddFeeds(ctx context.Context, fs []NewFeed) ([]int64, error) {
	var ids []int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		for _, f := range fs {
			id, err := addFeed(ctx, tx, f)
			if errors.Is(err, ErrDuplicate) {
				continue
			}
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// RemoveFeed unsubscribes and deletes the feed's articles.
func (s *Store) RemoveFeed(ctx context.Context, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM feeds WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("remove feed %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("feed %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

const feedColumns = `f.id, f.url, f.title, f.site_url, f.folder, f.etag, f.last_modified, f.created_at,
	f.last_fetched, f.last_success, f.last_error, f.last_error_at, f.next_fetch_at, f.wait_reason, f.server_id, f.settings`

func scanFeed(sc interface{ Scan(...any) error }, extra ...any) (Feed, error) {
	var f Feed
	var created int64
	var fetched, success, errAt, next sql.NullInt64
	dest := append([]any{&f.ID, &f.URL, &f.Title, &f.SiteURL, &f.Folder, &f.ETag, &f.LastModified,
		&created, &fetched, &success, &f.LastError, &errAt, &next, &f.WaitReason, &f.ServerID, &f.Settings}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return f, err
	}
	f.CreatedAt = time.Unix(created, 0).UTC()
	f.LastFetched, f.LastSuccess, f.LastErrorAt = fromUnix(fetched), fromUnix(success), fromUnix(errAt)
	f.NextFetch = fromUnix(next)
	return f, nil
}

// Feed returns one feed without counts.
func (s *Store) Feed(ctx context.Context, id int64) (_ Feed, err error) {
	defer func() { err = s.explain(err) }()
	f, err := scanFeed(s.db.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feeds f WHERE f.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return f, fmt.Errorf("feed %d: %w", id, ErrNotFound)
	}
	return f, err
}

// Feeds lists every feed with unread and total counts, by folder then title.
func (s *Store) Feeds(ctx context.Context) (_ []Feed, err error) {
	defer func() { err = s.explain(err) }()
	rows, err := s.db.QueryContext(ctx, `
		SELECT `+feedColumns+`,
			(SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND a.read = 0 AND a.filtered = 0),
			(SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND a.filtered = 0)
		FROM feeds f
		ORDER BY f.folder COLLATE NOCASE, f.title COLLATE NOCASE, f.id`)
	if err != nil {
		return nil, fmt.Errorf("list feeds: %w", err)
	}
	defer rows.Close()
	var out []Feed
	for rows.Next() {
		var unread, total int
		f, err := scanFeed(rows, &unread, &total)
		if err != nil {
			return nil, fmt.Errorf("list feeds: %w", err)
		}
		f.Unread, f.Total = unread, total
		out = append(out, f)
	}
	return out, rows.Err()
}

// FetchState is what a fetch learnt about a feed.
type FetchState struct {
	At           time.Time
	ETag         string
	LastModified string
	NewURL       string // a permanent move; "" when the URL stays
	Title        string // the feed's own title, used when the feed has none yet
	SiteURL      string
	// PruneBefore: read articles published before it, no longer in the feed
	// and not bookmarked, are deleted after storing. Zero keeps everything.
	PruneBefore time.Time
	// NextFetch is when the server asks to be fetched again at the earliest
	// (zero: any time), WaitReason why.
	NextFetch  time.Time
	WaitReason string
}

// RecordNotModified stores a 304: a success, with any new validators.
func (s *Store) RecordNotModified(ctx context.Context, feedID int64, st FetchState) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		return recordSuccess(ctx, tx, feedID, st)
	})
}

func recordSuccess(ctx context.Context, tx *sql.Tx, feedID int64, st FetchState) error {
	_, err := tx.ExecContext(ctx, `
		UPDATE feeds SET
			etag = CASE WHEN ?1 <> '' THEN ?1 ELSE etag END,
			last_modified = CASE WHEN ?2 <> '' THEN ?2 ELSE last_modified END,
			title = CASE WHEN title = '' THEN ?3 ELSE title END,
			site_url = CASE WHEN ?4 <> '' THEN ?4 ELSE site_url END,
			last_fetched = ?5, last_success = ?5, last_error = '', last_error_at = NULL,
			next_fetch_at = ?7, wait_reason = ?8
		WHERE id = ?6`,
		st.ETag, st.LastModified, st.Title, st.SiteURL, st.At.Unix(), feedID, unix(st.NextFetch), st.WaitReason)
	if err != nil {
		return fmt.Errorf("record fetch of feed %d: %w", feedID, err)
	}
	if st.NewURL != "" {
		if err := moveFeed(ctx, tx, feedID, st.NewURL); err != nil {
			return err
		}
	}
	return nil
}

// moveFeed points a feed at its new URL, unless another subscription already
// has it (then both stay as they are; the user sees two feeds, loses nothing).
func moveFeed(ctx context.Context, tx *sql.Tx, feedID int64, newURL string) error {
	_, err := tx.ExecContext(ctx, `UPDATE OR IGNORE feeds SET url = ? WHERE id = ?`, newURL, feedID)
	if err != nil {
		return fmt.Errorf("move feed %d to %s: %w", feedID, newURL, err)
	}
	return nil
}

// SetFeedURL points a feed at another address (after discovery) and forgets
// the old validators.
func (s *Store) SetFeedURL(ctx context.Context, feedID int64, newURL string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE feeds SET url = ?, etag = '', last_modified = '' WHERE id = ?`, newURL, feedID)
		if err != nil {
			if strings.Contains(err.Error(), "UNIQUE") {
				return fmt.Errorf("%s: %w", newURL, ErrDuplicate)
			}
			return fmt.Errorf("set URL of feed %d: %w", feedID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("feed %d: %w", feedID, ErrNotFound)
		}
		return nil
	})
}

// SetFeedSettings keeps a feed's own settings.
func (s *Store) SetFeedSettings(ctx context.Context, feedID int64, settings string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE feeds SET settings = ? WHERE id = ?`, settings, feedID)
		if err != nil {
			return fmt.Errorf("settings of feed %d: %w", feedID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("feed %d: %w", feedID, ErrNotFound)
		}
		return nil
	})
}

// RecordError stores a failed fetch; everything already stored stays. next
// is when the server asked to be tried again (zero: any time).
func (s *Store) RecordError(ctx context.Context, feedID int64, msg string, at, next time.Time, reason string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx,
			`UPDATE feeds SET last_fetched = ?1, last_error = ?2, last_error_at = ?1, next_fetch_at = ?4, wait_reason = ?5 WHERE id = ?3`,
			at.Unix(), msg, feedID, unix(next), reason)
		if err != nil {
			return fmt.Errorf("record error of feed %d: %w", feedID, err)
		}
		return nil
	})
}
