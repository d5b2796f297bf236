package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

// The place the reader is at — the list, the article, how far it is read —
// is saved as it changes (a second after a move), not only on quit: a
// closed terminal loses nothing.

type placeState struct {
	restore library.UIState // to go back to at start
	saved   placeKey        // as last saved
	due     bool            // a save is waiting for its tick
}

// placeKey tells whether the place changed: compared after every message,
// so it is a few numbers, not the saved state with its map of offsets
// (which changes only when the reader leaves an article: offsetsSet).
type placeKey struct {
	feed, article int64
	offset        int
	hideRead      bool
	offsetsSet    int
}

// placeNow is the place's key now.
func (m *Model) placeNow() placeKey {
	k := placeKey{hideRead: m.c.hideRead, offsetsSet: m.c.offsetsSet}
	for _, s := range m.stack {
		switch s := s.(type) {
		case *articlesScreen:
			k.feed = placeOf(s.src)
		case *readerScreen:
			if s.has {
				k.article, k.offset = s.art.ID, s.vp.YOffset()
			}
		}
	}
	if k.feed == 0 {
		k.article, k.offset = 0, 0
	}
	return k
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
		return Source{Kind: SourceUnread, Title: lang.T("feeds.all_unread")}
	case placeBookmarks:
		return Source{Kind: SourceBookmarks, Title: lang.T("feeds.bookmarks")}
	}
	return Source{Kind: SourceFeed, FeedID: place}
}

// restorePlace opens the list and the article the reader was at.
func (m *Model) restorePlace(feeds *feedsScreen) tea.Cmd {
	st := m.place.restore
	m.place.saved = m.placeNow()
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
	m.place.saved = placeKey{feed: st.Feed, article: st.Article, offset: st.Offsets[st.Article], hideRead: st.HideRead, offsetsSet: m.c.offsetsSet}
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
	k := m.placeNow()
	st := library.UIState{Feed: k.feed, Article: k.article, HideRead: k.hideRead, Offsets: recentOffsets(m.c.offsets, k.article)}
	if k.article != 0 {
		delete(st.Offsets, k.article)
		if k.offset > 0 {
			st.Offsets[k.article] = k.offset
		}
	}
	return st
}

// savePlaceSoon asks for a save when the place changed since the last one.
func (m *Model) savePlaceSoon() tea.Cmd {
	if m.place.due || m.c.lib.ReadOnly() || m.c.ctx.Err() != nil || len(m.stack) == 0 {
		return nil
	}
	if m.placeNow() == m.place.saved {
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
	m.place.saved = m.placeNow()
	ctx, lib := m.c.ctx, m.c.lib
	return func() tea.Msg {
		if err := lib.SaveUIState(ctx, st); err != nil && ctx.Err() == nil {
			return statusMsg{lang.Text(err), true}
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
