package ui

import (
	"context"
	"reflect"

	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/library"
)

// The place the reader is at — the list, the article, how far it is read —
// is saved as it changes (a second after a move), not only on quit: a
// closed terminal loses nothing.

type placeState struct {
	restore library.UIState // to go back to at start
	saved   library.UIState // as last saved
	due     bool            // a save is waiting for its tick
}

type saveTickMsg struct{}

// The saved list of a place: a feed's id, or one of these.
const (
	placeUnread    = -1
	placeBookmarks = -2
)

func placeOf(src Source) int64 {
	switch src.Kind {
	case SourceUnread:
		return placeUnread
	case SourceBookmarks:
		return placeBookmarks
	case SourceFeed:
		return src.FeedID
	}
	return 0 // a search is not kept
}

func sourceAt(place int64) Source {
	switch place {
	case placeUnread:
		return Source{Kind: SourceUnread, Title: "All unread"}
	case placeBookmarks:
		return Source{Kind: SourceBookmarks, Title: "Bookmarks"}
	}
	return Source{Kind: SourceFeed, FeedID: place}
}

// restorePlace opens the list and the article the reader was at.
func (m *Model) restorePlace(feeds *feedsScreen) tea.Cmd {
	st := m.place.restore
	m.place.saved = m.currentPlace()
	if st.Feed == 0 {
		return nil
	}
	src := sourceAt(st.Feed)
	feeds.pending = src
	list, load := newArticles(m.c, src, st.Article)
	m.stack = append(m.stack, list)
	cmds := []tea.Cmd{load}
	if st.Article != 0 {
		r := newReader(m.c, nil)
		m.stack = append(m.stack, r)
		cmds = append(cmds, r.open(library.Entry{ID: st.Article}, false))
	}
	m.place.saved = st
	return tea.Batch(cmds...)
}

// fillOrder gives a restored reader the list it was opened from, once the
// list has loaded.
func (m *Model) fillOrder() {
	for i := 1; i < len(m.stack); i++ {
		r, isReader := m.stack[i].(*readerScreen)
		list, isList := m.stack[i-1].(*articlesScreen)
		if isReader && isList && r.order == nil && list.loaded {
			r.order = list.order()
		}
	}
}

// currentPlace is the place to save now.
func (m *Model) currentPlace() library.UIState {
	st := library.UIState{HideRead: m.c.hideRead}
	var current int64
	offset := 0
	for _, s := range m.stack {
		switch s := s.(type) {
		case *articlesScreen:
			st.Feed = placeOf(s.src)
		case *readerScreen:
			if s.has {
				st.Article, current, offset = s.art.ID, s.art.ID, s.vp.YOffset()
			}
		}
	}
	if st.Feed == 0 {
		st.Article = 0
	}
	st.Offsets = recentOffsets(m.c.offsets, current)
	if current != 0 {
		delete(st.Offsets, current)
		if offset > 0 {
			st.Offsets[current] = offset
		}
	}
	return st
}

// savePlaceSoon asks for a save when the place changed since the last one.
func (m *Model) savePlaceSoon() tea.Cmd {
	if m.place.due || m.c.lib.ReadOnly() || m.c.ctx.Err() != nil || len(m.stack) == 0 {
		return nil
	}
	if reflect.DeepEqual(m.currentPlace(), m.place.saved) {
		return nil
	}
	m.place.due = true
	return m.c.after(m.c.opts.SaveEvery, saveTickMsg{})
}

func (m *Model) savePlace() tea.Cmd {
	m.place.due = false
	if m.c.ctx.Err() != nil {
		return nil
	}
	st := m.currentPlace()
	m.place.saved = st
	ctx, lib := m.c.ctx, m.c.lib
	return func() tea.Msg {
		if err := lib.SaveUIState(ctx, st); err != nil && ctx.Err() == nil {
			return statusMsg{err.Error(), true}
		}
		return nil
	}
}

// quit saves the place, stops every command and ends the program.
func (m *Model) quit() tea.Cmd {
	st := m.currentPlace()
	m.cancel()
	w, lib, readOnly := m.watcher, m.c.lib, m.c.lib.ReadOnly()
	m.watcher = nil
	save := func() tea.Msg {
		if w != nil {
			w.Close()
		}
		if !readOnly {
			// The reader's context has ended; the save is the last write.
			ctx, cancel := context.WithTimeout(context.Background(), stopGrace)
			defer cancel()
			lib.SaveUIState(ctx, st)
		}
		return nil
	}
	return tea.Sequence(save, tea.Quit)
}

// recentOffsets keeps the saved scroll positions small.
func recentOffsets(all map[int64]int, current int64) map[int64]int {
	out := map[int64]int{}
	for id, off := range all {
		if off > 0 && (len(out) < 200 || id == current) {
			out[id] = off
		}
	}
	return out
}
