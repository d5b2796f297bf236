package ui

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

// editorModal edits a bookmark's note in a textarea; ctrl+e hands the note
// to $EDITOR instead. A draft (an article not bookmarked yet) becomes a
// bookmark only when saved.
type editorModal struct {
	b     library.Bookmark
	draft bool
	flags flags // the article's
	area  textarea.Model
}

type noteFromEditorMsg struct {
	text string
	err  error
}

func newEditor(msg openEditorMsg, width, height int) (*editorModal, tea.Cmd) {
	e := &editorModal{b: msg.b, draft: msg.draft, flags: msg.flags, area: textarea.New()}
	e.area.Placeholder = lang.T("note.placeholder")
	e.area.SetVirtualCursor(false) // the terminal's own cursor (View places it)
	e.area.SetValue(msg.b.Note)
	e.resize(width, height)
	return e, e.area.Focus()
}

func (e *editorModal) resize(width, height int) {
	e.area.SetWidth(max(width-6, 20))
	e.area.SetHeight(max(height-6, 3))
}

// update edits; done says the editor closed, save whether to store the note.
func (e *editorModal) update(msg tea.Msg) (done, save bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case noteFromEditorMsg:
		if msg.err != nil {
			return false, false, status(lang.Text(msg.err), true)
		}
		e.area.SetValue(msg.text)
		return false, false, nil
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc":
			return true, false, nil
		case "ctrl+s":
			return true, true, nil
		case "ctrl+e":
			return false, false, editInEditor(e.area.Value())
		}
	}
	e.area, cmd = e.area.Update(msg)
	return false, false, cmd
}

func (e *editorModal) view(st styles, width int) string {
	title := st.title.Render(lang.T("note.title")) + st.dim.Render(" "+lang.T("note.on", "Title", clipText(e.b.Title, max(width-20, 10))))
	if e.draft {
		title += st.dim.Render(" — " + lang.T("note.bookmarks_it"))
	}
	tags := ""
	if len(e.b.Tags) > 0 {
		tags = "\n" + st.dim.Render(clipText(lang.T("note.tags", "Tags", "#"+strings.Join(e.b.Tags, " #")), width-4))
	}
	return lipgloss.NewStyle().Padding(1, 2).Render(title + tags + "\n\n" + e.area.View())
}

// cursor is where the terminal cursor goes, below the header line.
func (e *editorModal) cursor() *tea.Cursor {
	c := e.area.Cursor()
	if c == nil {
		return nil
	}
	c.X += 2
	c.Y += 1 + 1 + 1 + 1 // header, padding, title and blank line
	if len(e.b.Tags) > 0 {
		c.Y++
	}
	return c
}

// editInEditor writes the note to a temporary file and runs $EDITOR on it
// (with the file as one argument, no shell), then reads it back.
func editInEditor(note string) tea.Cmd {
	argv := strings.Fields(os.Getenv("VISUAL"))
	if len(argv) == 0 {
		argv = strings.Fields(os.Getenv("EDITOR"))
	}
	if len(argv) == 0 {
		return send(noteFromEditorMsg{err: lang.E("note.no_editor")})
	}
	f, err := os.CreateTemp("", "kolom-note-*.md")
	if err != nil {
		return send(noteFromEditorMsg{err: err})
	}
	path := f.Name()
	_, werr := f.WriteString(note)
	f.Close()
	if werr != nil {
		os.Remove(path)
		return send(noteFromEditorMsg{err: werr})
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
