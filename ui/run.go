package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
)

// stopMsg asks the reader to save its place and quit: a signal (the terminal
// closed, kill, ^C from outside) or the caller's context ending.
type stopMsg struct{ why string }

// stopGrace is how long a stopping reader may take to save its place before
// the program is ended anyway (the terminal is restored either way).
const stopGrace = 5 * time.Second

// Run runs the reader until the user quits or a signal (SIGHUP, SIGTERM,
// SIGINT) or the end of ctx stops it; every way out restores the terminal
// and saves the reader's place.
func Run(ctx context.Context, lib Library, o Options) error {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(sigs)
	return run(ctx, lib, o, sigs)
}

// run is Run with the signals from sigs (tests send their own) and program
// options (tests give input and output).
func run(ctx context.Context, lib Library, o Options, sigs <-chan os.Signal, opts ...tea.ProgramOption) error {
	// The program does not end on ctx itself, nor on signals of its own
	// handling: both would end it before it saved anything.
	if o.CellPixels == nil {
		o.CellPixels = func() (int, int) { return CellPixels(os.Stdout) }
	}
	p := tea.NewProgram(New(lib, o), append([]tea.ProgramOption{
		tea.WithContext(context.WithoutCancel(ctx)), tea.WithoutSignalHandler()}, opts...)...)
	done := make(chan struct{})
	go func() {
		var why string
		select {
		case s := <-sigs:
			why = s.String()
		case <-ctx.Done():
			why = "cancelled"
		case <-done:
			return
		}
		p.Send(stopMsg{why})
		select {
		case <-done:
		case <-time.After(stopGrace):
			p.Kill()
		}
	}()
	_, err := p.Run()
	close(done)
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return fmt.Errorf("reader: %w", err)
	}
	return nil
}

// FirstFrame builds the reader over lib and returns its first screen at
// width × height, without a terminal: what the harness times as "first
// frame", and a way to see the reader from a script.
func FirstFrame(lib Library, width, height int) (string, error) {
	m := New(lib, Options{})
	defer m.cancel()
	if m.watcher != nil {
		defer m.watcher.Close()
	}
	feeds, load := newFeeds(m.c)
	m.stack = []screen{feeds}
	m.Update(tea.WindowSizeMsg{Width: width, Height: height})
	msg := load()
	if fl, ok := msg.(feedsLoadedMsg); ok && fl.err != nil {
		return "", fl.err
	}
	m.Update(msg)
	return m.View().Content, nil
}
