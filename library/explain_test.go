package library

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kolom/kolom/feeds"
	"github.com/kolom/kolom/lang"
	"github.com/kolom/kolom/store"
)

// unhashable is an error type that cannot be a map key.
type unhashable struct{ parts []string }

func (u unhashable) Error() string { return strings.Join(u.parts, "; ") }

// What the store and the sources say is said in the reader's language,
// inside the wrappers around it; an error of any type passes unharmed.
func TestErrorsInTheReadersLanguage(t *testing.T) {
	if err := lang.Use("nl"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lang.Use("en") })
	wrapped := fmt.Errorf("/data/kolom.db: %w", store.ErrDiskFull)
	if got := lang.Text(wrapped); got != "/data/kolom.db: "+lang.T("store.disk_full") || !strings.Contains(got, "schijf is vol") {
		t.Errorf("disk full: %q", got)
	}
	se := &feeds.StatusError{URL: "https://x.nl/feed", Code: 503, Status: "503 Service Unavailable", Wall: feeds.WallBotCheck}
	if got := lang.Text(se); !strings.Contains(got, "botcontrole") {
		t.Errorf("wall: %q", got)
	}
	odd := unhashable{[]string{"een", "twee"}}
	if got := lang.Text(fmt.Errorf("x: %w", odd)); got != "x: een; twee" {
		t.Errorf("unhashable: %q", got)
	}
}
