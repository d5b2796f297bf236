package render

import (
	"regexp"
	"strings"
	"testing"

	"github.com/kolom/kolom/article"
)

// allowedEscape is what glamour itself may emit: SGR styling and OSC 8 links.
var allowedEscape = regexp.MustCompile(`\x1b\[[0-9;:]*m|\x1b\]8;[^\x1b\x07]*(\x1b\\|\x07)`)

func TestRenderEmitsOnlyStyling(t *testing.T) {
	hostile := "<h2>Kop \x1b]0;titel\x07</h2><p>Tekst &#27;[2J en \x1b]52;c;ZWNobw==\x07 en &#155;31m en \u202eomgekeerd</p>" +
		`<p><a href="https://x.nl/a">link &#x1b;[5m</a></p><pre><code>code ` + "\x1b[31m" + `</code></pre>`
	md, err := article.FromHTML(hostile, "https://x.nl/")
	if err != nil {
		t.Fatal(err)
	}
	r := New(4)
	for _, style := range []string{StyleDark, StyleLight, StyleNoTTY} {
		out, err := r.Render(1, md, 60, style)
		if err != nil {
			t.Fatal(err)
		}
		rest := allowedEscape.ReplaceAllString(out, "")
		for _, c := range rest {
			if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 && c <= 0x9f || c == 0x202e {
				t.Fatalf("%s: %U reached the terminal: %q", style, c, out)
			}
		}
		if !strings.Contains(rest, "Tekst") || !strings.Contains(rest, "link") {
			t.Errorf("%s: text lost: %q", style, rest)
		}
	}
}

func TestRenderCachesPerWidthAndStyle(t *testing.T) {
	md := strings.Repeat("Een lange zin over klantbeleving die over meerdere regels loopt. ", 20)
	r := New(2)
	narrow, _ := r.Render(7, md, 40, StyleNoTTY)
	wide, _ := r.Render(7, md, 100, StyleNoTTY)
	if narrow == wide {
		t.Fatal("width did not reflow the text")
	}
	for _, line := range strings.Split(narrow, "\n") {
		if w := len([]rune(line)); w > 40 {
			t.Errorf("line of %d columns at width 40: %q", w, line)
		}
	}
	if r.order.Len() != 2 {
		t.Errorf("cache holds %d", r.order.Len())
	}
	again, _ := r.Render(7, md, 40, StyleNoTTY)
	if again != narrow {
		t.Error("cached render differs")
	}
	r.Render(8, md, 40, StyleNoTTY) // evicts the least recently used (width 100)
	for k := range r.entries {
		if k.width == 100 {
			t.Error("least recently used entry not evicted")
		}
	}
	// New text for the same article (full text fetched) is rendered anew.
	changed, _ := r.Render(7, md+" Afsluiter.", 40, StyleNoTTY)
	if !strings.Contains(changed, "Afsluiter.") {
		t.Error("changed Markdown served from the cache")
	}
}

func TestResolveStyleAndWidth(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	dark := func() bool { return true }
	light := func() bool { return false }
	for _, tc := range []struct {
		setting string
		bg      func() bool
		want    string
	}{{"auto", dark, StyleDark}, {"auto", light, StyleLight}, {"", light, StyleLight}, {"dark", light, StyleDark}, {"notty", dark, StyleNoTTY}} {
		if got, err := ResolveStyle(tc.setting, tc.bg); err != nil || got != tc.want {
			t.Errorf("ResolveStyle(%q) = %q, %v", tc.setting, got, err)
		}
	}
	if _, err := ResolveStyle("paars", dark); err == nil {
		t.Error("bad style accepted")
	}
	t.Setenv("NO_COLOR", "1")
	if got, _ := ResolveStyle("dark", dark); got != StyleNoTTY {
		t.Errorf("NO_COLOR gave %q", got)
	}
	if w := ReadingWidth(160, 100); w != 100 {
		t.Errorf("ReadingWidth(160, 100) = %d", w)
	}
	if w := ReadingWidth(80, 100); w != 78 {
		t.Errorf("ReadingWidth(80, 100) = %d", w)
	}
	if w := ReadingWidth(10, 100); w != 20 {
		t.Errorf("ReadingWidth(10, 100) = %d", w)
	}
}
