package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/kolom/kolom/lang"
)

// clipText cuts s to n display cells with an ellipsis.
func clipText(s string, n int) string {
	if n <= 0 {
		return ""
	}
	return ansi.Truncate(s, n, "…")
}

// padRight fills s with spaces to n cells (cutting it when longer).
func padRight(s string, n int) string {
	s = clipText(s, n)
	if w := lipgloss.Width(s); w < n {
		s += strings.Repeat(" ", n-w)
	}
	return s
}

// readingMinutes is a list's reading time label.
func readingMinutes(words int) string {
	if words <= 0 {
		return ""
	}
	return lang.T("list.minutes", "N", max((words+219)/220, 1))
}

// padLeft right-aligns s in n cells (cutting it when longer).
func padLeft(s string, n int) string {
	s = clipText(s, n)
	if w := lipgloss.Width(s); w < n {
		s = strings.Repeat(" ", n-w) + s
	}
	return s
}
