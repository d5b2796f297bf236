package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// SearchHit is an article that matched, with a snippet of where.
type SearchHit struct {
	Article
	Snippet string // the match between [ and ]
	score   float64
}

// searchCandidates caps how many matches bm25 ranks. The newest matches are
// taken (rowid order, which follows arrival), so a word that occurs in most
// articles costs the same as a rare one.
const searchCandidates = 400

// bm25 weights: title, author, feed, body, note, tags.
const bm25Weights = "10.0, 4.0, 2.0, 1.0, 3.0, 3.0"

// Search finds articles and bookmarks matching q, best first (bm25, then
// newest). Bookmarks are found after their feed is gone; with tag: filters
// only bookmarks are searched.
func (s *Store) Search(ctx context.Context, q Query, limit int) (_ []SearchHit, err error) {
	defer func() { err = s.explain(err) }()
	if limit <= 0 {
		limit = 50
	}
	var hits []SearchHit
	seen := map[int64]bool{}
	if len(q.Tags) == 0 {
		as, err := s.searchArticles(ctx, q.Match, limit)
		if err != nil {
			return nil, err
		}
		for _, h := range as {
			seen[h.ID] = true
		}
		hits = as
	}
	bs, err := s.searchBookmarks(ctx, q, limit)
	if err != nil {
		return nil, err
	}
	for _, h := range bs {
		if !seen[h.ID] {
			hits = append(hits, h)
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score < hits[j].score // bm25: lower is better
		}
		return hits[i].Published.After(hits[j].Published)
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, s.snippets(ctx, q, hits)
}

// snippets fills in where each hit matched, only for the hits returned.
func (s *Store) snippets(ctx context.Context, q Query, hits []SearchHit) error {
	var cols []string
	for _, c := range snippetColumns {
		cols = append(cols, "coalesce("+c.name+", '')")
	}
	for _, table := range []string{"articles_fts", "bookmarks_fts"} {
		var ids []string
		at := map[int64]int{}
		for i, h := range hits {
			if h.Snippet == "" && (table == "bookmarks_fts" || len(q.Tags) == 0) {
				ids = append(ids, fmt.Sprint(h.ID))
				at[h.ID] = i
			}
		}
		if len(ids) == 0 {
			continue
		}
		// The ids are our own integers.
		rows, err := s.db.QueryContext(ctx, `SELECT rowid, `+strings.Join(cols, ", ")+` FROM `+table+`
			WHERE rowid IN (`+strings.Join(ids, ",")+`)`)
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		for rows.Next() {
			var id int64
			texts := make([]string, len(snippetColumns))
			dest := []any{&id}
			for i := range texts {
				dest = append(dest, &texts[i])
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return fmt.Errorf("search: %w", err)
			}
			for i, c := range snippetColumns {
				if snip, ok := snippetOf(texts[i], c.kind, q.marks); ok {
					hits[at[id]].Snippet = snip
					break
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) searchArticles(ctx context.Context, match string, limit int) ([]SearchHit, error) {
	rows, err := s.db.QueryContext(ctx, `
		WITH c AS (
			SELECT rowid AS id, bm25(articles_fts, `+bm25Weights+`) AS score
			FROM articles_fts WHERE articles_fts MATCH ?1
			ORDER BY rowid DESC LIMIT `+fmt.Sprint(searchCandidates)+`
		)
		SELECT `+articleColumns+`, c.score, ''
		FROM c JOIN articles a ON a.id = c.id JOIN feeds f ON f.id = a.feed_id
		WHERE a.filtered = 0
		ORDER BY c.score, a.published DESC LIMIT ?2`, match, limit)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return scanHits(rows, scanArticle)
}

// bookmarkMatch adds the tag: filters to the expression for the bookmarks index.
func bookmarkMatch(q Query) string {
	match := q.Match
	for _, t := range q.Tags {
		tag := `tags : "` + strings.ReplaceAll(t, `"`, `""`) + `"`
		if match == "" {
			match = tag
		} else {
			match = "(" + match + ") AND " + tag
		}
	}
	return match
}

func (s *Store) searchBookmarks(ctx context.Context, q Query, limit int) ([]SearchHit, error) {
	match := bookmarkMatch(q)
	rows, err := s.db.QueryContext(ctx, `
		WITH c AS (
			SELECT rowid AS id, bm25(bookmarks_fts, `+bm25Weights+`) AS score
			FROM bookmarks_fts WHERE bookmarks_fts MATCH ?1
			ORDER BY rowid DESC LIMIT `+fmt.Sprint(searchCandidates)+`
		)
		SELECT b.article_id, b.title, b.url, b.author, b.feed_title, b.published, c.score, ''
		FROM c JOIN bookmarks b ON b.article_id = c.id
		ORDER BY c.score, b.bookmarked_at DESC LIMIT ?2`, match, limit)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return scanHits(rows, func(sc interface{ Scan(...any) error }) (Article, error) {
		var a Article
		var pub sql.NullInt64
		err := sc.Scan(&a.ID, &a.Title, &a.URL, &a.Author, &a.FeedTitle, &pub)
		a.Published, a.Read, a.Bookmarked = fromUnix(pub), true, true
		return a, err
	})
}

// scanHits reads rows whose last two columns are the score and snippet.
func scanHits(rows *sql.Rows, scan func(interface{ Scan(...any) error }) (Article, error)) ([]SearchHit, error) {
	defer rows.Close()
	var out []SearchHit
	for rows.Next() {
		var h SearchHit
		var err error
		h.Article, err = scan(rowTail{rows, &h.score, &h.Snippet})
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// rowTail appends the score and snippet destinations to a row scan.
type rowTail struct {
	rows  *sql.Rows
	score *float64
	snip  *string
}

func (r rowTail) Scan(dest ...any) error { return r.rows.Scan(append(dest, r.score, r.snip)...) }

// MaxIndexedText caps the text of one article or bookmark in the search
// index: the first 256 KiB (about 40,000 words, longer than any column) are
// searchable, so ranking and snippets of a hostile item of many megabytes
// cost what a long article costs.
const MaxIndexedText = 256 << 10

// indexText is text cut to MaxIndexedText at a word boundary.
func indexText(text string) string {
	if len(text) <= MaxIndexedText {
		return text
	}
	cut := text[:MaxIndexedText]
	if i := strings.LastIndexAny(cut, " \n\t"); i > 0 {
		cut = cut[:i]
	}
	return strings.ToValidUTF8(cut, "")
}

// IndexQueued brings the article index up to date with what was stored
// since: it indexes the queued articles, in batches, with the text made by
// text (page Markdown when the full text was fetched, else the feed's
// HTML). It returns how many it indexed.
func (s *Store) IndexQueued(ctx context.Context, text func(Body) string) (int, error) {
	type row struct {
		id                  int64
		title, author, feed string
		body                Body
	}
	n := 0
	for {
		rs, err := s.db.QueryContext(ctx, `
			SELECT q.article_id, a.title, a.author, CASE WHEN f.title <> '' THEN f.title ELSE f.url END,
				b.summary, b.content, b.markdown, b.from_page
			FROM fts_queue q JOIN articles a ON a.id = q.article_id JOIN feeds f ON f.id = a.feed_id
				JOIN article_bodies b ON b.article_id = a.id
			ORDER BY q.article_id LIMIT 500`)
		if err != nil {
			return n, fmt.Errorf("update the search index: %w", err)
		}
		var batch []row
		for rs.Next() {
			var r row
			if err := rs.Scan(&r.id, &r.title, &r.author, &r.feed, &r.body.Summary, &r.body.Content, &r.body.Markdown, &r.body.FromPage); err != nil {
				rs.Close()
				return n, fmt.Errorf("update the search index: %w", err)
			}
			batch = append(batch, r)
		}
		rs.Close()
		if len(batch) == 0 {
			return n, nil
		}
		err = s.write(ctx, func(tx *sql.Tx) error {
			for _, r := range batch {
				if _, err := tx.ExecContext(ctx, `DELETE FROM articles_fts WHERE rowid = ?`, r.id); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (rowid, title, author, feed, body) VALUES (?, ?, ?, ?, ?)`,
					r.id, r.title, r.author, r.feed, indexText(text(r.body))); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM fts_queue WHERE article_id = ?`, r.id); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("update the search index: %w", err)
		}
		n += len(batch)
	}
}

// OptimizeIndex merges the article index into one segment.
func (s *Store) OptimizeIndex(ctx context.Context) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (articles_fts) VALUES ('optimize')`)
		if err != nil {
			return fmt.Errorf("optimize the search index: %w", err)
		}
		return nil
	})
}
