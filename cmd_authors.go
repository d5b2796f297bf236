package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

func authorsCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "authors",
		Short: lang.T("cmd.authors.short"),
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lib, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer lib.Close()
			all, err := lib.Authors(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				if all == nil {
					all = []library.Author{}
				}
				return writeJSON(out, all)
			}
			if len(all) == 0 {
				fmt.Fprintln(out, lang.T("cmd.authors.none"))
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, lang.T("cmd.authors.header"))
			for _, a := range all {
				mark := " "
				if a.Followed {
					mark = "*"
				}
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\n", mark, clip(a.Name, 30), a.Articles, a.Unread, lang.ShortDateYear(a.Latest.Local()), clip(strings.Join(a.Feeds, ", "), 50))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, lang.T("flag.json"))
	return cmd
}

func followCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "follow NAME",
		Short:   lang.T("cmd.follow.short"),
		Example: "  kolom follow \"Jan Jansen\"",
		Args:    args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			lib, err := g.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			au, err := lib.Follow(cmd.Context(), a[0])
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), lang.N("cmd.follow.done", au.Articles, "Name", au.Name, "Feeds", strings.Join(au.Feeds, ", ")))
			return nil
		},
	}
}

func unfollowCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "unfollow NAME",
		Short: lang.T("cmd.unfollow.short"),
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			lib, err := g.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			name, err := lib.Unfollow(cmd.Context(), a[0])
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), lang.T("cmd.unfollow.done", "Name", name))
			return nil
		},
	}
}
