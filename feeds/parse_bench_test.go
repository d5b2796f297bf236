package feeds

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"

	"github.com/kolom/kolom/internal/feedtest"
)

// realisticFeeds are the 50 feeds of the refresh benchmark's realistic
// shape (half WordPress RSS, half entity-escaped Atom, 100 items of ~800
// words each), as bytes: what a cold refresh parses.
func realisticFeeds() (docs [][]byte, atoms []bool, size int) {
	for i := range 50 {
		spec := feedtest.Spec{Title: fmt.Sprintf("Column %d", i), Site: fmt.Sprintf("https://site%d.nl/", i),
			Items: 100, Words: 800, Atom: i%2 == 1, Seed: uint64(i + 1), Rich: true}
		d := []byte(spec.Render())
		docs, atoms, size = append(docs, d), append(atoms, spec.Atom), size+len(d)
	}
	return docs, atoms, size
}

// The floor under a cold refresh: parsing the same bytes with kolom's
// Parse, with gofeed as it comes, and with gofeed's format-specific
// parsers (no detection, no translation to the universal feed).
// go test ./feeds -run XXX -bench ParseRealistic
func BenchmarkParseRealistic(b *testing.B) {
	docs, atoms, size := realisticFeeds()
	run := func(name string, parse func(doc []byte, atom bool) error) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for i, d := range docs {
					if err := parse(d, atoms[i]); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
	run("kolom", func(d []byte, _ bool) error { _, err := Parse(d, "https://x.nl/", "application/xml"); return err })
	run("gofeed", func(d []byte, _ bool) error { _, err := gofeed.NewParser().Parse(bytes.NewReader(d)); return err })
	run("gofeed-format", func(d []byte, isAtom bool) error {
		var err error
		if isAtom {
			_, err = (&atom.Parser{}).Parse(bytes.NewReader(d))
		} else {
			_, err = (&rss.Parser{}).Parse(bytes.NewReader(d))
		}
		return err
	})
}
