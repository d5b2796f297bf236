package picture

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// Cache keeps fetched pictures as files named for their address, up to a
// size: past it the least recently used go first.
type Cache struct {
	Dir   string
	Limit int64 // bytes
}

func (c Cache) path(url string) string {
	sum := sha256.Sum256([]byte(url))
	return filepath.Join(c.Dir, hex.EncodeToString(sum[:16]))
}

// kept is where pictures stay whatever the limit (Keep).
func (c Cache) kept(url string) string {
	return filepath.Join(c.Dir, "kept", filepath.Base(c.path(url)))
}

// Keep puts the picture cached for url out of the limit's reach (a
// bookmarked column's), if it is cached.
func (c Cache) Keep(url string) {
	if _, err := os.Stat(c.kept(url)); err == nil {
		return
	}
	b, err := os.ReadFile(c.path(url))
	if err != nil {
		return
	}
	if os.MkdirAll(filepath.Dir(c.kept(url)), 0o700) == nil {
		_ = os.WriteFile(c.kept(url), b, 0o600)
	}
}

// Get is the picture kept for url; reading it makes it recently used.
func (c Cache) Get(url string) ([]byte, bool) {
	if b, err := os.ReadFile(c.kept(url)); err == nil {
		return b, true
	}
	p := c.path(url)
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	now := time.Now()
	_ = os.Chtimes(p, now, now)
	return b, true
}

// Put keeps b for url, then trims the cache to its limit. A cache that
// cannot be written is no error: the picture is shown all the same.
func (c Cache) Put(url string, b []byte) {
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return
	}
	tmp, err := os.CreateTemp(c.Dir, ".part-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), c.path(url)) != nil {
		os.Remove(tmp.Name())
		return
	}
	c.trim()
}

// trim removes the least recently used files while the cache is over its limit.
func (c Cache) trim() {
	entries, err := os.ReadDir(c.Dir)
	if err != nil {
		return
	}
	type file struct {
		path string
		size int64
		used time.Time
	}
	var files []file
	var total int64
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		files = append(files, file{filepath.Join(c.Dir, e.Name()), info.Size(), info.ModTime()})
		total += info.Size()
	}
	sort.Slice(files, func(i, j int) bool { return files[i].used.Before(files[j].used) })
	for _, f := range files {
		if total <= c.Limit {
			break
		}
		if os.Remove(f.path) == nil {
			total -= f.size
		}
	}
}
