package ui

import (
	"charm.land/bubbles/v2/key"

	"github.com/kolom/kolom/lang"
)

// keyMap holds every binding; the help and the hint line are made from it,
// so what is shown is what works.
type keyMap struct {
	Up, Down, Top, Bottom, HalfDown, HalfUp, PageDown, PageUp    key.Binding
	Open, Back, Quit, ForceQuit                                  key.Binding
	Refresh, RefreshAll, ToggleRead, MarkAllRead, HideRead       key.Binding
	Bookmark, Browser, CopyLink, FullText, EditNote, Tags, Save  key.Binding
	Next, Prev, NextUnread, Filter, Search, Help, Add, ShowError key.Binding
	Undo, Rename, Move, OpenPicture                              key.Binding
}

func newKeyMap() keyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return keyMap{
		Up:          b("↑/k", lang.T("key.up"), "up", "k"),
		Down:        b("↓/j", lang.T("key.down"), "down", "j"),
		Top:         b("g", lang.T("key.top"), "g", "home"),
		Bottom:      b("G", lang.T("key.bottom"), "G", "end"),
		HalfDown:    b("ctrl+d", lang.T("key.half_down"), "ctrl+d"),
		HalfUp:      b("ctrl+u", lang.T("key.half_up"), "ctrl+u"),
		PageDown:    b(lang.T("keyname.space"), lang.T("key.page_down"), "space", "pgdown"),
		PageUp:      b("pgup", lang.T("key.page_up"), "pgup"),
		Open:        b("enter", lang.T("key.open"), "enter", "l", "right"),
		Back:        b("esc", lang.T("key.back"), "esc", "h", "left", "backspace"),
		Quit:        b("q", lang.T("key.quit"), "q"),
		ForceQuit:   b("ctrl+c", lang.T("key.force_quit"), "ctrl+c"),
		Refresh:     b("r", lang.T("key.refresh"), "r"),
		RefreshAll:  b("R", lang.T("key.refresh_all"), "R"),
		ToggleRead:  b("m", lang.T("key.toggle_read"), "m"),
		MarkAllRead: b("M", lang.T("key.mark_all_read"), "M"),
		HideRead:    b("H", lang.T("key.hide_read"), "H"),
		Bookmark:    b("b", lang.T("key.bookmark"), "b"),
		Browser:     b("o", lang.T("key.browser"), "o"),
		CopyLink:    b("y", lang.T("key.copy_link"), "y"),
		FullText:    b("f", lang.T("key.full_text"), "f"),
		Next:        b("n", lang.T("key.next"), "n"),
		Prev:        b("p", lang.T("key.prev"), "p"),
		NextUnread:  b("N", lang.T("key.next_unread"), "N"),
		Filter:      b("/", lang.T("key.filter"), "/"),
		Search:      b("/", lang.T("key.search"), "/"),
		Help:        b("?", lang.T("key.help"), "?"),
		Add:         b("a", lang.T("key.add"), "a"),
		ShowError:   b("e", lang.T("key.show_error"), "e"),
		EditNote:    b("E", lang.T("key.edit_note"), "E"),
		Tags:        b("t", lang.T("key.tags"), "t"),
		Save:        b("s", lang.T("key.save"), "s"),
		Undo:        b("u", lang.T("key.undo"), "u"),
		Rename:      b("c", lang.T("key.rename"), "c"),
		Move:        b("v", lang.T("key.move"), "v"),
		OpenPicture: b("O", lang.T("key.open_picture"), "O"),
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
		{lang.T("help.group.move"), []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.HalfDown, k.HalfUp, k.PageDown, k.PageUp}},
		{lang.T("help.group.go"), []key.Binding{k.Open, k.Back, k.Quit, k.ForceQuit, k.Help}},
		{lang.T("help.group.feeds"), []key.Binding{k.Add, k.RefreshAll, k.Refresh, k.ShowError, k.Search, k.Rename, k.Move}},
		{lang.T("help.group.lists"), []key.Binding{k.Filter, k.HideRead, k.MarkAllRead, k.Next, k.Prev, k.NextUnread}},
		{lang.T("help.group.article"), []key.Binding{k.ToggleRead, k.FullText, k.Browser, k.OpenPicture, k.CopyLink, k.Save}},
		{lang.T("help.group.bookmarks"), []key.Binding{k.Bookmark, k.EditNote, k.Tags, k.Undo}},
	}
}
