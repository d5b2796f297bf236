package main

import (
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

func filterCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "filter",
		Short: lang.T("cmd.filter.short"),
		Long:  lang.T("cmd.filter.long"),
		Args:  args(cobra.NoArgs),
	}
	cmd.AddCommand(filterAddCmd(g), filterListCmd(g), filterRemoveCmd(g))
	return cmd
}

func filterAddCmd(g *globals) *cobra.Command {
	var markRead, force bool
	cmd := &cobra.Command{
		Use:     "add 'QUERY'",
		Short:   lang.T("cmd.filter_add.short"),
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
			what := lang.N("cmd.filter_add.hides", n)
			if f.MarkRead {
				what = lang.N("cmd.filter_add.marked", n)
			}
			fmt.Fprintln(cmd.OutOrStdout(), lang.T("cmd.filter_add.done", "ID", f.ID, "Filter", f.Expr, "What", what))
			return nil
		},
	}
	cmd.Flags().BoolVar(&markRead, "mark-read", false, lang.T("flag.mark_read"))
	cmd.Flags().BoolVar(&force, "force", false, lang.T("flag.force"))
	return cmd
}

func filterListCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: lang.T("cmd.filter_list.short"),
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
				fmt.Fprintln(out, lang.T("cmd.filter_list.none"))
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, lang.T("cmd.filter_list.header"))
			for _, f := range fs {
				does := lang.T("cmd.filter_list.hide")
				if f.MarkRead {
					does = lang.T("cmd.filter_list.mark_read")
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%d\n", f.ID, f.Expr, does, f.Hidden)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, lang.T("flag.json"))
	return cmd
}

func filterRemoveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "remove N",
		Short: lang.T("cmd.filter_remove.short"),
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := strconv.ParseInt(a[0], 10, 64)
			if err != nil {
				return usageError{lang.E("cmd.filter_remove.number", "Arg", strconv.Quote(a[0]))}
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
			fmt.Fprintln(cmd.OutOrStdout(), lang.N("cmd.filter_remove.done", n, "ID", id))
			return nil
		},
	}
}
