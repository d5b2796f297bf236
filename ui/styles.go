package ui

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// styles are built once per background: adaptive colours for dark and light
// terminals, none at all with NO_COLOR.
type styles struct {
	title, crumb, selected, normal, dim, unread, bookmark, failed,
	folder, status, errorText, pane, paneFocus, header, help lipgloss.Style
}

func newStyles(dark, noColor bool) styles {
	if noColor {
		plain := lipgloss.NewStyle()
		return styles{
			title: plain.Bold(true), crumb: plain, selected: plain.Reverse(true), normal: plain, dim: plain,
			unread: plain.Bold(true), bookmark: plain, failed: plain, folder: plain.Bold(true),
			status: plain, errorText: plain, pane: plain.Border(lipgloss.NormalBorder(), false, true, false, false),
			paneFocus: plain, header: plain.Bold(true), help: plain,
		}
	}
	ld := lipgloss.LightDark(dark)
	c := func(light, darkHex string) color.Color { return ld(lipgloss.Color(light), lipgloss.Color(darkHex)) }
	accent := c("#0B6E6E", "#5FD7D7")
	muted := c("#767676", "#8A8A8A")
	s := styles{
		title:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		crumb:     lipgloss.NewStyle().Foreground(muted),
		selected:  lipgloss.NewStyle().Background(c("#D7EFEF", "#1F3F3F")).Foreground(c("#000000", "#FFFFFF")),
		normal:    lipgloss.NewStyle(),
		dim:       lipgloss.NewStyle().Foreground(muted),
		unread:    lipgloss.NewStyle().Bold(true),
		bookmark:  lipgloss.NewStyle().Foreground(c("#B8860B", "#FFD75F")),
		failed:    lipgloss.NewStyle().Foreground(c("#B00020", "#FF7B7B")),
		folder:    lipgloss.NewStyle().Bold(true).Foreground(muted),
		status:    lipgloss.NewStyle().Foreground(muted),
		errorText: lipgloss.NewStyle().Foreground(c("#B00020", "#FF7B7B")),
		pane:      lipgloss.NewStyle().Border(lipgloss.NormalBorder(), false, true, false, false).BorderForeground(muted),
		header:    lipgloss.NewStyle().Bold(true),
		help:      lipgloss.NewStyle().Foreground(muted),
	}
	s.paneFocus = s.pane.BorderForeground(accent)
	return s
}
