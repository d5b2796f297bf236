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
		got.marks = nil // what snippets mark: TestSnippets
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

func TestSnippets(t *testing.T) {
	body := "Een column over de klantreis. Wie de klantreis van een merk wil begrijpen, begint bij de eerste stap: " +
		"het café op de hoek, waar de klant geïnitieerd wordt in wat het merk belooft en wat de service waarmaakt."
	for query, want := range map[string]string{
		"klantreis":            "Een column over de [klantreis]. Wie de [klantreis] van een merk wil begrijpen, begint…",
		"cafe":                 "…bij de eerste stap: het [café] op de hoek, waar de klant geïnitieerd wordt…",
		"geinitieerd":          "…de hoek, waar de klant [geïnitieerd] wordt in wat het merk belooft en wat…",
		"begrijp*":             "…klantreis van een merk wil [begrijpen], begint bij de eerste stap: het café op…",
		`"wat het merk"`:       "…de klant geïnitieerd wordt in [wat] [het] [merk] belooft en wat de service waarmaakt.",
		"service -klantreis":   "…merk belooft en wat de [service] waarmaakt.",
		"author:jan klantreis": "Een column over de [klantreis]. Wie de [klantreis] van een merk wil begrijpen, begint…",
	} {
		q, err := ParseQuery(query)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := snippetOf(body, "", q.marks); !ok || got != want {
			t.Errorf("%s:\n got %q\nwant %q", query, got, want)
		}
	}
	q, _ := ParseQuery("author:jan")
	if _, ok := snippetOf("jan schrijft", "", q.marks); ok {
		t.Error("an author: word marked in the body")
	}
	if got, ok := snippetOf("Jan de Vries", "author", q.marks); !ok || got != "[Jan] de Vries" {
		t.Errorf("author snippet %q", got)
	}
}

func FuzzSnippet(f *testing.F) {
	f.Add("Een column over de klantreis.", "klantreis")
	f.Add("café ÇA va", `"ca va" caf*`)
	f.Fuzz(func(t *testing.T, text, query string) {
		q, err := ParseQuery(query)
		if err != nil {
			return
		}
		if got, ok := snippetOf(text, "", q.marks); ok && !strings.Contains(got, "[") {
			t.Errorf("a match without a mark: %q", got)
		}
	})
}
