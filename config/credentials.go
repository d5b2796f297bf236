package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kolom/kolom/lang"

	"github.com/BurntSushi/toml"
)

// Server is the login for a team's feed server, kept in credentials.toml.
type Server struct {
	URL      string `toml:"url"`
	API      string `toml:"api"` // miniflux or greader
	User     string `toml:"user"`
	Password string `toml:"password"` // or an API token
}

// MailLogin is the password of a mailbox kolom reads, kept in
// credentials.toml: the password itself, or the program that prints it
// (argv, run without a shell), which is asked each time.
type MailLogin struct {
	URL             string   `toml:"url"`
	Password        string   `toml:"password,omitempty"`
	PasswordCommand []string `toml:"password_command,omitempty"`
}

// FeedSecrets are a feed's request headers (a cookie, a token), kept in
// credentials.toml by the feed's id in the library and its host: they are
// only ever sent to that host.
type FeedSecrets struct {
	ID      int64             `toml:"id"`
	Host    string            `toml:"host"`
	Headers map[string]string `toml:"headers"`
}

type credentialsFile struct {
	Server  *Server       `toml:"server,omitempty"`
	Mailbox []MailLogin   `toml:"mailbox,omitempty"`
	Feed    []FeedSecrets `toml:"feed,omitempty"`
}

// readCredentials reads the file; a missing one is empty. To read a
// login, a file others can read is refused (strict): it holds passwords.
// A change is made all the same, and the file written is private again.
func readCredentials(path string, strict bool) (credentialsFile, error) {
	var f credentialsFile
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, lang.Wrap(err, "credentials.error", "Path", path)
	}
	if strict && st.Mode().Perm()&0o077 != 0 {
		return f, lang.E("credentials.open", "Path", path, "Mode", fmt.Sprintf("%04o", st.Mode().Perm()))
	}
	if _, err := toml.DecodeFile(path, &f); err != nil {
		return f, lang.Wrap(err, "credentials.error", "Path", path)
	}
	return f, nil
}

// writeCredentials replaces the file at once (readable by its owner only),
// or removes it when nothing is left in it.
func writeCredentials(path string, f credentialsFile) error {
	if f.Server == nil && len(f.Mailbox) == 0 && len(f.Feed) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return lang.Wrap(err, "credentials.error", "Path", path)
		}
		return nil
	}
	var buf bytes.Buffer
	buf.WriteString("# kolom's logins for the team's feed server and mailboxes. Keep this file to yourself (mode 600).\n")
	if err := toml.NewEncoder(&buf).Encode(f); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return lang.Wrap(err, "credentials.error", "Path", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".credentials-*")
	if err != nil {
		return lang.Wrap(err, "credentials.error", "Path", path)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err == nil {
		_, err = tmp.Write(buf.Bytes())
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return lang.Wrap(err, "credentials.error", "Path", path)
	}
	return nil
}

// ReadServer reads the feed server's login; ok is false when none is set.
func ReadServer(path string) (_ Server, ok bool, err error) {
	f, err := readCredentials(path, true)
	if err != nil || f.Server == nil || f.Server.URL == "" {
		return Server{}, false, err
	}
	return *f.Server, true, nil
}

// WriteServer keeps the feed server's login.
func WriteServer(path string, s Server) error {
	f, err := readCredentials(path, false)
	if err != nil {
		return err
	}
	f.Server = &s
	return writeCredentials(path, f)
}

// RemoveServer forgets the feed server's login.
func RemoveServer(path string) error {
	f, err := readCredentials(path, false)
	if err != nil {
		return err
	}
	f.Server = nil
	return writeCredentials(path, f)
}

// ReadMailLogin reads the login of the mailbox at url; ok is false when
// none is kept.
func ReadMailLogin(path, url string) (_ MailLogin, ok bool, err error) {
	f, err := readCredentials(path, true)
	if err != nil {
		return MailLogin{}, false, err
	}
	i := slices.IndexFunc(f.Mailbox, func(m MailLogin) bool { return m.URL == url })
	if i < 0 {
		return MailLogin{}, false, nil
	}
	return f.Mailbox[i], true, nil
}

// WriteMailLogin keeps a mailbox's login, in place of one kept before.
func WriteMailLogin(path string, m MailLogin) error {
	f, err := readCredentials(path, false)
	if err != nil {
		return err
	}
	f.Mailbox = slices.DeleteFunc(f.Mailbox, func(o MailLogin) bool { return o.URL == m.URL })
	f.Mailbox = append(f.Mailbox, m)
	return writeCredentials(path, f)
}

// RemoveMailLogin forgets a mailbox's login.
func RemoveMailLogin(path, url string) error {
	f, err := readCredentials(path, false)
	if err != nil {
		return err
	}
	n := len(f.Mailbox)
	if f.Mailbox = slices.DeleteFunc(f.Mailbox, func(o MailLogin) bool { return o.URL == url }); len(f.Mailbox) == n {
		return nil
	}
	return writeCredentials(path, f)
}

// ReadFeedHeaders reads the request headers of the feed with this id on
// this host (nil when none).
func ReadFeedHeaders(path string, feedID int64, host string) (map[string]string, error) {
	f, err := readCredentials(path, true)
	if err != nil {
		return nil, err
	}
	for _, s := range f.Feed {
		if s.ID == feedID && strings.EqualFold(s.Host, host) {
			return s.Headers, nil
		}
	}
	return nil, nil
}

// WriteFeedHeaders keeps a feed's request headers for its host; none
// removes its entry.
func WriteFeedHeaders(path string, feedID int64, host string, headers map[string]string) error {
	f, err := readCredentials(path, false)
	if err != nil {
		return err
	}
	n := len(f.Feed)
	f.Feed = slices.DeleteFunc(f.Feed, func(s FeedSecrets) bool { return s.ID == feedID })
	if len(headers) == 0 && len(f.Feed) == n {
		return nil // nothing kept, nothing to keep
	}
	if len(headers) > 0 {
		f.Feed = append(f.Feed, FeedSecrets{ID: feedID, Host: strings.ToLower(host), Headers: headers})
	}
	return writeCredentials(path, f)
}
