package library

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestNormalizeFolder(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "",
		"/":                          "",
		"Klantcontact":               "Klantcontact",
		" Nederland / Klantcontact ": "Nederland/Klantcontact",
		"/Data/":                     "Data",
		"a/b/c/d/e/f/g/h":            "a/b/c/d/e/f/g/h",
	} {
		if got, err := NormalizeFolder(in); err != nil || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{
		"a//b":                           "empty name",
		"a/ /b":                          "empty name",
		strings.Repeat("x/", 1000) + "x": "1001 levels deep; at most 8",
		strings.Repeat("lang", 30):       "longer than 80",
	} {
		if _, err := NormalizeFolder(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%.30q: %v, want %q", in, err, msg)
		}
	}
}

// Import keeps a three-level tree; rename and move change it; export
// gives it back.
func TestFoldersRenameMove(t *testing.T) {
	ctx := context.Background()
	l := openLib(t, false)
	deep := strings.Repeat(`<outline text="n">`, 1000) + `<outline type="rss" text="Diep" xmlUrl="https://diep.example/feed"/>` + strings.Repeat(`</outline>`, 1000)
	opml := `<?xml version="1.0"?><opml version="2.0"><body>
<outline text="Nederland"><outline text="Klantcontact"><outline text="Service">
<outline type="rss" text="CustomerTalk" xmlUrl="https://www.customertalk.nl/feed/"/></outline>
<outline type="rss" text="Klantcontact.nl" xmlUrl="https://www.klantcontact.nl/feed/"/></outline>
<outline type="rss" text="Emerce" xmlUrl="https://www.emerce.nl/feed"/></outline>
<outline text="Nederland-Data"><outline type="rss" text="DDMA" xmlUrl="https://ddma.nl/feed/"/></outline>
<outline type="rss" text="Seth" xmlUrl="https://seths.blog/feed/"/>` + deep + `</body></opml>`
	path := filepath.Join(t.TempDir(), "abonnementen.opml")
	os.WriteFile(path, []byte(opml), 0o600)
	rep, err := l.Import(ctx, path)
	if err != nil || len(rep.Added) != 6 {
		t.Fatalf("%v %+v", err, rep)
	}
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].String(), "at most 8") || !strings.Contains(rep.Problems[0].String(), "diep.example") {
		t.Errorf("problems: %v", rep.Problems)
	}

	// Feeds in tree order: a folder's feeds and subfolders right after it.
	fs, _ := l.Feeds(ctx)
	var order []string
	for _, f := range fs {
		order = append(order, f.Title)
	}
	if got := strings.Join(order, ","); got != "Seth,Diep,Emerce,Klantcontact.nl,CustomerTalk,DDMA" {
		t.Errorf("order: %s", got)
	}

	if _, err := l.Rename(ctx, "Seth", "  "); err == nil || !strings.Contains(err.Error(), "give the new name") {
		t.Errorf("empty name: %v", err)
	}
	if _, err := l.Rename(ctx, "Seth", "emerce"); err == nil || !strings.Contains(err.Error(), "already") {
		t.Errorf("a name another feed has: %v", err)
	}
	if _, err := l.Move(ctx, "Seth", "Internationaal//Blogs"); err == nil {
		t.Error("a folder with an empty name taken")
	}
	if f, err := l.Rename(ctx, "Seth", "Seth Godin"); err != nil || f.Title != "Seth Godin" {
		t.Errorf("rename: %+v %v", f, err)
	}
	if f, err := l.Move(ctx, "Seth Godin", " Internationaal / Blogs "); err != nil || f.Folder != "Internationaal/Blogs" {
		t.Errorf("move: %+v %v", f, err)
	}
	if _, err := l.Move(ctx, "DDMA", "/"); err != nil {
		t.Fatal(err)
	}
	tree, err := l.Folders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func([]Folder, string)
	walk = func(fs []Folder, indent string) {
		for _, f := range fs {
			b.WriteString(indent + f.Name + " " + strconv.Itoa(f.Feeds) + "\n")
			walk(f.Folders, indent+" ")
		}
	}
	walk(tree, "")
	want := "Internationaal 1\n Blogs 1\nn 1\n n 1\n  n 1\n   n 1\n    n 1\n     n 1\n      n 1\n       n 1\n" +
		"Nederland 3\n Klantcontact 2\n  Service 1\n"
	if b.String() != want {
		t.Errorf("tree:\n%s\nwant\n%s", b.String(), want)
	}

	// Export and import into another library: the same tree.
	var out strings.Builder
	if err := l.Export(ctx, &out); err != nil {
		t.Fatal(err)
	}
	path2 := filepath.Join(t.TempDir(), "export.opml")
	os.WriteFile(path2, []byte(out.String()), 0o600)
	l2 := openLib(t, false)
	if _, err := l2.Import(ctx, path2); err != nil {
		t.Fatal(err)
	}
	tree2, _ := l2.Folders(ctx)
	b.Reset()
	walk(tree2, "")
	if b.String() != want {
		t.Errorf("after a round trip:\n%s", b.String())
	}

	// The reader's closed folders are kept.
	if err := l.SetFolderCollapsed(ctx, "Nederland/Klantcontact", true); err != nil {
		t.Fatal(err)
	}
	if c, _ := l.CollapsedFolders(ctx); !c["Nederland/Klantcontact"] || len(c) != 1 {
		t.Errorf("collapsed: %v", c)
	}
	l.SetFolderCollapsed(ctx, "Nederland/Klantcontact", false)
	if c, _ := l.CollapsedFolders(ctx); len(c) != 0 {
		t.Errorf("opened again: %v", c)
	}
}
