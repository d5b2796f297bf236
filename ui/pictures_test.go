package ui

import (
	"strings"
	"testing"

	uv "github.com/charmbracelet/ultraviolet"
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
		if k := r.reader().kitty; setting == "kitty" && (len(k) != 1 || k["https://x.test/grafiek.png"].id == 0) {
			t.Errorf("kitty: the terminal was sent %v", k)
		}
		// Scrolling is text: the picture moves with its caption.
		r.keys("space")
		if !strings.Contains(ansi.Strip(r.reader().View(80, 38)), "Klanten") {
			t.Errorf("after a page down:\n%s", r.view())
		}
	}
}

// auto picks the kitty protocol in the terminals that say they speak it,
// half blocks elsewhere and inside tmux; off and notty draw nothing.
func TestPictureMode(t *testing.T) {
	for _, c := range []struct {
		setting, style string
		env            map[string]string
		want           string
	}{
		{"auto", "dark", map[string]string{"TERM": "xterm-kitty"}, "kitty"},
		{"auto", "dark", map[string]string{"TERM_PROGRAM": "WezTerm"}, "kitty"},
		{"auto", "dark", map[string]string{"TERM": "xterm-ghostty"}, "kitty"},
		{"auto", "dark", map[string]string{"TERM": "xterm-kitty", "TMUX": "/tmp/tmux-0/default,1,0"}, "blocks"},
		{"auto", "light", map[string]string{"TERM": "xterm-256color"}, "blocks"},
		{"kitty", "dark", nil, "kitty"},
		{"blocks", "dark", map[string]string{"TERM": "xterm-kitty"}, "blocks"},
		{"off", "dark", map[string]string{"TERM": "xterm-kitty"}, ""},
		{"auto", "notty", nil, ""},
	} {
		if got := PictureMode(c.setting, c.style, func(k string) string { return c.env[k] }, false); got != c.want {
			t.Errorf("%s %s %v: %q, want %q", c.setting, c.style, c.env, got, c.want)
		}
	}
}

// A terminal that answers kitty's query gets kitty pictures, also for the
// article already open; one that does not keeps half blocks.
func TestKittyAnswerUpgradesThePictures(t *testing.T) {
	for _, v := range []string{"TMUX", "KITTY_WINDOW_ID", "TERM", "TERM_PROGRAM"} {
		t.Setenv(v, "")
	}
	l := newFakeLib()
	id := l.column("Marketingfacts", "Annemiek", 1)
	l.text[id*100+1] = "Tekst.\n\n![Grafiek](https://x.test/grafiek.png)\n\n" + strings.Repeat("Meer tekst over klanten. ", 30)
	r := newRig(t, l, 80, 40)
	r.openRow("Marketingfacts")
	r.keys("enter")
	if c := r.reader().vp.GetContent(); !strings.Contains(c, "▀") || strings.ContainsRune(c, kitty.Placeholder) {
		t.Fatalf("before the answer: not half blocks")
	}
	r.send(uv.UnknownApcEvent("\x1b_Gi=31;EINVAL\x1b\\")) // an answer that is no
	if strings.ContainsRune(r.reader().vp.GetContent(), kitty.Placeholder) {
		t.Fatal("a refusal turned kitty on")
	}
	r.send(uv.UnknownApcEvent("\x1b_Gi=31;OK\x1b\\"))
	if c := r.reader().vp.GetContent(); !strings.ContainsRune(c, kitty.Placeholder) || strings.Contains(c, "▀") {
		t.Errorf("after the answer: not kitty placeholders")
	}
}
