// Command kolom is a terminal reader for newsletters and columns.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/feeds"
	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/ui"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

// memoryTarget is a soft heap limit: a refresh makes a lot of short-lived
// garbage (feed parsing), and collecting it sooner keeps kolom small beside
// the other programs in a terminal. GOMEMLIMIT overrides it.
const memoryTarget = 26 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryTarget)
	}
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit status: 0 success,
// 1 something failed, 2 usage error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	v := buildVersion()
	feeds.Version = v
	root := newRoot()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := fang.Execute(ctx, root,
		fang.WithVersion(v),
		fang.WithNotifySignal(os.Interrupt),
		fang.WithErrorHandler(func(w io.Writer, styles fang.Styles, err error) {
			if errors.Is(err, errReported) {
				return
			}
			// Config and file errors quote what they read: the wall.
			msg := library.Message(err.Error())
			if isTerminal(stderr) {
				fang.DefaultErrorHandler(w, styles, errors.New(msg))
				return
			}
			fmt.Fprintf(w, "kolom: %s\n", msg) // one plain line for logs and scripts
		}))
	switch {
	case err == nil:
		return 0
	case isUsage(err):
		return 2
	}
	return 1
}

func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return strings.TrimPrefix(info.Main.Version, "v")
	}
	return "dev"
}

// errReported means the command already told the user what failed.
var errReported = errors.New("failed (reported above)")

// usageError marks a mistake in how kolom was called.
type usageError struct{ error }

func (u usageError) Unwrap() error { return u.error }

func isUsage(err error) bool {
	var u usageError
	if errors.As(err, &u) {
		return true
	}
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "required flag"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// args wraps a cobra argument check so its failure is a usage error.
func args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if err := check(cmd, a); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// articleID reads an article id argument.
func articleID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, usageError{fmt.Errorf("%q is not an article id; `kolom articles` lists them", s)}
	}
	return id, nil
}

// globals are the flags every verb shares.
type globals struct {
	configPath string
}

func newRoot() *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   "kolom",
		Short: "A calm terminal reader for newsletters and columns",
		Long: "kolom keeps your RSS, Atom and JSON feeds in one local library and reads them as clean Markdown.\n" +
			"Every verb works on the same library; add --json for scripts.",
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lib, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer lib.Close()
			return ui.Run(cmd.Context(), lib, ui.Options{})
		},
	}
	root.PersistentFlags().StringVar(&g.configPath, "config", "", "config file (default $XDG_CONFIG_HOME/kolom/config.toml)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		addCmd(g), removeCmd(g), renameCmd(g), moveCmd(g), setCmd(g), showCmd(g), filterCmd(g), digestCmd(g), authorsCmd(g), followCmd(g), unfollowCmd(g), feedsCmd(g), foldersCmd(g), mailboxesCmd(g), refreshCmd(g),
		importCmd(g), exportCmd(g), articlesCmd(g), readCmd(g),
		searchCmd(g), bookmarkCmd(g), unbookmarkCmd(g), bookmarksCmd(g), backupCmd(g),
		serverCmd(g), syncCmd(g),
	)
	return root
}

// open loads the config and opens the library. seed is false for the verbs
// that create a library holding only what they add (add, import).
func (g *globals) open(ctx context.Context, seed bool) (*library.Library, error) {
	paths := config.DefaultPaths()
	if g.configPath != "" {
		paths.Config = g.configPath
	}
	cfg, err := config.Load(paths.Config)
	if err != nil {
		return nil, err
	}
	return library.Open(ctx, library.Options{Paths: paths, Config: cfg, Seed: seed})
}
