package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

// View draws the header, the screen (or two panes) or the modal, the status
// line and the hint line.
func (m *Model) View() tea.View {
	v := tea.NewView(m.content())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "kolom"
	switch m.modal {
	case modalPrompt:
		if c := m.prompt.input.Cursor(); c != nil {
			c.Y += m.height - 1
			v.Cursor = c
		}
	case modalEditor:
		v.Cursor = m.editor.cursor()
	}
	return v
}

func (m *Model) content() string {
	if len(m.stack) == 0 {
		return ""
	}
	h := m.bodyHeight()
	var body string
	switch m.modal {
	case modalHelp:
		body = bodyStyle(m.width, h).Render(m.help.view(m.c.st, m.c.keys, m.width, h))
	case modalEditor:
		body = bodyStyle(m.width, h).Render(m.editor.view(m.c.st, m.width))
	case modalOverlay:
		body = bodyStyle(m.width, h).Render(m.overlay.view(m.c.st, m.width, h))
	default:
		body = m.screens(h)
	}
	return lipgloss.JoinVertical(lipgloss.Left, m.header(), body, m.statusLine(), m.bottomLine())
}

// screens draws the top screen; in two panes, the list and the reader.
func (m *Model) screens(h int) string {
	top := m.top()
	if !m.wide() {
		if r, ok := top.(*readerScreen); ok && r.has {
			return r.View(m.width, h) // the viewport is its own size
		}
		return bodyStyle(m.width, h).Render(top.View(m.width, h))
	}
	listW, readerW := m.paneWidths()
	var list screen
	if i := m.listIndex(); i >= 0 {
		list = m.stack[i]
	}
	reader := m.visibleReader()
	_, focusReader := top.(*readerScreen)
	pane := m.c.st.paneFocus
	if focusReader {
		pane = m.c.st.pane
	}
	left := pane.Width(listW + 1).Height(h).MaxHeight(h).Render(list.View(listW, h))
	var right string
	switch {
	case reader != nil && reader.has:
		right = reader.View(readerW, h)
	case reader != nil:
		right = bodyStyle(readerW, h).Render(reader.View(readerW, h))
	default:
		text := lang.T("reader.select")
		if _, onFeeds := list.(*feedsScreen); onFeeds {
			text = lang.T("reader.open_feed")
		}
		right = bodyStyle(readerW, h).Render(m.c.st.dim.Render(centerText(text, readerW, h)))
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, left, right)
}

// header is the path to the screen: Feeds › the list › the article. A long
// list name gives way to the article's title.
func (m *Model) header() string {
	var crumbs []string
	for _, s := range m.stack {
		if c := s.Crumb(); c != "" {
			crumbs = append(crumbs, library.Message(c))
		}
	}
	title := m.c.st.title.Render(" kolom ")
	room := m.width - lipgloss.Width(title)
	sep := " › "
	if len(crumbs) == 3 {
		full := lipgloss.Width(strings.Join(crumbs, sep))
		if full > room {
			// The list's name takes at most a third; the article the rest.
			crumbs[1] = clipText(crumbs[1], max(room/3, 8))
		}
	}
	return clipText(title+m.c.st.crumb.Render(strings.Join(crumbs, sep)), m.width)
}

func (m *Model) statusLine() string {
	left := ""
	r := m.refresh
	switch {
	case r.running:
		n := lang.T("refresh.progress", "Done", r.done, "Total", r.total)
		pct := 0.0
		if r.total > 0 {
			pct = float64(r.done) / float64(r.total)
		}
		left = " " + r.spin.View() + " " + lang.T("refresh.running") + " " + r.bar.ViewAs(pct) + " " + n
		if m.status != "" {
			left += "  " + m.status
		}
	case m.status == "" && m.modal == modalPrompt:
		left = m.c.st.dim.Render(clipText(" "+m.prompt.hint(), m.width-1))
	case m.status != "":
		style := m.c.st.status
		if m.statusErr {
			style = m.c.st.errorText
		}
		left = style.Render(" " + m.status)
	}
	right := ""
	if m.modal == modalNone {
		if p := m.top().Position(); p != "" {
			right = p + " "
		}
	}
	gap := m.width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return clipText(left, m.width-lipgloss.Width(right)-1) + " " + right
	}
	return left + strings.Repeat(" ", gap) + right
}

// bottomLine is the prompt, or the keys that work now.
func (m *Model) bottomLine() string {
	st, k := m.c.st, m.c.keys
	hint := func(text string) string { return st.help.Render(clipText(" "+text, m.width)) }
	switch m.modal {
	case modalPrompt:
		return m.prompt.input.View() // its hint is on the status line
	case modalHelp:
		return hint(lang.T("hint.help"))
	case modalOverlay:
		return hint(lang.T("hint.overlay"))
	case modalEditor:
		return hint(lang.T("hint.editor"))
	}
	return hintLine(st, append([]key.Binding(nil), m.top().Keys()...), k.Help, m.width)
}
