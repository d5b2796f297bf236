package ui

import (
	"context"
	"io"
	"os"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// The terminal closing (SIGHUP), kill (SIGTERM) and ^C from outside
// (SIGINT) end the reader through its own quit: the place is saved and the
// program returns, so the terminal is restored.
func TestSignalsSaveThePlaceAndEnd(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			f := newFixture(t)
			if _, ok, _ := f.lib.Store().Meta(context.Background(), "ui_state"); ok {
				t.Fatal("state saved before the reader ran")
			}
			in, _ := io.Pipe() // a terminal that never types
			defer in.Close()
			sigs := make(chan os.Signal, 1)
			sigs <- sig
			done := make(chan error)
			go func() {
				done <- run(context.Background(), f.lib, Options{Now: func() time.Time { return testNow }}, sigs,
					tea.WithInput(in), tea.WithOutput(io.Discard), tea.WithWindowSize(80, 24))
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(waitLimit):
				t.Fatal("the reader did not stop")
			}
			if _, ok, err := f.lib.Store().Meta(context.Background(), "ui_state"); !ok || err != nil {
				t.Errorf("the reader's place was not saved (%v)", err)
			}
		})
	}
}
