package mail

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Message is one newsletter read from a mailbox, with the key it is known
// by there (stable across reads: a Maildir file's unique name, an IMAP
// UID), so a later read takes only what is new.
type Message struct {
	Key string
	Newsletter
}

// Problem is a message that could not be read, by its key.
type Problem struct {
	Key string
	Err error
}

// ReadMaildir reads the messages of a Maildir folder (its new/ and cur/;
// tmp/ holds mail still being delivered) that seen does not know yet, in
// delivery order. It only reads: no file is moved, renamed or flagged.
// Messages that cannot be read are reported, not fatal.
func ReadMaildir(dir string, seen func(key string) bool, maxBytes int64) ([]Message, []Problem, error) {
	if st, err := os.Stat(filepath.Join(dir, "cur")); err != nil || !st.IsDir() {
		return nil, nil, failure("not_maildir", "{Dir} is not a Maildir folder (no cur/ in it); give the folder that holds cur/, new/ and tmp/", "Dir", dir)
	}
	type file struct{ key, path string }
	var files []file
	for _, sub := range []string{"new", "cur"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, nil, fmt.Errorf("read %s: %w", filepath.Join(dir, sub), err)
		}
		for _, e := range entries {
			if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
				continue
			}
			key, _, _ := strings.Cut(e.Name(), ":") // "unique:2,S" — the flags after the colon change
			if seen != nil && seen(key) {
				continue
			}
			files = append(files, file{key, filepath.Join(dir, sub, e.Name())})
		}
	}
	// Unique names start with the delivery time: their order is the mail's.
	sort.Slice(files, func(i, j int) bool { return files[i].key < files[j].key })
	var out []Message
	var problems []Problem
	for _, f := range files {
		fh, err := os.Open(f.path)
		if errors.Is(err, os.ErrNotExist) {
			continue // moved (to cur/, or away) while we read: the next read finds it
		}
		if err != nil {
			problems = append(problems, Problem{f.key, err})
			continue
		}
		n, err := Read(fh, maxBytes)
		fh.Close()
		if err != nil {
			problems = append(problems, Problem{f.key, err})
			continue
		}
		out = append(out, Message{Key: f.key, Newsletter: n})
	}
	return out, problems, nil
}
