package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/kitty"
)

// A column with a chart reads with the chart drawn above its caption; a
// picture that is not one (an SVG) keeps only its caption; images = "off"
// fetches nothing.
func TestPicturesInTheReader(t *testing.T) {
	for _, v := range []string{"TMUX", "KITTY_WINDOW_ID", "TERM", "TERM_PROGRAM"} {
		t.Setenv(v, "") // a plain terminal, whatever runs the test
	}
	for _, setting := range []string{"auto", "kitty", "off"} {
		l := newFakeLib()
		l.cfg.Images = setting
		id := l.column("Marketingfacts", "Annemiek", 1)
		aid := id*100 + 1
		l.text[aid] = "Uit ons onderzoek onder marketeers.\n\n![Grafiek: budgetten 2026](https://x.test/grafiek.png)\n\n" +
			"En dan het logo.\n\n![Logo](https://x.test/logo.svg)\n\n" + strings.Repeat("Klanten verwachten dat merken hun beloftes waarmaken. ", 20)
		r := newRig(t, l, 80, 40)
		r.openRow("Marketingfacts")
		r.keys("enter")
		view := ansi.Strip(r.reader().vp.GetContent())
		lines := strings.Split(view, "\n")
		caption := -1
		for i, s := range lines {
			if strings.Contains(s, "Grafiek: budgetten 2026") {
				caption = i
			}
		}
		if caption < 0 {
			t.Fatalf("%s: the caption is gone:\n%s", setting, view)
		}
		mark := "▀" // half blocks, what auto is under a test's plain terminal
		if setting == "kitty" {
			mark = string(kitty.Placeholder)
		}
		drawn := caption > 0 && strings.Contains(lines[caption-1], mark)
		if setting == "off" {
			if drawn || l.pictureFetches != 0 {
				t.Errorf("off: drawn %v, %d fetches", drawn, l.pictureFetches)
			}
			continue
		}
		if !drawn {
			t.Errorf("%s: no picture above the caption:\n%s", setting, view)
		}
		if strings.Count(strings.Join(lines[caption+1:], "\n"), mark) != 0 {
			t.Errorf("%s: the SVG was drawn:\n%s", setting, view)
		}
		if k := r.reader().held; setting == "kitty" && (len(k) != 1 || k["https://x.test/grafiek.png"].id == 0) {
			t.Errorf("kitty: the terminal was sent %v", k)
		}
		// O opens the picture in view in the browser.
		r.keys("O")
		if len(r.opened) != 1 || r.opened[0] != "https://x.test/grafiek.png" {
			t.Errorf("%s: O opened %v", setting, r.opened)
		}
		// Scrolling is text: the picture moves with its caption.
		r.keys("space")
		if !strings.Contains(ansi.Strip(r.reader().View(80, 38)), "Klanten") {
			t.Errorf("after a page down:\n%s", r.view())
		}
	}
}

// auto picks the kitty protocol where the terminal's version says it places
// kitty pictures (said), half blocks elsewhere and inside tmux; off and
// notty draw nothing.
func TestPictureMode(t *testing.T) {
	tmux := map[string]string{"TMUX": "/tmp/tmux-0/default,1,0"}
	for _, c := range []struct {
		setting, style string
		env            map[string]string
		said           string
		want           string
	}{
		{"auto", "dark", nil, "kitty", "kitty"},
		{"auto", "dark", map[string]string{"TERM": "xterm-kitty"}, "", "blocks"}, // the name alone: maybe a kitty without placeholders
		{"auto", "dark", tmux, "kitty", "blocks"},
		{"auto", "dark", tmux, "sixel", "blocks"}, // tmux answers for itself
		{"auto", "light", nil, "", "blocks"},
		{"auto", "dark", nil, "sixel", "sixel"},
		{"auto", "dark", nil, "iterm2", "iterm2"},
		{"auto", "dark", map[string]string{"TERM_PROGRAM": "WezTerm"}, "", "iterm2"},
		{"auto", "dark", map[string]string{"TERM_PROGRAM": "iTerm.app"}, "", "iterm2"},
		{"kitty", "dark", nil, "", "kitty"},
		{"sixel", "dark", tmux, "", "sixel"}, // asked for: passthrough is the user's
		{"iterm2", "dark", nil, "", "iterm2"},
		{"blocks", "dark", nil, "kitty", "blocks"},
		{"off", "dark", nil, "kitty", ""},
		{"auto", "notty", nil, "kitty", ""},
	} {
		if got := PictureMode(c.setting, c.style, func(k string) string { return c.env[k] }, c.said); got != c.want {
			t.Errorf("%s %s %v %q: %q, want %q", c.setting, c.style, c.env, c.said, got, c.want)
		}
	}
}

// A terminal whose version places kitty pictures gets them, also for the
// article already open; an older kitty keeps half blocks.
func TestKittyVersionUpgradesThePictures(t *testing.T) {
	r := chartOpen(t, "Tekst.\n\n![Grafiek](https://x.test/grafiek.png)\n\n"+strings.Repeat("Meer tekst over klanten. ", 30))
	if c := r.reader().vp.GetContent(); !strings.Contains(c, "▀") || strings.ContainsRune(c, kitty.Placeholder) {
		t.Fatalf("before the answer: not half blocks")
	}
	r.send(tea.TerminalVersionMsg{Name: "kitty(0.26.5)"}) // the protocol, not the placeholders
	if strings.ContainsRune(r.reader().vp.GetContent(), kitty.Placeholder) {
		t.Fatal("kitty 0.26 got placeholders")
	}
	r.send(tea.TerminalVersionMsg{Name: "kitty(0.35.2)"})
	if c := r.reader().vp.GetContent(); !strings.ContainsRune(c, kitty.Placeholder) || strings.Contains(c, "▀") {
		t.Errorf("after the answer: not kitty placeholders")
	}
}

// chartOpen is the reader at 80 × 40 in a plain terminal (whatever runs
// the test), with a column of the given text open.
func chartOpen(t *testing.T, text string) *rig {
	t.Helper()
	for _, v := range []string{"TMUX", "KITTY_WINDOW_ID", "TERM", "TERM_PROGRAM"} {
		t.Setenv(v, "")
	}
	l := newFakeLib()
	id := l.column("Marketingfacts", "Annemiek", 1)
	l.text[id*100+1] = text
	r := newRig(t, l, 80, 40)
	r.openRow("Marketingfacts")
	r.keys("enter")
	return r
}
