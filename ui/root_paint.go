package ui

import (
	"image"
	"maps"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/kolom/kolom/render"
)

// Sixel and iTerm2 pictures are drawn over the text, not in it: the frame
// keeps their place (render.OverlayPlace), and once it has been on the
// screen a moment unchanged the root draws what of each picture the frame
// shows. When the frame changes (a scroll, another article, an overlay),
// the rows a picture was drawn on are written again from the new frame —
// erasing the picture — and the new places are drawn once that frame
// settles. The renderer never knows: the cursor and pen are saved and
// restored around each picture, and what is written is the frame it drew.

// requestCellSize asks the terminal a cell's size in pixels (XTWINOPS 16;
// xterm answers none by default, but tells the kernel: see askCellSize).
const requestCellSize = "\x1b[16t"

// cellSizeMsg is a cell's size in pixels, as the kernel has it.
type cellSizeMsg struct{ w, h int }

// askCellSize reads a cell's size where pictures may be drawn in pixels
// (after a resize: a font change changes it too).
func (m *Model) askCellSize() tea.Cmd {
	probe := m.c.opts.CellPixels
	if probe == nil || m.c.pictureMode == "" || m.c.pictureMode == "kitty" {
		return nil
	}
	return func() tea.Msg {
		if w, h := probe(); w > 0 && h > 0 {
			return cellSizeMsg{w, h}
		}
		return nil
	}
}

// cellSize takes a cell's size in; pictures drawn in pixels are drawn again.
func (m *Model) cellSize(w, h int) tea.Cmd {
	if w <= 0 || h <= 0 || w == m.c.cellW && h == m.c.cellH {
		return nil
	}
	m.c.cellW, m.c.cellH = w, h
	if overlaid(m.c.pictureMode) {
		return m.broadcast(pictureModeMsg{})
	}
	return nil
}

// paintSettle is how long a frame stays unchanged before pictures are
// drawn over it: a scroll held down redraws once, at its end.
const paintSettle = 60 * time.Millisecond

// paintDueMsg says a frame may have settled; gen is which.
type paintDueMsg struct{ gen int }

// paintMsg brings what draws the frame of gen: its rows pictures
// left written again, and the pictures.
type paintMsg struct {
	gen     int
	frame   string
	seq     string
	rows    []int               // the screen rows it writes on
	encoded map[paintKey]string // pictures encoded for it, for the cache
}

// paintState is what the root knows about pictures drawn over the frame.
type paintState struct {
	gen   int
	frame string // the frame last seen
	drawn []int  // screen rows written over the frame: pictures, repaints
	dirty []int  // rows written over an earlier frame, to write again
	cache map[paintKey]string
}

// saysByVersion is the way of drawing pictures a terminal's XTVERSION
// answer says it has ("" for none kolom knows).
func saysByVersion(name string) string {
	v := strings.ToLower(name)
	switch {
	case render.PlacesKittyPictures(name):
		return "kitty"
	case strings.HasPrefix(v, "iterm2") || strings.HasPrefix(v, "wezterm"):
		return "iterm2"
	}
	return ""
}

// terminalSaid takes what the terminal said it draws; pictures shown
// already are drawn again that way.
func (m *Model) terminalSaid(said string) tea.Cmd {
	if said == "" || said == m.c.said || m.c.said == "kitty" {
		return nil
	}
	m.c.said = said
	m.applyTheme()
	return m.broadcast(pictureModeMsg{})
}

