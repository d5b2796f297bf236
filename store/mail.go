package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The library's side of newsletters read from the mailbox: the mailboxes
// it reads, where each reader stopped, and the feeds letters go into (one
// per sender, URL "mail:<sender>").

// MailFeedURL is the URL of a sender's feed.
func MailFeedURL(sender string) string { return mailPrefix + sender }

// IsMailFeed reports whether a feed's URL is a sender's, filled from a
// mailbox rather than fetched.
func IsMailFeed(url string) bool { return strings.HasPrefix(url, mailPrefix) }

// MailGUID is the guid of a letter's article.
func MailGUID(id string) string { return mailPrefix + id }

// IsMailArticle reports whether an article's guid is a letter's.
func IsMailArticle(guid string) bool { return strings.HasPrefix(guid, mailPrefix) }

const mailPrefix = "mail:"

// Mailbox is a mailbox the library reads newsletters from.
type Mailbox struct {
	ID        int64
	URL       string // imap://user@host:port/folder, maildir:///path, mbox:///path
	Security  string // for IMAP: "tls", "starttls" or "plain"
	AllMail   bool   // every message is a letter, not only mail sent to a list
	Folder    string // the folder its senders' feeds are put in
	State     string // where its reader stopped, as the reader wrote it
	CreatedAt time.Time
	LastRead  time.Time // last attempt
	LastError string    // empty after a read that worked
}

// AddMailbox adds a mailbox; ErrDuplicate (wrapped) when its URL is there.
func (s *Store) AddMailbox(ctx context.Context, m Mailbox) (int64, error) {
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			INSERT INTO mailboxes (url, security, all_mail, folder, created_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (url) DO NOTHING`, m.URL, m.Security, m.AllMail, m.Folder, time.Now().Unix())
		if err != nil {
			return fmt.Errorf("add mailbox %s: %w", m.URL, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%s: %w", m.URL, ErrDuplicate)
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// Mailboxes lists the mailboxes, oldest first.
func (s *Store) Mailboxes(ctx context.Context) (_ []Mailbox, err error) {
	defer func() { err = s.explain(err) }()
	rows, err := s.db.QueryContext(ctx, `
		SELECT id, url, security, all_mail, folder, state, created_at, last_read, last_error FROM mailboxes ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list mailboxes: %w", err)
	}
	defer rows.Close()
	var out []Mailbox
	for rows.Next() {
		var m Mailbox
		var created int64
		var read sql.NullInt64
		if err := rows.Scan(&m.ID, &m.URL, &m.Security, &m.AllMail, &m.Folder, &m.State, &created, &read, &m.LastError); err != nil {
			return nil, err
		}
		m.CreatedAt, m.LastRead = time.Unix(created, 0).UTC(), fromUnix(read)
		out = append(out, m)
	}
	return out, rows.Err()
}

