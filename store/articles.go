package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strings"
	"time"
)

// Item is an article as a feed delivers it, already made safe by the caller.
type Item struct {
	GUID      string
	URL       string
	Title     string
	Author    string
	Published time.Time // zero: the first time kolom saw it
	Updated   time.Time
	Summary   string
	Content   string
	Words     int // of the longer of Summary and Content
	// Unsubscribe is a newsletter's List-Unsubscribe web address ("" for
	// feed items).
	Unsubscribe string
	// Filtered hides a new item (the id of the filter that matched it);
	// MarkRead stores it read (a filter with --mark-read).
	Filtered int64
	MarkRead bool
}

// Key is the identity an item is deduplicated on within its feed: the guid,
// else the link, else a hash of what it says (title and text). Never its
// date: some feeds stamp every item with the time of the request, and
// items with a description only (legal RSS) have no title or date at all.
func (it Item) Key() string {
	if g := strings.TrimSpace(it.GUID); g != "" {
		return g
	}
	if u := strings.TrimSpace(it.URL); u != "" {
		return u
	}
	return it.contentKey()
}

func (it Item) contentKey() string {
	sum := sha256.Sum256([]byte(it.Title + "\x00" + it.Summary + "\x00" + it.Content))
	return "content:" + hex.EncodeToString(sum[:12])
}

// storedKey is the key an item is stored under among items: its Key,
// unless that link is shared by several of them (sharedLinks).
func (it Item) storedKey(shared map[string]bool) string {
	if key := it.Key(); !shared[key] {
		return key
	}
	return it.contentKey()
}

// sharedLinks are the links that, in one fetch, several different items
// without a guid have (a feed of announcements all pointing at its home
// page): the link cannot tell them apart, so their content does.
func sharedLinks(items []Item) map[string]bool {
	var first map[string]string // link → the content key of its first item
	var shared map[string]bool
	for _, it := range items {
		if strings.TrimSpace(it.GUID) != "" || strings.TrimSpace(it.URL) == "" {
			continue
		}
		if first == nil {
			first = map[string]string{}
		}
		link, ck := strings.TrimSpace(it.URL), it.contentKey()
		if k, ok := first[link]; !ok {
			first[link] = ck
		} else if k != ck {
			if shared == nil {
				shared = map[string]bool{}
			}
			shared[link] = true
		}
	}
	return shared
}

// legacyKey is the key kolom used before content keys, for items with no
// guid and no link: title and date. Such items stored then are found by it
// once and take the new key, instead of showing up again as new.
func (it Item) legacyKey() string {
	sum := sha256.Sum256([]byte(it.Title + "\x00" + it.Published.UTC().Format(time.RFC3339)))
	return "sha256:" + hex.EncodeToString(sum[:12])
}

// hash fingerprints what a reader sees, to notice edits.
func (it Item) hash() int64 {
	h := fnv.New64a()
	for _, s := range []string{it.URL, it.Title, it.Author, it.Summary, it.Content} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return int64(h.Sum64())
}

// Counts says what StoreItems did.
type Counts struct {
	New, Updated, Pruned int
	Filtered             int // of the new, how many a filter hid or marked read
}

