package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

func digestCmd(g *globals) *cobra.Command {
	var since, tag, format, by, outFile string
	cmd := &cobra.Command{
		Use:   "digest",
		Short: lang.T("cmd.digest.short"),
		Long:  lang.T("cmd.digest.long"),
		Example: "  kolom digest > week.md\n" +
			"  kolom digest --since 14d --tag klantcontact --format html -o digest.html",
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "markdown" && format != "html" {
				return usageError{lang.E("cmd.digest.format", "Value", strconv.Quote(format))}
			}
			if by != "" && by != "tag" && by != "columnist" {
				return usageError{lang.E("cmd.digest.by", "Value", strconv.Quote(by))}
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
				what := lang.T("cmd.digest.none", "Date", lang.Date(from))
				if tag != "" {
					what = lang.T("cmd.digest.none_tag", "Date", lang.Date(from), "Tag", tag)
				}
				fmt.Fprintln(cmd.ErrOrStderr(), what)
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
				return lang.E("cmd.digest.exists", "Path", outFile)
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
			fmt.Fprintln(cmd.ErrOrStderr(), lang.N("cmd.digest.wrote", d.Count, "Path", outFile))
			return nil
		},
	}
	cmd.Flags().StringVar(&since, "since", "7d", lang.T("flag.digest_since"))
	cmd.Flags().StringVar(&tag, "tag", "", lang.T("flag.tag_only"))
	cmd.Flags().StringVar(&by, "by", "", lang.T("flag.by"))
	cmd.Flags().StringVar(&format, "format", "markdown", lang.T("flag.format"))
	cmd.Flags().StringVarP(&outFile, "output", "o", "", lang.T("flag.output_new"))
	return cmd
}
