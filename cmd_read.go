package main

import (
	"errors"
	"image"
	"io"
	"os"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/render"
	"github.com/kolom/kolom/ui"

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
				err = renderTo(out, id, doc, style, width, lib.Config(), func(links []string) map[string]image.Image {
					pics := map[string]image.Image{}
					for _, u := range links {
						if img, err := lib.Picture(ctx, u); err == nil {
							pics[u] = img // one that cannot be had keeps its caption
						}
					}
					return pics
				})
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
// renderTo renders an article for a terminal, with its pictures (fetched by
// pictures) drawn above their captions as the reader draws them: half
// blocks, or kitty's protocol with images = "kitty" (kolom read does not ask
// the terminal, as the reader does); none with images = "off" or a style
// without colour.
func renderTo(out io.Writer, id int64, doc, style string, width int, cfg library.Config, pictures func([]string) map[string]image.Image) error {
	if style == "" {
		style = cfg.Theme
	}
	maxWidth := cfg.MaxWidth
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
	w := colorprofile.NewWriter(out, os.Environ()) // colours as this terminal shows them
	mode := ui.PictureMode(cfg.Images, st, os.Getenv, "")
	// Sixel and iTerm2 pictures are drawn where the text is, but the colour
	// writer keeps only colours: the text holds a mark where each goes, and
	// the pictures go to the terminal as they are, between its pieces.
	var drawn []string
	mark := pictureMark
	for strings.Contains(rendered, mark) { // the article's own text never is one
		mark += "\ue000"
	}
	if links := library.PictureLinks(doc, 8); mode != "" && len(links) > 0 {
		pics := pictures(links)
		picID := render.KittyIDs
		rendered = render.AboveCaptions(rendered, links, func(u string, indent int) string {
			img, ok := pics[u]
			if !ok {
				return ""
			}
			cols, rows := max(width-2*indent, 8), 20
			switch mode {
			case "blocks":
				return render.Blocks(img, cols, rows, indent, st != render.StyleLight)
			case "sixel", "iterm2":
				cw, ch := ui.CellPixels(out)
				if cw == 0 {
					cw, ch = render.CellWidth, render.CellHeight
				}
				cols, rows = render.OverlayCells(img, cols, rows, cw, ch)
				seq := render.ITerm2Image(img, cols, rows, 0, rows)
				if mode == "sixel" {
					seq = render.SixelImage(img, cols, rows, cw, ch, 0, rows)
				}
				drawn = append(drawn, seq)
				return strings.Repeat(" ", indent) + mark + "\n" // the cursor goes on below the picture
			}
			picID++
			transmit, place, err := render.Kitty(img, picID, cols, rows, indent)
			if err != nil {
				return ""
			}
			io.WriteString(out, transmit) // the terminal holds it before the text places it
			return place
		})
	}
	pieces := strings.Split(rendered, mark)
	for i, piece := range pieces {
		if _, err := io.WriteString(w, piece); err != nil {
			return err
		}
		if i < len(drawn) {
			if _, err := io.WriteString(out, drawn[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// pictureMark holds a sixel or iTerm2 picture's place in `kolom read`'s
// text (made longer where the article itself has it).
const pictureMark = "\ue000kolom-picture\ue000"
