package store

import (
	"errors"
	"fmt"
)

// Errors of the library file itself, in words a person can act on. Each is
// wrapped with the library's path; errors.Is tells them apart.
var (
	ErrDiskFull = errors.New("the disk is full: free some space and try again; nothing stored is lost")
	ErrDamaged  = errors.New("the library file is damaged: restore a backup (`kolom backup FILE` makes one) over it, " +
		"or move it aside to start a new library; kolom changes nothing in it")
	ErrCannotOpen = errors.New("the library file cannot be opened: check that it and its folder exist and are yours to read and write")
)

// SQLite result codes kolom explains (the low byte of extended codes).
const (
	sqlitePerm     = 3
	sqliteBusy     = 5
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteCorrupt  = 11
	sqliteFull     = 13
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// sqliteCode is the primary result code of an SQLite error, 0 for others.
func sqliteCode(err error) int {
	var se interface{ Code() int }
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// explain turns what SQLite says about the file into what to do about it.
// Errors that are not about the file pass unchanged.
func (s *Store) explain(err error) error { return explainAt(s.path, err) }

// explainAt is explain for the library at path.
func explainAt(path string, err error) error {
	if err == nil {
		return nil
	}
	var le *LockedError
	if errors.As(err, &le) || errors.Is(err, ErrReadOnly) || errors.Is(err, ErrDiskFull) || errors.Is(err, ErrDamaged) {
		return err
	}
	switch sqliteCode(err) {
	case sqliteBusy:
		return &LockedError{Path: path}
	case sqliteFull:
		return fmt.Errorf("%s: %w (%v)", path, ErrDiskFull, err)
	case sqliteIOErr:
		return fmt.Errorf("%s: the disk could not be read or written (%v): if it is full, free some space; if it is failing, copy the library elsewhere with `kolom backup FILE`", path, err)
	case sqliteCorrupt, sqliteNotADB:
		return fmt.Errorf("%s: %w (%v)", path, ErrDamaged, err)
	case sqliteReadOnly, sqlitePerm:
		return fmt.Errorf("%w: %s", ErrReadOnly, path)
	case sqliteCantOpen:
		return fmt.Errorf("%s: %w", path, ErrCannotOpen)
	}
	return err
}
