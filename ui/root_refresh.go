package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

// refreshState is a refresh in progress, drawn on the status line.
type refreshState struct {
	running     bool
	ch          chan tea.Msg
	done, total int
	spin        spinner.Model
	bar         progress.Model
	// Reloads wait for a tick: one per reloadEvery at most, whatever the
	// number of feeds finishing.
	due     map[int64]bool
	ticking bool
}

func newRefreshState() refreshState {
	return refreshState{spin: spinner.New(spinner.WithSpinner(spinner.Dot)),
		bar: progress.New(progress.WithWidth(20), progress.WithoutPercentage())}
}

type refreshEventMsg struct{ ev library.Event }

type refreshDoneMsg struct {
	sum library.Summary
	err error
}

type reloadTickMsg struct{}

type autoRefreshMsg struct{}

type watchTickMsg struct{}

type libraryChangedMsg struct{}

// reloadEvery bounds how often a refresh reloads the lists: with 1,000 feeds
// a reload per finished feed cost more than the refresh itself.
const reloadEvery = 250 * time.Millisecond

// watchInterval is how often the reader looks for changes made by another
// kolom process by default; the check is one PRAGMA on an idle connection.
const watchInterval = 2 * time.Second

func (m *Model) refreshUpdate(msg tea.Msg) (tea.Cmd, bool) {
	r := &m.refresh
	switch msg := msg.(type) {
	case refreshMsg:
		return m.startRefresh(msg.ids, ""), true
	case refreshEventMsg:
		ev := msg.ev
		r.done, r.total = ev.Done, ev.Total
		cmds := []tea.Cmd{waitRefresh(r.ch)}
		if ev.Kind == library.FeedUpdated && ev.New+ev.Updated > 0 || ev.Kind == library.FeedFailed {
			if r.due == nil {
				r.due = map[int64]bool{}
			}
			r.due[ev.Feed.ID] = true
			if !r.ticking {
				r.ticking = true
				cmds = append(cmds, m.c.after(reloadEvery, reloadTickMsg{}))
			}
		}
		return tea.Batch(cmds...), true
	case reloadTickMsg:
		r.ticking = false
		due := r.due
		r.due = nil
		if len(due) == 0 {
			return nil, true
		}
		return m.broadcast(reloadMsg{feeds: due}), true
	case refreshDoneMsg:
		r.running, r.due = false, nil // the reloads below are the last word
		s := msg.sum
		feeds := lang.N("count.feeds", max(0, s.Feeds-s.Skipped-s.Mailboxes))
		text := lang.T("refresh.done", "Feeds", feeds)
		if s.Mailboxes > 0 {
			text = lang.T("refresh.done_mail", "Feeds", feeds, "Mailboxes", lang.N("count.mailboxes", s.Mailboxes))
		}
		text += ": " + lang.N("count.new_articles", s.New)
		if s.Filtered > 0 {
			text += " " + lang.N("refresh.filtered", s.Filtered)
		}
		if s.Failed > 0 {
			text += ", " + lang.N("refresh.failed_tui", s.Failed)
		}
		if s.Skipped > 0 {
			text += "; " + lang.N("refresh.skipped", s.Skipped)
		}
		if msg.err != nil {
			text = lang.T("refresh.stopped", "Err", lang.Text(msg.err))
		}
		return tea.Batch(m.broadcast(reloadMsg{all: true}), updateIndex(m.c.ctx, m.c.lib),
			m.setStatus(text, s.Failed > 0 || msg.err != nil)), true
	case autoRefreshMsg:
		cmds := []tea.Cmd{m.c.after(m.c.lib.Config().AutoRefresh, autoRefreshMsg{})}
		if !r.running {
			cmds = append(cmds, m.startRefresh(nil, ""))
		}
		return tea.Batch(cmds...), true
	case spinner.TickMsg:
		if !r.running {
			return nil, true
		}
		var cmd tea.Cmd
		r.spin, cmd = r.spin.Update(msg)
		return cmd, true
	}
	return nil, false
}

func (m *Model) startRefresh(ids []int64, note string) tea.Cmd {
	r := &m.refresh
	if r.running {
		return m.setStatus(lang.T("status.refresh_running"), false)
	}
	r.running, r.done, r.total = true, 0, 0
	r.ch = make(chan tea.Msg, 16)
	// R on one feed is explicit; R on all, and auto refresh, are polite.
	opts := library.RefreshOptions{IDs: ids, Explicit: len(ids) > 0}
	if !opts.Explicit {
		opts.MinInterval = m.c.opts.MinInterval
	}
	cmds := []tea.Cmd{refreshRun(m.c.ctx, m.c.lib, opts, r.ch)}
	if m.c.timer == nil {
		cmds = append(cmds, r.spin.Tick)
	}
	if note != "" {
		cmds = append(cmds, m.setStatus(note, false))
	}
	return tea.Batch(cmds...)
}

// refreshRun streams a refresh into the program: events, then one done
// message, over ch. waitRefresh reads the next one.
func refreshRun(ctx context.Context, lib Library, opts library.RefreshOptions, ch chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		go func() {
			defer close(ch)
			sum, err := lib.RefreshWith(ctx, opts, func(ev library.Event) {
				select {
				case ch <- refreshEventMsg{ev}:
				case <-ctx.Done():
				}
			})
			select {
			case ch <- refreshDoneMsg{sum, err}:
			case <-ctx.Done():
			}
		}()
		return waitRefresh(ch)()
	}
}

func waitRefresh(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

// updateIndex indexes what the refresh stored, so the next search is quick.
func updateIndex(ctx context.Context, lib Library) tea.Cmd {
	return func() tea.Msg {
		if _, err := lib.UpdateIndex(ctx); err != nil && ctx.Err() == nil {
			return statusMsg{lang.Text(err), true}
		}
		return nil
	}
}

func checkChanges(ctx context.Context, w library.Watcher) tea.Cmd {
	return func() tea.Msg {
		if changed, err := w.Changed(ctx); err == nil && changed {
			return libraryChangedMsg{}
		}
		return nil
	}
}
