package feeds

import (
	"bytes"
	_ "embed"
)

//go:embed defaults.opml
var defaultsOPML []byte

// Defaults returns the embedded default subscriptions.
func Defaults() []Outline {
	o, err := ReadOPML(bytes.NewReader(defaultsOPML))
	if err != nil {
		panic("feeds: embedded defaults.opml is broken: " + err.Error()) // caught by tests
	}
	return o.Outlines
}
