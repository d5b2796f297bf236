package store

import (
	"strings"
	"testing"
)

// BenchmarkFoldText folds a long Dutch column as a filter reads it.
func BenchmarkFoldText(b *testing.B) {
	body := "<p>" + strings.Repeat("De klant verdient een antwoord binnen het uur, zegt Café-eigenaar Jan. <b>Klantbeleving</b> is geen afdeling &amp; geen project. ", 60) + "</p>"
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		foldText(body, true)
	}
}
