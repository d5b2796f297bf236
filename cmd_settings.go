package main

import (
	"bufio"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"
)

func setCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "set FEED KEY=VALUE...",
		Short: "Change a feed's own settings (what is not set follows the config)",
		Long: "Change a feed's own settings; an empty value (or default) sets one back:\n\n" +
			"  full_text=auto|always|off    fetch the article page: for excerpts, always, or never\n" +
			"  user_agent=TEXT              the User-Agent to fetch this feed with\n" +
			"  interval=6h                  refresh it at most this often (5m to 30d; also 1d)\n" +
			"  auth_user=NAME               log in with basic auth as NAME…\n" +
			"  password_command='pass show x'  …with the password this program prints (no shell)\n" +
			"  header='Name: value'         send this header (a cookie, a token); 'Name:' removes it;\n" +
			"                               'Name: -' reads the value from standard input\n\n" +
			"Header values are kept in credentials.toml (mode 600) and never shown. Headers and the\n" +
			"login go to the feed's own host only. With a feed server, the server fetches its feeds.",
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
						return usageError{errors.New("only one header can be read from standard input")}
					}
					fromStdin = true
					line, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
					if strings.TrimSpace(line) == "" {
						return fmt.Errorf("no value for %s on standard input (%v)", strings.TrimSpace(name), err)
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
			fmt.Fprintf(cmd.OutOrStdout(), "Settings of %q (id %d) changed.\n", library.FeedName(f), f.ID)
			return printSettings(cmd, f, lib.Config())
		},
	}
}

func showCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show FEED",
		Short: "Everything about one feed: address, folder, counts, last fetch and its own settings",
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
			row("address", library.Message(f.URL))
			row("site", f.SiteURL)
			row("folder", f.Folder)
			row("articles", fmt.Sprintf("%d, %d unread", f.Total, f.Unread))
			fetched := "never"
			if !f.LastFetched.IsZero() {
				fetched = f.LastFetched.Local().Format("2 Jan 2006 15:04")
				if f.LastError != "" {
					fetched += ": " + f.LastError
				}
			}
			row("last fetch", fetched)
			if f.ServerID != "" {
				row("fetched by", "the feed server (its settings are the server's)")
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			return printSettings(cmd, f, lib.Config())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
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
	fmt.Fprintln(tw, "  settings")
	fmt.Fprintf(tw, "    full_text\t%s\n", or(s.FullText, cfg.FullText+" (the config's)"))
	fmt.Fprintf(tw, "    user_agent\t%s\n", or(s.UserAgent, "kolom's"))
	fmt.Fprintf(tw, "    interval\t%s\n", or(s.Interval, "none: every refresh"))
	login := "none"
	if s.AuthUser != "" {
		login = s.AuthUser
		if len(s.PasswordCommand) > 0 {
			login += ", password from `" + strings.Join(s.PasswordCommand, " ") + "`"
		} else {
			login += ", no password"
		}
	}
	fmt.Fprintf(tw, "    auth_user\t%s\n", login)
	headers := "none"
	if len(s.Headers) > 0 {
		headers = strings.Join(s.Headers, ", ") + " (values in credentials.toml, not shown)"
	}
	fmt.Fprintf(tw, "    headers\t%s\n", headers)
	return tw.Flush()
}
