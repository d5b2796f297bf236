// Package config reads kolom's TOML configuration and resolves where its files live.
package config

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/xdg"

	"github.com/kolom/kolom/lang"
)

// Config holds every user setting with its default already applied.
type Config struct {
	RefreshWorkers int           // feeds fetched at once
	Timeout        time.Duration // per feed, covering the whole body
	MaxFeedBytes   int64         // cap on a feed body after decompression
	KeepDays       int           // how long read articles are kept
	UserAgent      string        // empty means kolom/<version>
	Theme          string        // auto, dark or light
	Images         string        // auto, kitty, sixel, iterm2, blocks or off: pictures in the reader
	Language       string        // auto or a language tag
	AutoRefresh    time.Duration // 0 means off
	FullText       string        // auto or off
	MaxWidth       int           // reading width cap in columns
	SaveDir        string        // where s in the reader saves articles; "" = Documents/kolom
	// PasswordCommand prints the feed server's password (argv, run without
	// a shell), for who keeps passwords in pass, a keyring or 1Password.
	PasswordCommand []string
}

// Default returns the configuration used when no file exists.
func Default() Config {
	return Config{
		RefreshWorkers: 8,
		Timeout:        30 * time.Second,
		MaxFeedBytes:   20 << 20,
		KeepDays:       90,
		Theme:          "auto",
		Images:         "auto",
		Language:       "auto",
		FullText:       "auto",
		MaxWidth:       100,
	}
}

// file mirrors config.toml; pointers tell "absent" from "zero".
type file struct {
	RefreshWorkers *int    `toml:"refresh_workers"`
	Timeout        *string `toml:"timeout"`
	MaxFeedBytes   *string `toml:"max_feed_bytes"`
	KeepDays       *int    `toml:"keep_days"`
	UserAgent      *string `toml:"user_agent"`
	Theme          *string `toml:"theme"`
	Images         *string `toml:"images"`
	Language       *string `toml:"language"`
	AutoRefresh    *string `toml:"auto_refresh"`
	FullText       *string `toml:"full_text"`
	MaxWidth       *int    `toml:"max_width"`
	SaveDir        *string `toml:"save_dir"`
	// PasswordCommand: argv of a program that prints the server password.
	PasswordCommand []string `toml:"password_command"`
}

// Bounds on the values, so a typo cannot make kolom pound a server, prune
// everything or read without limit.
const (
	MinTimeout      = time.Second
	MaxTimeout      = 10 * time.Minute
	MinFeedBytes    = 64 << 10
	MaxFeedBytes    = 1 << 30
	MaxKeepDays     = 36500 // a hundred years; 0 keeps forever
	MinAutoRefresh  = 5 * time.Minute
	MaxAutoRefresh  = 7 * 24 * time.Hour
	MaxWidthColumns = 1000
	maxUserAgent    = 200
)

// Load reads the config file at path. A missing file gives the defaults; a file
// that does not parse, or has an unknown key or a bad value, is an error naming
// the file, the line where known, the key and what it takes.
func Load(path string) (Config, error) {
	cfg := Default()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		return cfg, lang.Wrap(err, "config.read", "Path", path)
	}
	// First as plain values, so a value of the wrong type is named as such
	// rather than in the decoder's words.
	var raw map[string]any
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return cfg, lang.Wrap(err, "config.syntax", "Path", path, "Line", perr.Position.Line, "Problem", perr.Message)
		}
		return cfg, lang.Wrap(err, "config.error", "Path", path)
	}
	for _, k := range md.Keys() {
		key := k.String()
		want, known := keyTypes[key]
		if !known {
			return cfg, lang.E("config.unknown_key", "Path", path, "Key", strconv.Quote(key), "Line", lineOf(data, key), "Keys", strings.Join(knownKeys(), ", "))
		}
		if got := md.Type(key); got != want.toml {
			return cfg, lang.E("config.wrong_type", "Path", path, "Key", key, "Line", lineOf(data, key), "Got", typeWords(got),
				"Want", lang.T(want.what), "Example", key+" = "+want.example)
		}
	}
	var f file
	if _, err := toml.Decode(string(data), &f); err != nil {
		return cfg, lang.Wrap(err, "config.error", "Path", path)
	}
	if err := f.apply(&cfg, data); err != nil {
		return cfg, lang.Wrap(err, "config.error", "Path", path)
	}
	return cfg, nil
}

