package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"
)

func addCmd(g *globals) *cobra.Command {
	var title, folder string
	var mf mailFlags
	cmd := &cobra.Command{
		Use:   "add URL",
		Short: "Subscribe to a feed (or the feed a site page announces), or read newsletters from a mailbox",
		Long: "Subscribe to a feed, or to the feed a site page announces.\n\n" +
			"A mailbox — imap://USER@HOST[:PORT]/FOLDER, maildir:///path or mbox:///path — is read for\n" +
			"its newsletters: each sender becomes a feed (in the folder Nieuwsbrieven or Newsletters,\n" +
			"or --folder), each letter an article. Only mail sent to a list (List-Id, List-Unsubscribe)\n" +
			"is taken unless --all-mail. The mailbox is only read, never changed. The IMAP password is\n" +
			"read from standard input (--password-stdin) or asked for on a terminal, and kept in\n" +
			"credentials.toml readable by you only; or --password-command asks a program each time.",
		Example: "  kolom add https://www.marketingfacts.nl/feed\n" +
			"  kolom add customertalk.nl --folder Klantcontact\n" +
			"  kolom add imap://anne@mail.example.nl/Nieuwsbrieven --password-command 'pass show mail'\n" +
			"  kolom add maildir://~/Mail/.Nieuwsbrieven",
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if library.IsMailboxURL(a[0]) {
				if title != "" {
					return usageError{errors.New("--title names a feed; a mailbox's senders are named by their letters")}
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
				fmt.Fprintf(out, "Found the feed %s on that page.\n", res.Feed.URL)
			}
			fmt.Fprintf(out, "Subscribed to %q (id %d): %d articles.\n", library.FeedName(res.Feed), res.Feed.ID, res.New)
			return nil
		},
	}
	cmd.Flags().StringVar(&title, "title", "", "name to show instead of the feed's own title")
	cmd.Flags().StringVar(&folder, "folder", "", "folder to put the feed in (a mailbox: its senders' feeds)")
	mf.register(cmd)
	return cmd
}

func removeCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "remove FEED|MAILBOX",
		Short:   "Unsubscribe from a feed (by id, URL or title) and delete its articles, or stop reading a mailbox",
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
				fmt.Fprintf(out, "No longer reading %s; the newsletters read from it stay (remove a sender's feed to delete them).\n", b.Name())
				return nil
			}
			f, err := lib.Remove(cmd.Context(), a[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "Removed %q (id %d) and its %d articles.\n", library.FeedName(f), f.ID, f.Total)
			if library.IsNewsletterFeed(f) {
				fmt.Fprintln(out, "Its letters are not read in again. To stop them arriving at all, unsubscribe (the link is in each letter's header).")
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
		Short: "List subscriptions with unread counts and the last fetch",
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
				fmt.Fprintln(out, "No feeds yet. Add one with `kolom add URL` or `kolom import FILE`.")
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\t \tFEED\tFOLDER\tUNREAD\tTOTAL\tFETCHED\tURL")
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
				fmt.Fprintln(out, "\nLast refresh failed for:")
				for _, f := range failing {
					fmt.Fprintf(out, "  %d %s (%s): %s\n", f.ID, library.FeedName(f), ago(f.LastErrorAt, time.Now()), f.LastError)
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON for scripts")
	return cmd
}

func refreshCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "refresh [FEED...]",
		Short: "Fetch feeds now (all, or the ones named by id, URL or title)",
		Long: "Fetch feeds now. One line per feed: new articles, \"not modified\", or the error.\n" +
			"Exits 1 when any feed failed; the others are still stored.",
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
					fmt.Fprintf(errw, "\r\x1b[KRefreshing %d/%d feeds…", ev.Done, ev.Total)
				}
			})
			clear()
			if err != nil {
				return err
			}
			if sum.Feeds == 0 {
				if !opts.OwnOnly {
					fmt.Fprintln(out, "No feeds to refresh. Add one with `kolom add URL`.")
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
		s := fmt.Sprintf("✓ %s: %d new", name, ev.New)
		if ev.Updated > 0 {
			s += fmt.Sprintf(", %d updated", ev.Updated)
		}
		if ev.Note != "" {
			s += " (" + ev.Note + ")"
		}
		return s
	case library.FeedNotModified:
		return fmt.Sprintf("· %s: not modified", name)
	case library.FeedSkipped:
		if ev.Mailbox {
			return fmt.Sprintf("⏸ %s: not read again so soon: %s", name, ev.Reason)
		}
		return fmt.Sprintf("⏸ %s: not fetched before %s: %s (`kolom refresh %d` fetches it now)",
			name, ev.Until.Local().Format("15:04"), ev.Reason, ev.Feed.ID)
	}
	return fmt.Sprintf("✗ %s: %v", name, ev.Err)
}

func summaryLine(s library.Summary) string {
	var parts []string
	if s.OK > 0 {
		parts = append(parts, fmt.Sprintf("%d fetched", s.OK))
	}
	if s.NotModified > 0 {
		parts = append(parts, fmt.Sprintf("%d not modified", s.NotModified))
	}
	if s.Failed > 0 {
		parts = append(parts, fmt.Sprintf("%d failed", s.Failed))
	}
	if s.Skipped > 0 {
		parts = append(parts, fmt.Sprintf("%d skipped", s.Skipped))
	}
	what := fmt.Sprintf("%d feeds", s.Feeds-s.Mailboxes)
	switch {
	case s.Mailboxes > 0 && s.Feeds == s.Mailboxes:
		what = library.Plural(s.Mailboxes, "mailbox", "mailboxes")
	case s.Mailboxes > 0:
		what += " and " + library.Plural(s.Mailboxes, "mailbox", "mailboxes")
	}
	line := fmt.Sprintf("%s: %s; %d new articles", what, strings.Join(parts, ", "), s.New)
	if s.Filtered > 0 {
		line += fmt.Sprintf(", %d of them filtered (kolom articles --filtered)", s.Filtered)
	}
	return line + "."
}

func importCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "import FILE|URL",
		Short:   "Subscribe to the feeds in an OPML file or at an OPML address (folders kept)",
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
			msg := fmt.Sprintf("Imported %d feeds", len(rep.Added))
			if rep.Duplicates > 0 {
				msg += fmt.Sprintf(" (%d already subscribed)", rep.Duplicates)
			}
			if len(rep.Problems) > 0 {
				msg += fmt.Sprintf("; skipped %d", len(rep.Problems))
			}
			fmt.Fprintln(out, msg+".")
			if len(rep.Added) > 0 {
				fmt.Fprintln(out, "Run `kolom refresh` to fetch them.")
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
		Short: "Write all subscriptions as OPML 2.0 with folders",
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
	cmd.Flags().StringVarP(&file, "output", "o", "", "write to FILE instead of standard output")
	return cmd
}

// writeFileAtomic writes through a temporary file so a failure never leaves half a file.
func writeFileAtomic(path string, fill func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".kolom-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := fill(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
