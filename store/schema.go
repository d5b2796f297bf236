package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// migrations[i] takes the schema from user_version i to i+1. Never edit one
// that has shipped; append a new one.
var migrations = []string{
	`
CREATE TABLE feeds (
	id            INTEGER PRIMARY KEY,
	url           TEXT NOT NULL UNIQUE,
	title         TEXT NOT NULL DEFAULT '',
	site_url      TEXT NOT NULL DEFAULT '',
	folder        TEXT NOT NULL DEFAULT '',
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	created_at    INTEGER NOT NULL,
	last_fetched  INTEGER,
	last_success  INTEGER,
	last_error    TEXT NOT NULL DEFAULT '',
	last_error_at INTEGER
);
-- AUTOINCREMENT: an id is never given to another article, so a bookmark's
-- article_id stays unambiguous after its feed and articles are gone.
CREATE TABLE articles (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	feed_id    INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
	guid       TEXT NOT NULL,
	url        TEXT NOT NULL DEFAULT '',
	title      TEXT NOT NULL DEFAULT '',
	author     TEXT NOT NULL DEFAULT '',
	published  INTEGER NOT NULL,
	updated    INTEGER,
	fetched_at INTEGER NOT NULL,
	hash       INTEGER NOT NULL,
	read       INTEGER NOT NULL DEFAULT 0,
	UNIQUE (feed_id, guid)
);
-- Bodies live apart so that lists never page through article text.
CREATE TABLE article_bodies (
	article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	summary    TEXT NOT NULL DEFAULT '',
	content    TEXT NOT NULL DEFAULT ''
);
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE INDEX articles_feed_published ON articles (feed_id, published DESC);
CREATE INDEX articles_published ON articles (published DESC);
CREATE INDEX articles_unread ON articles (feed_id) WHERE read = 0;
`,
	// 2: the Markdown a reader sees, kept so an article reads offline and
	// converts once; from_page marks full text fetched from the article page.
	`
ALTER TABLE article_bodies ADD COLUMN markdown TEXT NOT NULL DEFAULT '';
ALTER TABLE article_bodies ADD COLUMN from_page INTEGER NOT NULL DEFAULT 0;
`,
	// 3: bookmarks keep their own copy of what a reader needs and no foreign
	// key: unsubscribing or pruning never removes one.
	`
CREATE TABLE bookmarks (
	id            INTEGER PRIMARY KEY,
	article_id    INTEGER NOT NULL UNIQUE,
	title         TEXT NOT NULL DEFAULT '',
	url           TEXT NOT NULL DEFAULT '',
	author        TEXT NOT NULL DEFAULT '',
	feed_title    TEXT NOT NULL DEFAULT '',
	published     INTEGER,
	markdown      TEXT NOT NULL DEFAULT '',
	note          TEXT NOT NULL DEFAULT '',
	tags          TEXT NOT NULL DEFAULT '[]',
	bookmarked_at INTEGER NOT NULL
);
CREATE INDEX bookmarks_time ON bookmarks (bookmarked_at DESC);
-- word count for reading time in lists, without loading bodies
ALTER TABLE articles ADD COLUMN words INTEGER NOT NULL DEFAULT 0;
`,
	// 4: full-text search. Storing an article only queues it (a trigger);
	// the index is brought up to date before a search and after a refresh,
	// off the refresh's hot path, because indexing needs text without HTML.
	// Bookmarks have their own index so they stay findable after their feed
	// is gone. Same columns in both, so one query serves both.
	`
CREATE VIRTUAL TABLE articles_fts USING fts5(title, author, feed, body, note, tags,
	tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE bookmarks_fts USING fts5(title, author, feed, body, note, tags,
	tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE fts_queue (article_id INTEGER PRIMARY KEY);
INSERT INTO fts_queue (article_id) SELECT id FROM articles;
CREATE TRIGGER articles_fts_queue_insert AFTER INSERT ON articles BEGIN
	INSERT OR IGNORE INTO fts_queue (article_id) VALUES (new.id);
END;
CREATE TRIGGER articles_fts_queue_update AFTER UPDATE OF title, author, hash ON articles BEGIN
	INSERT OR IGNORE INTO fts_queue (article_id) VALUES (new.id);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
	DELETE FROM articles_fts WHERE rowid = old.id;
	DELETE FROM fts_queue WHERE article_id = old.id;
END;
CREATE TRIGGER bookmarks_fts_delete AFTER DELETE ON bookmarks BEGIN
	DELETE FROM bookmarks_fts WHERE rowid = old.article_id;
END;
`,
	// 5: a server may ask kolom to wait (Retry-After, Cache-Control max-age):
	// not before next_fetch_at, for the reason said in wait_reason.
	`
ALTER TABLE feeds ADD COLUMN next_fetch_at INTEGER;
ALTER TABLE feeds ADD COLUMN wait_reason TEXT NOT NULL DEFAULT '';
`,
	// 6: a team's feed server as the source. A feed it fetches carries its
	// id there; its entries have the guid "server:<entry id>". pending holds
	// the read states and stars changed here and not yet sent, the newest
	// change per article and kind; it outlives the article (pruning), so it
	// keeps the entry id.
	`
ALTER TABLE feeds ADD COLUMN server_id TEXT NOT NULL DEFAULT '';
CREATE INDEX articles_server_guid ON articles (guid) WHERE guid LIKE 'server:%';
CREATE TABLE pending (
	article_id INTEGER NOT NULL,
	state      TEXT NOT NULL,
	value      INTEGER NOT NULL,
	entry      TEXT NOT NULL,
	PRIMARY KEY (article_id, state)
);
`,
	// 7: newsletters from the mailbox. A mailbox (an IMAP folder, a Maildir,
	// an mbox file) is read into one feed per sender, whose URL is
	// "mail:<list id or address>"; state is where its reader stopped
	// (opaque here), mail_seen the messages taken where a reader has no
	// cursor (Maildir, a rewritten mbox). mail_muted holds the senders whose
	// feed was removed: their next letters are not read in again.
	`
CREATE TABLE mailboxes (
	id         INTEGER PRIMARY KEY,
	url        TEXT NOT NULL UNIQUE,
	security   TEXT NOT NULL DEFAULT '',
	all_mail   INTEGER NOT NULL DEFAULT 0,
	folder     TEXT NOT NULL DEFAULT '',
	state      TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	last_read  INTEGER,
	last_error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE mail_seen (
	mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
	key        TEXT NOT NULL,
	PRIMARY KEY (mailbox_id, key)
) WITHOUT ROWID;
CREATE TABLE mail_muted (feed_url TEXT PRIMARY KEY);
ALTER TABLE articles ADD COLUMN unsubscribe TEXT NOT NULL DEFAULT '';
`,
	// 8: a feed's own settings (full text, user agent, refresh interval,
	// login user), as the library writes them (JSON); its secrets (request
	// headers) are kept in credentials.toml, never here.
	`
ALTER TABLE feeds ADD COLUMN settings TEXT NOT NULL DEFAULT '';
`,
	// 9: filters, a killfile that never deletes: an article a filter hides
	// keeps its row, with the filter's id in filtered (0: shown), and comes
	// back when the filter goes.
	`
CREATE TABLE filters (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	expr       TEXT NOT NULL,
	mark_read  INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);
ALTER TABLE articles ADD COLUMN filtered INTEGER NOT NULL DEFAULT 0;
CREATE INDEX articles_filtered ON articles (filtered) WHERE filtered <> 0;
`,
	// 10: the columnists followed, by the key of their name (see library).
	`
CREATE TABLE follows (
	key        TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
`,
	// 11: the feeds list counts what is shown (filtered = 0) from indexes
	// alone again; with the filter in the counts, the old unread index made
	// every count read its rows (the first frame at 50,000 articles 6 → 22 ms).
	`
DROP INDEX articles_unread;
CREATE INDEX articles_unread ON articles (feed_id) WHERE read = 0 AND filtered = 0;
CREATE INDEX articles_shown ON articles (feed_id) WHERE filtered = 0;
`,
}

// SchemaVersion is the user_version a fully migrated database has.
var SchemaVersion = len(migrations)

func (s *Store) migrate(ctx context.Context) error {
	var v int
	// The first statement opens a connection, and switching a new file to WAL
	// can answer SQLITE_BUSY at once, without the busy handler, while another
	// kolom does the same: try again for a while.
	var err error
	for wait := 10 * time.Millisecond; ; wait *= 2 {
		err = s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v)
		if err == nil || sqliteCode(err) != sqliteBusy || wait > 2*time.Second {
			break
		}
		time.Sleep(wait)
	}
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("the library was written by a newer kolom (schema %d, this one knows %d); update kolom", v, len(migrations))
	}
	for ; v < len(migrations); v++ {
		next := v + 1
		err := s.write(ctx, func(tx *sql.Tx) error {
			// Another kolom may have migrated while we waited for the lock.
			var cur int
			if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&cur); err != nil {
				return err
			}
			if cur >= next {
				return nil
			}
			if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
				return err
			}
			// PRAGMA takes no parameters; next is our own integer.
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", next))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate schema to version %d: %w", next, err)
		}
	}
	return nil
}
