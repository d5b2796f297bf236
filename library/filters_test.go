package library

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/kolom/kolom/store"
)

// Dutch columns with the marks real feeds have: diacritics, entities,
// inline tags inside words, hyphens, bylines.
var filterColumns = []struct{ title, author, body string }{
	{"De klant centraal: een illusie?", "Jan Jansen", "<p>Iedereen zegt de klant <b>centraal</b> te zetten. Café-eigenaren weten beter.</p>"},
	{"Webinar: e-mailmarketing in 2027", "Sponsor BV", "<p>Meld je aan voor ons webinar over e-mail en <em>automatisering</em>.</p>"},
	{"Klantreis & klantbeleving", "Annemiek de Vries", "<p>De klant&shy;reis begint v&oacute;&oacute;r de eerste klik.</p>"},
	{"Podcast: de chatbot als collega", "Jan Jansen", "<p>In deze podcast: chatbots, NPS en de klant.</p>"},
	{"Gesponsord: het beste CRM", "Sponsor BV", "<p>Onze <a href='https://crm.example'>CRM-oplossing</a> is de beste.</p>"},
	{"Data zonder dashboards", "Berry Veldhoen", "<div>Data<br>gedreven werken zonder dashboards; cafe of café? In Łódź en Straße, Ærø, Øresund.</div>"},
}

