package ui

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/store"
)

type screen int

const (
	feedsScreen screen = iota
	articlesScreen
	readerScreen
)

func (s screen) String() string { return [...]string{"feeds", "articles", "reader"}[s] }

type promptKind int

const (
	promptNone promptKind = iota
	promptAdd
	promptFilter
	promptSearch
	promptTags
)

// splitWidth is where the list and the reader go side by side.
const splitWidth = 120

// Options tune the reader; the zero value is what kolom uses.
type Options struct {
	Now     func() time.Time   // the clock for relative dates (tests fix it)
	OpenURL func(string) error // starts the browser (tests record it)
	NoColor bool               // also implied by NO_COLOR
	// WatchEvery is how often the reader looks for changes made by another
	// kolom process (0: every 2 s; tests look more often).
	WatchEvery time.Duration
	// MinInterval: refreshing all feeds skips those fetched less than this
	// long ago (0: a minute; negative: none, for tests).
	MinInterval time.Duration
	// StatusFor is how long a status message stays (0: 4 s, errors 10 s;
	// tests keep it until it is replaced, whatever the machine's speed).
	StatusFor time.Duration
}

// Model is the root of the reader: it owns the screens and routes messages.
type Model struct {
	lib    *library.Library
	opts   Options
	keys   keyMap
	st     styles
	render *Renderer

	width, height int
	screen        screen
	feeds         feedsModel
	articles      articlesModel
	reader        readerModel
	showHelp      bool
	overlay       string // a feed's full error

	prompt     textinput.Model
	promptKind promptKind
	promptFor  store.Bookmark // promptTags: the bookmark whose tags are edited
	editor     noteEditor

	status    string
	statusErr bool
	statusID  int

	refreshing   bool
	refreshCh    chan tea.Msg
	refreshDone  int
	refreshTotal int
	spin         spinner.Model
	bar          progress.Model

	dark         bool
	glamourStyle string
	offsets      map[int64]int
	restore      library.UIState
	watcher      *store.ChangeWatcher // nil when it could not be opened
	// Load numbers: asked is the last one asked for, shown the newest shown.
	feedsAsked, feedsShown       int
	articlesAsked, articlesShown int
	// During a refresh, reloads wait for a tick: one per reloadEvery at most,
	// whatever the number of feeds finishing.
	reloadFeedsDue, reloadArticlesDue, reloadTicking bool

	ctx    context.Context
	cancel context.CancelFunc
}

// New builds the reader over an open library. It reads the saved reader state
// (one small row); everything else loads in commands.
func New(lib *library.Library, opts Options) *Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.OpenURL == nil {
		opts.OpenURL = StartBrowser
	}
	if opts.WatchEvery <= 0 {
		opts.WatchEvery = watchInterval
	}
	switch {
	case opts.MinInterval == 0:
		opts.MinInterval = time.Minute
	case opts.MinInterval < 0:
		opts.MinInterval = 0
	}
	opts.NoColor = opts.NoColor || os.Getenv("NO_COLOR") != ""
	ctx, cancel := context.WithCancel(context.Background())
	m := &Model{
		lib: lib, opts: opts, keys: newKeyMap(), render: NewRenderer(64),
		width: 80, height: 24, reader: newReader(), dark: true,
		spin: spinner.New(spinner.WithSpinner(spinner.Dot)), bar: progress.New(progress.WithWidth(20), progress.WithoutPercentage()),
		offsets: map[int64]int{}, ctx: ctx, cancel: cancel,
	}
	m.applyTheme()
	m.prompt = textinput.New()
	if w, err := lib.WatchChanges(ctx); err == nil {
		m.watcher = w
	}
	if st, err := lib.LoadUIState(ctx); err == nil {
		m.restore = st
		m.articles.hideRead = st.HideRead
		for k, v := range st.Offsets {
			m.offsets[k] = v
		}
	}
	return m
}