// keyTypes is each key's TOML type, the message that says it in words, and
// an example.
var keyTypes = map[string]struct{ toml, what, example string }{
	"refresh_workers":  {"Integer", "config.type.integer", "8"},
	"timeout":          {"String", "config.type.duration", `"30s"`},
	"max_feed_bytes":   {"String", "config.type.size", `"20MiB"`},
	"keep_days":        {"Integer", "config.type.integer", "90"},
	"user_agent":       {"String", "config.type.text", `"kolom"`},
	"theme":            {"String", "config.type.text", `"auto"`},
	"images":           {"String", "config.type.text", `"auto"`},
	"language":         {"String", "config.type.text", `"auto"`},
	"auto_refresh":     {"String", "config.type.duration", `"30m"`},
	"full_text":        {"String", "config.type.text", `"auto"`},
	"max_width":        {"Integer", "config.type.integer", "100"},
	"save_dir":         {"String", "config.type.folder", `"~/Documents/kolom"`},
	"password_command": {"Array", "config.type.words", `["pass", "show", "team/rss"]`},
}

// typeWords says a TOML type as a person would.
func typeWords(t string) string {
	switch t {
	case "String":
		return lang.T("config.is.text")
	case "Integer":
		return lang.T("config.type.integer")
	case "Float":
		return lang.T("config.is.float")
	case "Bool":
		return lang.T("config.is.bool")
	case "Array":
		return lang.T("config.is.list")
	case "Hash":
		return lang.T("config.is.table")
	}
	return lang.T("config.is.date")
}

func (f file) apply(cfg *Config, data []byte) error {
	bad := func(key string, v any, rule string) error {
		return fmt.Errorf("%s = %s%s: %s", key, show(v), lineOf(data, key), rule)
	}
	if f.RefreshWorkers != nil {
		if *f.RefreshWorkers < 1 || *f.RefreshWorkers > 64 {
			return bad("refresh_workers", *f.RefreshWorkers, lang.T("config.rule.workers"))
		}
		cfg.RefreshWorkers = *f.RefreshWorkers
	}
	if f.Timeout != nil {
		d, err := time.ParseDuration(strings.TrimSpace(*f.Timeout))
		if err != nil || d < MinTimeout || d > MaxTimeout {
			return bad("timeout", *f.Timeout, lang.T("config.rule.timeout", "Min", MinTimeout))
		}
		cfg.Timeout = d
	}
	if f.MaxFeedBytes != nil {
		n, err := ParseSize(*f.MaxFeedBytes)
		if err != nil || n < MinFeedBytes || n > MaxFeedBytes {
			return bad("max_feed_bytes", *f.MaxFeedBytes, lang.T("config.rule.size"))
		}
		cfg.MaxFeedBytes = n
	}
	if f.KeepDays != nil {
		if *f.KeepDays < 0 || *f.KeepDays > MaxKeepDays {
			return bad("keep_days", *f.KeepDays, lang.T("config.rule.keep_days", "Max", MaxKeepDays))
		}
		cfg.KeepDays = *f.KeepDays
	}
	if f.UserAgent != nil {
		ua := strings.TrimSpace(*f.UserAgent)
		if len(ua) > maxUserAgent || strings.ContainsFunc(ua, func(r rune) bool { return r < 0x20 || r == 0x7f || r > 0x7e }) {
			return bad("user_agent", *f.UserAgent, lang.T("config.rule.user_agent", "Max", maxUserAgent))
		}
		cfg.UserAgent = ua
	}
	if err := oneOf("theme", f.Theme, &cfg.Theme, data, "auto", "dark", "light"); err != nil {
		return err
	}
	if err := oneOf("images", f.Images, &cfg.Images, data, "auto", "kitty", "sixel", "iterm2", "blocks", "off"); err != nil {
		return err
	}
	if err := oneOf("language", f.Language, &cfg.Language, data, "auto", "nl", "en"); err != nil {
		return err
	}
	if f.AutoRefresh != nil {
		d, err := parseInterval(*f.AutoRefresh)
		if err != nil || d != 0 && (d < MinAutoRefresh || d > MaxAutoRefresh) {
			return bad("auto_refresh", *f.AutoRefresh, lang.T("config.rule.auto_refresh"))
		}
		cfg.AutoRefresh = d
	}
	if err := oneOf("full_text", f.FullText, &cfg.FullText, data, "auto", "off"); err != nil {
		return err
	}
	if f.MaxWidth != nil {
		if *f.MaxWidth < 20 || *f.MaxWidth > MaxWidthColumns {
			return bad("max_width", *f.MaxWidth, lang.T("config.rule.max_width", "Max", MaxWidthColumns))
		}
		cfg.MaxWidth = *f.MaxWidth
	}
	if f.SaveDir != nil {
		cfg.SaveDir = expandHome(strings.TrimSpace(*f.SaveDir))
	}
	if f.PasswordCommand != nil {
		if len(f.PasswordCommand) == 0 || strings.TrimSpace(f.PasswordCommand[0]) == "" {
			return bad("password_command", f.PasswordCommand, lang.T("config.rule.password_command"))
		}
		cfg.PasswordCommand = f.PasswordCommand
	}
	return nil
}

