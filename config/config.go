// Package config reads kolom's TOML configuration and resolves where its files live.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/xdg"
)

// Config holds every user setting with its default already applied.
type Config struct {
	RefreshWorkers int           // feeds fetched at once
	Timeout        time.Duration // per feed, covering the whole body
	MaxFeedBytes   int64         // cap on a feed body after decompression
	KeepDays       int           // how long read articles are kept
	UserAgent      string        // empty means kolom/<version>
	Theme          string        // auto, dark or light
	Language       string        // auto or a language tag
	AutoRefresh    time.Duration // 0 means off
	FullText       string        // auto or off
	MaxWidth       int           // reading width cap in columns
	SaveDir        string        // where s in the reader saves articles; "" = Documents/kolom
}

// Default returns the configuration used when no file exists.
func Default() Config {
	return Config{
		RefreshWorkers: 8,
		Timeout:        30 * time.Second,
		MaxFeedBytes:   20 << 20,
		KeepDays:       90,
		Theme:          "auto",
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
	Language       *string `toml:"language"`
	AutoRefresh    *string `toml:"auto_refresh"`
	FullText       *string `toml:"full_text"`
	MaxWidth       *int    `toml:"max_width"`
	SaveDir        *string `toml:"save_dir"`
}

// Load reads the config file at path. A missing file gives the defaults; a file
// that does not parse, or has an unknown key or a bad value, is an error naming
// the file, the line where known, and the key.
func Load(path string) (Config, error) {
	cfg := Default()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		return cfg, fmt.Errorf("read config %s: %w", path, err)
	}
	var f file
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return cfg, fmt.Errorf("config %s: line %d: %s; fix the line or delete the file to use the defaults",
				path, perr.Position.Line, perr.Message)
		}
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	if undec := md.Undecoded(); len(undec) > 0 {
		key := undec[0].String()
		return cfg, fmt.Errorf("config %s: unknown key %q%s; known keys are %s",
			path, key, lineOf(data, key), strings.Join(knownKeys(), ", "))
	}
	if err := f.apply(&cfg); err != nil {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}

func (f file) apply(cfg *Config) error {
	if f.RefreshWorkers != nil {
		if *f.RefreshWorkers < 1 || *f.RefreshWorkers > 64 {
			return fmt.Errorf("refresh_workers = %d: use a number from 1 to 64", *f.RefreshWorkers)
		}
		cfg.RefreshWorkers = *f.RefreshWorkers
	}
	if f.Timeout != nil {
		d, err := time.ParseDuration(*f.Timeout)
		if err != nil || d <= 0 {
			return fmt.Errorf("timeout = %q: use a duration such as \"30s\" or \"1m\"", *f.Timeout)
		}
		cfg.Timeout = d
	}
	if f.MaxFeedBytes != nil {
		n, err := ParseSize(*f.MaxFeedBytes)
		if err != nil {
			return fmt.Errorf("max_feed_bytes = %q: %w", *f.MaxFeedBytes, err)
		}
		cfg.MaxFeedBytes = n
	}
	if f.KeepDays != nil {
		if *f.KeepDays < 0 {
			return fmt.Errorf("keep_days = %d: use 0 (keep forever) or more", *f.KeepDays)
		}
		cfg.KeepDays = *f.KeepDays
	}
	if f.UserAgent != nil {
		cfg.UserAgent = strings.TrimSpace(*f.UserAgent)
	}
	if err := oneOf("theme", f.Theme, &cfg.Theme, "auto", "dark", "light"); err != nil {
		return err
	}
	if f.Language != nil {
		cfg.Language = *f.Language
	}
	if f.AutoRefresh != nil {
		d, err := parseInterval(*f.AutoRefresh)
		if err != nil {
			return fmt.Errorf("auto_refresh = %q: use \"0\" (off) or a duration such as \"30m\"", *f.AutoRefresh)
		}
		cfg.AutoRefresh = d
	}
	if err := oneOf("full_text", f.FullText, &cfg.FullText, "auto", "off"); err != nil {
		return err
	}
	if f.MaxWidth != nil {
		if *f.MaxWidth < 20 {
			return fmt.Errorf("max_width = %d: use 20 columns or more", *f.MaxWidth)
		}
		cfg.MaxWidth = *f.MaxWidth
	}
	if f.SaveDir != nil {
		cfg.SaveDir = expandHome(strings.TrimSpace(*f.SaveDir))
	}
	return nil
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

func oneOf(key string, v *string, dst *string, allowed ...string) error {
	if v == nil {
		return nil
	}
	for _, a := range allowed {
		if *v == a {
			*dst = a
			return nil
		}
	}
	return fmt.Errorf("%s = %q: use one of %s", key, *v, strings.Join(allowed, ", "))
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

// ParseSize reads a byte size such as "20MiB", "512KB" or "1048576".
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
		return 0, errors.New(`use a size such as "20MiB" or "512KiB"`)
	}
	return n * mult, nil
}

func knownKeys() []string {
	return []string{"refresh_workers", "timeout", "max_feed_bytes", "keep_days", "user_agent",
		"theme", "language", "auto_refresh", "full_text", "max_width", "save_dir"}
}

// lineOf finds the line that sets key, for error messages.
func lineOf(data []byte, key string) string {
	for i, line := range strings.Split(string(data), "\n") {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, key) && strings.HasPrefix(strings.TrimSpace(l[len(key):]), "=") {
			return fmt.Sprintf(" on line %d", i+1)
		}
	}
	return ""
}

// Paths says where kolom keeps its files.
type Paths struct {
	Config string // config.toml
	DB     string // kolom.db
	Log    string // kolom.log
}

// DefaultPaths resolves the XDG locations from the current environment.
func DefaultPaths() Paths {
	xdg.Reload() // the environment may have changed since init (tests, wrappers)
	return Paths{
		Config: filepath.Join(xdg.ConfigHome, "kolom", "config.toml"),
		DB:     filepath.Join(xdg.DataHome, "kolom", "kolom.db"),
		Log:    filepath.Join(xdg.StateHome, "kolom", "kolom.log"),
	}
}
