package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

type articleJSON struct {
	ID         int64  `json:"id"`
	FeedID     int64  `json:"feed_id"`
	FeedTitle  string `json:"feed_title"`
	Title      string `json:"title"`
	Author     string `json:"author"`
	URL        string `json:"url"`
	Published  string `json:"published"`
	Read       bool   `json:"read"`
	Bookmarked bool   `json:"bookmarked"`
}

func articlesCmd(g *globals) *cobra.Command {
	var (
		feed       string
		author     string
		unread     bool
		bookmarked bool
		filtered   bool
		limit      int
		asJSON     bool
	)
	cmd := &cobra.Command{
		Use:   "articles",
		Short: lang.T("cmd.articles.short"),
		Example: "  kolom articles --unread\n" +
			"  kolom articles --feed Emerce --limit 0 --json",
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit < 0 {
				return usageError{lang.E("cmd.articles.limit", "N", limit)}
			}
			ctx := cmd.Context()
			lib, err := g.open(ctx, true)
			if err != nil {
				return err
			}
			defer lib.Close()
			q := library.ArticleQuery{Unread: unread, Bookmarked: bookmarked, Filtered: filtered, Limit: limit}
			if feed != "" {
				f, err := lib.FindFeed(ctx, feed)
				if err != nil {
					return err
				}
				q.FeedID = f.ID
			}
			var list []library.Entry
			if author != "" {
				a, err := lib.FindAuthor(ctx, author)
				if err != nil {
					return err
				}
				list, err = lib.AuthorArticles(ctx, a, q)
			} else {
				list, err = lib.Articles(ctx, q)
			}
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				js := make([]articleJSON, len(list))
				for i, a := range list {
					js[i] = articleJSON{ID: a.ID, FeedID: a.FeedID, FeedTitle: a.FeedTitle, Title: a.Title,
						Author: a.Author, URL: a.URL, Published: a.Published.Format(time.RFC3339), Read: a.Read, Bookmarked: a.Bookmarked}
				}
				return writeJSON(out, js)
			}
			if len(list) == 0 {
				fmt.Fprintln(out, lang.T("cmd.articles.none"))
				return nil
			}
			now := time.Now()
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, lang.T("cmd.articles.header"))
			for _, a := range list {
				mark := "•"
				if a.Read {
					mark = " "
				}
				if a.Bookmarked {
					mark += "★"
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", a.ID, mark, shortDate(a.Published, now), clip(a.FeedTitle, 24), clip(a.Title, 80))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&feed, "feed", "", lang.T("flag.feed"))
	cmd.Flags().BoolVar(&unread, "unread", false, lang.T("flag.unread"))
	cmd.Flags().BoolVar(&bookmarked, "bookmarked", false, lang.T("flag.bookmarked"))
	cmd.Flags().BoolVar(&filtered, "filtered", false, lang.T("flag.filtered"))
	cmd.Flags().StringVar(&author, "author", "", lang.T("flag.author"))
	cmd.Flags().IntVar(&limit, "limit", 100, lang.T("flag.limit"))
	cmd.Flags().BoolVar(&asJSON, "json", false, lang.T("flag.json"))
	return cmd
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

func rfc3339(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.RFC3339)
	return &s
}

// ago is a short relative time for lists.
func ago(t, now time.Time) string {
	if t.IsZero() {
		return lang.T("ago.never")
	}
	return lang.Ago(t, now)
}

func shortDate(t, now time.Time) string {
	t = t.Local()
	if t.Year() == now.Year() {
		return lang.ShortDate(t) + " " + t.Format("15:04")
	}
	return lang.ShortDateYear(t)
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