// show writes a value as it stands in the file.
func show(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	}
	return p
}

// SaveFolder is where articles are saved: save_dir, else Documents/kolom.
func (c Config) SaveFolder() string {
	if c.SaveDir != "" {
		return c.SaveDir
	}
	xdg.Reload()
	return filepath.Join(xdg.UserDirs.Documents, "kolom")
}

func oneOf(key string, v *string, dst *string, data []byte, allowed ...string) error {
	if v == nil {
		return nil
	}
	for _, a := range allowed {
		if *v == a {
			*dst = a
			return nil
		}
	}
	return fmt.Errorf("%s = %q%s: %s", key, *v, lineOf(data, key), lang.T("config.rule.one_of", "Choices", strings.Join(allowed, ", ")))
}

func parseInterval(s string) (time.Duration, error) {
	if s == "0" || s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("bad interval %q", s)
	}
	return d, nil
}

// ParseSize reads a byte size such as "20MiB", "512KB" or "1048576". A size
// that does not fit in 63 bits is an error, never a wrapped-around number.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{
		{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10},
		{"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1},
	}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			mult = u.mult
			t = strings.TrimSpace(strings.TrimSuffix(t, u.suffix))
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, lang.E("config.rule.size_form")
	}
	if n > math.MaxInt64/mult {
		return 0, lang.E("config.rule.too_large", "Value", strconv.Quote(s))
	}
	return n * mult, nil
}

func knownKeys() []string { return slices.Sorted(maps.Keys(keyTypes)) }

// lineOf finds the line that sets key, for error messages.
func lineOf(data []byte, key string) string {
	for i, line := range strings.Split(string(data), "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, key) && strings.HasPrefix(strings.TrimSpace(l[len(key):]), "=") {
			return " " + lang.T("config.on_line", "Line", i+1)
		}
	}
	return ""
}

// Paths says where kolom keeps its files.
type Paths struct {
	Config      string // config.toml
	Credentials string // credentials.toml: the feed server's login ("" beside Config)
	DB          string // kolom.db
	Log         string // kolom.log
	Pictures    string // the cache of articles' pictures ("" beside DB)
}

// PictureDir is where pictures are cached: Pictures, else beside the library.
func (p Paths) PictureDir() string {
	if p.Pictures != "" {
		return p.Pictures
	}
	return filepath.Join(filepath.Dir(p.DB), "pictures")
}

// CredentialsFile is where the feed server's login is kept: Credentials,
// else credentials.toml beside the config file, else beside the library.
func (p Paths) CredentialsFile() string {
	switch {
	case p.Credentials != "":
		return p.Credentials
	case p.Config != "":
		return filepath.Join(filepath.Dir(p.Config), "credentials.toml")
	}
	return filepath.Join(filepath.Dir(p.DB), "credentials.toml")
}

// DefaultPaths resolves the XDG locations from the current environment.
func DefaultPaths() Paths {
	xdg.Reload() // the environment may have changed since init (tests, wrappers)
	return Paths{
		Config:      filepath.Join(xdg.ConfigHome, "kolom", "config.toml"),
		Credentials: filepath.Join(xdg.ConfigHome, "kolom", "credentials.toml"),
		DB:          filepath.Join(xdg.DataHome, "kolom", "kolom.db"),
		Log:         filepath.Join(xdg.StateHome, "kolom", "kolom.log"),
		Pictures:    filepath.Join(xdg.CacheHome, "kolom", "pictures"),
	}
}
