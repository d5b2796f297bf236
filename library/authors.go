package library

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/store"

	"github.com/kolom/kolom/lang"
)

// Columnists: the people behind the columns, followed across sites. A
// byline says a name in many ways — "Door Jan Jansen", "Jan Jansen |
// Marketingfacts", "jan@emerce.nl (Jan Jansen)", "JAN JANSEN" — and one
// column can have two authors; ColumnistNames reads the names out of it,
// and a name's key (lower case, no diacritics) is who it is.

var (
	// A prefix that says "by": Dutch and English, with or without a colon.
	bylinePrefix = regexp.MustCompile(`(?i)^(?:geschreven door|tekst(?: en beeld)?|gastblog(?:ger)?|gastauteur|gastcolumn(?:ist)?|auteur|door|by|written by|column(?:ist)?|author)\s*(?::|\s)\s*`)
	// "jan@x.nl (Jan Jansen)", RSS's author form.
	mailThenName = regexp.MustCompile(`^\S+@\S+\s*\(([^)]+)\)$`)
	// "Jan Jansen <jan@x.nl>" and "Jan Jansen (jan@x.nl)".
	nameThenMail = regexp.MustCompile(`^(.*?)\s*[<(]\s*\S+@\S+\s*[>)]$`)
	// What follows the name: " | Marketingfacts", " - Emerce", ", hoofdredacteur".
	bylineTail = regexp.MustCompile(`\s+[|–—-]\s+.*$|\s*,\s+.*$|\s*\|.*$`)
	// Two authors: "Jan Jansen en Piet Pietersen", "A & B", "A and B".
	coAuthors = regexp.MustCompile(`\s+(?:en|and|&|\+)\s+`)
)

// Dutch name particles stay lower case when a name is written out: "de
// Vries", "van der Meer".
var particles = map[string]bool{"van": true, "de": true, "der": true, "den": true, "het": true, "ten": true, "ter": true,
	"te": true, "in": true, "'t": true, "op": true, "la": true, "le": true, "du": true, "von": true, "da": true, "dos": true}

// ColumnistNames reads the names in a byline, as they are best shown.
func ColumnistNames(byline string) []string {
	s := strings.Join(strings.Fields(article.SafeLine(byline)), " ")
	if m := mailThenName.FindStringSubmatch(s); m != nil {
		s = m[1]
	} else if m := nameThenMail.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	if strings.Contains(s, "@") && !strings.Contains(s, " ") {
		return nil // an address alone names nobody
	}
	for prev := ""; prev != s; {
		prev = s
		s = strings.TrimSpace(bylinePrefix.ReplaceAllString(s, ""))
	}
	s = strings.TrimSpace(bylineTail.ReplaceAllString(s, ""))
	var out []string
	for _, name := range coAuthors.Split(s, -1) {
		if name = strings.TrimSpace(strings.Trim(strings.TrimSpace(name), ".:;")); name != "" && strings.ContainsFunc(name, unicode.IsLetter) {
			out = append(out, nameCase(name))
		}
	}
	return out
}

