package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"
)

func renameCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "rename FEED TITLE",
		Short:   "Give a feed another name (FEED by id, URL or title)",
		Example: "  kolom rename 3 \"Emerce — columns\"",
		Args:    args(cobra.ExactArgs(2)),
		RunE: func(cmd *cobra.Command, a []string) error {
			lib, err := g.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			f, err := lib.Rename(cmd.Context(), a[0], a[1])
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Feed %d is called %q now.\n", f.ID, library.FeedName(f))
			return nil
		},
	}
}

func moveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "move FEED FOLDER",
		Short: "File a feed in a folder; nest folders with / (\"\" or / for none)",
		Example: "  kolom move Emerce Nederland/Klantcontact\n" +
			"  kolom move 3 /",
		Args: args(cobra.ExactArgs(2)),
		RunE: func(cmd *cobra.Command, a []string) error {
			lib, err := g.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			f, err := lib.Move(cmd.Context(), a[0], a[1])
			if err != nil {
				return err
			}
			if f.Folder == "" {
				fmt.Fprintf(cmd.OutOrStdout(), "%q is in no folder now.\n", library.FeedName(f))
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "%q is in %s now.\n", library.FeedName(f), f.Folder)
			}
			return nil
		},
	}
}

func foldersCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "folders",
		Short: "The folder tree with feeds and unread articles (counting the folders inside)",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lib, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer lib.Close()
			tree, err := lib.Folders(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				if tree == nil {
					tree = []library.Folder{}
				}
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(tree)
			}
			if len(tree) == 0 {
				fmt.Fprintln(out, "No folders. `kolom move FEED FOLDER` files a feed in one.")
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "FOLDER\tFEEDS\tUNREAD")
			var walk func(fs []library.Folder, depth int)
			walk = func(fs []library.Folder, depth int) {
				for _, f := range fs {
					fmt.Fprintf(tw, "%s\t%5d\t%6d\n", strings.Repeat("  ", depth)+f.Name, f.Feeds, f.Unread)
					walk(f.Folders, depth+1)
				}
			}
			walk(tree, 0)
			if err := tw.Flush(); err != nil {
				return err
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
