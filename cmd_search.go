package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

type searchJSON struct {
	articleJSON
	Snippet string `json:"snippet"`
}

func searchCmd(g *globals) *cobra.Command {
	var (
		limit  int
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:     "search QUERY",
		Short:   lang.T("cmd.search.short"),
		Long:    lang.T("cmd.search.long"),
		Example: "  kolom search klantreis\n  kolom search '\"customer journey\" author:annemiek'\n  kolom search 'tag:deck loyaliteit' --json",
		Args:    args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if limit < 0 {
				return usageError{lang.E("cmd.search.limit", "N", limit)}
			}
			lib, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer lib.Close()
			hits, err := lib.Search(cmd.Context(), strings.Join(a, " "), limit)
			if library.KindOf(err) == library.KindBadQuery {
				return usageError{err}
			}
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				list := make([]searchJSON, len(hits))
				for i, h := range hits {
					list[i] = searchJSON{articleJSON{ID: h.ID, FeedID: h.FeedID, FeedTitle: h.FeedTitle, Title: h.Title, Author: h.Author,
						URL: h.URL, Published: h.Published.Format(time.RFC3339), Read: h.Read, Bookmarked: h.Bookmarked}, h.Snippet}
				}
				return writeJSON(out, list)
			}
			if len(hits) == 0 {
				fmt.Fprintln(out, lang.T("empty.search"))
				return nil
			}
			now := time.Now()
			for _, h := range hits {
				mark := " "
				if h.Bookmarked {
					mark = "★"
				}
				fmt.Fprintf(out, "%-6d %s %s  %s — %s\n", h.ID, mark, shortDate(h.Published, now), clip(h.Title, 70), clip(h.FeedTitle, 24))
				if h.Snippet != "" {
					fmt.Fprintf(out, "         %s\n", clip(strings.Join(strings.Fields(h.Snippet), " "), 110))
				}
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 20, lang.T("flag.limit_results"))
	cmd.Flags().BoolVar(&asJSON, "json", false, lang.T("flag.json"))
	return cmd
}
