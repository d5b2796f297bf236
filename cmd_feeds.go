package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

func addCmd(g *globals) *cobra.Command {
	var title, folder string
	var mf mailFlags
	cmd := &cobra.Command{
		Use:   "add URL",
		Short: lang.T("cmd.add.short"),
		Long:  lang.T("cmd.add.long"),
		Example: "  kolom add https://www.marketingfacts.nl/feed\n" +
			"  kolom add customertalk.nl --folder Klantcontact\n" +
			"  kolom add imap://anne@mail.example.nl/Nieuwsbrieven --password-command 'pass show mail'\n" +
			"  kolom add maildir://~/Mail/.Nieuwsbrieven",
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if library.IsMailboxURL(a[0]) {
				if title != "" {
					return usageError{lang.E("cmd.add.title_mailbox")}
				}
				return addMailbox(cmd, g, a[0], folder, mf)
			}
			lib, err := g.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			res, err := lib.Add(cmd.Context(), a[0], title, folder)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if res.Discovered {
				fmt.Fprintln(out, lang.T("cmd.add.found", "URL", res.Feed.URL))
			}
			fmt.Fprintln(out, lang.T("cmd.add.subscribed", "Name", strconv.Quote(library.FeedName(res.Feed)), "ID", res.Feed.ID, "Articles", lang.N("count.articles", res.New)))
			return nil
		},
	}
	cmd.Flags().StringVar(&title, "title", "", lang.T("flag.title"))
	cmd.Flags().StringVar(&folder, "folder", "", lang.T("flag.folder"))
	mf.register(cmd)
	return cmd
}

func removeCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "remove FEED|MAILBOX",
		Short:   lang.T("cmd.remove.short"),
		Example: "  kolom remove 3\n  kolom remove Emerce\n  kolom remove imap://anne@mail.example.nl/Nieuwsbrieven",
		Args:    args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			lib, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer lib.Close()
			out := cmd.OutOrStdout()
			if library.IsMailboxURL(a[0]) {
				b, err := lib.RemoveMailbox(cmd.Context(), a[0])
				if err != nil {
					return err
				}
				fmt.Fprintln(out, lang.T("cmd.remove.mailbox", "Mailbox", b.Name()))
				return nil
			}
			f, err := lib.Remove(cmd.Context(), a[0])
			if err != nil {
				return err
			}
			fmt.Fprintln(out, lang.N("cmd.remove.done", f.Total, "Name", strconv.Quote(library.FeedName(f)), "ID", f.ID))
			if library.IsNewsletterFeed(f) {
				fmt.Fprintln(out, lang.T("cmd.remove.newsletter"))
			}
			return nil
		},
	}
}

type feedJSON struct {
	ID          int64   `json:"id"`
	Title       string  `json:"title"`
	URL         string  `json:"url"`
	SiteURL     string  `json:"site_url"`
	Folder      string  `json:"folder"`
	Unread      int     `json:"unread"`
	Total       int     `json:"total"`
	LastFetched *string `json:"last_fetched"`
	LastError   *string `json:"last_error"`
	NextFetch   *string `json:"next_fetch"` // the server asked kolom not to fetch before
	// Settings are the feed's own (header values never: only their names).
	Settings library.FeedSettings `json:"settings"`
}

// feedJSONOf is a feed as feeds --json and show --json write it.
func feedJSONOf(f library.Feed) feedJSON {
	j := feedJSON{ID: f.ID, Title: f.Title, URL: library.Message(f.URL), SiteURL: f.SiteURL, Folder: f.Folder,
		Unread: f.Unread, Total: f.Total, LastFetched: rfc3339(f.LastFetched), Settings: library.Settings(f)}
	if f.LastError != "" {
		j.LastError = &f.LastError
	}
	if f.NextFetch.After(time.Now()) {
		j.NextFetch = rfc3339(f.NextFetch)
	}
	return j
}

func feedsCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "feeds",
		Short: lang.T("cmd.feeds.short"),
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lib, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer lib.Close()
			all, err := lib.Feeds(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				list := make([]feedJSON, len(all))
				for i, f := range all {
					list[i] = feedJSONOf(f)
				}
				return writeJSON(out, list)
			}
			if len(all) == 0 {
				fmt.Fprintln(out, lang.T("cmd.feeds.none"))
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, lang.T("cmd.feeds.header"))
			var failing []library.Feed
			for _, f := range all {
				mark := " "
				if f.LastError != "" {
					mark = "✗"
					failing = append(failing, f)
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%s\t%s\n", f.ID, mark, clip(library.FeedName(f), 40), clip(f.Folder, 20),
					f.Unread, f.Total, ago(f.LastFetched, time.Now()), library.Message(f.URL))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if len(failing) > 0 {
				fmt.Fprintln(out, "\n"+lang.T("cmd.feeds.failing"))
				for _, f := range failing {
					fmt.Fprintf(out, "  %d %s (%s): %s\n", f.ID, library.FeedName(f), ago(f.LastErrorAt, time.Now()), f.LastError)
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, lang.T("flag.json"))
	return cmd
}

func refreshCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "refresh [FEED...]",
		Short: lang.T("cmd.refresh.short"),
		Long:  lang.T("cmd.refresh.long"),
		RunE: func(cmd *cobra.Command, a []string) error {
			ctx := cmd.Context()
			lib, err := g.open(ctx, true)
			if err != nil {
				return err
			}
			defer lib.Close()
			var ids []int64
			for _, ref := range a {
				f, err := lib.FindFeed(ctx, ref)
				if err != nil {
					return err
				}
				ids = append(ids, f.ID)
			}
			out, errw := cmd.OutOrStdout(), cmd.ErrOrStderr()
			live := isTerminal(errw)
			var opts library.RefreshOptions
			if _, ok, err := lib.Server(); err != nil {
				return err
			} else if ok && len(ids) == 0 {
				// With a feed server, refresh is a sync (and a fetch of the
				// feeds the server does not have).
				if err := runSync(cmd, lib); err != nil {
					return err
				}
				opts.OwnOnly = true
			}
			clear := func() {
				if live {
					fmt.Fprint(errw, "\r\x1b[K")
				}
			}
			opts.IDs, opts.Explicit = ids, len(ids) > 0
			sum, err := lib.RefreshWith(ctx, opts, func(ev library.Event) {
				if ev.Kind != library.FeedStarted {
					clear()
					fmt.Fprintln(out, feedLine(ev))
				}
				if live {
					fmt.Fprint(errw, "\r\x1b[K"+lang.T("cmd.refresh.progress", "Done", ev.Done, "Total", ev.Total))
				}
			})
			clear()
			if err != nil {
				return err
			}
			if sum.Feeds == 0 {
				if !opts.OwnOnly {
					fmt.Fprintln(out, lang.T("cmd.refresh.none"))
				}
				return nil
			}
			fmt.Fprintln(out, summaryLine(sum))
			if sum.Failed > 0 {
				return errReported
			}
			return nil
		},
	}
}

func feedLine(ev library.Event) string {
	name := library.FeedName(ev.Feed)
	switch ev.Kind {
	case library.FeedUpdated:
		s := "✓ " + lang.T("cmd.refresh.new", "Name", name, "New", ev.New)
		if ev.Updated > 0 {
			s += ", " + lang.T("cmd.refresh.updated", "N", ev.Updated)
		}
		if ev.Note != "" {
			s += " (" + ev.Note + ")"
		}
		return s
	case library.FeedNotModified:
		return "· " + lang.T("cmd.refresh.not_modified", "Name", name)
	case library.FeedSkipped:
		if ev.Mailbox {
			return "⏸ " + lang.T("cmd.refresh.mail_wait", "Name", name, "Reason", ev.Reason)
		}
		return "⏸ " + lang.T("cmd.refresh.wait", "Name", name, "Until", ev.Until.Local().Format("15:04"), "Reason", ev.Reason, "ID", ev.Feed.ID)
	}
	return "✗ " + name + ": " + lang.Text(ev.Err)
}

