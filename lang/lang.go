// Package lang is kolom's interface language: the message catalogs
// (English and Dutch, embedded), the choice between them (the config's
// `language`, else the locale), plural rules, and dates as each language
// writes them. Messages are looked up by id; a message kolom shows to a
// person is never written out in code.
package lang

import (
	"embed"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Languages are the interface languages kolom has, as `language` names them.
var Languages = []string{"en", "nl"}

//go:embed locales/*.toml
var locales embed.FS

// bundles hold each language's catalog, parsed the first time a message of
// that language is asked for: a process parses the one it speaks (the
// catalogs hold the same messages, a test sees to that).
var bundles = map[string]func() *i18n.Bundle{}

func init() {
	for _, l := range Languages {
		bundles[l] = sync.OnceValue(func() *i18n.Bundle {
			b := i18n.NewBundle(language.MustParse(l))
			b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
			if _, err := b.LoadMessageFileFS(locales, "locales/"+l+".toml"); err != nil {
				panic(fmt.Sprintf("lang: catalog %s: %v", l, err)) // embedded: a test proves it parses
			}
			return b
		})
	}
}

type state struct {
	code string // "en" or "nl"
	loc  *i18n.Localizer
}

var current atomic.Pointer[state]

// Use sets the interface language from the config's `language`: "auto" (or
// empty) follows the locale, "nl" and "en" choose. Anything else is an
// error that lists the choices, and leaves the language as it was.
func Use(choice string) error {
	code := strings.ToLower(strings.TrimSpace(choice))
	switch code {
	case "", "auto":
		code = FromEnv(os.Getenv)
	case "en", "nl":
	default:
		return errors.New(T("lang.unknown", "Value", choice, "Choices", `"auto", "nl", "en"`))
	}
	current.Store(&state{code: code})
	return nil
}

// FromEnv is the language the locale asks for, as POSIX orders the
// variables: LC_ALL, then LC_MESSAGES, then LANG; a locale of "C" or
// "POSIX" is English; GNU's LANGUAGE list, when set, is read first of all
// for a locale that is not C. Languages kolom does not have are English.
func FromEnv(getenv func(string) string) string {
	locale := ""
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			locale = v
			break
		}
	}
	if locale == "" || locale == "C" || locale == "POSIX" || strings.HasPrefix(locale, "C.") {
		return "en"
	}
	for _, l := range strings.Split(getenv("LANGUAGE"), ":") {
		if c := code(l); c != "" {
			return c
		}
	}
	if c := code(locale); c != "" {
		return c
	}
	return "en"
}

// code is kolom's language for a locale name such as nl_BE.UTF-8, or "".
func code(locale string) string {
	l := strings.ToLower(locale)
	for _, c := range Languages {
		if l == c || strings.HasPrefix(l, c+"_") || strings.HasPrefix(l, c+"-") || strings.HasPrefix(l, c+".") || strings.HasPrefix(l, c+"@") {
			return c
		}
	}
	return ""
}

// Code is the interface language now: "en" or "nl".
func Code() string {
	if s := current.Load(); s != nil {
		return s.code
	}
	return "en"
}

// Dutch reports whether the interface speaks Dutch.
func Dutch() bool { return Code() == "nl" }

func localizer() *i18n.Localizer {
	s := current.Load()
	if s == nil {
		s = &state{code: "en"}
	}
	if s.loc == nil {
		s = &state{code: s.code, loc: i18n.NewLocalizer(bundles[s.code](), s.code)}
		current.Store(s)
	}
	return s.loc
}

// T is message id in the interface language, its placeholders filled from
// pairs of name and value ("Feed", name, "Count", 3).
func T(id string, pairs ...any) string {
	return localize(id, nil, pairs)
}

// N is T for a message that depends on a number: the plural form the
// language's rules choose for n, with n as {{.Count}}.
func N(id string, n int, pairs ...any) string {
	return localize(id, n, append(pairs, "Count", n))
}

func localize(id string, count any, pairs []any) string {
	data := make(map[string]any, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		if k, ok := pairs[i].(string); ok {
			data[k] = pairs[i+1]
		}
	}
	s, err := localizer().Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil && s == "" {
		return id // a missing message shows its id; a test keeps the catalogs whole
	}
	return s
}

// Error is an error whose message is in the interface language and which
// wraps the error it explains.
type Error struct {
	msg string
	err error
}

func (e *Error) Error() string { return e.msg }
func (e *Error) Unwrap() error { return e.err }

// Wrap is err explained by message id: {{.Err}} in the message is err's
// text in the interface language (Text), and errors.Is and As see err.
func Wrap(err error, id string, pairs ...any) error {
	return &Error{msg: T(id, append(pairs, "Err", Text(err))...), err: err}
}

// explainers say the errors of packages that cannot look their words up
// here (the sources and the store speak English and name their failures).
var explainers []func(error) (string, bool)

// Explain adds a way to say an error in the interface language: f reports
// the text for an error it knows. Packages register theirs at init.
func Explain(f func(error) (string, bool)) { explainers = append(explainers, f) }

// Text is err's message in the interface language: the first error in its
// chain an explainer knows is said in that language, in place of its English
// words within the message (a wrapper's "URL: " prefix stays).
func Text(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	if len(explainers) == 0 {
		return msg
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		for _, f := range explainers {
			s, ok := f(e)
			if !ok {
				continue
			}
			if english := e.Error(); english != "" && strings.Contains(msg, english) {
				return strings.Replace(msg, english, s, 1)
			}
			return msg // said already, by a message made with Wrap
		}
	}
	return msg
}

// E is message id as an error.
func E(id string, pairs ...any) error { return errors.New(T(id, pairs...)) }
