package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kolom/kolom/internal/feedtest"
)

func TestCLIRenameMoveFolders(t *testing.T) {
	dir := isolate(t)
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/ct", "application/rss+xml", feedtest.Spec{Title: "CustomerTalk", Items: 3, Words: 80, Seed: 3}.Render())
	srv.Set("/em", "application/rss+xml", feedtest.Spec{Title: "Emerce", Items: 2, Words: 80, Seed: 4}.Render())
	opml := writeFile(t, filepath.Join(dir, "feeds.opml"), fmt.Sprintf(`<?xml version="1.0"?>
<opml version="2.0"><body><outline text="Nederland"><outline text="Klantcontact">
<outline text="CustomerTalk" xmlUrl="%s"/></outline><outline text="Emerce" xmlUrl="%s"/></outline></body></opml>`, srv.URL("/ct"), srv.URL("/em")))
	if r := kolom(t, "import", opml); r.code != 0 {
		t.Fatal(r)
	}
	if r := kolom(t, "refresh"); r.code != 0 {
		t.Fatal(r)
	}
	r := kolom(t, "folders", "--json")
	var tree []struct {
		Name    string `json:"name"`
		Path    string `json:"path"`
		Feeds   int    `json:"feeds"`
		Unread  int    `json:"unread"`
		Folders []struct {
			Path   string `json:"path"`
			Unread int    `json:"unread"`
		} `json:"folders"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil || r.code != 0 {
		t.Fatalf("folders --json: %v %+v", err, r)
	}
	if len(tree) != 1 || tree[0].Path != "Nederland" || tree[0].Feeds != 2 || tree[0].Unread != 5 ||
		len(tree[0].Folders) != 1 || tree[0].Folders[0].Path != "Nederland/Klantcontact" || tree[0].Folders[0].Unread != 3 {
		t.Errorf("tree: %+v", tree)
	}

	if r := kolom(t, "rename", "Emerce", "Emerce columns"); r.code != 0 || !strings.Contains(r.stdout, `"Emerce columns"`) {
		t.Errorf("rename: %+v", r)
	}
	if r := kolom(t, "move", "Emerce columns", "Nederland/E-commerce"); r.code != 0 {
		t.Errorf("move: %+v", r)
	}
	if r := kolom(t, "rename", "CustomerTalk", "emerce COLUMNS"); r.code != 1 || !strings.Contains(r.stderr, "already") {
		t.Errorf("rename to a name in use: %+v", r)
	}
	if r := kolom(t, "move", "CustomerTalk", "a//b"); r.code != 1 || !strings.Contains(r.stderr, "empty name") {
		t.Errorf("move to a bad folder: %+v", r)
	}
	if r := kolom(t, "move", "CustomerTalk"); r.code != 2 {
		t.Errorf("move without a folder: %+v", r)
	}
	r = kolom(t, "folders")
	want := "Nederland           2       5\n  E-commerce        1       2\n  Klantcontact      1       3\n"
	if r.code != 0 || !strings.HasSuffix(r.stdout, want) {
		t.Errorf("folders:\n%s\nwant\n%s", r.stdout, want)
	}
	r = kolom(t, "feeds", "--json")
	if !strings.Contains(r.stdout, `"folder": "Nederland/E-commerce"`) || !strings.Contains(r.stdout, `"title": "Emerce columns"`) {
		t.Errorf("feeds --json:\n%s", r.stdout)
	}
	if r := kolom(t, "add", srv.URL("/em"), "--folder", "Elders"); r.code != 1 || !strings.Contains(r.stderr, "kolom move") {
		t.Errorf("adding again with a folder: %+v", r)
	}
}

func TestCLISetShow(t *testing.T) {
	isolate(t)
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/ct", "application/rss+xml", feedtest.Spec{Title: "CustomerTalk", Items: 2, Words: 80, Seed: 5}.Render())
	if r := kolom(t, "add", srv.URL("/ct")); r.code != 0 {
		t.Fatal(r)
	}
	r := kolom(t, "set", "CustomerTalk", "full_text=always", "interval=1d", "header=X-Token: tok-123", "user_agent=Mozilla/5.0")
	if r.code != 0 || strings.Contains(r.stdout, "tok-123") || !strings.Contains(r.stdout, "X-Token (values in credentials.toml, not shown)") {
		t.Errorf("set: %+v", r)
	}
	if r := kolom(t, "set", "CustomerTalk", "full_text"); r.code != 2 {
		t.Errorf("no '=': %+v", r)
	}
	if r := kolom(t, "set", "CustomerTalk", "interval=1s"); r.code != 1 || !strings.Contains(r.stderr, "between 5m and 30d") {
		t.Errorf("a bad interval: %+v", r)
	}
	r = kolom(t, "show", "CustomerTalk")
	if r.code != 0 || strings.Contains(r.stdout, "tok-123") || !strings.Contains(r.stdout, "interval    1d") || !strings.Contains(r.stdout, "full_text   always") {
		t.Errorf("show:\n%s", r.stdout)
	}
	for _, args := range [][]string{{"show", "CustomerTalk", "--json"}, {"feeds", "--json"}} {
		r = kolom(t, args...)
		if r.code != 0 || strings.Contains(r.stdout, "tok-123") || !strings.Contains(r.stdout, `"full_text": "always"`) || !strings.Contains(r.stdout, `"X-Token"`) {
			t.Errorf("%v:\n%s", args, r.stdout)
		}
	}
}

func TestCLIFilters(t *testing.T) {
	isolate(t)
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/ct", "application/rss+xml", feedtest.Spec{Title: "CustomerTalk", Items: 4, Words: 80, Seed: 6}.Render())
	if r := kolom(t, "add", srv.URL("/ct")); r.code != 0 {
		t.Fatal(r)
	}
	r := kolom(t, "articles", "--json")
	var all []struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &all); err != nil || len(all) != 4 {
		t.Fatalf("%v %s", err, r.stdout)
	}
	// A word of the first title that the last one does not have.
	title := ""
	for _, w := range strings.Fields(all[0].Title) {
		if w = strings.Trim(w, ".,:;!?"); len(w) > 3 && !strings.Contains(all[3].Title, w) {
			title = w
			break
		}
	}
	if title == "" {
		t.Fatalf("no word to filter on in %+v", all)
	}
	if r := kolom(t, "filter", "add", "title:"+title); r.code != 0 || !strings.Contains(r.stdout, "Filter 1") {
		t.Fatalf("add: %+v", r)
	}
	if r := kolom(t, "filter", "add", "feed:customertalk"); r.code != 1 || !strings.Contains(r.stderr, "--force") {
		t.Errorf("a filter that hides all: %+v", r)
	}
	if r := kolom(t, "filter", "add", `"open`); r.code != 1 || !strings.Contains(r.stderr, "unbalanced quote") {
		t.Errorf("a broken query: %+v", r)
	}
	r = kolom(t, "filter", "list", "--json")
	var fs []struct {
		ID     int64  `json:"id"`
		Filter string `json:"filter"`
		Hidden int    `json:"hidden"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &fs); err != nil || len(fs) != 1 || fs[0].Hidden < 1 || fs[0].Filter != "title:"+title {
		t.Errorf("list --json: %v %s", err, r.stdout)
	}
	r = kolom(t, "articles", "--filtered", "--json")
	var hidden []struct{ ID int64 }
	json.Unmarshal([]byte(r.stdout), &hidden)
	if len(hidden) != fs[0].Hidden {
		t.Errorf("--filtered lists %d, the filter hides %d", len(hidden), fs[0].Hidden)
	}
	if r := kolom(t, "filter", "remove", "1"); r.code != 0 || !strings.Contains(r.stdout, "shown again") {
		t.Errorf("remove: %+v", r)
	}
	if r := kolom(t, "filter", "remove", "een"); r.code != 2 {
		t.Errorf("remove with no number: %+v", r)
	}
	if r := kolom(t, "filter", "remove", "9"); r.code != 1 {
		t.Errorf("remove a filter not there: %+v", r)
	}
}

func TestCLIDigest(t *testing.T) {
	dir := isolate(t)
	srv := feedtest.NewServer()
	defer srv.Close()
	srv.Set("/ct", "application/rss+xml", feedtest.Spec{Title: "CustomerTalk", Items: 3, Words: 120, Seed: 7}.Render())
	r := kolom(t, "digest")
	if r.code != 0 || !strings.Contains(r.stderr, "nothing to digest") || r.stdout != "" {
		t.Errorf("a digest of no bookmarks: %+v", r)
	}
	if r := kolom(t, "add", srv.URL("/ct")); r.code != 0 {
		t.Fatal(r)
	}
	var all []struct{ ID int64 }
	json.Unmarshal([]byte(kolom(t, "articles", "--json").stdout), &all)
	if r := kolom(t, "bookmark", fmt.Sprint(all[0].ID), "--note", "Lezen:\n\n- voor de teamdag", "--tag", "klantcontact"); r.code != 0 {
		t.Fatal(r)
	}
	r = kolom(t, "digest", "--since", "1d")
	if r.code != 0 || !strings.Contains(r.stdout, "## klantcontact") || !strings.Contains(r.stdout, "> - voor de teamdag") {
		t.Errorf("digest:\n%+v", r)
	}
	out := filepath.Join(dir, "digest.html")
	if r := kolom(t, "digest", "--format", "html", "-o", out); r.code != 0 || !strings.Contains(r.stderr, "Wrote the digest (1 column)") {
		t.Errorf("html: %+v", r)
	}
	if r := kolom(t, "digest", "--format", "html", "-o", out); r.code != 1 || !strings.Contains(r.stderr, "exists") {
		t.Errorf("over a file: %+v", r)
	}
	if r := kolom(t, "digest", "--format", "pdf"); r.code != 2 {
		t.Errorf("--format pdf: %+v", r)
	}
}

func TestCLIAuthorsFollow(t *testing.T) {
	isolate(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		site := strings.Trim(r.URL.Path, "/")
		var b strings.Builder
		fmt.Fprintf(&b, `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>%s</title>`, site)
		for i, by := range map[string][]string{"mf": {"Jan Jansen | Marketingfacts", "Annemiek de Vries"}, "em": {"Door Jan Jansen"}}[site] {
			fmt.Fprintf(&b, `<item><title>%s %d</title><link>https://%s.example/%d</link><dc:creator>%s</dc:creator><description>Tekst.</description></item>`, site, i, site, i, by)
		}
		w.Write([]byte(b.String() + `</channel></rss>`))
	}))
	defer srv.Close()
	for _, p := range []string{"/mf", "/em"} {
		if r := kolom(t, "add", srv.URL+p); r.code != 0 {
			t.Fatal(r)
		}
	}
	r := kolom(t, "authors", "--json")
	var authors []struct {
		Name     string   `json:"name"`
		Feeds    []string `json:"feeds"`
		Articles int      `json:"articles"`
		Followed bool     `json:"followed"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &authors); err != nil || len(authors) != 2 || authors[0].Name != "Jan Jansen" || authors[0].Articles != 2 || len(authors[0].Feeds) != 2 {
		t.Fatalf("authors --json: %v %s", err, r.stdout)
	}
	if r := kolom(t, "articles", "--author", "jan jansen", "--json"); r.code != 0 || strings.Count(r.stdout, `"id"`) != 2 {
		t.Errorf("articles --author: %+v", r)
	}
	if r := kolom(t, "follow", "Jansen"); r.code != 0 || !strings.Contains(r.stdout, "Following Jan Jansen: 2 columns") {
		t.Errorf("follow: %+v", r)
	}
	if r := kolom(t, "authors"); !strings.Contains(r.stdout, "*  Jan Jansen") {
		t.Errorf("authors marks whom you follow:\n%s", r.stdout)
	}
	if r := kolom(t, "follow", "Klaas"); r.code != 1 || !strings.Contains(r.stderr, "no columnist") {
		t.Errorf("follow nobody: %+v", r)
	}
	if r := kolom(t, "unfollow", "jan jansen"); r.code != 0 {
		t.Errorf("unfollow: %+v", r)
	}
}

func TestCLIMailboxes(t *testing.T) {
	dir := isolate(t)
	md := filepath.Join(dir, "Mail")
	for _, sub := range []string{"cur", "new", "tmp"} {
		os.MkdirAll(filepath.Join(md, sub), 0o700)
	}
	b, err := os.ReadFile(filepath.Join("mail", "testdata", "emerce-daily.eml"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(md, "new", "1.M1P1.test"), b, 0o600)
	if r := kolom(t, "mailboxes"); r.code != 0 || !strings.Contains(r.stdout, "No mailboxes") {
		t.Errorf("no mailboxes: %+v", r)
	}
	if r := kolom(t, "add", "maildir://"+md, "--folder", "Brieven"); r.code != 0 || !strings.Contains(r.stdout, "1 letter from 1 sender") {
		t.Fatalf("add: %+v", r)
	}
	if r := kolom(t, "add", "maildir://"+md, "--plain"); r.code != 2 {
		t.Errorf("--plain for a Maildir: %+v", r)
	}
	r := kolom(t, "mailboxes", "--json")
	var boxes []struct {
		URL, Kind, Folder string
		LastRead          *string `json:"last_read"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &boxes); err != nil || len(boxes) != 1 || boxes[0].Kind != "maildir" || boxes[0].Folder != "Brieven" || boxes[0].LastRead == nil {
		t.Errorf("mailboxes --json: %v %s", err, r.stdout)
	}
	if r := kolom(t, "remove", "maildir://"+md); r.code != 0 || !strings.Contains(r.stdout, "No longer reading") {
		t.Errorf("remove: %+v", r)
	}
	if r := kolom(t, "feeds"); !strings.Contains(r.stdout, "Emerce") {
		t.Errorf("the letters went with the mailbox:\n%s", r.stdout)
	}
}
