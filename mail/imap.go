package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Security is how an IMAP connection is protected.
type Security int

const (
	TLS      Security = iota // implicit TLS (port 993): the default
	StartTLS                 // plain connection upgraded with STARTTLS (port 143)
	Plain                    // no encryption: only when asked for, and said so
)

// IMAPOptions say where a mailbox folder is and how to log in.
type IMAPOptions struct {
	Addr     string // host:port
	User     string
	Password string
	Folder   string // "" is INBOX
	Security Security
	MaxBytes int64         // a message larger is skipped and reported (0: no cap)
	Timeout  time.Duration // for connecting and each command (0: a minute)
}

// IMAPState is where the last read of a folder ended: its UIDVALIDITY and
// the highest UID seen. A changed UIDVALIDITY means the server renumbered
// the folder; the caller, who knows which messages it has, re-reads.
type IMAPState struct {
	UIDValidity uint32
	LastUID     uint32
}

// ReadIMAP reads the messages of a folder after the state's last UID. It
// opens the folder read-only (EXAMINE) and fetches with BODY.PEEK, so no
// flag changes: kolom never deletes, moves or marks mail. Keys are
// "UIDVALIDITY/UID". The returned state is what to give next time.
func ReadIMAP(ctx context.Context, o IMAPOptions, since IMAPState) ([]Message, []Problem, IMAPState, error) {
	if o.Timeout <= 0 {
		o.Timeout = time.Minute
	}
	if o.Folder == "" {
		o.Folder = "INBOX"
	}
	c, err := dialIMAP(o)
	if err != nil {
		return nil, nil, since, err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()

	if err := c.Login(o.User, o.Password).Wait(); err != nil {
		return nil, nil, since, failure("login", "{Addr} refused the login of {User} ({Why}); check the user name and password", "Addr", o.Addr, "User", o.User, "Why", err)
	}
	sel, err := c.Select(o.Folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return nil, nil, since, failure("no_folder", "{Addr} has no folder {Folder} ({Why}); kolom add imap://USER@HOST/FOLDER names it", "Addr", o.Addr, "Folder", fmt.Sprintf("%q", o.Folder), "Why", err)
	}
	state := IMAPState{UIDValidity: sel.UIDValidity, LastUID: since.LastUID}
	if since.UIDValidity != sel.UIDValidity {
		state.LastUID = 0 // renumbered: read the folder again
	}
	if sel.NumMessages == 0 || (sel.UIDNext != 0 && uint32(sel.UIDNext) <= state.LastUID+1) {
		c.Logout().Wait()
		return nil, nil, state, ctx.Err()
	}

	// First the sizes (small), then the messages under the cap, in batches.
	var todo imap.UIDSet
	todo.AddRange(imap.UID(state.LastUID+1), 0) // 0: "*"
	sizes, err := c.Fetch(todo, &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	if err != nil {
		return nil, nil, since, fmt.Errorf("%s %s: %w", o.Addr, o.Folder, err)
	}
	var want []imap.UID
	var problems []Problem
	for _, m := range sizes {
		if uint32(m.UID) <= state.LastUID {
			continue // "N:*" always answers the last message
		}
		key := imapKey(sel.UIDValidity, m.UID)
		if o.MaxBytes > 0 && m.RFC822Size > o.MaxBytes {
			problems = append(problems, Problem{key, fmt.Errorf("%w (%d bytes, over %d)", ErrTooLarge, m.RFC822Size, o.MaxBytes)})
			state.LastUID = max(state.LastUID, uint32(m.UID))
			continue
		}
		want = append(want, m.UID)
	}
	section := &imap.FetchItemBodySection{Peek: true}
	var out []Message
	for len(want) > 0 {
		batch := want[:min(len(want), 50)]
		want = want[len(batch):]
		msgs, err := c.Fetch(imap.UIDSetNum(batch...), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
		if err != nil {
			return out, problems, state, fmt.Errorf("%s %s: %w", o.Addr, o.Folder, err)
		}
		for _, m := range msgs {
			key := imapKey(sel.UIDValidity, m.UID)
			n, err := Read(bytes.NewReader(m.FindBodySection(section)), o.MaxBytes)
			if err != nil {
				problems = append(problems, Problem{key, err})
			} else {
				out = append(out, Message{Key: key, Newsletter: n})
			}
			state.LastUID = max(state.LastUID, uint32(m.UID))
		}
	}
	c.Logout().Wait()
	return out, problems, state, ctx.Err()
}

// imapKey is a message's key: "UIDVALIDITY/UID".
func imapKey(validity uint32, uid imap.UID) string {
	return strconv.FormatUint(uint64(validity), 10) + "/" + strconv.FormatUint(uint64(uid), 10)
}

func dialIMAP(o IMAPOptions) (*imapclient.Client, error) {
	opts := &imapclient.Options{Dialer: &net.Dialer{Timeout: o.Timeout}}
	var c *imapclient.Client
	var err error
	switch o.Security {
	case Plain:
		c, err = imapclient.DialInsecure(o.Addr, opts)
	case StartTLS:
		c, err = imapclient.DialStartTLS(o.Addr, opts)
	default:
		c, err = imapclient.DialTLS(o.Addr, opts)
	}
	if err != nil {
		var netErr net.Error
		if errors.As(err, &netErr) || strings.Contains(err.Error(), "connection refused") {
			return nil, failure("unreachable", "the mail server {Addr} is unreachable ({Why}); kolom reads from the library until it is back", "Addr", o.Addr, "Why", err)
		}
		if strings.Contains(err.Error(), "first record does not look like a TLS handshake") {
			return nil, failure("no_tls", "{Addr} does not speak TLS from the start; for STARTTLS (usually port 143) add --starttls, and --plain only for a server on this machine", "Addr", o.Addr)
		}
		return nil, fmt.Errorf("connect to %s: %w", o.Addr, err)
	}
	return c, nil
}
