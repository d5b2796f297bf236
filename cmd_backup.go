package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func backupCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of the whole library to one file",
		Long: "backup writes the library — feeds, articles, read state, bookmarks with notes and tags — to FILE as\n" +
			"one SQLite file, consistent even while the reader or a refresh runs. An existing FILE is replaced.\n" +
			"To restore, quit kolom and copy FILE over kolom.db in $XDG_DATA_HOME/kolom (~/.local/share/kolom).",
		Example: "  kolom backup ~/Backups/kolom-$(date +%F).db",
		Args:    args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			lib, err := g.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			rep, err := lib.Backup(cmd.Context(), a[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Backed up %d feeds, %d articles and %d bookmarks to %s (%s).\n",
				rep.Feeds, rep.Articles, rep.Bookmarks, rep.Path, sizeWords(rep.Bytes))
			return nil
		},
	}
}

func sizeWords(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
