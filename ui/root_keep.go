package ui

import (
	"strconv"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

// keep handles what the root keeps for every screen: flags, undo,
// hide-read, the status line, the watch on other processes.
func (m *Model) keep(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case flagsChangedMsg:
		for id, f := range msg.changes {
			m.c.flags.set(id, f)
		}
		return m.broadcast(msg), true
	case bookmarkedMsg:
		text := lang.T("status.bookmarked")
		if msg.removed != nil {
			m.undo = append(m.undo, *msg.removed)
			text = lang.T("status.unbookmarked")
			if msg.removed.Note != "" || len(msg.removed.Tags) > 0 {
				text = lang.T("status.unbookmarked_note")
			}
		}
		return tea.Batch(m.setStatus(text, false), m.update(flagsChangedMsg{map[int64]flags{msg.id: msg.f}})), true
	case bookmarkSavedMsg:
		return tea.Batch(m.setStatus(lang.T("status.bookmark_saved"), false), m.update(flagsChangedMsg{map[int64]flags{msg.id: msg.f}})), true
	case restoredMsg:
		f := flags{read: true, bookmarked: true}
		return tea.Batch(m.setStatus(lang.T("status.bookmark_back", "Title", clipText(msg.b.Title, 40)), false),
			m.update(flagsChangedMsg{map[int64]flags{msg.b.ArticleID: f}})), true
	case hideReadMsg:
		m.c.hideRead = !m.c.hideRead
		text := lang.T("status.showing_read")
		if m.c.hideRead {
			text = lang.T("status.hiding_read")
		}
		return tea.Batch(m.setStatus(text, false), m.broadcast(msg)), true
	case addResultMsg:
		if msg.err != nil {
			// The reason says what to do; when it does not fit the status
			// line, show all of it.
			if lipgloss.Width(lang.Text(msg.err)) > m.width-2 {
				m.overlay = overlayModal{title: lang.T("add.failed_title"), text: library.Message(lang.Text(msg.err)) + "\n\n" + lang.T("hint.esc_closes")}
				m.openModal(modalOverlay)
			}
			return m.setStatus(lang.Text(msg.err), true), true
		}
		return tea.Batch(m.broadcast(feedAddedMsg{msg.res.Feed}),
			m.setStatus(lang.T("add.subscribed", "Feed", library.FeedName(msg.res.Feed), "Articles", lang.N("count.articles", msg.res.New)), false)), true
	case feedChangedMsg:
		if msg.err != nil {
			return m.setStatus(lang.Text(msg.err), true), true
		}
		// Every screen showing the feed's name or folder loads again.
		return tea.Batch(m.broadcast(reloadMsg{all: true}), m.setStatus(msg.done, false)), true
	case statusMsg:
		if m.c.ctx.Err() != nil {
			return nil, true // quitting: what commands say as they stop is no news
		}
		return m.setStatus(msg.text, msg.isErr), true
	case clearStatusMsg:
		if msg.id == m.statusID {
			m.status = ""
		}
		return nil, true
	case watchTickMsg:
		if m.watcher == nil || m.c.ctx.Err() != nil {
			return nil, true
		}
		return tea.Batch(checkChanges(m.c.ctx, m.watcher), m.c.after(m.c.opts.WatchEvery, watchTickMsg{})), true
	case libraryChangedMsg:
		if m.refresh.running {
			return nil, true // our own refresh reloads as it goes
		}
		return m.broadcast(reloadMsg{all: true}), true
	case saveTickMsg:
		return m.savePlace(), true
	}
	return nil, false
}

// undoUnbookmark puts back the bookmark removed last, note and tags included.
func (m *Model) undoUnbookmark() tea.Cmd {
	if len(m.undo) == 0 {
		return m.setStatus(lang.T("status.nothing_to_undo"), false)
	}
	b := m.undo[len(m.undo)-1]
	m.undo = m.undo[:len(m.undo)-1]
	ctx, lib := m.c.ctx, m.c.lib
	return func() tea.Msg {
		if err := lib.RestoreBookmark(ctx, b); err != nil {
			return statusMsg{lang.T("status.undo_failed", "Err", lang.Text(err)), true}
		}
		return restoredMsg{b}
	}
}

type restoredMsg struct{ b library.Bookmark }

// feedChangedMsg: a feed was renamed or moved (or could not be).
type feedChangedMsg struct {
	feed library.Feed
	done string
	err  error
}

type addResultMsg struct {
	res library.Added
	err error
}

// promptKey types into the prompt; enter acts on what was typed.
func (m *Model) promptKey(msg tea.KeyPressMsg) tea.Cmd {
	p := m.prompt
	done, ok, cmd := p.update(msg)
	if p.kind == promptFilter {
		value := p.input.Value()
		if done && !ok {
			value = ""
		}
		cmd = tea.Batch(cmd, m.deliver(p.owner, filterMsg{to{p.owner}, value}))
	}
	if !done {
		return cmd
	}
	m.modal, m.prompt = modalNone, nil
	value := p.value()
	if !ok {
		return cmd
	}
	switch {
	case p.kind == promptAdd && value != "":
		ctx, lib := m.c.ctx, m.c.lib
		return tea.Batch(m.setStatus(lang.T("status.adding", "URL", value), false), func() tea.Msg {
			res, err := lib.Add(ctx, value, "", "")
			return addResultMsg{res, err}
		})
	case p.kind == promptSearch && value != "":
		return m.update(openListMsg{Source{Kind: SourceSearch, Title: lang.T("prompt.search") + " " + value, Query: value}})
	case p.kind == promptTags:
		b := p.bookmark
		return saveBookmark(m.c, b.ArticleID, b.Note, library.ParseTags(value), p.flags)
	case p.kind == promptRename, p.kind == promptMove:
		ctx, lib, f, kind := m.c.ctx, m.c.lib, p.feed, p.kind
		return func() tea.Msg {
			ref := strconv.FormatInt(f.ID, 10)
			if kind == promptRename {
				g, err := lib.Rename(ctx, ref, value)
				return feedChangedMsg{g, lang.T("status.renamed", "Name", library.FeedName(g)), err}
			}
			g, err := lib.Move(ctx, ref, value)
			where := lang.T("status.moved", "Folder", g.Folder)
			if g.Folder == "" {
				where = lang.T("status.moved_out")
			}
			return feedChangedMsg{g, where, err}
		}
	}
	return cmd
}

// editorKey types into the note editor; ctrl+s saves, esc leaves all as it was.
func (m *Model) editorKey(msg tea.KeyPressMsg) tea.Cmd {
	e := m.editor
	done, save, cmd := e.update(msg)
	if !done {
		return cmd
	}
	m.modal, m.editor = modalNone, nil
	if !save {
		if e.draft {
			return m.setStatus(lang.T("status.note_not_saved"), false)
		}
		return m.setStatus(lang.T("status.note_unchanged"), false)
	}
	return saveBookmark(m.c, e.b.ArticleID, e.area.Value(), e.b.Tags, e.flags)
}