// applyTheme picks styles and the glamour style from the theme setting and
// the background the terminal reported.
func (m *Model) applyTheme() {
	theme := m.lib.Config().Theme
	dark := m.dark
	if theme == "dark" || theme == "light" {
		dark = theme == "dark"
	}
	m.st = newStyles(dark, m.opts.NoColor)
	m.glamourStyle, _ = ResolveStyle(theme, func() bool { return dark })
	if m.opts.NoColor {
		m.glamourStyle = StyleNoTTY
	}
}

// Init loads the feeds, restores where the reader left off, and starts a
// refresh when the library was just seeded with the defaults.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.reloadFeeds(), tea.RequestBackgroundColor}
	if m.lib.ReadOnly() {
		cmds = append(cmds, m.setStatus(library.ErrReadOnly.Error(), true))
	}
	if k := m.restore.Feed; k != 0 {
		src := source{kind: sourceFeed, feedID: k}
		switch k {
		case -1:
			src = source{kind: sourceUnread, title: "All unread"}
		case -2:
			src = source{kind: sourceBookmarks, title: "Bookmarks"}
		}
		m.articles.src = src
		m.screen = articlesScreen
		cmds = append(cmds, m.reloadArticles(src))
		if id := m.restore.Article; id != 0 {
			m.screen = readerScreen
			m.reader.loading = id
			cmds = append(cmds, loadArticle(m.lib, id, false))
		}
	}
	if m.lib.Seeded() {
		cmds = append(cmds, m.startRefresh(nil, "Fetching the default feeds for the first time…"))
	}
	if d := m.lib.Config().AutoRefresh; d > 0 {
		cmds = append(cmds, autoRefreshAfter(d))
	}
	if m.watcher != nil {
		cmds = append(cmds, watchAfter(m.opts.WatchEvery))
	}
	return tea.Batch(cmds...)
}

// UPDATE