// RemoveMailbox forgets a mailbox; the feeds read from it stay.
func (s *Store) RemoveMailbox(ctx context.Context, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM mailboxes WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("remove mailbox %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("mailbox %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

// MailSeen is the keys of the messages taken from a mailbox so far.
func (s *Store) MailSeen(ctx context.Context, mailboxID int64) (_ map[string]bool, err error) {
	defer func() { err = s.explain(err) }()
	rows, err := s.db.QueryContext(ctx, `SELECT key FROM mail_seen WHERE mailbox_id = ?`, mailboxID)
	if err != nil {
		return nil, fmt.Errorf("mailbox %d: %w", mailboxID, err)
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		seen[k] = true
	}
	return seen, rows.Err()
}

// MutedSenders is the sender feeds removed by the user: their letters are
// not read in again.
func (s *Store) MutedSenders(ctx context.Context) (_ map[string]bool, err error) {
	defer func() { err = s.explain(err) }()
	rows, err := s.db.QueryContext(ctx, `SELECT feed_url FROM mail_muted`)
	if err != nil {
		return nil, fmt.Errorf("muted senders: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		out[u] = true
	}
	return out, rows.Err()
}

// Letter is one newsletter to store: the feed of its sender (made when
// the library has none yet; a feed there keeps its title and folder) and
// its article.
type Letter struct {
	FeedURL, FeedTitle, Folder string
	Item                       Item
}

// MailRead is what one read of a mailbox found.
type MailRead struct {
	At      time.Time
	State   string   // the reader's cursor after this read
	Seen    []string // keys of the messages taken (or skipped for good)
	Letters []Letter
	// Filter, when set, is asked of each letter new to the library before
	// it is stored (it sets the item's Filtered or MarkRead).
	Filter func(*Letter)
}

// MailCounts says what StoreMail did.
type MailCounts struct {
	New      int
	Filtered int     // of New, hidden or marked read by a filter
	NewFeeds []int64 // feeds made for new senders
	Feeds    []int64 // every feed a letter went into
}

// StoreMail stores one read of a mailbox in one transaction: the letters
// (into their senders' feeds, made as needed), the keys seen and the
// reader's cursor — so a read is kept whole or not at all, and the next
// read starts where this one ended. A letter stored before (the same guid
// in its feed) is left as it is: mail does not change.
func (s *Store) StoreMail(ctx context.Context, mailboxID int64, r MailRead) (MailCounts, error) {
	var c MailCounts
	err := s.write(ctx, func(tx *sql.Tx) error {
		c = MailCounts{}
		feedIDs := map[string]int64{}
		for _, l := range r.Letters {
			id, ok := feedIDs[l.FeedURL]
			if !ok {
				var err error
				var made bool
				if id, made, err = mailFeed(ctx, tx, l); err != nil {
					return err
				}
				feedIDs[l.FeedURL] = id
				c.Feeds = append(c.Feeds, id)
				if made {
					c.NewFeeds = append(c.NewFeeds, id)
				}
			}
			if r.Filter != nil {
				var exists bool
				if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE feed_id = ? AND guid = ?)`, id, l.Item.GUID).Scan(&exists); err != nil {
					return err
				}
				if !exists {
					r.Filter(&l)
				}
			}
			it := l.Item
			pub := r.At.Unix()
			if !it.Published.IsZero() {
				pub = it.Published.Unix()
			}
			res, err := tx.ExecContext(ctx, `
				INSERT INTO articles (feed_id, guid, url, title, author, published, fetched_at, hash, words, unsubscribe, filtered, read)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (feed_id, guid) DO NOTHING`,
				id, it.GUID, it.URL, it.Title, it.Author, pub, r.At.Unix(), it.hash(), it.Words, it.Unsubscribe, it.Filtered, it.MarkRead)
			if err != nil {
				return fmt.Errorf("store the letter %q: %w", it.Title, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue
			}
			aid, _ := res.LastInsertId()
			if _, err := tx.ExecContext(ctx, `INSERT INTO article_bodies (article_id, content) VALUES (?, ?)`, aid, it.Content); err != nil {
				return fmt.Errorf("store the letter %q: %w", it.Title, err)
			}
			c.New++
			if it.Filtered != 0 || it.MarkRead {
				c.Filtered++
			}
		}
		for _, id := range c.Feeds {
			if _, err := tx.ExecContext(ctx, `UPDATE feeds SET last_fetched = ?1, last_success = ?1, last_error = '', last_error_at = NULL WHERE id = ?2`,
				r.At.Unix(), id); err != nil {
				return err
			}
		}
		if len(r.Seen) > 0 {
			st, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO mail_seen (mailbox_id, key) VALUES (?, ?)`)
			if err != nil {
				return err
			}
			defer st.Close()
			for _, k := range r.Seen {
				if _, err := st.ExecContext(ctx, mailboxID, k); err != nil {
					return fmt.Errorf("mailbox %d: %w", mailboxID, err)
				}
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE mailboxes SET state = ?, last_read = ?, last_error = '' WHERE id = ?`,
			r.State, r.At.Unix(), mailboxID)
		if err != nil {
			return fmt.Errorf("mailbox %d: %w", mailboxID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("mailbox %d: %w", mailboxID, ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return MailCounts{}, fmt.Errorf("store mail: %w", err)
	}
	return c, nil
}

// mailFeed is the id of a sender's feed, made when there is none.
func mailFeed(ctx context.Context, tx *sql.Tx, l Letter) (int64, bool, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM feeds WHERE url = ?`, l.FeedURL).Scan(&id)
	if err == nil {
		return id, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	id, err = addFeed(ctx, tx, NewFeed{URL: l.FeedURL, Title: l.FeedTitle, Folder: l.Folder})
	return id, true, err
}

// RecordMailError stores a failed read of a mailbox; what was read before
// stays, and so does its cursor.
func (s *Store) RecordMailError(ctx context.Context, mailboxID int64, msg string, at time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE mailboxes SET last_read = ?, last_error = ? WHERE id = ?`, at.Unix(), msg, mailboxID)
		return err
	})
}

// MuteSender removes a sender's feed (its bookmarks stay, as with any
// feed) and keeps its letters from being read in again.
func (s *Store) MuteSender(ctx context.Context, feedID int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO mail_muted (feed_url) SELECT url FROM feeds WHERE id = ?`, feedID); err != nil {
			return fmt.Errorf("mute feed %d: %w", feedID, err)
		}
		return nil
	})
}
