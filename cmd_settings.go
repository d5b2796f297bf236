package main

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

func setCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "set FEED KEY=VALUE...",
		Short: lang.T("cmd.set.short"),
		Long:  lang.T("cmd.set.long"),
		Example: "  kolom set Emerce full_text=always interval=2h\n" +
			"  kolom set 7 header='Cookie: -' < cookie.txt",
		Args: args(cobra.MinimumNArgs(2)),
		RunE: func(cmd *cobra.Command, a []string) error {
			var changes []library.Setting
			fromStdin := false
			for _, arg := range a[1:] {
				s, err := library.ParseSetting(arg)
				if err != nil {
					return usageError{err}
				}
				if name, v, ok := strings.Cut(s.Value, ":"); s.Key == "header" && ok && strings.TrimSpace(v) == "-" {
					if fromStdin {
						return usageError{lang.E("cmd.set.one_stdin")}
					}
					fromStdin = true
					line, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
					if strings.TrimSpace(line) == "" {
						return lang.E("cmd.set.no_stdin", "Name", strings.TrimSpace(name), "Why", fmt.Sprint(err))
					}
					s.Value = name + ": " + strings.TrimRight(line, "\r\n")
				}
				changes = append(changes, s)
			}
			lib, err := g.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			f, err := lib.SetFeed(cmd.Context(), a[0], changes)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), lang.T("cmd.set.done", "Name", strconv.Quote(library.FeedName(f)), "ID", f.ID))
			return printSettings(cmd, f, lib.Config())
		},
	}
}

func showCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show FEED",
		Short: lang.T("cmd.show.short"),
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			lib, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer lib.Close()
			f, err := lib.FindFeed(cmd.Context(), a[0])
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, feedJSONOf(f))
			}
			fmt.Fprintf(out, "%s (id %d)\n", library.FeedName(f), f.ID)
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			row := func(k, v string) {
				if v != "" {
					fmt.Fprintf(tw, "  %s\t%s\n", k, v)
				}
			}
			row(lang.T("cmd.show.address"), library.Message(f.URL))
			row(lang.T("cmd.show.site"), f.SiteURL)
			row(lang.T("cmd.show.folder"), f.Folder)
			row(lang.T("cmd.show.articles"), lang.T("cmd.show.counts", "Total", f.Total, "Unread", f.Unread))
			fetched := lang.T("ago.never")
			if !f.LastFetched.IsZero() {
				fetched = lang.DateTime(f.LastFetched.Local())
				if f.LastError != "" {
					fetched += ": " + f.LastError
				}
			}
			row(lang.T("cmd.show.last_fetch"), fetched)
			if f.ServerID != "" {
				row(lang.T("cmd.show.fetched_by"), lang.T("cmd.show.server"))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			return printSettings(cmd, f, lib.Config())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, lang.T("flag.json"))
	return cmd
}

// printSettings lists a feed's settings, what follows the config said so.
func printSettings(cmd *cobra.Command, f library.Feed, cfg library.Config) error {
	s := library.Settings(f)
	tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
	or := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	fmt.Fprintln(tw, "  "+lang.T("cmd.show.settings"))
	fmt.Fprintf(tw, "    full_text\t%s\n", or(s.FullText, lang.T("cmd.show.config_value", "Value", cfg.FullText)))
	fmt.Fprintf(tw, "    user_agent\t%s\n", or(s.UserAgent, lang.T("cmd.show.kolom_agent")))
	fmt.Fprintf(tw, "    interval\t%s\n", or(s.Interval, lang.T("cmd.show.every_refresh")))
	login := lang.T("cmd.show.none")
	if s.AuthUser != "" {
		login = s.AuthUser
		if len(s.PasswordCommand) > 0 {
			login += ", " + lang.T("cmd.show.password_from", "Command", strings.Join(s.PasswordCommand, " "))
		} else {
			login += ", " + lang.T("cmd.show.no_password")
		}
	}
	fmt.Fprintf(tw, "    auth_user\t%s\n", login)
	headers := lang.T("cmd.show.none")
	if len(s.Headers) > 0 {
		headers = lang.T("cmd.show.headers", "Names", strings.Join(s.Headers, ", "))
	}
	fmt.Fprintf(tw, "    headers\t%s\n", headers)
	return tw.Flush()
}