// Update routes a message to the part of the reader it concerns.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		return m, m.layoutReader()
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.applyTheme()
		return m, m.layoutReader()
	case stopMsg:
		return m, m.quit()
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case tea.MouseWheelMsg:
		return m, m.handleWheel(msg)
	case feedsLoadedMsg:
		if msg.gen < m.feedsShown {
			return m, nil // a newer list is already shown
		}
		m.feedsShown = msg.gen
		if msg.err != nil {
			return m, m.setStatus(msg.err.Error(), true)
		}
		m.feeds.setFeeds(msg.feeds)
		if m.restore.Feed != 0 {
			m.feeds.selectKey(m.restore.Feed)
			if r, ok := m.feeds.selected(); ok && rowKey(r) == m.restore.Feed {
				m.articles.src.title = r.label
			}
			m.restore.Feed = 0
		}
		return m, nil
	case articlesLoadedMsg:
		if msg.source.key() != m.articles.src.key() || msg.source.query != m.articles.src.query || msg.gen < m.articlesShown {
			return m, nil // an answer for a list we left, or older than the one shown
		}
		m.articlesShown = msg.gen
		if msg.err != nil {
			m.articles.loaded = true
			return m, m.setStatus(msg.err.Error(), true)
		}
		if msg.source.title == "" {
			msg.source.title = m.articles.src.title
		}
		m.articles.setItems(msg.source, msg.items)
		m.articles.tags, m.articles.snippets = msg.tags, msg.snippets
		if m.restore.Article != 0 {
			m.articles.selectID(m.restore.Article)
			m.restore.Article = 0
		}
		return m, nil
	case articleLoadedMsg:
		return m, m.articleLoaded(msg)
	case contentRenderedMsg:
		return m, m.contentRendered(msg)
	case refreshEventMsg:
		return m, m.refreshEvent(msg.ev)
	case refreshDoneMsg:
		return m, m.refreshFinished(msg)
	case reloadTickMsg:
		return m, m.reloadTick()
	case bookmarkedMsg:
		if msg.err != nil {
			return m, m.setStatus("bookmark: "+msg.err.Error(), true)
		}
		m.articles.setBookmarked(msg.id, msg.on)
		if m.reader.article.ID == msg.id {
			m.reader.article.Bookmarked = msg.on
		}
		text := "Bookmarked"
		if !msg.on {
			text = "Bookmark removed"
		}
		cmds := []tea.Cmd{m.setStatus(text, false)}
		if m.articles.src.kind == sourceBookmarks {
			cmds = append(cmds, m.reloadArticles(m.articles.src))
		}
		return m, tea.Batch(cmds...)
	case readMarkedMsg:
		if msg.err != nil {
			return m, m.setStatus(msg.err.Error(), true)
		}
		m.articles.setRead(msg.ids, msg.read)
		return m, m.reloadFeeds()
	case feedAddedMsg:
		if msg.err != nil {
			// The reason says what to do; when it does not fit the status
			// line, show all of it.
			if lipgloss.Width(msg.err.Error()) > m.width-2 {
				m.overlay = "Could not add that feed\n\n" + library.Message(msg.err.Error())
			}
			return m, m.setStatus(msg.err.Error(), true)
		}
		m.feeds.restoreKey(msg.res.Feed.ID)
		return m, tea.Batch(m.reloadFeeds(), m.setStatus(fmt.Sprintf("Subscribed to %s: %d articles", library.FeedName(msg.res.Feed), msg.res.New), false))
	case bookmarkForEditMsg:
		if msg.err != nil {
			return m, m.setStatus(msg.err.Error(), true)
		}
		m.articles.setBookmarked(msg.b.ArticleID, true)
		if m.reader.article.ID == msg.b.ArticleID {
			m.reader.article.Bookmarked = true
		}
		if msg.purpose == editTags {
			m.promptFor = msg.b
			return m, m.openPrompt(promptTags, "Tags: ", strings.Join(msg.b.Tags, " "))
		}
		return m, m.editor.open(msg.b, m.width, m.bodyHeight())
	case noteSavedMsg:
		if msg.err != nil {
			return m, m.setStatus(msg.err.Error(), true)
		}
		cmds := []tea.Cmd{m.setStatus("Bookmark saved", false)}
		if m.articles.src.kind == sourceBookmarks {
			cmds = append(cmds, m.reloadArticles(m.articles.src))
		}
		return m, tea.Batch(cmds...)
	case noteFromEditorMsg:
		if msg.err != nil {
			return m, m.setStatus(msg.err.Error(), true)
		}
		if m.editor.active {
			m.editor.area.SetValue(msg.text)
		}
		return m, nil
	case fileSavedMsg:
		if msg.err != nil {
			return m, m.setStatus(msg.err.Error(), true)
		}
		return m, m.setStatus("Saved to "+msg.path, false)
	case statusMsg:
		return m, m.setStatus(msg.text, msg.isErr)
	case clearStatusMsg:
		if msg.id == m.statusID {
			m.status = ""
		}
		return m, nil
	case watchTickMsg:
		if m.watcher == nil || m.ctx.Err() != nil {
			return m, nil
		}
		return m, tea.Batch(checkChanges(m.watcher), watchAfter(m.opts.WatchEvery))
	case libraryChangedMsg:
		if m.refreshing {
			return m, nil // our own refresh reloads as it goes
		}
		cmds := []tea.Cmd{m.reloadFeeds()}
		if m.screen != feedsScreen {
			cmds = append(cmds, m.reloadArticles(m.articles.src))
		}
		return m, tea.Batch(cmds...)
	case autoRefreshMsg:
		cmds := []tea.Cmd{autoRefreshAfter(m.lib.Config().AutoRefresh)}
		if !m.refreshing {
			cmds = append(cmds, m.startRefresh(nil, ""))
		}
		return m, tea.Batch(cmds...)
	case spinner.TickMsg:
		if !m.refreshing {
			return m, nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return m, cmd
	}
	if m.promptKind != promptNone {
		var cmd tea.Cmd
		m.prompt, cmd = m.prompt.Update(msg)
		return m, cmd
	}
	if m.editor.active {
		var cmd tea.Cmd
		m.editor.area, cmd = m.editor.area.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	if key.Matches(msg, k.ForceQuit) {
		return m.quit()
	}
	if m.promptKind != promptNone {
		return m.handlePromptKey(msg)
	}
	if m.editor.active {
		return m.noteEditorKey(msg)
	}
	if m.showHelp || m.overlay != "" {
		if key.Matches(msg, k.Help, k.Back, k.Quit) {
			m.showHelp, m.overlay = false, ""
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Help):
		m.showHelp = true
		return nil
	case key.Matches(msg, k.Add):
		return m.openPrompt(promptAdd, "Feed or site URL: ", "")
	case key.Matches(msg, k.RefreshAll):
		return m.startRefresh(nil, "")
	case key.Matches(msg, k.Search) && m.screen == feedsScreen:
		return m.openPrompt(promptSearch, "Search: ", "")
	case key.Matches(msg, k.Filter) && m.screen == articlesScreen:
		return m.openPrompt(promptFilter, "/", m.currentFilter())
	}
	switch m.screen {
	case feedsScreen:
		return m.feedsKey(msg)
	case articlesScreen:
		return m.articlesKey(msg)
	}
	return m.readerKey(msg)
}

