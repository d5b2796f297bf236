//go:build !unix

package store

import (
	"context"
	"time"
)

// writeLock is a no-op where POSIX record locks do not exist: writers there
// rely on SQLite's busy handler alone.
type writeLock struct{ wait time.Duration }

func openWriteLock(string) (*writeLock, error)   { return &writeLock{wait: defaultLockWait}, nil }
func (*writeLock) acquire(context.Context) error { return nil }
func (*writeLock) release()                      {}
func (*writeLock) close() error                  { return nil }
