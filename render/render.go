// Package render turns an article's
// Markdown into styled terminal text with glamour, cached per article, width
// and style.
package render

import (
	"container/list"
	"fmt"
	"hash/fnv"
	"os"
	"strconv"
	"sync"

	"charm.land/glamour/v2"
	glamourstyles "charm.land/glamour/v2/styles"
	"github.com/kolom/kolom/lang"
)

// Glamour styles kolom uses.
const (
	StyleDark  = glamourstyles.DarkStyle
	StyleLight = glamourstyles.LightStyle
	StyleNoTTY = glamourstyles.NoTTYStyle
)

// ResolveStyle turns a setting (auto, dark, light, notty) into a glamour
// style. NO_COLOR always wins; auto asks darkBackground, which is only
// called when needed (querying the terminal takes a round trip).
func ResolveStyle(setting string, darkBackground func() bool) (string, error) {
	if os.Getenv("NO_COLOR") != "" {
		return StyleNoTTY, nil
	}
	switch setting {
	case "", "auto":
		if darkBackground == nil || darkBackground() {
			return StyleDark, nil
		}
		return StyleLight, nil
	case StyleDark, StyleLight, StyleNoTTY:
		return setting, nil
	}
	return "", lang.E("render.style", "Value", strconv.Quote(setting))
}

// ReadingWidth is the wrap width for a window: the window less a margin,
// capped by maxWidth for comfort, and never below 20.
func ReadingWidth(window, maxWidth int) int {
	w := window - 2
	if maxWidth > 0 && w > maxWidth {
		w = maxWidth
	}
	return max(w, 20)
}

// documentMargin is the margin glamour's styles keep on either side.
const documentMargin = 2

type renderKey struct {
	article int64
	width   int
	style   string
	text    uint64 // the Markdown itself may change (full text fetched)
}

// Renderer renders Markdown with glamour and keeps the most recent results.
// It is safe for concurrent use.
type Renderer struct {
	mu        sync.Mutex
	capacity  int
	entries   map[renderKey]*list.Element
	order     *list.List // front: most recently used
	renderers map[[2]any]*glamour.TermRenderer
}

type renderEntry struct {
	key renderKey
	out string
}

// New keeps up to capacity rendered articles.
func New(capacity int) *Renderer {
	return &Renderer{
		capacity:  max(capacity, 1),
		entries:   map[renderKey]*list.Element{},
		order:     list.New(),
		renderers: map[[2]any]*glamour.TermRenderer{},
	}
}

// Render returns markdown rendered at width in style, from the cache when the
// same article, text, width and style were rendered before.
func (r *Renderer) Render(articleID int64, markdown string, width int, style string) (string, error) {
	key := cacheKey(articleID, markdown, width, style)
	r.mu.Lock()
	defer r.mu.Unlock()
	if out, ok := r.cached(key); ok {
		return out, nil
	}
	tr, err := r.termRenderer(width, style)
	if err != nil {
		return "", err
	}
	chunks := splitMarkdown(markdown)
	outs := make([]string, len(chunks))
	for i, c := range chunks {
		if outs[i], err = tr.Render(c.text); err != nil {
			return "", fmt.Errorf("render article %d: %w", articleID, err)
		}
	}
	out := outs[0]
	if len(chunks) > 1 {
		out = joinRendered(chunks, outs)
	}
	out = hangLists(out, width, documentMargin)
	r.entries[key] = r.order.PushFront(&renderEntry{key, out})
	for r.order.Len() > r.capacity {
		last := r.order.Back()
		r.order.Remove(last)
		delete(r.entries, last.Value.(*renderEntry).key)
	}
	return out, nil
}

// RenderHead renders the first part of a long document, for a reader that
// shows it at once and the whole when Render is done. complete is true when
// out is the whole document (short, or rendered before).
func (r *Renderer) RenderHead(articleID int64, markdown string, width int, style string) (out string, complete bool, err error) {
	chunks := splitMarkdown(markdown)
	if len(chunks) == 1 {
		out, err = r.Render(articleID, markdown, width, style)
		return out, true, err
	}
	key := cacheKey(articleID, markdown, width, style)
	r.mu.Lock()
	defer r.mu.Unlock()
	if out, ok := r.cached(key); ok {
		return out, true, nil
	}
	tr, err := r.termRenderer(width, style)
	if err != nil {
		return "", false, err
	}
	if out, err = tr.Render(chunks[0].text); err != nil {
		return "", false, fmt.Errorf("render article %d: %w", articleID, err)
	}
	return hangLists(out, width, documentMargin), false, nil
}

func cacheKey(articleID int64, markdown string, width int, style string) renderKey {
	h := fnv.New64a()
	h.Write([]byte(markdown))
	return renderKey{articleID, width, style, h.Sum64()}
}

// cached is a rendering kept from before, now the most recently used; r.mu
// is held.
func (r *Renderer) cached(key renderKey) (string, bool) {
	el, ok := r.entries[key]
	if !ok {
		return "", false
	}
	r.order.MoveToFront(el)
	return el.Value.(*renderEntry).out, true
}

// termRenderer reuses one glamour renderer per width and style: building one
// parses a style sheet.
func (r *Renderer) termRenderer(width int, style string) (*glamour.TermRenderer, error) {
	k := [2]any{width, style}
	if tr, ok := r.renderers[k]; ok {
		return tr, nil
	}
	tr, err := glamour.NewTermRenderer(glamour.WithStyles(kolomStyle(style, width)), glamour.WithWordWrap(width))
	if err != nil {
		return nil, fmt.Errorf("glamour style %q: %w", style, err)
	}
	if len(r.renderers) > 16 { // widths change on resize; keep a few
		clear(r.renderers)
	}
	r.renderers[k] = tr
	return tr, nil
}
