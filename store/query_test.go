package store

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseQuery(t *testing.T) {
	cases := map[string]Query{
		"klantreis":                     {Match: `"klantreis"`},
		"klant reis":                    {Match: `"klant" "reis"`},
		`"customer journey" data`:       {Match: `"customer journey" "data"`},
		"author:jan feed:Emerce":        {Match: `author : "jan" feed : "Emerce"`},
		`auteur:"Jan de Vries" loyaal*`: {Match: `author : "Jan de Vries" "loyaal"*`},
		"klant OR merk":                 {Match: `"klant" OR "merk"`},
		"klant -cookies":                {Match: `"klant" NOT "cookies"`},
		"klant NOT cookies AND merk":    {Match: `"klant" NOT "cookies" "merk"`},
		"tag:deck klantreis":            {Match: `"klantreis"`, Tags: []string{"deck"}},
		"tag:deck":                      {Tags: []string{"deck"}},
		`say "he said ""hi"""`:          {Match: `"say" "he said" "hi"`},
		"café? geïnitieerd!":            {Match: `"café?" "geïnitieerd!"`},
		`a"b`:                           {},
	}
	for in, want := range cases {
		got, err := ParseQuery(in)
		if in == `a"b` {
			if err == nil {
				t.Errorf("%q: unbalanced quote accepted", in)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ParseQuery(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
}

func TestParseQueryFriendlyErrors(t *testing.T) {
	for in, want := range map[string]string{
		`"customer journey`: "unbalanced quote",
		"OR klant":          "needs a word before it",
		"klant OR":          "needs a word after it",
		"klant OR NOT merk": "put a word between them",
		"-cookies":          "start with a word",
		"author:":           "needs a word after it",
		"":                  "type a word",
		"   ":               "type a word",
		"-!!":               "no letters or digits",
	} {
		_, err := ParseQuery(in)
		if !errors.Is(err, ErrQuery) || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseQuery(%q) = %v, want %q", in, err, want)
		}
	}
}

// FuzzParseQuery: every accepted query is valid FTS5.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"klant", `"a b" OR c`, "author:x -y", `tag:"a b"`, "a*", `"`, "NOT", "-"} {
		f.Add(s)
	}
	s, err := Open(filepath.Join(f.TempDir(), "kolom.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	f.Fuzz(func(t *testing.T, in string) {
		q, err := ParseQuery(in)
		if err != nil {
			if !errors.Is(err, ErrQuery) {
				t.Fatalf("not a query error: %v", err)
			}
			return
		}
		if q.Match == "" && len(q.Tags) == 0 {
			t.Fatalf("empty query accepted: %q", in)
		}
		if q.Match != "" {
			var n int
			if err := s.DB().QueryRow(`SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?`, q.Match).Scan(&n); err != nil {
				t.Fatalf("%q → %q: %v", in, q.Match, err)
			}
		}
	})
}
