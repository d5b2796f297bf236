package ui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

// promptModal is the one-line input at the bottom: a feed to add, a filter
// (applied as it is typed), a search, a bookmark's tags.
type promptModal struct {
	kind     promptKind
	input    textinput.Model
	bookmark library.Bookmark // promptTags
	flags    flags            // promptTags: the article's
	owner    int              // promptFilter: the list being filtered
	feed     library.Feed     // promptRename, promptMove
}

func newPrompt(msg openPromptMsg, owner, width int) (*promptModal, tea.Cmd) {
	p := &promptModal{kind: msg.kind, input: textinput.New(), bookmark: msg.bookmark, flags: msg.flags, owner: owner, feed: msg.feed}
	p.input.SetVirtualCursor(false) // the terminal's own cursor (View places it)
	p.input.Prompt = msg.label
	p.input.SetValue(msg.value)
	p.input.CursorEnd()
	p.input.SetWidth(max(width-lipgloss.Width(msg.label)-2, 10))
	return p, p.input.Focus()
}

// update edits the input; done says enter or esc closed it (ok: enter).
func (p *promptModal) update(msg tea.Msg) (done, ok bool, cmd tea.Cmd) {
	if k, isKey := msg.(tea.KeyPressMsg); isKey {
		switch k.String() {
		case "esc":
			return true, false, nil
		case "enter":
			return true, true, nil
		}
	}
	p.input, cmd = p.input.Update(msg)
	return false, false, cmd
}

func (p *promptModal) value() string { return strings.TrimSpace(p.input.Value()) }

// hint is the bottom line's help while the prompt is open.
func (p *promptModal) hint() string {
	switch p.kind {
	case promptFilter:
		return lang.T("hint.filter")
	case promptSearch:
		return lang.T("hint.search")
	case promptTags:
		return lang.T("hint.tags")
	case promptRename:
		return lang.T("hint.rename")
	case promptMove:
		return lang.T("hint.move")
	}
	return lang.T("hint.add")
}

// overlayModal shows a long text (a feed's whole error) until closed.
type overlayModal struct {
	title, text string
	offset      int
}

func (o *overlayModal) lines(width int) []string {
	return strings.Split(lipgloss.NewStyle().Width(max(width-4, 20)).Render(o.text), "\n")
}

func (o *overlayModal) view(st styles, width, height int) string {
	lines := o.lines(width)
	body := window(lines, clamp(o.offset, 0, max(len(lines)-(height-3), 0)), height-3)
	return lipgloss.NewStyle().Padding(1, 2, 0).Render(st.title.Render(clipText(o.title, width-4)) + "\n\n" + strings.Join(body, "\n"))
}
