// Package librarytest fills libraries for tests and benchmarks as a refresh
// would, without a network, and opens a library file to inspect it. It is
// the one way code above the library reaches the store, and only from tests
// and the bench harness.
package librarytest

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kolom/kolom/internal/feedtest"
	"github.com/kolom/kolom/library"
	"github.com/kolom/kolom/store"
)

// Spec says what Fill stores.
type Spec struct {
	Feeds, PerFeed int
	Folders        []string // feed i goes in Folders[i%len]; none: no folders
	Words          int      // per article (0: 800)
	Authors        int      // distinct authors, "Auteur N" (0: none)
}

// Fill stores generated Dutch articles in lib as a refresh would, with the
// feed titles "Column 0" … and the addresses https://siteN.nl/feed.
func Fill(ctx context.Context, lib *library.Library, s Spec) error {
	words := s.Words
	if words == 0 {
		words = 800
	}
	st := lib.Store()
	for f := range s.Feeds {
		nf := store.NewFeed{URL: fmt.Sprintf("https://site%d.nl/feed", f), Title: fmt.Sprintf("Column %d", f)}
		if len(s.Folders) > 0 {
			nf.Folder = s.Folders[f%len(s.Folders)]
		}
		id, err := st.AddFeed(ctx, nf)
		if err != nil {
			return err
		}
		items := make([]store.Item, s.PerFeed)
		for i := range items {
			seed := uint64(f*s.PerFeed + i)
			items[i] = store.Item{GUID: fmt.Sprint(i), URL: fmt.Sprintf("https://site%d.nl/%d", f, i), Title: feedtest.Words(seed, 8),
				Published: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(seed) * time.Minute),
				Content:   "<p>" + feedtest.Words(seed*7, words) + "</p>", Words: words}
			if s.Authors > 0 {
				items[i].Author = fmt.Sprintf("Auteur %d", seed%uint64(s.Authors))
			}
		}
		if _, err := st.StoreItems(ctx, id, store.FetchState{At: time.Now()}, items); err != nil {
			return err
		}
	}
	return nil
}

// AddFeeds subscribes to feeds without fetching them: address and title.
func AddFeeds(ctx context.Context, lib *library.Library, feeds ...[2]string) error {
	var nf []store.NewFeed
	for _, f := range feeds {
		nf = append(nf, store.NewFeed{URL: f[0], Title: f[1]})
	}
	_, err := lib.Store().AddFeeds(ctx, nf)
	return err
}

// OpenFile opens a library file (a backup, a copy) read-only for a test to
// query; close it with the function returned.
func OpenFile(path string) (*sql.DB, func() error, error) {
	s, err := store.OpenReadOnly(path)
	if err != nil {
		return nil, nil, err
	}
	return s.DB(), s.Close, nil
}

// DB is the library's database, for a test's checks.
func DB(lib *library.Library) *sql.DB { return lib.Store().DB() }