// NewItems reports which of a feed's items the library does not have yet,
// by the same keys StoreItems stores them under (an item whose legacy key
// is known counts as known). It reads only: what is decided about the new
// ones (a filter) is decided outside the write.
func (s *Store) NewItems(ctx context.Context, feedID int64, items []Item) (_ []bool, err error) {
	defer func() { err = s.explain(err) }()
	out := make([]bool, len(items))
	var empty bool
	if err := s.db.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM articles WHERE feed_id = ?)`, feedID).Scan(&empty); err != nil {
		return nil, err
	}
	if empty {
		for i := range out {
			out[i] = true
		}
		return out, nil
	}
	shared := sharedLinks(items)
	keys := make([]string, 0, 2*len(items))
	for _, it := range items {
		keys = append(keys, it.storedKey(shared), it.legacyKey())
	}
	b, _ := json.Marshal(keys)
	rows, err := s.db.QueryContext(ctx, `SELECT guid FROM articles WHERE feed_id = ? AND guid IN (SELECT value FROM json_each(?))`, feedID, string(b))
	if err != nil {
		return nil, fmt.Errorf("feed %d: %w", feedID, err)
	}
	defer rows.Close()
	known := map[string]bool{}
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			return nil, err
		}
		known[g] = true
	}
	for i := range items {
		out[i] = !known[keys[2*i]] && !known[keys[2*i+1]]
	}
	return out, rows.Err()
}

// StoreItems records a successful fetch of a feed and its items in one
// transaction: new items are inserted, changed ones updated (read state kept),
// unchanged ones left alone.
func (s *Store) StoreItems(ctx context.Context, feedID int64, st FetchState, items []Item) (Counts, error) {
	var c Counts
	err := s.write(ctx, func(tx *sql.Tx) error {
		c = Counts{}
		if err := recordSuccess(ctx, tx, feedID, st); err != nil {
			return err
		}
		find, err := tx.PrepareContext(ctx, `SELECT id, hash FROM articles WHERE feed_id = ? AND guid = ?`)
		if err != nil {
			return err
		}
		defer find.Close()
		ins, err := tx.PrepareContext(ctx, `
			INSERT INTO articles (feed_id, guid, url, title, author, published, updated, fetched_at, hash, words, unsubscribe, filtered, read)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		insBody, err := tx.PrepareContext(ctx, `INSERT INTO article_bodies (article_id, summary, content) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insBody.Close()
		upd, err := tx.PrepareContext(ctx, `
			UPDATE articles SET url = ?, title = ?, author = ?,
				published = COALESCE(?, published), updated = ?, hash = ?, words = ?
			WHERE id = ?`)
		if err != nil {
			return err
		}
		defer upd.Close()
		updBody, err := tx.PrepareContext(ctx, `
			INSERT INTO article_bodies (article_id, summary, content) VALUES (?1, ?2, ?3)
			ON CONFLICT (article_id) DO UPDATE SET summary = ?2, content = ?3,
				markdown = CASE WHEN from_page = 1 THEN markdown ELSE '' END`)
		if err != nil {
			return err
		}
		defer updBody.Close()

		now := st.At.Unix()
		// A feed with no articles yet (the first fetch) needs no lookups.
		var empty bool
		if err := tx.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM articles WHERE feed_id = ?)`, feedID).Scan(&empty); err != nil {
			return err
		}
		// Articles a feed server brought, in a feed kolom fetches itself now
		// (the server was removed): found by their link, and re-keyed, so
		// they are not listed twice.
		var fromServer bool
		if !empty {
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE feed_id = ? AND guid LIKE 'server:%')`, feedID).Scan(&fromServer); err != nil {
				return err
			}
		}
		seen := make(map[string]bool, len(items))
		shared := sharedLinks(items)
		for _, it := range items {
			key := it.storedKey(shared)
			if seen[key] { // a feed listing one item twice
				continue
			}
			seen[key] = true
			h := it.hash()
			var id, old int64
			err := sql.ErrNoRows
			if !empty {
				err = find.QueryRowContext(ctx, feedID, key).Scan(&id, &old)
				if errors.Is(err, sql.ErrNoRows) && strings.HasPrefix(key, "content:") {
					if err = find.QueryRowContext(ctx, feedID, it.legacyKey()).Scan(&id, &old); err == nil {
						if _, err = tx.ExecContext(ctx, `UPDATE articles SET guid = ? WHERE id = ?`, key, id); err != nil {
							return fmt.Errorf("re-key article %q: %w", it.Title, err)
						}
					}
				}
				if errors.Is(err, sql.ErrNoRows) && fromServer && !strings.HasPrefix(key, serverPrefix) && it.URL != "" {
					err = tx.QueryRowContext(ctx, `SELECT id, hash FROM articles WHERE feed_id = ? AND url = ? AND guid LIKE 'server:%' LIMIT 1`,
						feedID, it.URL).Scan(&id, &old)
					if err == nil {
						if _, err = tx.ExecContext(ctx, `UPDATE articles SET guid = ? WHERE id = ?`, key, id); err != nil {
							return fmt.Errorf("re-key article %q: %w", it.Title, err)
						}
					}
				}
			}
			switch {
			case errors.Is(err, sql.ErrNoRows):
				pub := now
				if !it.Published.IsZero() {
					pub = it.Published.Unix()
				}
				res, err := ins.ExecContext(ctx, feedID, key, it.URL, it.Title, it.Author, pub, unix(it.Updated), now, h, it.Words, it.Unsubscribe, it.Filtered, it.MarkRead)
				if err != nil {
					return fmt.Errorf("insert article %q: %w", it.Title, err)
				}
				id, _ = res.LastInsertId()
				if _, err := insBody.ExecContext(ctx, id, it.Summary, it.Content); err != nil {
					return fmt.Errorf("insert article %q: %w", it.Title, err)
				}
				c.New++
				if it.Filtered != 0 || it.MarkRead {
					c.Filtered++
				}
			case err != nil:
				return fmt.Errorf("look up article %q: %w", it.Title, err)
			case old != h:
				if _, err := upd.ExecContext(ctx, it.URL, it.Title, it.Author, unix(it.Published), unix(it.Updated), h, it.Words, id); err != nil {
					return fmt.Errorf("update article %q: %w", it.Title, err)
				}
				if _, err := updBody.ExecContext(ctx, id, it.Summary, it.Content); err != nil {
					return fmt.Errorf("update article %q: %w", it.Title, err)
				}
				c.Updated++
			}
		}
		if !st.PruneBefore.IsZero() {
			keys, err := json.Marshal(slices.Collect(maps.Keys(seen)))
			if err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `
				DELETE FROM articles WHERE feed_id = ? AND read = 1 AND published < ?
					AND id NOT IN (SELECT article_id FROM bookmarks)
					AND guid NOT IN (SELECT value FROM json_each(?))`, feedID, st.PruneBefore.Unix(), string(keys))
			if err != nil {
				return fmt.Errorf("prune: %w", err)
			}
			n, _ := res.RowsAffected()
			c.Pruned = int(n)
		}
		return nil
	})
	if err != nil {
		return Counts{}, fmt.Errorf("store feed %d: %w", feedID, err)
	}
	return c, nil
}

// Article is an article's metadata, as lists show it.
type Article struct {
	ID         int64
	FeedID     int64
	FeedTitle  string
	GUID       string
	URL        string
	Title      string
	Author     string
	Published  time.Time
	Updated    time.Time
	Read       bool
	SiteURL    string // the feed's site
	Bookmarked bool
	Words      int // of the text stored so far (the excerpt until full text is fetched)
	// Unsubscribe is a newsletter's unsubscribe address, "" for feed articles.
	Unsubscribe string
}

// ArticleQuery selects articles for a list.
type ArticleQuery struct {
	FeedID     int64 // 0: all feeds
	Unread     bool
	Bookmarked bool
	Filtered   bool     // the articles filters hid, instead of those shown
	Authors    []string // only articles with one of these bylines, as stored
	Limit      int      // 0: all
}

const articleColumns = `a.id, a.feed_id, CASE WHEN f.title <> '' THEN f.title ELSE f.url END,
	a.guid, a.url, a.title, a.author, a.published, a.updated, a.read, f.site_url,
	EXISTS (SELECT 1 FROM bookmarks b WHERE b.article_id = a.id), a.words, a.unsubscribe`

func scanArticle(sc interface{ Scan(...any) error }) (Article, error) {
	var a Article
	var pub int64
	var upd sql.NullInt64
	err := sc.Scan(&a.ID, &a.FeedID, &a.FeedTitle, &a.GUID, &a.URL, &a.Title, &a.Author, &pub, &upd, &a.Read, &a.SiteURL, &a.Bookmarked, &a.Words, &a.Unsubscribe)
	a.Published = time.Unix(pub, 0).UTC()
	a.Updated = fromUnix(upd)
	return a, err
}

// Articles lists articles newest first.
func (s *Store) Articles(ctx context.Context, q ArticleQuery) (_ []Article, err error) {
	defer func() { err = s.explain(err) }()
	var where []string
	var args []any
	if q.FeedID != 0 {
		where = append(where, "a.feed_id = ?")
		args = append(args, q.FeedID)
	}
	if q.Unread {
		where = append(where, "a.read = 0")
	}
	if len(q.Authors) > 0 {
		where = append(where, "a.author IN (SELECT value FROM json_each(?))")
		b, _ := json.Marshal(q.Authors)
		args = append(args, string(b))
	}
	if q.Filtered {
		where = append(where, "a.filtered <> 0")
	} else {
		where = append(where, "a.filtered = 0")
	}
	if q.Bookmarked {
		where = append(where, "a.id IN (SELECT article_id FROM bookmarks)")
	}
	query := `SELECT ` + articleColumns + ` FROM articles a JOIN feeds f ON f.id = a.feed_id`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY a.published DESC, a.id DESC"
	if q.Limit > 0 {
		query += " LIMIT ?"
		args = append(args, q.Limit)
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	var out []Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("list articles: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Article returns one article's metadata.
func (s *Store) Article(ctx context.Context, id int64) (_ Article, err error) {
	defer func() { err = s.explain(err) }()
	a, err := scanArticle(s.db.QueryRowContext(ctx,
		`SELECT `+articleColumns+` FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("article %d: %w", id, ErrNotFound)
	}
	return a, err
}

