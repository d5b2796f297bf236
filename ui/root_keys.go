package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/lang"
)

// Keys the root answers itself: quit, the modals, help, add, refresh all,
// undo; the rest go to the top screen.

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	k := m.c.keys
	if key.Matches(msg, k.ForceQuit) {
		return m.quit()
	}
	switch m.modal {
	case modalPrompt:
		return m.promptKey(msg)
	case modalEditor:
		return m.editorKey(msg)
	case modalHelp:
		if m.help.update(k, msg, len(m.help.lines(m.c.st, k, m.width)), m.bodyHeight()-3) {
			m.modal = modalNone
		}
		return nil
	case modalOverlay:
		switch {
		case key.Matches(msg, k.Down):
			m.overlay.offset++
		case key.Matches(msg, k.Up):
			m.overlay.offset = max(m.overlay.offset-1, 0)
		case key.Matches(msg, k.Back, k.Quit, k.Open, k.Help):
			m.modal = modalNone
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Help):
		m.help = helpModal{}
		m.openModal(modalHelp)
		return nil
	case key.Matches(msg, k.Add):
		return m.update(openPromptMsg{kind: promptAdd, label: lang.T("prompt.add") + " "})
	case key.Matches(msg, k.RefreshAll):
		return m.startRefresh(nil, "")
	case key.Matches(msg, k.Undo):
		return m.undoUnbookmark()
	}
	var cmd tea.Cmd
	m.stack[len(m.stack)-1], cmd = m.top().Update(msg)
	return cmd
}

// wheel scrolls the pane under the pointer.
func (m *Model) wheel(msg tea.MouseWheelMsg) tea.Cmd {
	listW, _ := m.paneWidths()
	if m.wide() && msg.X <= listW {
		if i := m.listIndex(); i >= 0 {
			var cmd tea.Cmd
			m.stack[i], cmd = m.stack[i].Update(msg)
			return cmd
		}
	}
	var cmd tea.Cmd
	m.stack[len(m.stack)-1], cmd = m.top().Update(msg)
	return cmd
}

// listIndex is the place in the stack of the list shown on the left.
func (m *Model) listIndex() int {
	for i := len(m.stack) - 1; i >= 0; i-- {
		if _, ok := m.stack[i].(*readerScreen); !ok {
			return i
		}
	}
	return -1
}
