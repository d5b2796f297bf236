package ui

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

// The keys that act on one article, the same in a list and in the reader.
func articleAction(c *common, msg tea.KeyPressMsg, e library.Entry) tea.Cmd {
	k := c.keys
	switch {
	case key.Matches(msg, k.ToggleRead):
		return markRead(c, []library.Entry{e}, !c.flags.of(e).read)
	case key.Matches(msg, k.Bookmark):
		return toggleBookmark(c, e)
	case key.Matches(msg, k.EditNote):
		return editBookmark(c, e, false)
	case key.Matches(msg, k.Tags):
		return editBookmark(c, e, true)
	case key.Matches(msg, k.Save):
		ctx, lib, dir := c.ctx, c.lib, c.lib.Config().SaveFolder()
		return tea.Batch(c.say(lang.T("status.saving"), false), func() tea.Msg {
			path, err := lib.SaveMarkdown(ctx, e.ID, dir)
			if err != nil {
				return statusMsg{lang.Text(err), true}
			}
			return statusMsg{lang.T("status.saved_to", "Path", path), false}
		})
	case key.Matches(msg, k.Browser):
		return openURL(c.opts.OpenURL, e.URL)
	case key.Matches(msg, k.CopyLink):
		if err := checkWebURL(e.URL); err != nil {
			return c.say(lang.Text(err), true)
		}
		return tea.Batch(tea.SetClipboard(e.URL), c.say(lang.T("status.link_copied"), false))
	}
	return nil
}

// markRead marks articles read or unread; the flags change when it is stored.
func markRead(c *common, entries []library.Entry, read bool) tea.Cmd {
	ctx, lib := c.ctx, c.lib
	changes := map[int64]flags{}
	var ids []int64
	for _, e := range entries {
		f := c.flags.of(e)
		f.read = read
		changes[e.ID] = f
		ids = append(ids, e.ID)
	}
	return func() tea.Msg {
		var err error
		if len(ids) == 1 {
			err = lib.MarkRead(ctx, ids[0], read)
		} else {
			err = lib.MarkAllRead(ctx, ids)
		}
		if err != nil {
			return statusMsg{lang.Text(err), true}
		}
		if len(ids) > 1 {
			return batchMsg{flagsChangedMsg{changes}, statusMsg{lang.N("status.marked_read", len(ids)), false}}
		}
		return flagsChangedMsg{changes}
	}
}

// bookmarkedMsg: an article was bookmarked, or its bookmark removed (kept
// whole in removed, for undo).
type bookmarkedMsg struct {
	id      int64
	f       flags
	removed *library.Bookmark
}

func toggleBookmark(c *common, e library.Entry) tea.Cmd {
	ctx, lib, f := c.ctx, c.lib, c.flags.of(e)
	return tea.Batch(c.say(lang.T("status.saving"), false), func() tea.Msg {
		if f.bookmarked {
			b, err := lib.RemoveBookmark(ctx, e.ID)
			if err != nil {
				return statusMsg{lang.T("status.bookmark_failed", "Err", lang.Text(err)), true}
			}
			f.bookmarked = false
			return bookmarkedMsg{e.ID, f, &b}
		}
		if _, err := lib.Bookmark(ctx, e.ID, nil, nil); err != nil {
			return statusMsg{lang.T("status.bookmark_failed", "Err", lang.Text(err)), true}
		}
		f.bookmarked = true
		return bookmarkedMsg{e.ID, f, nil}
	})
}

// editBookmark opens the note editor, or the tags prompt, on the article's
// bookmark; an article not bookmarked yet gets a draft that only saving
// makes a bookmark.
func editBookmark(c *common, e library.Entry, tags bool) tea.Cmd {
	ctx, lib, f := c.ctx, c.lib, c.flags.of(e)
	return func() tea.Msg {
		b, err := lib.BookmarkOf(ctx, e.ID)
		draft := false
		switch {
		case library.KindOf(err) == library.KindNotFound:
			b, draft = library.Bookmark{ArticleID: e.ID, Title: e.Title}, true
		case err != nil:
			return statusMsg{lang.Text(err), true}
		}
		if tags {
			return openPromptMsg{kind: promptTags, label: lang.T("prompt.tags") + " ", value: strings.Join(b.Tags, " "), bookmark: b, flags: f}
		}
		return openEditorMsg{b: b, draft: draft, flags: f}
	}
}

// saveBookmark stores a note and tags, bookmarking the article when needed.
func saveBookmark(c *common, id int64, note string, tags []string, base flags) tea.Cmd {
	ctx, lib := c.ctx, c.lib
	return func() tea.Msg {
		if _, err := lib.SaveBookmark(ctx, id, note, tags); err != nil {
			return statusMsg{lang.Text(err), true}
		}
		base.bookmarked = true
		return bookmarkSavedMsg{id, base}
	}
}

type bookmarkSavedMsg struct {
	id int64
	f  flags
}

// openURL starts the browser on an http(s) link: $BROWSER, else the
// platform's opener, with the URL as one argument and no shell.
func openURL(opener func(string) error, link string) tea.Cmd {
	return func() tea.Msg {
		if err := checkWebURL(link); err != nil {
			return statusMsg{lang.Text(err), true}
		}
		if err := opener(link); err != nil {
			return statusMsg{lang.T("status.browser_failed", "Err", lang.Text(err)), true}
		}
		return statusMsg{lang.T("status.browser_opened"), false}
	}
}

func checkWebURL(link string) error {
	if _, ok := library.WebURL(link); !ok {
		return lang.E("browser.scheme", "Link", fmt.Sprintf("%q", clipText(link, 40)))
	}
	return nil
}

// BrowserCommand is the program and leading arguments that open a URL.
func BrowserCommand() []string {
	if b := strings.Fields(os.Getenv("BROWSER")); len(b) > 0 {
		return b
	}
	if runtime.GOOS == "darwin" {
		return []string{"open"}
	}
	return []string{"xdg-open"}
}

// StartBrowser runs the browser command with link as its last argument.
func StartBrowser(link string) error {
	argv := append(BrowserCommand(), link)
	cmd := exec.Command(argv[0], argv[1:]...)
	if err := cmd.Start(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return lang.E("browser.missing", "Program", argv[0])
		}
		return err
	}
	go cmd.Wait() // reap it; the browser lives on
	return nil
}
