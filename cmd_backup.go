package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/lang"
)

func backupCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "backup FILE",
		Short:   lang.T("cmd.backup.short"),
		Long:    lang.T("cmd.backup.long"),
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
			fmt.Fprintln(cmd.OutOrStdout(), lang.T("cmd.backup.done", "Feeds", lang.N("count.feeds", rep.Feeds),
				"Articles", lang.N("count.articles", rep.Articles), "Bookmarks", lang.N("count.bookmarks", rep.Bookmarks),
				"Path", rep.Path, "Size", sizeWords(rep.Bytes)))
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
	return lang.T("size.bytes", "N", n)
}
