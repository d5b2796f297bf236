package ui

import "charm.land/bubbles/v2/key"

// keyMap holds every binding; the help overlay and the help line are made
// from it, so what is shown is what works.
type keyMap struct {
	Up, Down, Top, Bottom, HalfDown, HalfUp, PageDown, PageUp    key.Binding
	Open, Back, Quit, ForceQuit                                  key.Binding
	Refresh, RefreshAll, ToggleRead, MarkAllRead, HideRead       key.Binding
	Bookmark, Browser, CopyLink, FullText, EditNote, Tags, Save  key.Binding
	Next, Prev, NextUnread, Filter, Search, Help, Add, ShowError key.Binding
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
		PageDown:    b("space/pgdn", "page down", "space", "pgdown"),
		PageUp:      b("pgup", "page up", "pgup"),
		Open:        b("enter/l", "open", "enter", "l", "right"),
		Back:        b("esc/h", "back", "esc", "h", "left", "backspace"),
		Quit:        b("q", "back/quit", "q"),
		ForceQuit:   b("ctrl+c", "quit", "ctrl+c"),
		Refresh:     b("r", "refresh feed", "r"),
		RefreshAll:  b("R", "refresh all", "R"),
		ToggleRead:  b("m", "toggle read", "m"),
		MarkAllRead: b("M", "mark all read", "M"),
		HideRead:    b("H", "hide/show read", "H"),
		Bookmark:    b("b", "bookmark", "b"),
		Browser:     b("o", "open in browser", "o"),
		CopyLink:    b("y", "copy link", "y"),
		FullText:    b("f", "fetch full text", "f"),
		Next:        b("n", "next article", "n"),
		Prev:        b("p", "previous article", "p"),
		NextUnread:  b("N", "next unread", "N"),
		Filter:      b("/", "filter", "/"),
		Search:      b("/", "search all", "/"),
		Help:        b("?", "help", "?"),
		Add:         b("a", "add feed", "a"),
		ShowError:   b("e", "show feed error", "e"),
		EditNote:    b("E", "bookmark note", "E"),
		Tags:        b("t", "bookmark tags", "t"),
		Save:        b("s", "save as Markdown", "s"),
	}
}

// shortHelp is the one line always shown, per screen.
func (k keyMap) shortHelp(s screen) []key.Binding {
	switch s {
	case feedsScreen:
		return []key.Binding{k.Open, k.Add, k.RefreshAll, k.Search, k.ShowError, k.Help, k.Quit}
	case articlesScreen:
		return []key.Binding{k.Open, k.Back, k.ToggleRead, k.HideRead, k.Bookmark, k.Filter, k.Refresh, k.Help}
	}
	return []key.Binding{k.PageDown, k.Back, k.Next, k.NextUnread, k.Bookmark, k.EditNote, k.Save, k.Browser, k.Help}
}

// fullHelp is the help overlay, in columns.
func (k keyMap) fullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.HalfDown, k.HalfUp, k.PageDown, k.PageUp},
		{k.Open, k.Back, k.Quit, k.ForceQuit, k.Next, k.Prev, k.NextUnread, k.Filter},
		{k.Refresh, k.RefreshAll, k.ToggleRead, k.MarkAllRead, k.HideRead, k.ShowError, k.Add},
		{k.Bookmark, k.EditNote, k.Tags, k.Save, k.Browser, k.CopyLink, k.FullText, k.Search, k.Help},
	}
}
