package main

import (
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"
)

func filterCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "filter",
		Short: "Hide (or mark read) the articles a search query matches, as they arrive",
		Long: "A filter is a search query (words, \"phrases\", author:, feed:, title:, NOT, -word, OR)\n" +
			"kept to hide the articles it matches — those here now and those a refresh brings — or,\n" +
			"with --mark-read, to mark them read. Nothing is deleted: `kolom articles --filtered`\n" +
			"lists what filters hide, and removing a filter shows it again. Bookmarks are never touched.",
		Args: args(cobra.NoArgs),
	}
	cmd.AddCommand(filterAddCmd(g), filterListCmd(g), filterRemoveCmd(g))
	return cmd
}

func filterAddCmd(g *globals) *cobra.Command {
	var markRead, force bool
	cmd := &cobra.Command{
		Use:     "add 'QUERY'",
		Short:   "Keep a filter and apply it to the articles here",
		Example: "  kolom filter add 'author:\"Jan Concurrent\"'\n  kolom filter add 'feed:emerce title:webinar' --mark-read",
		Args:    args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			lib, err := g.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			f, n, err := lib.AddFilter(cmd.Context(), a[0], markRead, force)
			if err != nil {
				return err
			}
			what := fmt.Sprintf("it hides %d articles here", n)
			if f.MarkRead {
				what = fmt.Sprintf("it marked %d articles here read", n)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Filter %d: %s — %s; each refresh applies it to what arrives.\n", f.ID, f.Expr, what)
			return nil
		},
	}
	cmd.Flags().BoolVar(&markRead, "mark-read", false, "mark the articles read instead of hiding them")
	cmd.Flags().BoolVar(&force, "force", false, "keep a filter that matches every article")
	return cmd
}

func filterListCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "The filters, with how many articles each hides",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lib, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer lib.Close()
			fs, err := lib.Filters(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				if fs == nil {
					fs = []library.Filter{}
				}
				return writeJSON(out, fs)
			}
			if len(fs) == 0 {
				fmt.Fprintln(out, "No filters. `kolom filter add 'QUERY'` hides what a search finds.")
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tFILTER\tDOES\tHIDDEN")
			for _, f := range fs {
				does := "hide"
				if f.MarkRead {
					does = "mark read"
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%d\n", f.ID, f.Expr, does, f.Hidden)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func filterRemoveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "remove N",
		Short: "Forget a filter; what it hid is shown again",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := strconv.ParseInt(a[0], 10, 64)
			if err != nil {
				return usageError{fmt.Errorf("%q: give the filter's number from `kolom filter list`", a[0])}
			}
			lib, err := g.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			n, err := lib.RemoveFilter(cmd.Context(), id)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Filter %d removed; %d articles are shown again.\n", id, n)
			return nil
		},
	}
}