// articleAction handles the keys that act on one article, in a list or the reader.
func (m *Model) articleAction(msg tea.KeyPressMsg, id int64) tea.Cmd {
	k := m.keys
	it, inList := m.findArticle(id)
	switch {
	case key.Matches(msg, k.HideRead):
		m.articles.hideRead = !m.articles.hideRead
		if m.articles.hideRead {
			for _, x := range m.articles.items {
				if x.Read {
					m.articles.hidden[x.ID] = true
				}
			}
		}
		m.articles.fixCursor()
		return m.setStatus(hideReadText(m.articles.hideRead), false)
	case key.Matches(msg, k.MarkAllRead):
		var ids []int64
		for _, i := range m.articles.visibleIdx() {
			if !m.articles.items[i].Read {
				ids = append(ids, m.articles.items[i].ID)
			}
		}
		if len(ids) == 0 {
			return m.setStatus("Everything here is read.", false)
		}
		return tea.Batch(markRead(m.lib, ids, true), m.setStatus(fmt.Sprintf("Marked %d articles read", len(ids)), false))
	case key.Matches(msg, k.Refresh):
		if m.articles.src.kind == sourceFeed {
			return m.startRefresh([]int64{m.articles.src.feedID}, "")
		}
		if inList && it.FeedID != 0 {
			return m.startRefresh([]int64{it.FeedID}, "")
		}
		return m.startRefresh(nil, "")
	}
	if id == 0 {
		return nil
	}
	link := it.URL
	if !inList {
		link = m.reader.article.URL
	}
	switch {
	case key.Matches(msg, k.ToggleRead):
		read := true
		if inList {
			read = !it.Read
		}
		return markRead(m.lib, []int64{id}, read)
	case key.Matches(msg, k.Bookmark):
		return tea.Batch(toggleBookmark(m.lib, id), m.setStatus("Saving…", false))
	case key.Matches(msg, k.EditNote):
		return loadBookmarkForEdit(m.lib, id, editNote)
	case key.Matches(msg, k.Tags):
		return loadBookmarkForEdit(m.lib, id, editTags)
	case key.Matches(msg, k.Save):
		return tea.Batch(saveArticleFile(m.lib, id, m.lib.Config().SaveFolder()), m.setStatus("Saving…", false))
	case key.Matches(msg, k.Browser):
		return openURL(m.opts.OpenURL, link)
	case key.Matches(msg, k.CopyLink):
		if err := checkWebURL(link); err != nil {
			return m.setStatus(err.Error(), true)
		}
		return tea.Batch(tea.SetClipboard(link), m.setStatus("Link copied", false))
	}
	return nil
}

func (m *Model) findArticle(id int64) (store.Article, bool) {
	for _, a := range m.articles.items {
		if a.ID == id {
			return a, true
		}
	}
	return store.Article{}, false
}

func hideReadText(hide bool) string {
	if hide {
		return "Hiding read articles (H shows them)"
	}
	return "Showing read articles"
}

