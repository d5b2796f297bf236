package store

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// SQLite's locks are not fair: a process that commits and starts its next
// write at once takes the write lock again before a waiting process's busy
// handler wakes up, so a long `kolom refresh` can starve the reader's small
// writes past busy_timeout. Every kolom process therefore takes a fair lock
// of its own before SQLite's: a turnstile and the writer lock, two byte
// locks in the file beside the library (see writelock_unix.go). A process
// that holds the writer lock and wants it again must pass the turnstile
// first, which the next waiter already holds: writers take turns.

// defaultLockWait is how long a write waits for other kolom processes. With
// turns, it only runs out when one transaction of another process takes
// that long: that process is stuck.
const defaultLockWait = 30 * time.Second

// LockedError says who holds the library and what to do about it.
type LockedError struct {
	Path   string        // the library
	Kolom  bool          // another kolom process holds it; else a program that is not kolom
	PID    int           // that process, 0 when not known
	Holder string        // its command line, when known
	Waited time.Duration // how long this write waited
}

func (e *LockedError) Error() string {
	if !e.Kolom {
		return fmt.Sprintf("the library %s is locked by another program that is writing to it; close that program (an sqlite3 shell, a sync or backup tool) and try again", e.Path)
	}
	who, stop := "another kolom", "stop it"
	if e.PID > 0 {
		who = fmt.Sprintf("another kolom (process %d", e.PID)
		if e.Holder != "" {
			who += ", " + e.Holder
		}
		who += ")"
		stop = fmt.Sprintf("stop it (kill %d)", e.PID)
	}
	return fmt.Sprintf("the library %s is busy: %s has been writing to it for more than %s; wait for it to finish, or %s and try again",
		e.Path, who, e.Waited.Round(time.Second), stop)
}

// commandLine names a process by its command line where the system tells.
func commandLine(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil || len(b) == 0 {
		return ""
	}
	args := strings.Fields(strings.ReplaceAll(string(b), "\x00", " "))
	if len(args) > 0 {
		if i := strings.LastIndexByte(args[0], '/'); i >= 0 {
			args[0] = args[0][i+1:]
		}
	}
	s := strings.Join(args, " ")
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return fmt.Sprintf("%q", s)
}
