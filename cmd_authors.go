package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"
)

func authorsCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "authors",
		Short: "The columnists of the library across feeds: name, feeds, columns, latest (* followed)",
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
				fmt.Fprintln(out, "No bylines in the library yet. `kolom refresh` fetches the feeds.")
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, " \tCOLUMNIST\tCOLUMNS\tUNREAD\tLATEST\tFEEDS")
			for _, a := range all {
				mark := " "
				if a.Followed {
					mark = "*"
				}
				fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\n", mark, clip(a.Name, 30), a.Articles, a.Unread, a.Latest.Local().Format("2 Jan 2006"), clip(strings.Join(a.Feeds, ", "), 50))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func followCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "follow NAME",
		Short:   "Follow a columnist: the reader lists their columns from every feed under Columnists",
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
			fmt.Fprintf(cmd.OutOrStdout(), "Following %s: %d columns from %s.\n", au.Name, au.Articles, strings.Join(au.Feeds, ", "))
			return nil
		},
	}
}

func unfollowCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "unfollow NAME",
		Short: "Stop following a columnist",
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
			fmt.Fprintf(cmd.OutOrStdout(), "No longer following %s.\n", name)
			return nil
		},
	}
}