// step opens the next or previous (unread) article without going back.
func (m *Model) step(delta int, unread bool) tea.Cmd {
	a := &m.articles
	a.selectID(m.reader.article.ID)
	before := a.cursor
	if unread {
		if !a.nextUnread() {
			return m.setStatus("No more unread articles here.", false)
		}
	} else {
		a.move(delta)
	}
	if a.cursor == before {
		return m.setStatus("No more articles here.", false)
	}
	it, _ := a.selected()
	return m.openArticle(it.ID, false)
}

func (m *Model) openList(src source) tea.Cmd {
	m.screen = articlesScreen
	if m.articles.src.key() != src.key() {
		m.articles.loaded = false
		m.articles.items = nil
	}
	m.articles.src = src
	return m.reloadArticles(src)
}

func (m *Model) openArticle(id int64, fullText bool) tea.Cmd {
	m.rememberOffset()
	m.screen = readerScreen
	m.reader.loading = id
	if m.reader.article.ID != id {
		m.reader.has = false
	}
	return loadArticle(m.lib, id, fullText)
}

func (m *Model) rememberOffset() {
	if m.reader.has {
		m.offsets[m.reader.article.ID] = m.reader.vp.YOffset()
	}
}

func (m *Model) articleLoaded(msg articleLoadedMsg) tea.Cmd {
	if msg.err != nil {
		m.reader.loading = 0
		if !m.reader.has && m.screen == readerScreen {
			m.screen = articlesScreen
		}
		return m.setStatus(msg.err.Error(), true)
	}
	if msg.article.ID != m.reader.loading {
		return nil // the reader moved on
	}
	m.reader.loading = 0
	keep := m.reader.has && m.reader.article.ID == msg.article.ID
	m.reader.article = msg.article
	m.reader.has = true
	if !keep {
		m.reader.pendingOffset = m.offsets[msg.article.ID]
	} else {
		m.reader.pendingOffset = m.reader.vp.YOffset()
	}
	m.articles.setRead([]int64{msg.article.ID}, true)
	m.articles.selectID(msg.article.ID)
	cmds := []tea.Cmd{m.layoutReader(), m.reloadFeeds()}
	if msg.article.Notice != "" {
		cmds = append(cmds, m.setStatus(msg.article.Notice, false))
	}
	return tea.Batch(cmds...)
}

func (m *Model) contentRendered(msg contentRenderedMsg) tea.Cmd {
	r := &m.reader
	if msg.err != nil {
		return m.setStatus(msg.err.Error(), true)
	}
	if msg.id != r.article.ID || msg.width != m.readingWidth() || msg.style != m.glamourStyle {
		return nil // stale: the window or the article changed meanwhile
	}
	if r.rendered.id == msg.id && r.rendered.width == msg.width && r.rendered.style == msg.style && r.rendered.text == r.article.Markdown {
		r.pendingOffset = r.vp.YOffset() // the whole after its head: stay where the reader is
	}
	r.vp.SetContent(msg.content)
	r.rendered.id, r.rendered.width, r.rendered.style, r.rendered.text = msg.id, msg.width, msg.style, r.article.Markdown
	r.vp.SetYOffset(r.pendingOffset)
	if msg.partial {
		return renderWhole(m.render, r.article, msg.width, msg.style)
	}
	return nil
}

// layoutReader sizes the viewport and renders the article when the width,
// style or text changed.
func (m *Model) layoutReader() tea.Cmd {
	_, readerW := m.paneWidths()
	m.reader.vp.SetWidth(readerW)
	m.reader.vp.SetHeight(m.bodyHeight())
	w := m.readingWidth()
	if !m.reader.needsRender(w, m.glamourStyle) {
		return nil
	}
	if m.reader.rendered.id == m.reader.article.ID {
		m.reader.pendingOffset = m.reader.vp.YOffset()
	}
	return renderArticle(m.render, m.reader.article, w, m.glamourStyle)
}

// LOADS

func (m *Model) reloadFeeds() tea.Cmd {
	m.feedsAsked++
	return loadFeeds(m.lib, m.feedsAsked)
}

func (m *Model) reloadArticles(src source) tea.Cmd {
	m.articlesAsked++
	return loadArticles(m.lib, src, m.articlesAsked)
}

