package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

// serverCmd sets the team's feed server the library syncs with.
func serverCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "server",
		Short: lang.T("cmd.server.short"),
		Long:  lang.T("cmd.server.long"),
		Args:  args(cobra.NoArgs),
	}
	cmd.AddCommand(serverAddCmd(g), serverShowCmd(g), serverRemoveCmd(g))
	return cmd
}

func serverAddCmd(g *globals) *cobra.Command {
	var user, api string
	var passwordStdin, tokenStdin bool
	cmd := &cobra.Command{
		Use:   "add URL --user NAME",
		Short: lang.T("cmd.server_add.short"),
		Long:  lang.T("cmd.server_add.long"),
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if api != "" && api != "miniflux" && api != "greader" {
				return usageError{lang.E("cmd.server_add.api", "Value", strconv.Quote(api))}
			}
			if tokenStdin && user != "" {
				return usageError{lang.E("cmd.server_add.token_user")}
			}
			if !tokenStdin && user == "" {
				return usageError{lang.E("cmd.server_add.no_user")}
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
			fmt.Fprintln(cmd.OutOrStdout(), lang.T("cmd.server_add.done", "URL", info.URL, "API", info.API, "User", info.User))
			return nil
		},
	}
	cmd.Flags().StringVar(&user, "user", "", lang.T("flag.user"))
	cmd.Flags().StringVar(&api, "api", "", lang.T("flag.api"))
	cmd.Flags().BoolVar(&passwordStdin, "password-stdin", false, lang.T("flag.server_password_stdin"))
	cmd.Flags().BoolVar(&tokenStdin, "token-stdin", false, lang.T("flag.token_stdin"))
	return cmd
}

// readSecret reads one line from standard input: the password. other is
// the flag that gives it another way, for the message when there is none.
func readSecret(cmd *cobra.Command, fromStdin bool, other string) (string, error) {
	in := cmd.InOrStdin()
	if !fromStdin {
		if f, ok := in.(*os.File); !ok || !isTerminal(f) {
			return "", usageError{lang.E("password.give", "Other", other)}
		}
		fmt.Fprint(cmd.ErrOrStderr(), lang.T("password.prompt")+" ")
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && line == "" {
		return "", lang.E("password.none")
	}
	secret := strings.TrimRight(line, "\r\n")
	if secret == "" {
		return "", lang.E("password.empty")
	}
	return secret, nil
}

func serverShowCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: lang.T("cmd.server_show.short"),
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
				fmt.Fprintln(cmd.OutOrStdout(), lang.T("cmd.server_show.none"))
				return nil
			}
			fmt.Fprintln(cmd.OutOrStdout(), lang.T("cmd.server_show.line", "URL", info.URL, "API", info.API, "User", info.User))
			return nil
		},
	}
}

func serverRemoveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "remove",
		Short: lang.T("cmd.server_remove.short"),
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
			fmt.Fprintln(cmd.OutOrStdout(), lang.T("cmd.server_remove.done"))
			return nil
		},
	}
}

// syncCmd syncs with the feed server now.
func syncCmd(g *globals) *cobra.Command {
	var full bool
	cmd := &cobra.Command{
		Use:   "sync",
		Short: lang.T("cmd.sync.short"),
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
	cmd.Flags().BoolVar(&full, "full", false, lang.T("flag.full"))
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
	return lang.T("cmd.sync.done", "Feeds", s.Feeds, "New", s.New, "Sent", s.Sent, "Read", s.Read, "Stars", s.Star)
}
