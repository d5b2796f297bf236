package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

func renameCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "rename FEED TITLE",
		Short:   lang.T("cmd.rename.short"),
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
			fmt.Fprintln(cmd.OutOrStdout(), lang.T("cmd.rename.done", "ID", f.ID, "Name", strconv.Quote(library.FeedName(f))))
			return nil
		},
	}
}

func moveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "move FEED FOLDER",
		Short: lang.T("cmd.move.short"),
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
				fmt.Fprintln(cmd.OutOrStdout(), lang.T("cmd.move.out", "Name", strconv.Quote(library.FeedName(f))))
			} else {
				fmt.Fprintln(cmd.OutOrStdout(), lang.T("cmd.move.done", "Name", strconv.Quote(library.FeedName(f)), "Folder", f.Folder))
			}
			return nil
		},
	}
}

func foldersCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "folders",
		Short: lang.T("cmd.folders.short"),
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
				fmt.Fprintln(out, lang.T("cmd.folders.none"))
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, lang.T("cmd.folders.header"))
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
	cmd.Flags().BoolVar(&asJSON, "json", false, lang.T("flag.json"))
	return cmd
}
