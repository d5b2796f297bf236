package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMissingFileGivesDefaults(t *testing.T) {
	cfg, err := Load(filepath.Join(t.TempDir(), "none.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg, Default()) || cfg.RefreshWorkers != 8 || cfg.Timeout != 30*time.Second || cfg.MaxFeedBytes != 20<<20 || cfg.KeepDays != 90 {
		t.Errorf("defaults: %+v", cfg)
	}
}

func TestLoadValues(t *testing.T) {
	cfg, err := Load(write(t, `
refresh_workers = 4
timeout = "10s"
max_feed_bytes = "5MiB"
keep_days = 30
user_agent = "kolom-test"
theme = "light"
images = "off"
auto_refresh = "30m"
full_text = "off"
max_width = 80
password_command = ["pass", "show", "team/rss"]
`))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{RefreshWorkers: 4, Timeout: 10 * time.Second, MaxFeedBytes: 5 << 20, KeepDays: 30, UserAgent: "kolom-test",
		Theme: "light", Images: "off", Language: "auto", AutoRefresh: 30 * time.Minute, FullText: "off", MaxWidth: 80,
		PasswordCommand: []string{"pass", "show", "team/rss"}}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got %+v\nwant %+v", cfg, want)
	}
}

func TestLoadErrorsNameFileLineAndKey(t *testing.T) {
	cases := map[string][]string{
		"refresh_workers = 8\ntimout = \"10s\"\n": {"unknown key \"timout\" on line 2", "known keys are"},
		"theme = \"paars\"\n":                     {"theme = \"paars\"", "auto, dark, light"},
		"timeout = \"lang\"\n":                    {"timeout = \"lang\"", "30s"},
		"max_feed_bytes = \"veel\"\n":             {"max_feed_bytes"},
		"refresh_workers = 0\n":                   {"refresh_workers = 0", "1 to 64"},
		"keep_days = 30\ntheme = \"dark\n":        {"line 2"},
		// Out of range, overflowing, or of the wrong type: named with line and range.
		"theme = \"dark\"\nkeep_days = 9223372036854775807\n": {"keep_days = 9223372036854775807 on line 2", "up to 36500"},
		"max_feed_bytes = \"9223372036854775807\"\n":          {"max_feed_bytes", "on line 1", `"64KiB" to "1GiB"`},
		"max_feed_bytes = \"17179869185GiB\"\n":               {"max_feed_bytes", `"64KiB" to "1GiB"`},
		"max_feed_bytes = \"1KiB\"\n":                         {"max_feed_bytes", `"64KiB" to "1GiB"`},
		"auto_refresh = \"1ms\"\n":                            {"auto_refresh = \"1ms\" on line 1", `"5m" to "168h"`},
		"timeout = \"0s\"\n":                                  {"timeout", "1s to 10m"},
		"timeout = \"9999h\"\n":                               {"timeout", "1s to 10m"},
		"user_agent = \"kolom\\nX-Evil: 1\"\n":                {"user_agent", "one line of plain ASCII"},
		"max_width = 5\n":                                     {"max_width = 5 on line 1", "20 to 1000"},
		"\nkeep_days = \"90\"\n":                              {"keep_days on line 2 is text", "a whole number", "keep_days = 90"},
		"timeout = 30\n":                                      {"timeout on line 1 is a whole number", "a duration in quotes", `timeout = "30s"`},
	}
	for body, wants := range cases {
		p := write(t, body)
		_, err := Load(p)
		if err == nil {
			t.Errorf("%q: no error", body)
			continue
		}
		for _, w := range append(wants, p) {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: %v\n  missing %q", body, err, w)
			}
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"20MiB": 20 << 20, "512 KiB": 512 << 10, "1048576": 1 << 20, "2GB": 2e9} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "-1MiB", "veel", "0", "17179869185GiB", "9223372036854775807KB"} {
		if _, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) accepted", in)
		}
	}
}

func TestDefaultPathsFollowXDG(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "c"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "d"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "s"))
	p := DefaultPaths()
	if p.Config != filepath.Join(dir, "c", "kolom", "config.toml") || p.DB != filepath.Join(dir, "d", "kolom", "kolom.db") ||
		p.Log != filepath.Join(dir, "s", "kolom", "kolom.log") {
		t.Errorf("%+v", p)
	}
}
