package ui

import (
	"context"
	"os"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"

	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/render"

	"github.com/kolom/kolom/lang"
)

// splitWidth is where the list and the reader go side by side.
const splitWidth = 120

type modalKind int

const (
	modalNone modalKind = iota
	modalHelp
	modalOverlay
	modalPrompt
	modalEditor
)

func (k modalKind) String() string {
	return [...]string{"none", "help", "overlay", "prompt", "editor"}[k]
}

// Model is the root of the reader. It owns only the stack of screens, the
// one modal open, the window size, the status line and the refresh; the
// screens own everything else.
type Model struct {
	c      *common
	cancel context.CancelFunc

	stack []screen
	aside *readerScreen // two panes: the reader beside the list it was opened from
	paint paintState    // sixel and iTerm2 pictures drawn over the frame

	modal   modalKind
	help    helpModal
	overlay overlayModal
	prompt  *promptModal
	editor  *editorModal

	width, height int
	dark          bool

	status    string
	statusErr bool
	statusID  int

	refresh refreshState
	undo    []library.Bookmark // bookmarks removed, newest last: u puts them back
	watcher library.Watcher
	place   placeState
}

// New builds the reader over an open library. It reads the saved place (one
// small row); everything else loads in commands.
func New(lib Library, opts Options) *Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.OpenURL == nil {
		opts.OpenURL = StartBrowser
	}
	if opts.WatchEvery <= 0 {
		opts.WatchEvery = watchInterval
	}
	if opts.SaveEvery <= 0 {
		opts.SaveEvery = time.Second
	}
	switch {
	case opts.MinInterval == 0:
		opts.MinInterval = time.Minute
	case opts.MinInterval < 0:
		opts.MinInterval = 0
	}
	opts.NoColor = opts.NoColor || os.Getenv("NO_COLOR") != ""
	ctx, cancel := context.WithCancel(context.Background())
	c := &common{ctx: ctx, lib: lib, opts: opts, keys: newKeyMap(), renderer: render.New(64),
		maxWidth: lib.Config().MaxWidth, flags: newFlagBook(), offsets: map[int64]int{}}
	m := &Model{c: c, cancel: cancel, width: 80, height: 24, dark: true, refresh: newRefreshState()}
	m.applyTheme()
	if w, err := lib.WatchChanges(ctx); err == nil {
		m.watcher = w
	}
	if st, err := lib.LoadUIState(ctx); err == nil {
		m.place.restore = st
		c.hideRead = st.HideRead
		for k, v := range st.Offsets {
			c.offsets[k] = v
		}
	}
	return m
}

// applyTheme picks styles and the glamour style from the theme setting and
// the background the terminal reported.
func (m *Model) applyTheme() {
	theme := m.c.lib.Config().Theme
	dark := m.dark
	if theme == "dark" || theme == "light" {
		dark = theme == "dark"
	}
	m.c.st = newStyles(dark, m.c.opts.NoColor)
	m.c.glamourStyle, _ = render.ResolveStyle(theme, func() bool { return dark })
	if m.c.opts.NoColor {
		m.c.glamourStyle = render.StyleNoTTY
	}
	m.c.pictureMode = PictureMode(m.c.lib.Config().Images, m.c.glamourStyle, os.Getenv, m.c.said)
}

