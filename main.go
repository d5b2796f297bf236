// Command kolom is a terminal reader for newsletters and columns.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/feeds"
	"github.com/kolom/kolom/lang"
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
	chooseLanguage(args)
	root := newRoot()
	localizeCobra(root)
	root.SetArgs(args)
	if isHelp(args) && lang.Dutch() {
		stdout = helpHeadings{stdout}
	}
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
			msg := library.Message(cobraText(lang.Text(err)))
			if isTerminal(stderr) {
				fmt.Fprintln(w, styles.ErrorHeader.SetString(lang.T("error.header")).String())
				fmt.Fprintln(w, styles.ErrorText.Render(msg+"."))
				fmt.Fprintln(w)
				if isUsage(err) {
					fmt.Fprintln(w, styles.ErrorText.UnsetWidth().Render(lang.T("error.try_help")))
					fmt.Fprintln(w)
				}
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

// chooseLanguage sets the interface language before the commands and their
// help are made: the config's language (read from --config when given),
// else the locale's. A config that does not load leaves the locale's; the
// verb that loads it says what is wrong.
func chooseLanguage(args []string) {
	path := config.DefaultPaths().Config
	for i, a := range args {
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--config="); ok {
			path = v
		} else if a == "--config" && i+1 < len(args) {
			path = args[i+1]
		}
	}
	choice := "auto"
	if cfg, err := config.Load(path); err == nil {
		choice = cfg.Language
	}
	if lang.Use(choice) != nil {
		_ = lang.Use("auto")
	}
}

// cobraErrors are the usage errors cobra and pflag write in English, with
// the message that says each in the interface language.
var cobraErrors = []struct {
	re *regexp.Regexp
	id string
}{
	{regexp.MustCompile(`^unknown command ("[^"]*") for ("[^"]*")`), "usage.unknown_command"},
	{regexp.MustCompile(`^unknown flag: (\S+)`), "usage.unknown_flag"},
	{regexp.MustCompile(`^unknown shorthand flag: '(.)' in (\S+)`), "usage.unknown_shorthand"},
	{regexp.MustCompile(`^flag needs an argument: (.+)`), "usage.needs_argument"},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)`), "usage.accepts"},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)`), "usage.at_least"},
}

// cobraText is a usage error of cobra's in the interface language (the
// rest of the message, such as its suggestions, stays as cobra says it).
func cobraText(msg string) string {
	if !lang.Dutch() {
		return msg
	}
	for _, e := range cobraErrors {
		if m := e.re.FindStringSubmatch(msg); m != nil {
			a, b := m[1], ""
			if len(m) > 2 {
				b = m[2]
			}
			rest := msg[len(m[0]):]
			if e.id == "usage.unknown_command" {
				rest = "" // cobra's "Run 'kolom --help' for usage." and suggestions
			}
			return lang.T(e.id, "A", a, "B", b) + rest
		}
	}
	return msg
}

// localizeCobra puts cobra's own commands and flags (help, completion,
// --help, --version) in the interface language, as kolom's are.
func localizeCobra(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		switch c.Name() {
		case "help":
			c.Short = lang.T("cmd.help.short")
		case "completion":
			c.Short, c.Long = lang.T("cmd.completion.short"), lang.T("cmd.completion.long")
			for _, sh := range c.Commands() {
				sh.Short = lang.T("cmd.completion.shell", "Shell", sh.Name())
			}
		}
	}
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		if name, rest, ok := strings.Cut(c.Use, " "); ok {
			c.Use = name + " " + argWords().Replace(rest)
		}
		if c.Flags().Lookup("help") == nil {
			c.Flags().BoolP("help", "h", false, lang.T("flag.help", "Name", c.Name()))
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	root.Flags().BoolP("version", "v", false, lang.T("flag.version", "Name", root.Name()))
	root.SetVersionTemplate(lang.T("version.line") + "\n")
}

// argWords names the arguments in a command's usage line in the interface
// language (QUERY, FILE, FOLDER…); ID, URL and FEED are the same in both.
func argWords() *strings.Replacer {
	var pairs []string
	for _, w := range []string{"QUERY", "FILE", "FOLDER", "NAME", "KEY=VALUE", "TITLE", "MAILBOX"} {
		pairs = append(pairs, w, lang.T("arg."+strings.ToLower(strings.ReplaceAll(w, "=", "_"))))
	}
	return strings.NewReplacer(pairs...)
}

// isHelp reports whether the command line asks for help.
func isHelp(args []string) bool {
	for i, a := range args {
		if a == "--" {
			return false
		}
		if a == "-h" || a == "--help" || i == 0 && a == "help" {
			return true
		}
	}
	return false
}

// helpHeadings says the headings of the help (which its renderer writes in
// English) in Dutch.
type helpHeadings struct{ w io.Writer }

var dutchHeadings = strings.NewReplacer("USAGE", "GEBRUIK", "EXAMPLES", "VOORBEELDEN", "COMMANDS", "OPDRACHTEN", "FLAGS", "OPTIES")

func (h helpHeadings) Write(p []byte) (int, error) {
	if _, err := io.WriteString(h.w, dutchHeadings.Replace(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
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
var errReported = errors.New("failed (reported above)") // never shown: the handler knows it

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
		return 0, usageError{lang.E("cmd.article_id", "Arg", strconv.Quote(s))}
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
		Short: lang.T("cmd.root.short"),
		Long:  lang.T("cmd.root.long"),
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			lib, err := g.open(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer lib.Close()
			return ui.Run(cmd.Context(), lib, ui.Options{})
		},
	}
	root.PersistentFlags().StringVar(&g.configPath, "config", "", lang.T("flag.config"))
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
