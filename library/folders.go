package library

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kolom/kolom/article"

	"github.com/kolom/kolom/lang"
)

// Folders nest with "/": "Nederland/Klantcontact" is the folder
// Klantcontact inside Nederland. A feed is in one folder ("" is none).

// Limits on a folder path: deeper or longer is no way to organise columns,
// and the reader has to draw it.
const (
	MaxFolderDepth   = 8
	maxFolderSegment = 80
)

// NormalizeFolder makes a folder path canonical — each name trimmed, ""
// for none, slashes at either end dropped — or says what is wrong with it.
func NormalizeFolder(path string) (string, error) {
	path = strings.Trim(strings.TrimSpace(article.SafeLine(path)), "/")
	if path == "" {
		return "", nil
	}
	parts := strings.Split(path, "/")
	if len(parts) > MaxFolderDepth {
		return "", lang.E("folder.too_deep", "Folder", strconv.Quote(clipName(path)), "Depth", len(parts), "Max", MaxFolderDepth)
	}
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			return "", lang.E("folder.empty_name", "Folder", strconv.Quote(clipName(path)))
		}
		if utf8.RuneCountInString(p) > maxFolderSegment {
			return "", lang.E("folder.too_long", "Name", strconv.Quote(clipName(p)), "Max", maxFolderSegment)
		}
		parts[i] = p
	}
	return strings.Join(parts, "/"), nil
}

func clipName(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		return string([]rune(s)[:60]) + "…"
	}
	return s
}

// folderCompare orders folder paths as a tree: by name at each level, a
// folder before the folders inside it, so every folder's feeds and
// subfolders follow it without a gap.
func folderCompare(a, b string) int {
	if a == b {
		return 0
	}
	if a == "" || b == "" {
		return strings.Compare(a, b) // top level first
	}
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if c := naturalCompare(as[i], bs[i]); c != 0 {
			return c
		}
	}
	return len(as) - len(bs)
}

// Rename gives a feed another name. An empty name, or one another feed
// has, is refused. A feed server's feed is renamed there first.
func (l *Library) Rename(ctx context.Context, ref, title string) (_ Feed, err error) {
	defer func() { err = walled(err) }()
	title = strings.TrimSpace(article.SafeText(title))
	if title == "" {
		return Feed{}, lang.E("rename.give_name")
	}
	f, err := l.FindFeed(ctx, ref)
	if err != nil {
		return f, err
	}
	all, err := l.store.Feeds(ctx)
	if err != nil {
		return f, err
	}
	for _, o := range all {
		if o.ID != f.ID && strings.EqualFold(FeedName(o), title) {
			return f, lang.E("rename.taken", "ID", o.ID, "Name", strconv.Quote(FeedName(o)))
		}
	}
	return l.setDetails(ctx, f, title, f.Folder)
}

// Move files a feed in a folder ("" for none), made when it is new.
func (l *Library) Move(ctx context.Context, ref, folder string) (_ Feed, err error) {
	defer func() { err = walled(err) }()
	folder, err = NormalizeFolder(folder)
	if err != nil {
		return Feed{}, err
	}
	f, err := l.FindFeed(ctx, ref)
	if err != nil {
		return f, err
	}
	return l.setDetails(ctx, f, f.Title, folder)
}

func (l *Library) setDetails(ctx context.Context, f Feed, title, folder string) (Feed, error) {
	if f.ServerID != "" {
		srv, _, ok, err := l.connect(ctx)
		if err != nil {
			return f, lang.Wrap(err, "change.nothing_changed")
		}
		if ok {
			if err := srv.Edit(ctx, f.ServerID, title, f.Folder, folder); err != nil {
				return f, lang.Wrap(serverError(err), "change.server_refused")
			}
		}
	}
	if err := l.store.SetFeedDetails(ctx, f.ID, title, folder); err != nil {
		return f, err
	}
	f.Title, f.Folder = title, folder
	return f, nil
}

// Folder is a folder with what is in it: counts include its subfolders.
type Folder struct {
	Name    string   `json:"name"`
	Path    string   `json:"path"`
	Feeds   int      `json:"feeds"`
	Unread  int      `json:"unread"`
	Folders []Folder `json:"folders"`
}

// Folders is the folder tree with feed and unread counts.
func (l *Library) Folders(ctx context.Context) ([]Folder, error) {
	fs, err := l.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	root := &Folder{}
	for _, f := range fs {
		if f.Folder == "" {
			continue
		}
		at := root
		parts := strings.Split(f.Folder, "/")
		for i := range parts {
			path := strings.Join(parts[:i+1], "/")
			j := slices.IndexFunc(at.Folders, func(c Folder) bool { return c.Path == path })
			if j < 0 {
				at.Folders = append(at.Folders, Folder{Name: parts[i], Path: path, Folders: []Folder{}})
				j = len(at.Folders) - 1
			}
			at = &at.Folders[j]
			at.Feeds++
			at.Unread += f.Unread
		}
	}
	return root.Folders, nil
}

// metaCollapsed holds the folders the reader shows closed.
const metaCollapsed = "ui.collapsed"

// CollapsedFolders is the folders the reader shows closed.
func (l *Library) CollapsedFolders(ctx context.Context) (map[string]bool, error) {
	out := map[string]bool{}
	v, ok, err := l.store.Meta(ctx, metaCollapsed)
	if err != nil || !ok {
		return out, err
	}
	var list []string
	if json.Unmarshal([]byte(v), &list) == nil {
		for _, p := range list {
			out[p] = true
		}
	}
	return out, nil
}

// SetFolderCollapsed keeps whether the reader shows a folder closed.
func (l *Library) SetFolderCollapsed(ctx context.Context, path string, collapsed bool) error {
	set, err := l.CollapsedFolders(ctx)
	if err != nil {
		return err
	}
	if collapsed {
		set[path] = true
	} else {
		delete(set, path)
	}
	list := make([]string, 0, len(set))
	for p := range set {
		list = append(list, p)
	}
	slices.Sort(list)
	b, _ := json.Marshal(list)
	return l.store.SetMeta(ctx, metaCollapsed, string(b))
}
