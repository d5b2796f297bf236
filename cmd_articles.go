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
		Short: "List articles, newest first",
		Example: "  kolom articles --unread\n" +
			"  kolom articles --feed Emerce --limit 0 --json",
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit < 0 {
				return usageError{fmt.Errorf("--limit %d: use 0 (all) or more", limit)}
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
				fmt.Fprintln(out, "No articles. Run `kolom refresh` to fetch your feeds.")
				return nil
			}
			now := time.Now()
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\t \tDATE\tFEED\tTITLE")
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
	cmd.Flags().StringVar(&feed, "feed", "", "only this feed (id, URL or title)")
	cmd.Flags().BoolVar(&unread, "unread", false, "only unread articles")
	cmd.Flags().BoolVar(&bookmarked, "bookmarked", false, "only bookmarked articles")
	cmd.Flags().BoolVar(&filtered, "filtered", false, "the articles filters hid (kolom filter list), instead of those shown")
	cmd.Flags().StringVar(&author, "author", "", "only this columnist's, from every feed (kolom authors lists them)")
	cmd.Flags().IntVar(&limit, "limit", 100, "at most N articles (0 = all)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
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
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	}
	return fmt.Sprintf("%dd ago", int(d.Hours()/24))
}

func shortDate(t, now time.Time) string {
	t = t.Local()
	if t.Year() == now.Year() {
		return t.Format("2 Jan 15:04")
	}
	return t.Format("2 Jan 2006")
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
