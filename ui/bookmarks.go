package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/store"
)

// MODEL

// editPurpose says what a loaded bookmark is for.
type editPurpose int

const (
	editNote editPurpose = iota
	editTags
)

// noteEditor edits a bookmark's note in a textarea; ctrl+e hands the note to
// $EDITOR instead.
type noteEditor struct {
	active bool
	b      store.Bookmark
	area   textarea.Model
}

func (e *noteEditor) open(b store.Bookmark, width, height int) tea.Cmd {
	e.active, e.b = true, b
	e.area = textarea.New()
	e.area.Placeholder = "Why keep this column? (ctrl+s saves, esc cancels, ctrl+e opens $EDITOR)"
	e.area.SetWidth(max(width-6, 20))
	e.area.SetHeight(max(height-6, 3))
	e.area.SetValue(b.Note)
	return e.area.Focus()
}

// MSG

type bookmarkForEditMsg struct {
	b       store.Bookmark
	purpose editPurpose
	err     error
}

type noteSavedMsg struct {
	id  int64
	err error
}

type noteFromEditorMsg struct {
	text string
	err  error
}

type fileSavedMsg struct {
	path string
	err  error
}

// COMMANDS

// loadBookmarkForEdit bookmarks the article if it is not yet, then loads its bookmark.
func loadBookmarkForEdit(lib *library.Library, id int64, purpose editPurpose) tea.Cmd {
	return func() tea.Msg {
		b, err := lib.Bookmark(context.Background(), id, nil, nil)
		return bookmarkForEditMsg{b, purpose, err}
	}
}

func saveNote(lib *library.Library, id int64, note string, tags []string) tea.Cmd {
	return func() tea.Msg {
		return noteSavedMsg{id, lib.SetBookmarkNote(context.Background(), id, note, tags)}
	}
}

func saveArticleFile(lib *library.Library, id int64, dir string) tea.Cmd {
	return func() tea.Msg {
		path, err := lib.SaveMarkdown(context.Background(), id, dir)
		return fileSavedMsg{path, err}
	}
}

// editInEditor writes the note to a temporary file and runs $EDITOR on it
// (with the file as one argument, no shell), then reads it back.
func editInEditor(note string) tea.Cmd {
	argv := strings.Fields(os.Getenv("VISUAL"))
	if len(argv) == 0 {
		argv = strings.Fields(os.Getenv("EDITOR"))
	}
	if len(argv) == 0 {
		return func() tea.Msg { return noteFromEditorMsg{err: errors.New("set $EDITOR to edit notes in your editor")} }
	}
	f, err := os.CreateTemp("", "kolom-note-*.md")
	if err != nil {
		return func() tea.Msg { return noteFromEditorMsg{err: err} }
	}
	path := f.Name()
	_, werr := f.WriteString(note)
	f.Close()
	if werr != nil {
		os.Remove(path)
		return func() tea.Msg { return noteFromEditorMsg{err: werr} }
	}
	cmd := exec.Command(argv[0], append(argv[1:], path)...)
	return tea.ExecProcess(cmd, func(err error) tea.Msg {
		defer os.Remove(path)
		if err != nil {
			return noteFromEditorMsg{err: fmt.Errorf("%s: %w", argv[0], err)}
		}
		b, err := os.ReadFile(path)
		return noteFromEditorMsg{text: strings.TrimRight(string(b), "\n"), err: err}
	})
}

// UPDATE

func (m *Model) noteEditorKey(msg tea.KeyPressMsg) tea.Cmd {
	e := &m.editor
	switch msg.String() {
	case "esc":
		e.active = false
		return m.setStatus("Note not changed", false)
	case "ctrl+s":
		e.active = false
		return saveNote(m.lib, e.b.ArticleID, e.area.Value(), e.b.Tags)
	case "ctrl+e":
		return editInEditor(e.area.Value())
	}
	var cmd tea.Cmd
	e.area, cmd = e.area.Update(msg)
	return cmd
}

// VIEW

func (e noteEditor) view(st styles, width, height int) string {
	title := st.title.Render("Note") + st.dim.Render(" on “"+clipText(e.b.Title, max(width-20, 10))+"”")
	tags := ""
	if len(e.b.Tags) > 0 {
		tags = "\n" + st.dim.Render("tags: #"+strings.Join(e.b.Tags, " #")+"  (t changes them)")
	}
	return lipgloss.NewStyle().Padding(1, 2).Render(title + tags + "\n\n" + e.area.View())
}