// reloadEvery bounds how often a refresh reloads the lists: with 1,000 feeds
// a reload per finished feed cost more than the refresh itself.
const reloadEvery = 250 * time.Millisecond

type reloadTickMsg struct{}

// reloadSoon asks for the lists to be reloaded at the next tick.
func (m *Model) reloadSoon(articles bool) tea.Cmd {
	m.reloadFeedsDue = true
	m.reloadArticlesDue = m.reloadArticlesDue || articles
	if m.reloadTicking {
		return nil
	}
	m.reloadTicking = true
	return tea.Tick(reloadEvery, func(time.Time) tea.Msg { return reloadTickMsg{} })
}

func (m *Model) reloadTick() tea.Cmd {
	m.reloadTicking = false
	var cmds []tea.Cmd
	if m.reloadFeedsDue {
		cmds = append(cmds, m.reloadFeeds())
	}
	if m.reloadArticlesDue && m.screen != feedsScreen {
		cmds = append(cmds, m.reloadArticles(m.articles.src))
	}
	m.reloadFeedsDue, m.reloadArticlesDue = false, false
	return tea.Batch(cmds...)
}

// REFRESH

func (m *Model) startRefresh(ids []int64, note string) tea.Cmd {
	if m.refreshing {
		return m.setStatus("A refresh is already running.", false)
	}
	m.refreshing = true
	m.refreshDone, m.refreshTotal = 0, 0
	m.refreshCh = make(chan tea.Msg, 16)
	// R on one feed is explicit; R on all, and auto refresh, are polite.
	opts := library.RefreshOptions{IDs: ids, Explicit: len(ids) > 0}
	if !opts.Explicit {
		opts.MinInterval = m.opts.MinInterval
	}
	cmds := []tea.Cmd{refreshRun(m.ctx, m.lib, opts, m.refreshCh), m.spin.Tick}
	if note != "" {
		cmds = append(cmds, m.setStatus(note, false))
	}
	return tea.Batch(cmds...)
}

func (m *Model) refreshEvent(ev library.Event) tea.Cmd {
	m.refreshDone, m.refreshTotal = ev.Done, ev.Total
	cmds := []tea.Cmd{waitRefresh(m.refreshCh)}
	if ev.Kind == library.FeedUpdated && ev.New+ev.Updated > 0 || ev.Kind == library.FeedFailed {
		cmds = append(cmds, m.reloadSoon(m.screen != feedsScreen && m.articles.src.includes(ev.Feed.ID)))
	}
	return tea.Batch(cmds...)
}

func (m *Model) refreshFinished(msg refreshDoneMsg) tea.Cmd {
	m.refreshing = false
	m.reloadFeedsDue, m.reloadArticlesDue = false, false // the loads below are the last word
	cmds := []tea.Cmd{m.reloadFeeds(), updateIndex(m.lib)}
	if m.screen != feedsScreen {
		cmds = append(cmds, m.reloadArticles(m.articles.src))
	}
	s := msg.sum
	text := fmt.Sprintf("Refreshed %d feeds: %d new articles", s.Feeds-s.Skipped, s.New)
	if s.Failed > 0 {
		text += fmt.Sprintf(", %d failed (e on a feed shows why)", s.Failed)
	}
	if s.Skipped > 0 {
		text += fmt.Sprintf("; %d not fetched again so soon", s.Skipped)
	}
	if msg.err != nil {
		text = "Refresh stopped: " + msg.err.Error()
	}
	cmds = append(cmds, m.setStatus(text, s.Failed > 0 || msg.err != nil))
	return tea.Batch(cmds...)
}

// PROMPT

func (m *Model) openPrompt(kind promptKind, label, value string) tea.Cmd {
	m.promptKind = kind
	m.prompt.Reset()
	m.prompt.Prompt = label
	m.prompt.SetValue(value)
	m.prompt.CursorEnd()
	m.prompt.SetWidth(max(m.width-len(label)-2, 10))
	return m.prompt.Focus()
}

func (m *Model) currentFilter() string { return m.articles.filter }

