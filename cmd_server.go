package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"
)

// serverCmd sets the team's feed server the library syncs with.
func serverCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "server",
		Short: "Sync with a team's feed server (Miniflux, or any Google Reader API server)",
		Long: "With a feed server, the server fetches the feeds: subscriptions and folders come from it,\n" +
			"read state and stars go both ways (a star is a bookmark; notes and tags stay here), and\n" +
			"`kolom refresh` syncs. Changes made while the server is away are sent on the next sync.",
		Args: args(cobra.NoArgs),
	}
	cmd.AddCommand(serverAddCmd(g), serverShowCmd(g), serverRemoveCmd(g))
	return cmd
}

func serverAddCmd(g *globals) *cobra.Command {
	var user, api string
	var passwordStdin, tokenStdin bool
	cmd := &cobra.Command{
		Use:   "add URL --user NAME",
		Short: "Log in to a feed server and sync with it from now on",
		Long: "Log in to a feed server and sync with it from now on. URL is the server's address\n" +
			"(for FreshRSS's Google Reader API: …/api/greader.php). The password (or an API token\n" +
			"with --token-stdin) is read from standard input, or asked for on a terminal, and kept\n" +
			"in credentials.toml beside the config, readable by you only — or, with\n" +
			"password_command = [\"pass\", \"show\", \"team/rss\"] in the config, asked of that\n" +
			"program each time and never kept.",
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if api != "" && api != "miniflux" && api != "greader" {
				return usageError{fmt.Errorf("--api %q: use miniflux or greader", api)}
			}
			if tokenStdin && user != "" {
				return usageError{errors.New("--token-stdin logs in with the token alone: leave out --user")}
			}
			if !tokenStdin && user == "" {
				return usageError{errors.New("name the user: --user NAME (or log in with an API token: --token-stdin)")}
			}
			ctx := cmd.Context()
			lib, err := g.open(ctx, false)
			if err != nil {
				return err
			}
			defer lib.Close()
			// With password_command in the config, the password is never kept.
			var secret string
			if passwordStdin || tokenStdin || len(lib.Config().PasswordCommand) == 0 {
				if secret, err = readSecret(cmd, passwordStdin || tokenStdin, "--token-stdin"); err != nil {
					return err
				}
			}
			info, err := lib.AddServer(ctx, library.ServerConfig{URL: strings.TrimSuffix(a[0], "/"), API: api, User: user, Password: secret})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Syncing with %s (%s API) as %s. `kolom refresh` syncs now.\n", info.URL, info.API, info.User)
			return nil
		},
	}
	cmd.Flags().StringVar(&user, "user", "", "the user name on the server")
	cmd.Flags().StringVar(&api, "api", "", "miniflux or greader (default: probe the server)")
	cmd.Flags().BoolVar(&passwordStdin, "password-stdin", false, "read the password from standard input")
	cmd.Flags().BoolVar(&tokenStdin, "token-stdin", false, "read an API token from standard input instead of a password")
	return cmd
}

// readSecret reads one line from standard input: the password. other is
// the flag that gives it another way, for the message when there is none.
func readSecret(cmd *cobra.Command, fromStdin bool, other string) (string, error) {
	in := cmd.InOrStdin()
	if !fromStdin {
		if f, ok := in.(*os.File); !ok || !isTerminal(f) {
			return "", usageError{fmt.Errorf("give the password on standard input with --password-stdin (or %s)", other)}
		}
		fmt.Fprint(cmd.ErrOrStderr(), "Password: ")
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("no password on standard input")
	}
	secret := strings.TrimRight(line, "\r\n")
	if secret == "" {
		return "", errors.New("the password is empty")
	}
	return secret, nil
}

func serverShowCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Show the feed server the library syncs with",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lib, err := g.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			info, ok, err := lib.Server()
			if err != nil {
				return err
			}
			if !ok {
				fmt.Fprintln(cmd.OutOrStdout(), "No feed server: kolom fetches the feeds itself. `kolom server add URL --user NAME` sets one.")
				return nil
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s (%s API) as %s\n", info.URL, info.API, info.User)
			return nil
		},
	}
}

func serverRemoveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "remove",
		Short: "Stop syncing; the feeds stay, fetched by kolom",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lib, err := g.open(cmd.Context(), false)
			if err != nil {
				return err
			}
			defer lib.Close()
			if err := lib.RemoveServer(cmd.Context()); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "No feed server now: kolom fetches the feeds itself; what you read and bookmarked stays.")
			return nil
		},
	}
}

// syncCmd syncs with the feed server now.
func syncCmd(g *globals) *cobra.Command {
	var full bool
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Sync with the feed server now (what `kolom refresh` does with a server)",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			lib, err := g.open(ctx, false)
			if err != nil {
				return err
			}
			defer lib.Close()
			if full {
				if err := lib.ResyncFromStart(ctx); err != nil {
					return err
				}
			}
			return runSync(cmd, lib)
		},
	}
	cmd.Flags().BoolVar(&full, "full", false, "read every entry on the server again, not only the new ones")
	return cmd
}

// runSync syncs, showing how far it is on a terminal, and prints the
// problems and one summary line.
func runSync(cmd *cobra.Command, lib *library.Library) error {
	errw := cmd.ErrOrStderr()
	live := isTerminal(errw)
	sum, err := lib.Sync(cmd.Context(), func(s string) {
		if live {
			fmt.Fprintf(errw, "\r\x1b[K%s", s)
		}
	})
	if live {
		fmt.Fprint(errw, "\r\x1b[K")
	}
	if err != nil {
		return err
	}
	for _, p := range sum.Problems {
		fmt.Fprintln(errw, "✗", p)
	}
	fmt.Fprintln(cmd.OutOrStdout(), syncLine(sum))
	return nil
}

func syncLine(s library.SyncSummary) string {
	return fmt.Sprintf("Synced: %d feeds, %d new, %d changes sent, %d read states and %d stars from the server.",
		s.Feeds, s.New, s.Sent, s.Read, s.Star)
}
