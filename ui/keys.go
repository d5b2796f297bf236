package ui

import "charm.land/bubbles/v2/key"

// keyMap holds every binding; the help and the hint line are made from it,
// so what is shown is what works.
type keyMap struct {
	Up, Down, Top, Bottom, HalfDown, HalfUp, PageDown, PageUp    key.Binding
	Open, Back, Quit, ForceQuit                                  key.Binding
	Refresh, RefreshAll, ToggleRead, MarkAllRead, HideRead       key.Binding
	Bookmark, Browser, CopyLink, FullText, EditNote, Tags, Save  key.Binding
	Next, Prev, NextUnread, Filter, Search, Help, Add, ShowError key.Binding
	Undo, Rename, Move                                           key.Binding
}

func newKeyMap() keyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return keyMap{
		Up:          b("↑/k", "up", "up", "k"),
		Down:        b("↓/j", "down", "down", "j"),
		Top:         b("g", "top", "g", "home"),
		Bottom:      b("G", "bottom", "G", "end"),
		HalfDown:    b("ctrl+d", "half page down", "ctrl+d"),
		HalfUp:      b("ctrl+u", "half page up", "ctrl+u"),
		PageDown:    b("space", "page down", "space", "pgdown"),
		PageUp:      b("pgup", "page up", "pgup"),
		Open:        b("enter", "open", "enter", "l", "right"),
		Back:        b("esc", "back", "esc", "h", "left", "backspace"),
		Quit:        b("q", "back/quit", "q"),
		ForceQuit:   b("ctrl+c", "quit", "ctrl+c"),
		Refresh:     b("r", "refresh feed", "r"),
		RefreshAll:  b("R", "refresh all", "R"),
		ToggleRead:  b("m", "read/unread", "m"),
		MarkAllRead: b("M", "mark all read", "M"),
		HideRead:    b("H", "hide read", "H"),
		Bookmark:    b("b", "bookmark", "b"),
		Browser:     b("o", "open in browser", "o"),
		CopyLink:    b("y", "copy link", "y"),
		FullText:    b("f", "full text", "f"),
		Next:        b("n", "next", "n"),
		Prev:        b("p", "previous", "p"),
		NextUnread:  b("N", "next unread", "N"),
		Filter:      b("/", "filter", "/"),
		Search:      b("/", "search", "/"),
		Help:        b("?", "help", "?"),
		Add:         b("a", "add feed", "a"),
		ShowError:   b("e", "feed error", "e"),
		EditNote:    b("E", "note", "E"),
		Tags:        b("t", "tags", "t"),
		Save:        b("s", "save .md", "s"),
		Undo:        b("u", "undo unbookmark", "u"),
		Rename:      b("c", "rename feed", "c"),
		Move:        b("v", "move feed", "v"),
	}
}

// helpGroup is one titled column of the help.
type helpGroup struct {
	title string
	keys  []key.Binding
}

// fullHelp is the help, by what the keys are for and where they work.
func (k keyMap) fullHelp() []helpGroup {
	return []helpGroup{
		{"Move", []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.HalfDown, k.HalfUp, k.PageDown, k.PageUp}},
		{"Go", []key.Binding{k.Open, k.Back, k.Quit, k.ForceQuit, k.Help}},
		{"Feeds", []key.Binding{k.Add, k.RefreshAll, k.Refresh, k.ShowError, k.Search, k.Rename, k.Move}},
		{"Lists", []key.Binding{k.Filter, k.HideRead, k.MarkAllRead, k.Next, k.Prev, k.NextUnread}},
		{"Article", []key.Binding{k.ToggleRead, k.FullText, k.Browser, k.CopyLink, k.Save}},
		{"Bookmarks", []key.Binding{k.Bookmark, k.EditNote, k.Tags, k.Undo}},
	}
}
