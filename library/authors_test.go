package library

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/kolom/kolom/store"
)

// Bylines as Dutch marketing sites write them (written for this test, in
// the shapes their feeds carry).
func TestColumnistNames(t *testing.T) {
	for byline, want := range map[string]string{
		"Jan Jansen":                         "Jan Jansen",
		"Door Jan Jansen":                    "Jan Jansen",
		"door: Jan Jansen":                   "Jan Jansen",
		"Geschreven door Annemiek de Vries":  "Annemiek de Vries",
		"Jan Jansen | Marketingfacts":        "Jan Jansen",
		"Jan Jansen - Emerce":                "Jan Jansen",
		"Jan Jansen – Frankwatching":         "Jan Jansen",
		"Jan Jansen, hoofdredacteur Emerce":  "Jan Jansen",
		"jan@emerce.nl (Jan Jansen)":         "Jan Jansen",
		"Jan Jansen <jan@emerce.nl>":         "Jan Jansen",
		"JAN JANSEN":                         "Jan Jansen",
		"annemiek de vries":                  "Annemiek de Vries",
		"MARIEKE VAN DER MEER":               "Marieke van der Meer",
		"Gastblogger: Piet Pietersen":        "Piet Pietersen",
		"Gastauteur Sanne Bakker":            "Sanne Bakker",
		"By Seth Godin":                      "Seth Godin",
		"Redactie Frankwatching":             "Redactie Frankwatching",
		"Jan Jansen en Piet Pietersen":       "Jan Jansen; Piet Pietersen",
		"Berry Veldhoen & Annemiek de Vries": "Berry Veldhoen; Annemiek de Vries",
		"Ilse Jansen-de Vries":               "Ilse Jansen-de Vries",
		"redactie@emerce.nl":                 "",
		"  Jan   Jansen  ":                   "Jan Jansen",
		"Tekst: Jan Jansen":                  "Jan Jansen",
		"Jan Jansen\t| Emerce":               "Jan Jansen",
		"jan-willem van 't hof":              "Jan-Willem van 't Hof",
	} {
		if got := strings.Join(ColumnistNames(byline), "; "); got != want {
			t.Errorf("%q: %q, want %q", byline, got, want)
		}
	}
	if ColumnistKey("Annémiek de  Vries") != ColumnistKey("annemiek de vries") || ColumnistKey("Jan Jansen") == ColumnistKey("Jan Janssen") {
		t.Error("keys")
	}
}

// A columnist across two sites, followed: one list of their columns.
func TestFollowAColumnistAcrossSites(t *testing.T) {
	ctx := context.Background()
	l := openLib(t, false)
	feed := func(site string, bylines ...string) string {
		var b strings.Builder
		fmt.Fprintf(&b, `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>%s</title>`, site)
		for i, by := range bylines {
			fmt.Fprintf(&b, `<item><title>%s column %d</title><link>https://%s.example/%d</link><dc:creator>%s</dc:creator><description>Over de klant.</description></item>`,
				site, i, strings.ToLower(site), i, by)
		}
		return b.String() + `</channel></rss>`
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/mf":
			w.Write([]byte(feed("Marketingfacts", "Jan Jansen | Marketingfacts", "Annemiek de Vries", "Jan Jansen en Piet Pietersen")))
		case "/em":
			w.Write([]byte(feed("Emerce", "Door JAN JANSEN", "Redactie")))
		}
	}))
	defer srv.Close()
	for _, p := range []string{"/mf", "/em"} {
		if _, err := l.Add(ctx, srv.URL+p, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	authors, err := l.Authors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(authors) != 4 || authors[0].Name != "Jan Jansen" || authors[0].Articles != 3 || !slices.Equal(authors[0].Feeds, []string{"Emerce", "Marketingfacts"}) {
		t.Fatalf("authors: %+v", authors)
	}
	if _, err := l.FindAuthor(ctx, "Jansen"); err != nil {
		t.Errorf("a surname only one columnist has: %v", err)
	}
	if _, err := l.FindAuthor(ctx, "Klaas"); err == nil {
		t.Error("a columnist who is not there")
	}
	a, err := l.Follow(ctx, "jan jansen")
	if err != nil || !a.Followed {
		t.Fatal(err)
	}
	followed, _ := l.Followed(ctx)
	if len(followed) != 1 || followed[0].Unread != 3 {
		t.Fatalf("followed: %+v", followed)
	}
	cols, err := l.AuthorArticles(ctx, followed[0], store.ArticleQuery{})
	if err != nil || len(cols) != 3 {
		t.Fatalf("columns: %v %+v", err, cols)
	}
	sites := map[string]bool{}
	for _, c := range cols {
		sites[c.FeedTitle] = true
	}
	if len(sites) != 2 {
		t.Errorf("one list from both sites: %v", sites)
	}
	if name, err := l.Unfollow(ctx, "Jan Jansen"); err != nil || name != "Jan Jansen" {
		t.Errorf("unfollow: %q %v", name, err)
	}
	if _, err := l.Unfollow(ctx, "Jan Jansen"); err == nil {
		t.Error("unfollowing twice")
	}
}
