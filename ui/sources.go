package ui

import (
	"cmp"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/library"
)

// Loading each kind of list: one feed, all unread, the bookmarks, a search.

// listLoadedMsg answers a list's load numbered gen.
type listLoadedMsg struct {
	to
	gen      int
	asked    int // the flag book's mark when asked
	src      Source
	items    []library.Entry
	tags     map[int64][]string // bookmarks: their tags, for tag: filters
	snippets map[int64]string   // search hits: where they matched
	err      error
}

// searchLimit is how many hits a search list shows.
const searchLimit = 200

func loadList(c *common, screen, gen int, src Source) tea.Cmd {
	ctx, lib, asked := c.ctx, c.lib, c.flags.mark()
	return func() tea.Msg {
		msg := listLoadedMsg{to: to{screen}, gen: gen, asked: asked, src: src}
		switch src.Kind {
		case SourceBookmarks:
			bs, err := lib.Bookmarks(ctx, library.BookmarkQuery{})
			msg.err, msg.tags = err, map[int64][]string{}
			for _, b := range bs {
				msg.items = append(msg.items, library.Entry{ID: b.ArticleID, Title: b.Title, URL: b.URL, Author: b.Author,
					FeedTitle: b.FeedTitle, Published: b.Published, Read: true, Bookmarked: true, Words: article.WordCount(b.Markdown)})
				msg.tags[b.ArticleID] = b.Tags
			}
		case SourceSearch:
			hits, err := lib.Search(ctx, src.Query, searchLimit)
			msg.err, msg.snippets = err, map[int64]string{}
			for _, h := range hits {
				msg.items = append(msg.items, h.Article)
				msg.snippets[h.ID] = h.Snippet
			}
		case SourceColumnist:
			a, err := lib.FindAuthor(ctx, src.Query)
			if err == nil {
				msg.items, err = lib.AuthorArticles(ctx, a, library.ArticleQuery{})
			}
			msg.err = err
		default:
			msg.items, msg.err = lib.Articles(ctx, library.ArticleQuery{FeedID: src.FeedID, Unread: src.Kind == SourceUnread})
		}
		return msg
	}
}

// keepRead merges into a reloaded "All unread" list the articles it showed
// that were read meanwhile: they stay where they were until the list is
// left, so the cursor, n and the other pane never lose their place.
func keepRead(old, loaded []library.Entry, isRead func(library.Entry) bool) []library.Entry {
	have := make(map[int64]bool, len(loaded))
	for _, e := range loaded {
		have[e.ID] = true
	}
	out := loaded
	added := false
	for _, e := range old {
		if !have[e.ID] && isRead(e) {
			e.Read = true
			out = append(out, e)
			added = true
		}
	}
	if added {
		// The store's order: newest first, then the highest id.
		slices.SortStableFunc(out, func(a, b library.Entry) int {
			if c := b.Published.Compare(a.Published); c != 0 {
				return c
			}
			return cmp.Compare(b.ID, a.ID)
		})
	}
	return out
}