// followFrame is the root's part after every message: when the frame
// changes, the rows written over the last one are due to be written again;
// once the new frame has settled they are, and the pictures it shows are
// encoded (in a command, off the update) and drawn if the frame is still
// the same.
func (m *Model) followFrame(msg tea.Msg) tea.Cmd {
	if !overlaid(m.c.pictureMode) {
		return nil
	}
	switch msg := msg.(type) {
	case paintDueMsg:
		if msg.gen != m.paint.gen {
			return nil
		}
		return m.paintCmd(msg.gen, m.paint.frame, slices.Clone(m.paint.dirty))
	case paintMsg:
		if len(m.paint.cache)+len(msg.encoded) > paintCache {
			m.paint.cache = nil
		}
		if m.paint.cache == nil {
			m.paint.cache = map[paintKey]string{}
		}
		maps.Copy(m.paint.cache, msg.encoded)
		if msg.gen != m.paint.gen || msg.frame != m.paint.frame {
			return nil // the frame moved on: its own due comes
		}
		m.paint.drawn, m.paint.dirty = msg.rows, nil
		return tea.Raw(msg.seq)
	case tea.RawMsg:
		return nil
	}
	frame := m.content()
	if frame == m.paint.frame {
		return nil
	}
	if len(m.paint.dirty) == 0 && sameRows(m.paint.frame, frame, m.paint.drawn) {
		// A change elsewhere (the status line, a spinner): the renderer
		// leaves the pictures' rows alone, and so do they.
		m.paint.frame = frame
		return nil
	}
	m.paint.frame = frame
	m.paint.gen++
	m.paint.dirty = append(m.paint.dirty, m.paint.drawn...)
	m.paint.drawn = nil
	if render.HasOverlay(frame) || len(m.paint.dirty) > 0 {
		return m.c.after(paintSettle, paintDueMsg{m.paint.gen})
	}
	return nil
}

// sameRows reports whether two frames have the same text on the rows given
// (and any at all).
func sameRows(a, b string, rows []int) bool {
	if len(rows) == 0 {
		return false
	}
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for _, y := range rows {
		if y >= len(la) || y >= len(lb) || la[y] != lb[y] {
			return false
		}
	}
	return true
}

// paintCmd is the command that writes the dirty rows of frame again and
// draws each picture the frame shows, as far as it shows it. Encoding takes
// a while (a sixel photo ~0.2 s), so a picture drawn before in the same
// cut is taken from the cache.
func (m *Model) paintCmd(gen int, frame string, dirty []int) tea.Cmd {
	r := m.visibleReader()
	type job struct {
		p       render.Placement
		k       heldPicture
		img     image.Image
		key     paintKey
		picture string // from the cache, if drawn so before
	}
	var jobs []job
	cw, ch := m.c.cellSize()
	if r != nil {
		for _, p := range render.Locate(frame) {
			if k, img, ok := r.heldByID(p.ID); ok {
				key := paintKey{r.art.ID, p.ID, p.First, p.Rows, k.cols, k.rows, cw, ch}
				jobs = append(jobs, job{p, k, img, key, m.paint.cache[key]})
			}
		}
	}
	if len(jobs) == 0 && len(dirty) == 0 {
		return nil
	}
	mode := m.c.pictureMode
	return func() tea.Msg {
		slices.Sort(dirty)
		dirty = slices.Compact(dirty)
		msg := paintMsg{gen: gen, frame: frame, rows: dirty, encoded: map[paintKey]string{}}
		var b strings.Builder
		b.WriteString(render.Repaint(frame, dirty))
		for _, j := range jobs {
			if j.picture == "" {
				if mode == "sixel" {
					j.picture = render.SixelImage(j.img, j.k.cols, j.k.rows, cw, ch, j.p.First, j.p.Rows)
				} else {
					j.picture = render.ITerm2Image(j.img, j.k.cols, j.k.rows, j.p.First, j.p.Rows)
				}
				msg.encoded[j.key] = j.picture
			}
			b.WriteString(render.DrawAt(j.p, j.picture))
			for y := j.p.Y; y < j.p.Y+j.p.Rows; y++ {
				msg.rows = append(msg.rows, y)
			}
		}
		msg.seq = b.String()
		return msg
	}
}

// paintKey names a picture encoded for one cut and cell size.
type paintKey struct {
	article                                int64
	id, first, rows, cols, allRows, cw, ch int
}

// paintCache bounds the encoded pictures kept (a few articles' worth).
const paintCache = 32

// visibleReader is the reader on the screen, if one is.
func (m *Model) visibleReader() *readerScreen {
	if r, ok := m.top().(*readerScreen); ok {
		return r
	}
	if m.wide() {
		return m.aside
	}
	return nil
}