// nameCase writes a name in capitals or in lower case as a name: "JAN DE
// VRIES" and "jan de vries" are "Jan de Vries". A name already written
// with capitals is left as it is.
func nameCase(name string) string {
	if name != strings.ToUpper(name) && name != strings.ToLower(name) {
		return name
	}
	words := strings.Fields(strings.ToLower(name))
	for i, w := range words {
		if particles[w] && i > 0 && i < len(words)-1 {
			continue
		}
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		for j := 1; j < len(r); j++ {
			if r[j-1] == '-' || r[j-1] == '\'' && j > 1 {
				r[j] = unicode.ToUpper(r[j])
			}
		}
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

// ColumnistKey is who a name is: its words as the search index folds
// them (lower case, diacritics off, one space).
func ColumnistKey(name string) string { return store.FoldWords(name) }

// Author is a columnist with what the library holds of them.
type Author struct {
	Name     string    `json:"name"`
	Key      string    `json:"key"`
	Feeds    []string  `json:"feeds"`
	Articles int       `json:"articles"`
	Unread   int       `json:"unread"`
	Latest   time.Time `json:"latest"`
	Followed bool      `json:"followed"`
	bylines  []string  // the bylines that name them, as stored
}

// Authors lists the columnists of the library, most columns first.
func (l *Library) Authors(ctx context.Context) ([]Author, error) {
	rows, err := l.store.Bylines(ctx)
	if err != nil {
		return nil, err
	}
	follows, err := l.store.Follows(ctx)
	if err != nil {
		return nil, err
	}
	byKey := map[string]*Author{}
	var order []string
	shown := map[string]map[string]int{} // key → name variant → articles
	for _, r := range rows {
		for _, name := range ColumnistNames(r.Author) {
			key := ColumnistKey(name)
			if key == "" {
				continue
			}
			a, ok := byKey[key]
			if !ok {
				a = &Author{Key: key}
				byKey[key] = a
				order = append(order, key)
				shown[key] = map[string]int{}
			}
			shown[key][name] += r.Articles
			a.Articles += r.Articles
			a.Unread += r.Unread
			if !slices.Contains(a.Feeds, r.Feed) {
				a.Feeds = append(a.Feeds, r.Feed)
			}
			if r.Latest.After(a.Latest) {
				a.Latest = r.Latest
			}
			if !slices.Contains(a.bylines, r.Author) {
				a.bylines = append(a.bylines, r.Author)
			}
		}
	}
	out := make([]Author, 0, len(order))
	for _, key := range order {
		a := byKey[key]
		// The way most columns write the name; ties to the one with more
		// capitals and accents (what a person typed, not a system).
		best, n := "", -1
		for name, c := range shown[key] {
			if c > n || c == n && name > best {
				best, n = name, c
			}
		}
		a.Name = best
		_, a.Followed = follows[key]
		slices.Sort(a.Feeds)
		out = append(out, *a)
	}
	slices.SortStableFunc(out, func(x, y Author) int {
		if x.Articles != y.Articles {
			return y.Articles - x.Articles
		}
		return naturalCompare(x.Name, y.Name)
	})
	return out, nil
}

// FindAuthor is the columnist a person names ("jan jansen", "Jansen" when
// only one name has it).
func (l *Library) FindAuthor(ctx context.Context, name string) (Author, error) {
	all, err := l.Authors(ctx)
	if err != nil {
		return Author{}, err
	}
	key := ColumnistKey(name)
	if key == "" {
		return Author{}, lang.E("authors.give_name")
	}
	var partial []Author
	for _, a := range all {
		if a.Key == key {
			return a, nil
		}
		if strings.Contains(" "+a.Key+" ", " "+key+" ") {
			partial = append(partial, a)
		}
	}
	switch len(partial) {
	case 1:
		return partial[0], nil
	case 0:
		return Author{}, withKind(KindNotFound, lang.E("authors.none", "Name", strconv.Quote(name)))
	}
	names := make([]string, len(partial))
	for i, a := range partial {
		names[i] = a.Name
	}
	return Author{}, lang.E("authors.ambiguous", "Name", strconv.Quote(name), "Names", strings.Join(names, ", "))
}

// AuthorArticles lists a columnist's articles from every feed, newest first.
func (l *Library) AuthorArticles(ctx context.Context, a Author, q store.ArticleQuery) ([]store.Article, error) {
	q.Authors = a.bylines
	if len(q.Authors) == 0 {
		return nil, nil
	}
	return l.store.Articles(ctx, q)
}

// Follow keeps a columnist followed: the reader lists their columns
// from every source under Columnists.
func (l *Library) Follow(ctx context.Context, name string) (Author, error) {
	a, err := l.FindAuthor(ctx, name)
	if err != nil {
		return a, err
	}
	a.Followed = true
	return a, l.store.Follow(ctx, a.Key, a.Name)
}

// Unfollow stops following a columnist.
func (l *Library) Unfollow(ctx context.Context, name string) (string, error) {
	follows, err := l.store.Follows(ctx)
	if err != nil {
		return "", err
	}
	key := ColumnistKey(name)
	shown, ok := follows[key]
	if !ok {
		return "", withKind(KindNotFound, lang.E("authors.not_followed", "Name", strconv.Quote(name)))
	}
	return shown, l.store.Unfollow(ctx, key)
}

// Followed lists the followed columnists with their counts now (one
// who has no column in the library any more is listed with none).
func (l *Library) Followed(ctx context.Context) ([]Author, error) {
	follows, err := l.store.Follows(ctx)
	if err != nil || len(follows) == 0 {
		return nil, err
	}
	all, err := l.Authors(ctx)
	if err != nil {
		return nil, err
	}
	var out []Author
	for _, a := range all {
		if a.Followed {
			out = append(out, a)
			delete(follows, a.Key)
		}
	}
	for key, name := range follows {
		out = append(out, Author{Name: name, Key: key, Followed: true})
	}
	slices.SortFunc(out, func(x, y Author) int { return naturalCompare(x.Name, y.Name) })
	return out, nil
}
