package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// A column with a chart reads with the chart drawn above its caption; a
// picture that is not one (an SVG) keeps only its caption; images = "off"
// fetches nothing.
func TestPicturesInTheReader(t *testing.T) {
	for _, setting := range []string{"auto", "off"} {
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
		drawn := caption > 0 && strings.Contains(lines[caption-1], "▀")
		if setting == "off" {
			if drawn || l.pictureFetches != 0 {
				t.Errorf("off: drawn %v, %d fetches", drawn, l.pictureFetches)
			}
			continue
		}
		if !drawn {
			t.Errorf("auto: no picture above the caption:\n%s", view)
		}
		if n := strings.Count(view, "▀▀▀▀"); n == 0 || strings.Count(strings.Join(lines[caption+1:], "\n"), "▀") != 0 {
			t.Errorf("auto: the SVG was drawn, or nothing was:\n%s", view)
		}
		// Scrolling is text: the picture moves with its caption.
		r.keys("space")
		if !strings.Contains(ansi.Strip(r.reader().View(80, 38)), "Klanten") {
			t.Errorf("after a page down:\n%s", r.view())
		}
	}
}
