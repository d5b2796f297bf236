package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/kolom/kolom/lang"
)

// helpModal is the help, made from the key map so that it cannot drift from
// what the keys do. Its groups are set in as many columns as the window
// has room for, and scroll when even that is too tall.
type helpModal struct {
	offset int
}

// update scrolls the help; done says it was closed.
func (h *helpModal) update(k keyMap, msg tea.KeyPressMsg, lines, height int) (done bool) {
	switch {
	case key.Matches(msg, k.Help, k.Back, k.Quit):
		return true
	case key.Matches(msg, k.Down, k.PageDown, k.HalfDown):
		h.offset++
	case key.Matches(msg, k.Up, k.PageUp, k.HalfUp):
		h.offset--
	}
	h.offset = clamp(h.offset, 0, max(lines-height, 0))
	return false
}

// lines lays the help out for width: its title, then rows of group columns.
func (h *helpModal) lines(st styles, k keyMap, width int) []string {
	width = max(width-4, 20) // the padding
	var blocks []string
	for _, g := range k.fullHelp() {
		keyW := 0
		for _, b := range g.keys {
			keyW = max(keyW, lipgloss.Width(b.Help().Key))
		}
		rows := []string{st.header.Render(g.title)}
		for _, b := range g.keys {
			rows = append(rows, st.title.Render(padRight(b.Help().Key, keyW))+"  "+st.dim.Render(b.Help().Desc))
		}
		blocks = append(blocks, strings.Join(rows, "\n"))
	}
	var out []string
	var row []string
	rowW := 0
	flush := func() {
		if len(row) > 0 {
			out = append(out, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, row...), "\n")...)
			out = append(out, "")
		}
		row, rowW = nil, 0
	}
	for _, b := range blocks {
		w := lipgloss.Width(b) + 4
		if rowW+w > width && len(row) > 0 {
			flush()
		}
		row = append(row, lipgloss.NewStyle().PaddingRight(4).Render(b))
		rowW += w
	}
	flush()
	return out
}

func (h *helpModal) view(st styles, k keyMap, width, height int) string {
	title := st.title.Render(lang.T("help.title")) + st.dim.Render(" — "+lang.T("help.subtitle"))
	lines := h.lines(st, k, width)
	body := height - 3 // padding and the title
	if len(lines) > body {
		title += st.dim.Render("; " + lang.T("help.scroll"))
	}
	shown := window(lines, clamp(h.offset, 0, max(len(lines)-body, 0)), body)
	return lipgloss.NewStyle().Padding(1, 2, 0).Render(clipText(title, width-4) + "\n\n" + strings.Join(shown, "\n"))
}

// hintLine is the short help always shown at the bottom: as many of the
// screen's keys as fit, and always "? help" at the end.
func hintLine(st styles, bindings []key.Binding, help key.Binding, width int) string {
	last := help.Help().Key + " " + help.Help().Desc
	line := ""
	for _, b := range bindings {
		part := b.Help().Key + " " + b.Help().Desc
		next := line + part + " · "
		if lipgloss.Width(" "+next+last) > width {
			break
		}
		line = next
	}
	return st.help.Render(clipText(" "+line+last, width))
}
