package ui

import (
	"strconv"

	tea "charm.land/bubbletea/v2"
)

// Helpers the lists share.

// send is a command that delivers msg: how a screen tells the root.
func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// status shows text on the status line.
func status(text string, isErr bool) tea.Cmd { return send(statusMsg{text, isErr}) }

// stepIn moves a cursor by delta places among the allowed row indexes,
// stopping at either end; with no rows allowed it stays.
func stepIn(allowed []int, cursor, delta int) int {
	if len(allowed) == 0 {
		return cursor
	}
	pos := max(indexOf(allowed, cursor), 0)
	return allowed[clamp(pos+delta, 0, len(allowed)-1)]
}

// indexOf is the place of v in s, or -1.
func indexOf(s []int, v int) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// scrollOffset keeps the cursor line inside a window of height lines.
func scrollOffset(offset, cursor, total, height int) int {
	if height <= 0 {
		return 0
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+height {
		offset = cursor - height + 1
	}
	return clamp(offset, 0, max(total-height, 0))
}

// window is the part of s from offset, height long at most.
func window[T any](s []T, offset, height int) []T {
	end := min(offset+max(height, 0), len(s))
	if offset >= end {
		return nil
	}
	return s[offset:end]
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

func itoa(n int) string { return strconv.Itoa(n) }

// wheelStep is a list's move for a mouse wheel turn.
func wheelStep(msg tea.MouseWheelMsg) int {
	if msg.Button == tea.MouseWheelDown {
		return 1
	}
	return -1
}
