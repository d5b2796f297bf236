package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

// helpView is the overlay made from the key bindings, so it cannot drift
// from what the keys do.
func helpView(st styles, k keyMap, width, height int) string {
	h := help.New()
	h.ShowAll = true
	h.SetWidth(width)
	title := st.title.Render("Keys") + st.dim.Render(" — the same on every screen; ? or esc closes this")
	body := h.FullHelpView(k.fullHelp())
	return lipgloss.NewStyle().Padding(1, 2).Render(title + "\n\n" + body)
}

// helpLine is the short help always shown at the bottom.
func helpLine(st styles, bindings []key.Binding, width int) string {
	var parts []string
	for _, b := range bindings {
		parts = append(parts, b.Help().Key+" "+b.Help().Desc)
	}
	return st.help.Render(clipText(" "+strings.Join(parts, " · "), width))
}