func (m *Model) setFilter(f string) {
	m.articles.filter = f
	m.articles.fixCursor()
}

func (m *Model) handlePromptKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		if m.promptKind == promptFilter {
			m.setFilter("")
		}
		m.promptKind = promptNone
		m.prompt.Blur()
		return nil
	case "enter":
		kind, value := m.promptKind, strings.TrimSpace(m.prompt.Value())
		m.promptKind = promptNone
		m.prompt.Blur()
		switch {
		case kind == promptAdd && value != "":
			return tea.Batch(addFeed(m.lib, value), m.setStatus("Adding "+value+"…", false))
		case kind == promptSearch && value != "":
			return m.openList(source{kind: sourceSearch, title: "Search: " + value, query: value})
		case kind == promptTags:
			b := m.promptFor
			return saveNote(m.lib, b.ArticleID, b.Note, library.ParseTags(value))
		}
		return nil
	}
	var cmd tea.Cmd
	m.prompt, cmd = m.prompt.Update(msg)
	if m.promptKind == promptFilter {
		m.setFilter(m.prompt.Value())
	}
	return cmd
}

// MOUSE

func (m *Model) handleWheel(msg tea.MouseWheelMsg) tea.Cmd {
	step := -1
	if msg.Button == tea.MouseWheelDown {
		step = 1
	}
	listW, _ := m.paneWidths()
	switch {
	case m.screen == readerScreen && (!m.wide() || msg.X > listW):
		if step > 0 {
			m.reader.vp.ScrollDown(3)
		} else {
			m.reader.vp.ScrollUp(3)
		}
	case m.screen == feedsScreen:
		m.feeds.move(step)
	default:
		m.articles.move(step)
	}
	return nil
}

// STATUS AND QUIT

func (m *Model) setStatus(text string, isErr bool) tea.Cmd {
	m.statusID++
	m.status, m.statusErr = library.Message(text), isErr
	d := 4 * time.Second
	switch {
	case m.opts.StatusFor > 0:
		d = m.opts.StatusFor
	case isErr:
		d = 10 * time.Second
	}
	return clearStatusAfter(m.statusID, d)
}