func summaryLine(s library.Summary) string {
	var parts []string
	if s.OK > 0 {
		parts = append(parts, lang.T("cmd.refresh.sum_fetched", "N", s.OK))
	}
	if s.NotModified > 0 {
		parts = append(parts, lang.T("cmd.refresh.sum_not_modified", "N", s.NotModified))
	}
	if s.Failed > 0 {
		parts = append(parts, lang.T("cmd.refresh.sum_failed", "N", s.Failed))
	}
	if s.Skipped > 0 {
		parts = append(parts, lang.T("cmd.refresh.sum_skipped", "N", s.Skipped))
	}
	what := lang.N("count.feeds", s.Feeds-s.Mailboxes)
	switch {
	case s.Mailboxes > 0 && s.Feeds == s.Mailboxes:
		what = lang.N("count.mailboxes", s.Mailboxes)
	case s.Mailboxes > 0:
		what = lang.T("cmd.refresh.and", "A", what, "B", lang.N("count.mailboxes", s.Mailboxes))
	}
	line := what + ": " + strings.Join(parts, ", ") + "; " + lang.N("count.new_articles", s.New)
	if s.Filtered > 0 {
		line += ", " + lang.T("cmd.refresh.sum_filtered", "N", s.Filtered)
	}
	return line + "."
}

func importCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "import FILE|URL",
		Short:   lang.T("cmd.import.short"),
		Example: "  kolom import ~/Downloads/newsboat.opml",
		Args:    args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			lib, err := g.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			rep, err := lib.Import(cmd.Context(), a[0])
			if err != nil {
				return err
			}
			out, errw := cmd.OutOrStdout(), cmd.ErrOrStderr()
			for _, p := range rep.Problems {
				fmt.Fprintf(errw, "%s:%d: %s\n", a[0], p.Line, p.Msg)
			}
			msg := lang.T("cmd.import.done", "Feeds", lang.N("count.feeds", len(rep.Added)))
			if rep.Duplicates > 0 {
				msg += " " + lang.T("cmd.import.duplicates", "N", rep.Duplicates)
			}
			if len(rep.Problems) > 0 {
				msg += "; " + lang.T("cmd.import.skipped", "N", len(rep.Problems))
			}
			fmt.Fprintln(out, msg+".")
			if len(rep.Added) > 0 {
				fmt.Fprintln(out, lang.T("cmd.import.refresh"))
			}
			if len(rep.Problems) > 0 {
				return errReported
			}
			return nil
		},
	}
}

func exportCmd(g *globals) *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   "export",
		Short: lang.T("cmd.export.short"),
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lib, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer lib.Close()
			if file == "" || file == "-" {
				return lib.Export(cmd.Context(), cmd.OutOrStdout())
			}
			return writeFileAtomic(file, func(w io.Writer) error { return lib.Export(cmd.Context(), w) })
		},
	}
	cmd.Flags().StringVarP(&file, "output", "o", "", lang.T("flag.output"))
	return cmd
}

// writeFileAtomic writes through a temporary file so a failure never leaves half a file.
func writeFileAtomic(path string, fill func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".kolom-*")
	if err != nil {
		return lang.Wrap(err, "write.failed", "Path", path)
	}
	defer os.Remove(tmp.Name())
	if err := fill(tmp); err != nil {
		tmp.Close()
		return lang.Wrap(err, "write.failed", "Path", path)
	}
	if err := tmp.Close(); err != nil {
		return lang.Wrap(err, "write.failed", "Path", path)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return lang.Wrap(err, "write.failed", "Path", path)
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
