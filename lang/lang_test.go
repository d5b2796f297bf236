package lang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

func catalog(t *testing.T, code string) map[string]any {
	t.Helper()
	var m map[string]any
	if _, err := toml.DecodeFS(locales, "locales/"+code+".toml", &m); err != nil {
		t.Fatalf("%s: %v", code, err)
	}
	return m
}

var placeholder = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

// placeholders of a message, all forms together.
func placeholders(v any) []string {
	seen := map[string]bool{}
	add := func(s string) {
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			seen[m[1]] = true
		}
	}
	switch v := v.(type) {
	case string:
		add(v)
	case map[string]any:
		for _, f := range v {
			if s, ok := f.(string); ok {
				add(s)
			}
		}
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// The catalogs say the same things: every message in both languages, with
// the same placeholders, and plural messages plural in both.
func TestCatalogsMatch(t *testing.T) {
	en, nl := catalog(t, "en"), catalog(t, "nl")
	for id, v := range en {
		w, ok := nl[id]
		if !ok {
			t.Errorf("%s is in English only", id)
			continue
		}
		if a, b := placeholders(v), placeholders(w); strings.Join(a, ",") != strings.Join(b, ",") {
			t.Errorf("%s: placeholders %v in English, %v in Dutch", id, a, b)
		}
		_, pe := v.(map[string]any)
		_, pn := w.(map[string]any)
		if pe != pn {
			t.Errorf("%s: plural in one language only", id)
		}
	}
	for id := range nl {
		if _, ok := en[id]; !ok {
			t.Errorf("%s is in Dutch only", id)
		}
	}
	for _, l := range Languages {
		current.Store(&state{code: l})
		for id := range en {
			if s := T(id); s == id {
				t.Errorf("%s: %s does not render: %q", l, id, s)
			}
		}
	}
	current.Store(nil)
}

// msgCall matches the calls that look a message up by id.
var msgFuncs = map[string]int{"T": 0, "N": 0, "E": 0, "Wrap": 1}

// Every id the code asks for is in the catalog: kolom's sources are read
// for lang.T("id"), lang.N, lang.E and lang.Wrap calls with a literal id.
func TestEveryIDExists(t *testing.T) {
	en := catalog(t, "en")
	root := filepath.Join("..")
	fset := token.NewFileSet()
	used := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		inLang := f.Name.Name == "lang"
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := ""
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "lang" {
					name = fn.Sel.Name
				}
			case *ast.Ident:
				if inLang {
					name = fn.Name
				}
			}
			at, ok := msgFuncs[name]
			if !ok || len(call.Args) <= at {
				return true
			}
			lit, ok := call.Args[at].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			id, _ := strconv.Unquote(lit.Value)
			used++
			if _, ok := en[id]; !ok {
				t.Errorf("%s: message %q is not in the catalog", fset.Position(lit.Pos()), id)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if used < 10 {
		t.Fatalf("found only %d message ids in the code", used)
	}
}

func TestPlurals(t *testing.T) {
	defer current.Store(nil)
	current.Store(&state{code: "nl"})
	if got := N("ago.days", 1); got != "1 dag geleden" {
		t.Errorf("one: %q", got)
	}
	if got := N("ago.days", 3); got != "3 dagen geleden" {
		t.Errorf("other: %q", got)
	}
	current.Store(&state{code: "en"})
	if got := N("ago.days", 1); got != "1 day ago" {
		t.Errorf("en one: %q", got)
	}
}

func TestFromEnv(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "nl_NL.UTF-8"}, "nl"},
		{map[string]string{"LANG": "nl_BE.UTF-8"}, "nl"},
		{map[string]string{"LANG": "en_US.UTF-8"}, "en"},
		{map[string]string{"LANG": "de_DE.UTF-8"}, "en"},
		{map[string]string{"LC_ALL": "en_GB.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"},
		{map[string]string{"LC_MESSAGES": "nl_NL.UTF-8", "LANG": "en_US.UTF-8"}, "nl"},
		{map[string]string{"LC_ALL": "C", "LANGUAGE": "nl"}, "en"},
		{map[string]string{"LANG": "en_US.UTF-8", "LANGUAGE": "nl:en"}, "nl"},
		{map[string]string{"LANG": "nl_NL.UTF-8", "LANGUAGE": "fr:de"}, "nl"},
		{map[string]string{}, "en"},
	} {
		if got := FromEnv(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("%v: %s, want %s", c.env, got, c.want)
		}
	}
}

func TestUse(t *testing.T) {
	defer current.Store(nil)
	if err := Use("nl"); err != nil || Code() != "nl" {
		t.Fatal(err, Code())
	}
	err := Use("fr")
	if err == nil || !strings.Contains(err.Error(), `"auto", "nl", "en"`) || Code() != "nl" {
		t.Errorf("fr: %v, language %s", err, Code())
	}
	t.Setenv("LC_ALL", "en_US.UTF-8")
	if err := Use("auto"); err != nil || Code() != "en" {
		t.Error(err, Code())
	}
}

func TestDates(t *testing.T) {
	defer current.Store(nil)
	day := time.Date(2014, 6, 12, 8, 10, 0, 0, time.UTC)
	current.Store(&state{code: "nl"})
	now := time.Date(2014, 6, 14, 9, 0, 0, 0, time.UTC)
	for got, want := range map[string]string{
		Date(day): "12 juni 2014", DayTime(time.Date(2026, 11, 30, 8, 10, 0, 0, time.UTC)): "ma 30 nov 08:10",
		Ago(now.Add(-20*time.Second), now): "zojuist", Ago(now.Add(-5*time.Minute), now): "5 min geleden",
		Ago(now.Add(-30*time.Hour), now): "gisteren", Ago(now.Add(-72*time.Hour), now): "3 dagen geleden",
		ReadingTime(4): "4 min lezen", Compact(now.Add(-3*time.Hour), now): "3u", ShortDate(day): "12 jun",
	} {
		if got != want {
			t.Errorf("nl: %q, want %q", got, want)
		}
	}
	current.Store(&state{code: "en"})
	for got, want := range map[string]string{
		Date(day): "12 June 2014", Ago(now.Add(-72*time.Hour), now): "3 days ago", ReadingTime(4): "4 min read", Compact(now.Add(-3*time.Hour), now): "3h",
	} {
		if got != want {
			t.Errorf("en: %q, want %q", got, want)
		}
	}
}

// Wrap keeps the error it explains.
func TestWrap(t *testing.T) {
	base := os.ErrNotExist
	err := Wrap(base, "lang.unknown", "Value", "x", "Choices", "y")
	if !strings.Contains(err.Error(), "x") || !errorsIs(err, base) {
		t.Errorf("%v", err)
	}
}

func errorsIs(err, target error) bool {
	for err != nil {
		if err == target {
			return true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		err = u.Unwrap()
	}
	return false
}
