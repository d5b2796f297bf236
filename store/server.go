package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// The library's side of syncing with a team's feed server: which feeds
// and entries are the server's, the changes made here that the server has
// not heard of, and the server's state applied without echoing it back.

// ServerGUID is the guid of a server entry's article.
func ServerGUID(entryID string) string { return serverPrefix + entryID }

const serverPrefix = "server:"

// ServerEntry is the server's entry id of an article's guid; ok is false
// for an article of kolom's own feeds.
func ServerEntry(guid string) (string, bool) { return strings.CutPrefix(guid, serverPrefix) }

// PendingState is what a pending change is about.
type PendingState string

// The two kinds of change a server hears of.
const (
	Read    PendingState = "read"    // read or unread
	Starred PendingState = "starred" // starred (bookmarked) or not
)

// Pending is a change made here the server has yet to hear of.
type Pending struct {
	ArticleID int64
	State     PendingState
	Value     bool
	Entry     string // the server's entry id
}

// queue notes a change of a server entry's article to send; a change to an
// article of kolom's own feeds queues nothing.
func queue(ctx context.Context, tx *sql.Tx, articleID int64, state PendingState, value bool) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO pending (article_id, state, value, entry)
		SELECT id, ?2, ?3, substr(guid, ?4) FROM articles WHERE id = ?1 AND guid LIKE 'server:%'
		ON CONFLICT (article_id, state) DO UPDATE SET value = excluded.value`,
		articleID, string(state), value, len(serverPrefix)+1)
	if err != nil {
		return fmt.Errorf("queue the change of article %d for the server: %w", articleID, err)
	}
	return nil
}

// PendingChanges lists the changes waiting to be sent.
func (s *Store) PendingChanges(ctx context.Context) (_ []Pending, err error) {
	defer func() { err = s.explain(err) }()
	rows, err := s.db.QueryContext(ctx, `SELECT article_id, state, value, entry FROM pending ORDER BY article_id`)
	if err != nil {
		return nil, fmt.Errorf("pending changes: %w", err)
	}
	defer rows.Close()
	var out []Pending
	for rows.Next() {
		var p Pending
		var state string
		if err := rows.Scan(&p.ArticleID, &state, &p.Value, &p.Entry); err != nil {
			return nil, err
		}
		p.State = PendingState(state)
		out = append(out, p)
	}
	return out, rows.Err()
}

// ChangesSent forgets changes the server has taken — unless the article
// changed again since they were read: that change is still to send.
func (s *Store) ChangesSent(ctx context.Context, sent []Pending) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `DELETE FROM pending WHERE article_id = ? AND state = ? AND value = ?`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, p := range sent {
			if _, err := st.ExecContext(ctx, p.ArticleID, string(p.State), p.Value); err != nil {
				return fmt.Errorf("forget a sent change: %w", err)
			}
		}
		return nil
	})
}

// SetFeedServerID marks a feed as the server's (id "" makes it kolom's own
// again).
func (s *Store) SetFeedServerID(ctx context.Context, feedID int64, serverID string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE feeds SET server_id = ? WHERE id = ?`, serverID, feedID)
		return err
	})
}

// SetFeedDetails sets what the server says of a feed: its title and folder.
func (s *Store) SetFeedDetails(ctx context.Context, feedID int64, title, folder string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE feeds SET title = ?, folder = ? WHERE id = ?`, title, folder, feedID)
		return err
	})
}

// ForgetServer makes every feed kolom's own again and drops what was
// still to send.
func (s *Store) ForgetServer(ctx context.Context) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE feeds SET server_id = ''`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM pending`)
		return err
	})
}

// ApplyServerRead makes the read state of the server's articles what the
// server says — unread exactly those in unread — except where a change
// made here is still to send: that one is newer. It returns how many
// articles changed.
func (s *Store) ApplyServerRead(ctx context.Context, unread map[string]bool) (int, error) {
	changed := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		changed = 0
		rows, err := tx.QueryContext(ctx, `
			SELECT id, guid, read FROM articles
			WHERE guid LIKE 'server:%' AND id NOT IN (SELECT article_id FROM pending WHERE state = 'read')`)
		if err != nil {
			return err
		}
		type change struct {
			id   int64
			read bool
		}
		var todo []change
		for rows.Next() {
			var id int64
			var guid string
			var read bool
			if err := rows.Scan(&id, &guid, &read); err != nil {
				rows.Close()
				return err
			}
			entry, _ := ServerEntry(guid)
			if want := !unread[entry]; want != read {
				todo = append(todo, change{id, want})
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		st, err := tx.PrepareContext(ctx, `UPDATE articles SET read = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, c := range todo {
			if _, err := st.ExecContext(ctx, c.read, c.id); err != nil {
				return err
			}
		}
		changed = len(todo)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("apply the server's read state: %w", err)
	}
	return changed, nil
}

