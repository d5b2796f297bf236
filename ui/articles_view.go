package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/kolom/kolom/library"

	"github.com/kolom/kolom/lang"
)

// View draws the rows in the window (never the whole list: a library of
// 50,000 articles drawn whole cost every frame), or why there are none.
func (a *articlesScreen) View(width, height int) string {
	st := a.c.st
	if !a.loaded {
		return st.dim.Render(lang.T("status.loading"))
	}
	vis := a.visibleIdx()
	if len(vis) == 0 {
		// Wrapped to the pane, never cut mid-sentence.
		lines := strings.Split(st.dim.Render(lipgloss.NewStyle().Width(width).Render(a.emptyText())), "\n")
		return strings.Join(window(lines, 0, height), "\n")
	}
	cols := listColumns(width)
	now := a.c.opts.Now()
	var lines []string
	for _, i := range window(vis, a.offset, height) {
		lines = append(lines, a.row(a.items[i], i == a.cursor, cols, now))
	}
	return strings.Join(lines, "\n")
}

func (a *articlesScreen) emptyText() string {
	switch {
	case a.filter != "":
		return "  " + lang.T("empty.filter", "Filter", fmt.Sprintf("%q", a.filter))
	case a.src.Kind == SourceBookmarks:
		return "  " + lang.T("empty.bookmarks")
	case a.src.Kind == SourceSearch:
		return "  " + lang.T("empty.search")
	case a.src.Kind == SourceColumnist:
		return "  " + lang.T("empty.columnist", "Name", a.src.Query)
	case a.src.Kind == SourceUnread || a.c.hideRead && len(a.items) > 0:
		return "  " + lang.T("empty.all_read")
	case a.src.LastError != "":
		return "  " + lang.T("empty.failed", "Error", library.ShortError(a.src.LastError))
	}
	return "  " + lang.T("empty.feed")
}

// columns are the widths of a list row's parts; each part is padded or cut
// to its width and set off by a space, so clipped text never runs into the
// next column.
type columns struct{ title, meta, date, mins int }

func listColumns(width int) columns {
	c := columns{date: 8}
	if width >= 70 {
		c.mins = 6
	}
	if width >= 40 {
		c.meta = min(22, width/4)
	}
	fixed := 4 + 1 + c.date // dot, mark and their spaces; the date and its space
	if c.meta > 0 {
		fixed += c.meta + 1
	}
	if c.mins > 0 {
		fixed += c.mins + 1
	}
	c.title = max(width-fixed, 8)
	return c
}

func (a *articlesScreen) row(it library.Entry, selected bool, c columns, now time.Time) string {
	st := a.c.st
	f := a.c.flags.of(it)
	dot, mark := " ", " "
	if !f.read {
		dot = "•"
	}
	if f.bookmarked {
		mark = "★"
	}
	var b strings.Builder
	b.WriteString(dot + " " + mark + " " + padRight(it.Title, c.title))
	if c.meta > 0 {
		b.WriteString(" " + padRight(a.meta(it), c.meta))
	}
	b.WriteString(" " + padLeft(lang.Compact(it.Published, now), c.date))
	if c.mins > 0 {
		b.WriteString(" " + padLeft(readingMinutes(it.Words), c.mins))
	}
	style := st.dim
	switch {
	case selected:
		style = st.selected
	case !f.read:
		style = st.unread
	}
	line := style.Render(b.String())
	if f.bookmarked && !selected {
		// The star in its own colour, the rest as the row.
		line = style.Render(dot+" ") + st.bookmark.Render("★") + style.Render(strings.TrimPrefix(b.String(), dot+" ★"))
	}
	return line
}

// meta is the third column: where the article is from, or why it is here.
func (a *articlesScreen) meta(it library.Entry) string {
	switch a.src.Kind {
	case SourceSearch:
		if s := strings.NewReplacer("[", "", "]", "").Replace(a.snippets[it.ID]); s != "" {
			return s
		}
		return it.FeedTitle
	case SourceBookmarks:
		if tags := a.tags[it.ID]; len(tags) > 0 {
			return "#" + strings.Join(tags, " #")
		}
		return it.FeedTitle
	case SourceUnread, SourceColumnist:
		return it.FeedTitle // a columnist's list: from which site
	}
	if it.Author != "" {
		return it.Author
	}
	return it.FeedTitle
}