// Init loads the feeds, goes back to where the reader was, and starts a
// refresh when the library was just seeded with the defaults.
func (m *Model) Init() tea.Cmd {
	feeds, load := newFeeds(m.c)
	m.stack = []screen{feeds}
	cmds := []tea.Cmd{load, tea.RequestBackgroundColor, m.restorePlace(feeds)}
	asking := m.c.pictureMode == "blocks" && m.c.lib.Config().Images == "auto"
	if asking {
		// A terminal that draws pictures better gets them: by its version
		// (kitty, iTerm2, WezTerm), else its device attributes (sixel).
		cmds = append(cmds, tea.RequestTerminalVersion, tea.Raw(ansi.RequestPrimaryDeviceAttributes))
	}
	if asking || overlaid(m.c.pictureMode) {
		cmds = append(cmds, tea.Raw(requestCellSize)) // sixel pictures are drawn in pixels
	}
	if m.c.lib.ReadOnly() {
		cmds = append(cmds, m.setStatus(lang.Text(library.ErrReadOnly), true))
	}
	if m.c.lib.Seeded() {
		cmds = append(cmds, m.startRefresh(nil, lang.T("status.first_refresh")))
	}
	if d := m.c.lib.Config().AutoRefresh; d > 0 {
		cmds = append(cmds, m.c.after(d, autoRefreshMsg{}))
	}
	if m.watcher != nil {
		cmds = append(cmds, m.c.after(m.c.opts.WatchEvery, watchTickMsg{}))
	}
	return tea.Batch(cmds...)
}

// UPDATE

// Update routes a message: keys to the modal or the top screen, answers to
// the screen that asked, the rest to the root or every screen.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmds := []tea.Cmd{m.update(msg)}
	for len(m.c.outbox) > 0 {
		next := m.c.outbox[0]
		m.c.outbox = m.c.outbox[1:]
		cmds = append(cmds, m.update(next))
	}
	return m, tea.Batch(append(cmds, m.savePlaceSoon(), m.followFrame(msg))...)
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case batchMsg:
		var cmds []tea.Cmd
		for _, x := range msg {
			cmds = append(cmds, m.update(x))
		}
		return tea.Batch(cmds...)
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		if m.editor != nil {
			m.editor.resize(m.width, m.bodyHeight())
		}
		return tea.Batch(m.resize(), m.askCellSize())
	case cellSizeMsg:
		return m.cellSize(msg.w, msg.h)
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.applyTheme()
		return m.broadcast(themeMsg{})
	case tea.TerminalVersionMsg:
		return m.terminalSaid(saysByVersion(msg.Name))
	case uv.PrimaryDeviceAttributesEvent:
		if slices.Contains(msg, 4) && m.c.said == "" {
			return m.terminalSaid("sixel")
		}
		return nil
	case uv.CellSizeEvent:
		return m.cellSize(msg.Width, msg.Height)
	case stopMsg:
		return m.quit()
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.MouseWheelMsg:
		return m.wheel(msg)
	case addressed:
		cmd := m.deliver(msg.target(), msg)
		if _, ok := msg.(listLoadedMsg); ok {
			m.fillOrder()
		}
		return cmd
	}
	if cmd, ok := m.navigate(msg); ok {
		return cmd
	}
	if cmd, ok := m.keep(msg); ok {
		return cmd
	}
	if cmd, ok := m.refreshUpdate(msg); ok {
		return cmd
	}
	switch m.modal { // the cursor's blink and the like
	case modalPrompt:
		_, _, cmd := m.prompt.update(msg)
		return cmd
	case modalEditor:
		_, _, cmd := m.editor.update(msg)
		return cmd
	}
	return nil
}

// navigate changes the stack and the modal.
func (m *Model) navigate(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case openListMsg:
		list, load := newArticles(m.c, msg.src, 0)
		return tea.Batch(load, m.push(list)), true
	case openArticleMsg:
		r := m.aside
		if r == nil {
			r = newReader(m.c, msg.order)
		}
		m.aside, r.order = nil, msg.order
		return tea.Batch(m.push(r), r.open(msg.entry, msg.fullText)), true
	case articleShownMsg:
		return m.broadcast(msg), true
	case backMsg:
		return m.pop(), true
	case quitMsg:
		return m.quit(), true
	case overlayMsg:
		m.overlay = overlayModal{title: msg.title, text: msg.text}
		m.openModal(modalOverlay)
		return nil, true
	case openPromptMsg:
		p, cmd := newPrompt(msg, m.top().sid(), m.width)
		m.prompt = p
		m.openModal(modalPrompt)
		return cmd, true
	case openEditorMsg:
		e, cmd := newEditor(msg, m.width, m.bodyHeight())
		m.editor = e
		m.openModal(modalEditor)
		return cmd, true
	case noteFromEditorMsg:
		if m.editor != nil {
			_, _, cmd := m.editor.update(msg)
			return cmd, true
		}
		return nil, true
	}
	return nil, false
}

