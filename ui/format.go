package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// relDate is a date for lists: relative when recent.
func relDate(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := now.Sub(t)
	switch {
	case d < 0:
		return t.Local().Format("2 Jan")
	case d < time.Hour:
		return fmt.Sprintf("%dm", max(int(d.Minutes()), 1))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	case d < 7*24*time.Hour:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	case t.Year() == now.Year():
		return t.Local().Format("2 Jan")
	}
	return t.Local().Format("Jan 2006")
}

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
	return fmt.Sprintf("%d min", max((words+219)/220, 1))
}

// padLeft right-aligns s in n cells (cutting it when longer).
func padLeft(s string, n int) string {
	s = clipText(s, n)
	if w := lipgloss.Width(s); w < n {
		s = strings.Repeat(" ", n-w) + s
	}
	return s
}
