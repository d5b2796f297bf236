//go:build unix

package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"
)

// Byte offsets of the two locks in the lock file.
const (
	turnstileByte = 0
	writerByte    = 1
)

// writeLock is this process's handle on the lock file. POSIX record locks
// belong to the process; writeMu makes one goroutine at a time use them. The
// file is never closed before the store is: closing any descriptor of a file
// drops every POSIX lock the process holds on it.
type writeLock struct {
	f    *os.File
	path string // the library, for messages
	wait time.Duration
}

func openWriteLock(dbPath string) (*writeLock, error) {
	f, err := os.OpenFile(dbPath+"-lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the lock file beside the library: %w", err)
	}
	return &writeLock{f: f, path: dbPath, wait: defaultLockWait}, nil
}

// acquire takes the turnstile, then the writer lock, then lets the turnstile
// go for the next waiter.
func (l *writeLock) acquire(ctx context.Context) error {
	began := time.Now()
	deadline := began.Add(l.wait)
	if err := l.take(ctx, turnstileByte, began, deadline); err != nil {
		return err
	}
	err := l.take(ctx, writerByte, began, deadline)
	l.unlock(turnstileByte)
	return err
}

func (l *writeLock) release() { l.unlock(writerByte) }

func (l *writeLock) close() error { return l.f.Close() }

// take polls for one byte lock until the deadline. Polling, not F_SETLKW, so
// that a stuck holder or a cancelled context ends the wait; the turnstile
// keeps the polling fair.
func (l *writeLock) take(ctx context.Context, at int64, began, deadline time.Time) error {
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart, Start: at, Len: 1}
	for pause := 200 * time.Microsecond; ; pause = min(2*pause, 10*time.Millisecond) {
		err := syscall.FcntlFlock(l.f.Fd(), syscall.F_SETLK, &lk)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case !errors.Is(err, syscall.EAGAIN) && !errors.Is(err, syscall.EACCES):
			return fmt.Errorf("lock the library %s for writing: %w", l.path, err)
		}
		if time.Now().After(deadline) {
			return l.lockedError(time.Since(began))
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// lockedError names the process that is writing (the writer lock's holder),
// else the one first in line (the turnstile's).
func (l *writeLock) lockedError(waited time.Duration) error {
	e := &LockedError{Path: l.path, Kolom: true, Waited: waited}
	for _, at := range []int64{writerByte, turnstileByte} {
		lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart, Start: at, Len: 1}
		if syscall.FcntlFlock(l.f.Fd(), syscall.F_GETLK, &lk) == nil && lk.Type != syscall.F_UNLCK && lk.Pid > 0 {
			e.PID = int(lk.Pid)
			e.Holder = commandLine(e.PID)
			break
		}
	}
	return e
}

func (l *writeLock) unlock(at int64) {
	lk := syscall.Flock_t{Type: syscall.F_UNLCK, Whence: io.SeekStart, Start: at, Len: 1}
	for errors.Is(syscall.FcntlFlock(l.f.Fd(), syscall.F_SETLK, &lk), syscall.EINTR) {
	}
}