// push puts a screen on top and sizes it.
func (m *Model) push(s screen) tea.Cmd {
	m.stack = append(m.stack, s)
	m.status = "" // a status belongs to the screen it was said on
	return m.resize()
}

// pop goes back one screen; in two panes the reader stays beside the list
// it came from, and only there.
func (m *Model) pop() tea.Cmd {
	if len(m.stack) == 1 {
		return nil
	}
	top := m.stack[len(m.stack)-1]
	m.stack = m.stack[:len(m.stack)-1]
	m.status = ""
	m.aside = nil
	if r, ok := top.(*readerScreen); ok && r.has {
		m.aside = r
	}
	var cmd tea.Cmd
	if _, ok := m.top().(*feedsScreen); ok {
		cmd = m.deliver(m.top().(*feedsScreen).id, reloadMsg{all: true}) // the counts the visit changed
	}
	return tea.Batch(cmd, m.resize())
}

func (m *Model) top() screen { return m.stack[len(m.stack)-1] }

func (m *Model) openModal(k modalKind) {
	m.modal = k
	m.status = ""
}

// deliver gives msg to the screen numbered id, wherever it is.
func (m *Model) deliver(id int, msg tea.Msg) tea.Cmd {
	for i, s := range m.stack {
		if s.sid() == id {
			var cmd tea.Cmd
			m.stack[i], cmd = s.Update(msg)
			return cmd
		}
	}
	if m.aside != nil && m.aside.id == id {
		_, cmd := m.aside.Update(msg)
		return cmd
	}
	return nil // the screen was left
}

// broadcast gives msg to every screen.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for i, s := range m.stack {
		var cmd tea.Cmd
		m.stack[i], cmd = s.Update(msg)
		cmds = append(cmds, cmd)
	}
	if m.aside != nil {
		_, cmd := m.aside.Update(msg)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// resize tells every screen the size of its pane.
func (m *Model) resize() tea.Cmd {
	listW, readerW := m.paneWidths()
	h := m.bodyHeight()
	var cmds []tea.Cmd
	for i, s := range m.stack {
		w := listW
		if _, ok := s.(*readerScreen); ok {
			w = readerW
		}
		var cmd tea.Cmd
		m.stack[i], cmd = s.Update(resizeMsg{w, h})
		cmds = append(cmds, cmd)
	}
	if m.aside != nil {
		_, cmd := m.aside.Update(resizeMsg{readerW, h})
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func (m *Model) wide() bool { return m.width >= splitWidth }

func (m *Model) bodyHeight() int { return max(m.height-3, 1) }

// paneWidths is the list width and the reader width; in one pane both are the window.
func (m *Model) paneWidths() (list, reader int) {
	if !m.wide() {
		return m.width, m.width
	}
	list = clamp(m.width*2/5, 44, 72)
	return list, m.width - list - 1
}

// STATUS

func (m *Model) setStatus(text string, isErr bool) tea.Cmd {
	m.statusID++
	m.status, m.statusErr = library.Message(text), isErr
	d := 4 * time.Second
	switch {
	case m.c.opts.StatusFor > 0:
		d = m.c.opts.StatusFor
	case isErr:
		d = 10 * time.Second
	}
	return m.c.after(d, clearStatusMsg{m.statusID})
}

type clearStatusMsg struct{ id int }

// bodyStyle fills a body to exactly width × height.
func bodyStyle(width, height int) lipgloss.Style {
	return lipgloss.NewStyle().Width(width).Height(height).MaxHeight(height).MaxWidth(width)
}
