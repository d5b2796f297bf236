package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/BurntSushi/toml"
)

// Server is the login for a team's feed server, kept in credentials.toml.
type Server struct {
	URL      string `toml:"url"`
	API      string `toml:"api"` // miniflux or greader
	User     string `toml:"user"`
	Password string `toml:"password"` // or an API token
}

type credentialsFile struct {
	Server *Server `toml:"server"`
}

// ReadServer reads the feed server's login; ok is false when none is
// set. A file others can read is refused: it holds a password.
func ReadServer(path string) (_ Server, ok bool, err error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return Server{}, false, nil
	}
	if err != nil {
		return Server{}, false, fmt.Errorf("credentials %s: %w", path, err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return Server{}, false, fmt.Errorf("credentials %s can be read by others (mode %04o): it holds a password; run chmod 600 %s", path, st.Mode().Perm(), path)
	}
	var f credentialsFile
	if _, err := toml.DecodeFile(path, &f); err != nil {
		return Server{}, false, fmt.Errorf("credentials %s: %w", path, err)
	}
	if f.Server == nil || f.Server.URL == "" {
		return Server{}, false, nil
	}
	return *f.Server, true, nil
}

// WriteServer keeps the feed server's login, readable by its owner only.
func WriteServer(path string, s Server) error {
	var buf bytes.Buffer
	buf.WriteString("# kolom's login for the team's feed server. Keep this file to yourself (mode 600).\n")
	if err := toml.NewEncoder(&buf).Encode(credentialsFile{Server: &s}); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("credentials %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".credentials-*")
	if err != nil {
		return fmt.Errorf("credentials %s: %w", path, err)
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
		return fmt.Errorf("credentials %s: %w", path, err)
	}
	return nil
}

// RemoveServer forgets the feed server's login.
func RemoveServer(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("credentials %s: %w", path, err)
	}
	return nil
}