func (m *Model) quit() tea.Cmd {
	m.rememberOffset()
	m.cancel()
	st := library.UIState{HideRead: m.articles.hideRead, Offsets: recentOffsets(m.offsets, m.reader.article.ID)}
	if m.screen != feedsScreen {
		st.Feed = m.articles.src.key()
	}
	if m.screen == readerScreen && m.reader.has {
		st.Article = m.reader.article.ID
	}
	w := m.watcher
	m.watcher = nil
	return tea.Sequence(saveState(m.lib, st, w), tea.Quit)
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

// VIEW

func (m *Model) wide() bool { return m.width >= splitWidth }

func (m *Model) bodyHeight() int { return max(m.height-3, 1) }

// paneWidths is the list width and the reader width; in one pane both are the window.
func (m *Model) paneWidths() (list, reader int) {
	if !m.wide() {
		return m.width, m.width
	}
	list = clamp(m.width*2/5, 44, 64)
	return list, m.width - list - 1
}

func (m *Model) readingWidth() int {
	_, w := m.paneWidths()
	return ReadingWidth(w, m.lib.Config().MaxWidth)
}

// View draws the header, the screen (or two panes), the status line and help.
func (m *Model) View() tea.View {
	v := tea.NewView(m.content())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "kolom"
	if m.promptKind != promptNone {
		if c := m.prompt.Cursor(); c != nil {
			c.Y += m.height - 1
			v.Cursor = c
		}
	} else if m.editor.active {
		if c := m.editor.area.Cursor(); c != nil {
			c.X += 2
			c.Y += 1 + 1 + 2 + 1 // header, padding, title and blank line
			if len(m.editor.b.Tags) > 0 {
				c.Y++
			}
			v.Cursor = c
		}
	}
	return v
}

func (m *Model) content() string {
	h := m.bodyHeight()
	fill := lipgloss.NewStyle().Height(h).MaxHeight(h)
	var body string
	switch {
	case m.showHelp:
		body = fill.Render(helpView(m.st, m.keys, m.width, h))
	case m.editor.active:
		body = fill.Render(m.editor.view(m.st, m.width, h))
	case m.overlay != "":
		body = fill.Render(lipgloss.NewStyle().Padding(1, 2).Width(m.width).Render(m.overlay + "\n\n" + m.st.dim.Render("esc closes this")))
	case m.wide():
		listW, readerW := m.paneWidths()
		pane := m.st.pane
		if m.screen != readerScreen {
			pane = m.st.paneFocus
		}
		left := pane.Width(listW + 1).Height(h).MaxHeight(h).Render(m.listView(listW, h))
		body = lipgloss.JoinHorizontal(lipgloss.Top, left, m.readerPane(readerW, h))
	case m.screen == readerScreen:
		body = m.readerPane(m.width, h)
	default:
		body = fill.Render(m.listView(m.width, h))
	}
	return lipgloss.JoinVertical(lipgloss.Left, m.headerView(), body, m.statusView(), m.bottomView())
}

// readerPane is the reader at exactly width × height: the viewport already
// pads its lines, so only the empty states need sizing.
func (m *Model) readerPane(width, height int) string {
	if m.reader.has {
		return m.reader.vp.View()
	}
	return lipgloss.NewStyle().Width(width).Height(height).MaxHeight(height).Render(m.reader.view(m.st, width, height))
}

func (m *Model) listView(width, height int) string {
	if m.screen == feedsScreen {
		return m.feeds.view(m.st, width, height)
	}
	return m.articles.view(m.st, width, height, m.opts.Now())
}

func (m *Model) headerView() string {
	crumbs := []string{"Feeds"}
	if m.screen != feedsScreen {
		crumbs = append(crumbs, m.articles.src.title)
	}
	if m.screen == readerScreen && m.reader.has {
		crumbs = append(crumbs, m.reader.article.Title)
	}
	title := m.st.title.Render(" kolom ")
	line := title + m.st.crumb.Render(strings.Join(crumbs, " › "))
	return clipText(line, m.width)
}

func (m *Model) statusView() string {
	left := ""
	switch {
	case m.refreshing:
		n := fmt.Sprintf("%d/%d feeds", m.refreshDone, m.refreshTotal)
		pct := 0.0
		if m.refreshTotal > 0 {
			pct = float64(m.refreshDone) / float64(m.refreshTotal)
		}
		left = " " + m.spin.View() + " Refreshing " + m.bar.ViewAs(pct) + " " + n
		if m.status != "" {
			left += "  " + m.status
		}
	case m.status != "":
		style := m.st.status
		if m.statusErr {
			style = m.st.errorText
		}
		left = style.Render(" " + m.status)
	}
	right := ""
	if m.screen == readerScreen {
		right = m.reader.percent() + " "
	} else if m.screen == articlesScreen && m.articles.loaded {
		right = fmt.Sprintf("%d/%d ", m.articles.position(), len(m.articles.visibleIdx()))
	}
	gap := m.width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return clipText(left, m.width-lipgloss.Width(right)-1) + " " + right
	}
	return left + strings.Repeat(" ", gap) + right
}

func (m *Model) bottomView() string {
	if m.promptKind != promptNone {
		return m.prompt.View()
	}
	return helpLine(m.st, m.keys.shortHelp(m.screen), m.width)
}

// FirstFrame builds the reader over lib and returns its first full screen at
// width × height, without a terminal: what the harness times as "first
// frame", and a way to see the reader from a script.
func FirstFrame(lib *library.Library, width, height int) (string, error) {
	m := New(lib, Options{})
	defer m.cancel()
	if m.watcher != nil {
		defer m.watcher.Close()
	}
	m.Update(tea.WindowSizeMsg{Width: width, Height: height})
	msg := loadFeeds(lib, 0)()
	if fl, ok := msg.(feedsLoadedMsg); ok && fl.err != nil {
		return "", fl.err
	}
	m.Update(msg)
	return m.View().Content, nil
}
