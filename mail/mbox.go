package mail

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
)

// An mbox file is messages one after another, each begun by a "From "
// line (RFC 4155). No maintained Go module reads the format, and all it
// takes is finding where messages begin — the messages themselves are
// go-message's — so the framing is done here: a "From " line begins a
// message only at the start of the file or after a blank line, and only
// when it reads as one (a sender and a date), so a body line that begins
// with "From " and was not escaped stays in its message; escaped body
// lines (">From ", mboxrd) lose one ">".

// MboxState is where the last read of an mbox file ended: the offset of
// its last message and that message's key. When the message is still
// there, the file was only appended to and reading goes on after it;
// otherwise (compacted, rewritten by a mail program) the file is read
// again from the start and the keys the caller has seen sort out what
// is new.
type MboxState struct {
	LastStart int64  `json:"last_start"`
	LastKey   string `json:"last_key"`
}

// fromLine is a separator: "From sender date", the date with a time of day
// and a year in it (asctime, or what other writers put there).
var fromLine = regexp.MustCompile(`^From \S+ +.*\b\d{1,2}:\d{2}\b.*\b\d{4}\b`)

// ReadMbox reads the messages of an mbox file after since that seen does
// not know. Keys are "id:<Message-ID>", or "sha:<hash of the message>"
// for a message without one. The file is only read.
func ReadMbox(path string, since MboxState, seen func(key string) bool, maxBytes int64) ([]Message, []Problem, MboxState, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, since, fmt.Errorf("mbox %s: %w; check the path (kolom add mbox:///path/to/file)", path, errors.Unwrap(err))
	}
	defer f.Close()
	state := since
	var start int64
	if since.LastKey != "" {
		// Appended to only? Then the last message read is where it was.
		if _, err := f.Seek(since.LastStart, io.SeekStart); err == nil {
			sc := newMboxScanner(f, since.LastStart, maxBytes)
			if m, ok := sc.next(); ok && m.key() == since.LastKey {
				start = sc.off // the end of the file: nothing new
				if sc.pending >= 0 {
					start = sc.pending // the separator of the next message
				}
			}
		}
	}
	if _, err := f.Seek(start, io.SeekStart); err != nil {
		return nil, nil, since, fmt.Errorf("mbox %s: %w", path, err)
	}
	sc := newMboxScanner(f, start, maxBytes)
	if start == 0 {
		if first, err := sc.r.Peek(5); err == nil && string(first) != "From " {
			return nil, nil, since, failure("not_mbox", "{Path} is not an mbox file (it does not begin with a \"From \" line); for a Maildir use maildir://", "Path", path)
		}
	}
	var out []Message
	var problems []Problem
	for {
		m, ok := sc.next()
		if !ok {
			break
		}
		key := m.key()
		state = MboxState{LastStart: m.start, LastKey: key}
		if seen != nil && seen(key) {
			continue
		}
		if m.over {
			problems = append(problems, Problem{key, fmt.Errorf("%w (over %d bytes)", ErrTooLarge, maxBytes)})
			continue
		}
		n, err := Read(bytes.NewReader(m.raw), maxBytes)
		if err != nil {
			problems = append(problems, Problem{key, err})
			continue
		}
		out = append(out, Message{Key: key, Newsletter: n})
	}
	if sc.err != nil {
		return out, problems, state, fmt.Errorf("mbox %s: %w", path, sc.err)
	}
	return out, problems, state, nil
}

// mboxMessage is one message as framed: where it starts, its bytes (the
// "From " line left off, escapes undone) and whether it was over the cap.
type mboxMessage struct {
	start int64
	raw   []byte
	over  bool
	id    string
}

// key is the message's Message-ID, else a hash of what it says.
func (m mboxMessage) key() string {
	if m.id != "" {
		return "id:" + m.id
	}
	sum := sha256.Sum256(m.raw)
	return "sha:" + hex.EncodeToString(sum[:16])
}

type mboxScanner struct {
	r       *bufio.Reader
	off     int64 // of the next byte read
	max     int64
	pending int64 // offset of a separator read but not yet returned; -1: none
	err     error
}

func newMboxScanner(r io.Reader, off, max int64) *mboxScanner {
	return &mboxScanner{r: bufio.NewReaderSize(r, 64<<10), off: off, max: max, pending: -1}
}

// line reads one line, at most a buffer's worth at a time (a longer one
// comes in pieces, which is all framing needs).
func (s *mboxScanner) line() ([]byte, bool) {
	b, err := s.r.ReadSlice('\n')
	if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
		if !errors.Is(err, io.EOF) {
			s.err = err
		}
		if len(b) == 0 {
			return nil, false
		}
	}
	s.off += int64(len(b))
	return b, true
}

// next frames the next message; ok is false at the end of the file.
func (s *mboxScanner) next() (mboxMessage, bool) {
	var m mboxMessage
	if s.pending >= 0 {
		m.start, s.pending = s.pending, -1
	} else {
		// Find the first separator (the file's first line, or after an
		// offset that is one).
		for {
			start := s.off
			l, ok := s.line()
			if !ok {
				return m, false
			}
			if fromLine.Match(l) {
				m.start = start
				break
			}
		}
	}
	var buf bytes.Buffer
	blank, inHeader := false, true
	for {
		start := s.off
		l, ok := s.line()
		if !ok {
			break
		}
		if blank && fromLine.Match(l) {
			s.pending = start
			break
		}
		isBlank := len(bytes.TrimRight(l, "\r\n")) == 0
		if inHeader {
			if isBlank {
				inHeader = false
			} else if m.id == "" && len(l) > 11 && bytes.EqualFold(l[:11], []byte("message-id:")) {
				m.id = string(bytes.Trim(bytes.TrimSpace(l[11:]), "<>"))
			}
		}
		blank = isBlank
		if esc := bytes.TrimLeft(l, ">"); len(esc) < len(l) && bytes.HasPrefix(esc, []byte("From ")) {
			l = l[1:]
		}
		if m.over || (s.max > 0 && int64(buf.Len()+len(l)) > s.max) {
			m.over = true
			continue
		}
		buf.Write(l)
	}
	m.raw = buf.Bytes()
	return m, true
}
