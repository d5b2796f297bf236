package main

import (
	"errors"
	"io"
	"os"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/render"

	"github.com/kolom/kolom/lang"
)

func readCmd(g *globals) *cobra.Command {
	var (
		markdown bool
		style    string
		width    int
	)
	cmd := &cobra.Command{
		Use:     "read ID",
		Short:   lang.T("cmd.read.short"),
		Long:    lang.T("cmd.read.long"),
		Example: "  kolom read 812\n  kolom read 812 --markdown > column.md\n  kolom read 812 --style light --width 72",
		Args:    args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			id, err := articleID(a[0])
			if err != nil {
				return err
			}
			if width < 0 {
				return usageError{lang.E("cmd.read.width", "N", width)}
			}
			if _, err := render.ResolveStyle(style, nil); err != nil {
				return usageError{err}
			}
			ctx := cmd.Context()
			lib, err := g.open(ctx, true)
			if err != nil {
				return err
			}
			defer lib.Close()
			art, err := lib.Article(ctx, id)
			if err != nil {
				return err
			}
			doc := art.Document()
			out := cmd.OutOrStdout()
			if markdown || !isTerminal(out) {
				_, err = io.WriteString(out, doc)
			} else {
				err = renderTo(out, id, doc, style, width, lib.Config().Theme, lib.Config().MaxWidth)
			}
			if err != nil {
				return err
			}
			if err := lib.MarkRead(ctx, id, true); err != nil && !errors.Is(err, library.ErrReadOnly) {
				return err
			}
			return nil // a read-only library is read, not marked
		},
	}
	cmd.Flags().BoolVar(&markdown, "markdown", false, lang.T("flag.markdown"))
	cmd.Flags().StringVar(&style, "style", "", lang.T("flag.style"))
	cmd.Flags().IntVar(&width, "width", 0, lang.T("flag.width"))
	return cmd
}

// renderTo renders doc with glamour for the terminal out.
func renderTo(out io.Writer, id int64, doc, style string, width int, theme string, maxWidth int) error {
	if style == "" {
		style = theme
	}
	st, err := render.ResolveStyle(style, func() bool { return lipgloss.HasDarkBackground(os.Stdin, os.Stdout) })
	if err != nil {
		return err
	}
	if width == 0 {
		cols := 80
		if f, ok := out.(*os.File); ok {
			if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
				cols = w
			}
		}
		width = render.ReadingWidth(cols, maxWidth)
	}
	rendered, err := render.New(1).Render(id, doc, width, st)
	if err != nil {
		return err
	}
	// Downgrade colours to what this terminal shows.
	_, err = io.WriteString(colorprofile.NewWriter(out, os.Environ()), rendered)
	return err
}