func filterFeed(t *testing.T, items ...int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Marketing Vandaag</title><link>https://mv.example/</link>`)
	for _, i := range items {
		c := filterColumns[i]
		fmt.Fprintf(&b, `<item><title>%s</title><link>https://mv.example/%d</link><guid>%d</guid><dc:creator>%s</dc:creator><description><![CDATA[%s]]></description></item>`,
			strings.ReplaceAll(c.title, "&", "&amp;"), i, i, c.author, c.body)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// A filter means what the same query means to search: for every query,
// the articles the filter matches are those search finds.
func TestFiltersMatchWhatSearchFinds(t *testing.T) {
	ctx := context.Background()
	l := openLib(t, false)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(filterFeed(t, 0, 1, 2, 3, 4, 5)))
	}))
	defer srv.Close()
	if _, err := l.Add(ctx, srv.URL+"/feed", "", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := l.UpdateIndex(ctx); err != nil {
		t.Fatal(err)
	}
	found, none := 0, 0
	for _, q := range []string{
		"klant", "KLANT", "klant*", `"de klant"`, `"klant centraal"`, "centraal", "cafe", "café", "eigenaren",
		`author:"Jan Jansen"`, "author:jansen", "feed:vandaag", "title:webinar", "titel:podcast", "webinar OR podcast",
		"klant NOT podcast", "klant -podcast", "e-mail", "e-mailmarketing", "crm", "oplossing", "klantreis", "data gedreven",
		`"data gedreven"`, "sponsor -webinar", "jan OR sponsor -crm", "2027", "shy", "dashboards", "lodz", "łodz", "łódź", "strasse", "straße", "aero", "ærø", "oresund", "øresund",
	} {
		m, err := store.CompileFilter(q)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		hits, err := l.Search(ctx, q, 100)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		var want, got []string
		for _, h := range hits {
			want = append(want, h.Title)
		}
		err = l.store.ShownArticles(ctx, nil, func(batch []store.FilterDoc) error {
			for i := range batch {
				if m.Match(&batch[i].Doc) {
					got = append(got, batch[i].Title)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(want)
		slices.Sort(got)
		found += len(want)
		if len(want) == 0 {
			none++
		}
		if !slices.Equal(want, got) {
			t.Errorf("%s:\n search finds %q\n the filter   %q", q, want, got)
		}
	}
	// The queries find something, and not everything.
	if found < 40 || none == 0 {
		t.Errorf("the queries found %d articles in all, %d found none", found, none)
	}
	t.Logf("%d found, %d queries found none", found, none)
}

func TestFiltersHideAndComeBack(t *testing.T) {
	ctx := context.Background()
	l := openLib(t, false)
	var items atomic.Value
	items.Store([]int{0, 1, 2})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(filterFeed(t, items.Load().([]int)...)))
	}))
	defer srv.Close()
	added, err := l.Add(ctx, srv.URL+"/feed", "", "")
	if err != nil {
		t.Fatal(err)
	}
	titles := func(q store.ArticleQuery) []string {
		list, err := l.Articles(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range list {
			out = append(out, a.Title)
		}
		slices.Sort(out)
		return out
	}
	// The webinar is bookmarked: no filter touches it.
	for _, a := range mustArticles(t, l) {
		if strings.HasPrefix(a.Title, "Webinar") {
			l.ToggleBookmark(ctx, a.ID)
		}
	}

	for _, bad := range []struct{ q, msg string }{
		{`"open`, "unbalanced quote"},
		{"OR klant", "needs a word before it"},
		{"tag:deck", "never touches a bookmark"},
		{"klant OR", "needs a word after it"},
	} {
		if _, _, err := l.AddFilter(ctx, bad.q, false, false); err == nil || !strings.Contains(err.Error(), bad.msg) {
			t.Errorf("%s: %v (want %q)", bad.q, err, bad.msg)
		}
	}
	if _, _, err := l.AddFilter(ctx, "feed:vandaag", false, false); err == nil || !strings.Contains(err.Error(), "every article") {
		t.Errorf("a filter hiding all: %v", err)
	}
	if fs, _ := l.Filters(ctx); len(fs) != 0 {
		t.Fatalf("a refused filter was kept: %+v", fs)
	}

	f, n, err := l.AddFilter(ctx, "sponsor OR klantreis", false, false)
	if err != nil || n != 1 {
		t.Fatalf("add: %v, hid %d (want 1: the webinar is bookmarked)", err, n)
	}
	if got := titles(store.ArticleQuery{}); !slices.Equal(got, []string{"De klant centraal: een illusie?", "Webinar: e-mailmarketing in 2027"}) {
		t.Errorf("shown: %q", got)
	}
	if got := titles(store.ArticleQuery{Filtered: true}); !slices.Equal(got, []string{"Klantreis & klantbeleving"}) {
		t.Errorf("filtered: %q", got)
	}
	// A refresh hides what arrives: counted, not deleted.
	items.Store([]int{0, 1, 2, 3, 4})
	rs, err := l.Refresh(ctx, []int64{added.Feed.ID}, nil)
	if err != nil || rs.New != 2 || rs.Filtered != 1 {
		t.Fatalf("refresh: %v %+v", err, rs)
	}
	feeds, _ := l.Feeds(ctx)
	if feeds[0].Total != 3 || feeds[0].Unread != 3 {
		t.Errorf("counts leave out what filters hide: %+v", feeds[0])
	}
	// A second filter marks read; removing the first shows its articles
	// again — all but one the second one would hide.
	mr, n, err := l.AddFilter(ctx, `author:"Jan Jansen" podcast`, true, false)
	if err != nil || n != 1 {
		t.Fatalf("mark-read filter: %v %d", err, n)
	}
	if got := titles(store.ArticleQuery{Unread: true}); slices.Contains(got, "Podcast: de chatbot als collega") {
		t.Errorf("the podcast is still unread: %q", got)
	}
	hide2, _, err := l.AddFilter(ctx, "title:gesponsord", false, true)
	if err != nil {
		t.Fatal(err)
	}
	back, err := l.RemoveFilter(ctx, f.ID)
	if err != nil || back != 1 {
		t.Errorf("remove: %v, %d back (want 1: Gesponsord is hidden by another filter)", err, back)
	}
	if got := titles(store.ArticleQuery{Filtered: true}); !slices.Equal(got, []string{"Gesponsord: het beste CRM"}) {
		t.Errorf("after removing: %q", got)
	}
	fs, _ := l.Filters(ctx)
	if len(fs) != 2 || fs[0].ID != mr.ID || fs[1].ID != hide2.ID || fs[1].Hidden != 1 {
		t.Errorf("filters: %+v", fs)
	}
	if _, err := l.RemoveFilter(ctx, 999); err == nil {
		t.Error("removing a filter that is not there")
	}
	// Search leaves out what filters hide.
	l.UpdateIndex(ctx)
	if hits, _ := l.Search(ctx, "crm", 10); len(hits) != 0 {
		t.Errorf("search found a hidden article: %+v", hits)
	}
}

func mustArticles(t *testing.T, l *Library) []store.Article {
	t.Helper()
	list, err := l.Articles(context.Background(), store.ArticleQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// A filter applies to newsletters as they are read in, too.
func TestFiltersOnLetters(t *testing.T) {
	ctx := context.Background()
	l := openLib(t, false)
	dir := maildirWith(t, "emerce-daily.eml")
	if _, _, err := l.AddMailbox(ctx, MailboxOptions{URL: "maildir://" + dir}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := l.AddFilter(ctx, `feed:"vendor insights" chatbot`, false, false); err != nil {
		t.Fatal(err)
	}
	deliverMaildir(t, dir, "hubspot.eml", "substack.eml")
	rs, err := l.Refresh(ctx, nil, nil)
	if err != nil || rs.New != 2 || rs.Filtered != 1 {
		t.Fatalf("%v %+v", err, rs)
	}
	if hidden, _ := l.Articles(ctx, store.ArticleQuery{Filtered: true}); len(hidden) != 1 || hidden[0].FeedTitle != "Vendor Insights" {
		t.Errorf("hidden: %+v", hidden)
	}
}