// StarChanges compares the server's stars with the bookmarks of its
// articles, leaving out those with a change still to send: star lists
// the articles to bookmark, unstar those whose bookmark the server took
// away — only bookmarks without a note or tags, which are kolom's own and
// stay.
func (s *Store) StarChanges(ctx context.Context, starred map[string]bool) (star, unstar []int64, err error) {
	defer func() { err = s.explain(err) }()
	rows, err := s.db.QueryContext(ctx, `
		SELECT a.id, a.guid, b.article_id IS NOT NULL, COALESCE(b.note, '') = '' AND COALESCE(b.tags, '[]') = '[]'
		FROM articles a LEFT JOIN bookmarks b ON b.article_id = a.id
		WHERE a.guid LIKE 'server:%' AND a.id NOT IN (SELECT article_id FROM pending WHERE state = 'starred')`)
	if err != nil {
		return nil, nil, fmt.Errorf("compare stars: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var guid string
		var marked, bare bool
		if err := rows.Scan(&id, &guid, &marked, &bare); err != nil {
			return nil, nil, err
		}
		entry, _ := ServerEntry(guid)
		on := starred[entry]
		switch {
		case on && !marked:
			star = append(star, id)
		case !on && marked && bare:
			unstar = append(unstar, id)
		}
	}
	return star, unstar, rows.Err()
}

// AdoptArticles gives articles kolom fetched itself, before the feed was
// the server's, the guids of the server's entries with the same link, so
// the first sync does not list every article twice (and read state and
// bookmarks carry over).
func (s *Store) AdoptArticles(ctx context.Context, feedID int64, items []Item) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `UPDATE articles SET guid = ? WHERE id = (
			SELECT id FROM articles WHERE feed_id = ? AND url = ? AND guid NOT LIKE 'server:%' LIMIT 1)
			AND NOT EXISTS (SELECT 1 FROM articles WHERE feed_id = ? AND guid = ?)`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, it := range items {
			if it.URL == "" {
				continue
			}
			if _, err := st.ExecContext(ctx, it.GUID, feedID, it.URL, feedID, it.GUID); err != nil {
				return fmt.Errorf("adopt article %s: %w", it.URL, err)
			}
		}
		return nil
	})
}

// EntryState is the server's read state and star of one entry.
type EntryState struct {
	Entry         string
	Read, Starred bool
}

// ApplyServerStates applies the states of the entries the server says
// changed — except where a change made here is still to send — and
// returns, like StarChanges, the articles to bookmark and those whose
// bare bookmark the server took away.
func (s *Store) ApplyServerStates(ctx context.Context, states []EntryState) (read int, star, unstar []int64, err error) {
	if len(states) == 0 {
		return 0, nil, nil, nil
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		read, star, unstar = 0, nil, nil
		q, err := tx.PrepareContext(ctx, `
			SELECT a.id, a.read, b.article_id IS NOT NULL, COALESCE(b.note, '') = '' AND COALESCE(b.tags, '[]') = '[]',
				EXISTS (SELECT 1 FROM pending p WHERE p.article_id = a.id AND p.state = 'read'),
				EXISTS (SELECT 1 FROM pending p WHERE p.article_id = a.id AND p.state = 'starred')
			FROM articles a LEFT JOIN bookmarks b ON b.article_id = a.id WHERE a.guid = ? AND a.guid LIKE 'server:%'`)
		if err != nil {
			return err
		}
		defer q.Close()
		upd, err := tx.PrepareContext(ctx, `UPDATE articles SET read = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer upd.Close()
		for _, st := range states {
			var id int64
			var isRead, marked, bare, readPending, starPending bool
			err := q.QueryRowContext(ctx, ServerGUID(st.Entry)).Scan(&id, &isRead, &marked, &bare, &readPending, &starPending)
			if err == sql.ErrNoRows {
				continue // an entry of a feed the library does not have (yet)
			}
			if err != nil {
				return err
			}
			if !readPending && isRead != st.Read {
				if _, err := upd.ExecContext(ctx, st.Read, id); err != nil {
					return err
				}
				read++
			}
			switch {
			case starPending:
			case st.Starred && !marked:
				star = append(star, id)
			case !st.Starred && marked && bare:
				unstar = append(unstar, id)
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, nil, fmt.Errorf("apply the server's changes: %w", err)
	}
	return read, star, unstar, nil
}
