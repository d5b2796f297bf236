package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"
)

func digestCmd(g *globals) *cobra.Command {
	var since, tag, format, by, outFile string
	cmd := &cobra.Command{
		Use:   "digest",
		Short: "The week's bookmarks with notes, grouped by tag or columnist: Markdown to paste, or HTML to mail",
		Long: "The bookmarks made since --since (7d unless told), grouped by tag (or by columnist, --by\n" +
			"columnist; the default with --tag), each with its title and link, author, source, date, your\n" +
			"note and the opening of the article. --format markdown keeps quotes and lists as blocks, to\n" +
			"paste into a team channel; --format html is one document with inline styles, no scripts and\n" +
			"nothing fetched from elsewhere, to send as an e-mail newsletter.",
		Example: "  kolom digest > week.md\n" +
			"  kolom digest --since 14d --tag klantcontact --format html -o digest.html",
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "markdown" && format != "html" {
				return usageError{fmt.Errorf("--format %q: markdown or html", format)}
			}
			if by != "" && by != "tag" && by != "columnist" {
				return usageError{fmt.Errorf("--by %q: tag or columnist", by)}
			}
			now := time.Now()
			from, err := parseSince(since, now)
			if err != nil {
				return usageError{err}
			}
			lib, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer lib.Close()
			d, err := lib.Digest(cmd.Context(), library.DigestOptions{Since: from, Tag: strings.TrimPrefix(tag, "#"), By: by, Now: now})
			if err != nil {
				return err
			}
			if d.Count == 0 {
				what := "No bookmarks since " + from.Format("2 January 2006")
				if tag != "" {
					what += " with the tag " + tag
				}
				fmt.Fprintln(cmd.ErrOrStderr(), what+": nothing to digest. Bookmark with b in the reader, or try a longer --since.")
				return nil
			}
			text := d.Markdown()
			if format == "html" {
				if text, err = d.HTML(); err != nil {
					return err
				}
			}
			if outFile == "" || outFile == "-" {
				_, err := fmt.Fprint(cmd.OutOrStdout(), text)
				return err
			}
			// Never over a file that is there: the last digest may be one
			// that was sent.
			f, err := os.OpenFile(outFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if errors.Is(err, os.ErrExist) {
				return fmt.Errorf("%s exists; choose another name (kolom never writes over a file)", outFile)
			}
			if err != nil {
				return err
			}
			if _, err := f.WriteString(text); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "Wrote the digest (%s) to %s.\n", library.Plural(d.Count, "column", "columns"), outFile)
			return nil
		},
	}
	cmd.Flags().StringVar(&since, "since", "7d", "bookmarks made since: 7d, 2w, or a date (2026-11-23)")
	cmd.Flags().StringVar(&tag, "tag", "", "only bookmarks with this tag")
	cmd.Flags().StringVar(&by, "by", "", "group by tag or columnist (default: tag; columnist with --tag)")
	cmd.Flags().StringVar(&format, "format", "markdown", "markdown or html")
	cmd.Flags().StringVarP(&outFile, "output", "o", "", "write to this file (not over one that exists)")
	return cmd
}