// Body is an article's text as stored.
type Body struct {
	Summary  string // the feed's description
	Content  string // the feed's full content, often empty
	Markdown string // what the reader shows; "" until first converted
	FromPage bool   // Markdown came from the article's web page
}

// Body returns an article's stored text.
func (s *Store) Body(ctx context.Context, id int64) (_ Body, err error) {
	defer func() { err = s.explain(err) }()
	var b Body
	err = s.db.QueryRowContext(ctx, `SELECT summary, content, markdown, from_page FROM article_bodies WHERE article_id = ?`, id).
		Scan(&b.Summary, &b.Content, &b.Markdown, &b.FromPage)
	if errors.Is(err, sql.ErrNoRows) {
		return b, fmt.Errorf("article %d: %w", id, ErrNotFound)
	}
	return b, err
}

// SetMarkdown stores the Markdown a reader sees and its word count. A feed
// update later clears it again unless it came from the page. Text from the
// page is queued to replace the article's text in the search index.
func (s *Store) SetMarkdown(ctx context.Context, id int64, markdown string, fromPage bool, words int) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE article_bodies SET markdown = ?, from_page = ? WHERE article_id = ?`,
			markdown, fromPage, id)
		if err != nil {
			return fmt.Errorf("store text of article %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("article %d: %w", id, ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET words = ? WHERE id = ?`, words, id); err != nil {
			return fmt.Errorf("store text of article %d: %w", id, err)
		}
		if fromPage {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO fts_queue (article_id) VALUES (?)`, id); err != nil {
				return fmt.Errorf("index article %d: %w", id, err)
			}
		}
		return nil
	})
}

// SetReadMany marks several articles read or unread in one transaction.
func (s *Store) SetReadMany(ctx context.Context, ids []int64, read bool) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `UPDATE articles SET read = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, id := range ids {
			if _, err := st.ExecContext(ctx, read, id); err != nil {
				return fmt.Errorf("mark article %d: %w", id, err)
			}
			if err := queue(ctx, tx, id, Read, read); err != nil {
				return err
			}
		}
		return nil
	})
}

// SetRead marks an article read or unread.
func (s *Store) SetRead(ctx context.Context, id int64, read bool) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE articles SET read = ? WHERE id = ?`, read, id)
		if err != nil {
			return fmt.Errorf("mark article %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("article %d: %w", id, ErrNotFound)
		}
		return queue(ctx, tx, id, Read, read)
	})
}
