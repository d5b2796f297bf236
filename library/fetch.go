package library

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kolom/kolom/feeds"

	"github.com/kolom/kolom/lang"
)

// fetched is one feed fetched and parsed, or found unchanged.
type fetched struct {
	url         string // the feed's address from now on
	resp        *feeds.Response
	feed        *feeds.Feed // nil when not modified
	discovered  bool        // url came from discovery on a site page
	notModified bool
}

// fetchFeed fetches rawURL with validators and parses it. When the address
// gives a web page it discovers the feed the page announces (or one at the
// usual addresses); when it is gone (404/410) it tries discovery from site.
func (l *Library) fetchFeed(ctx context.Context, req feeds.Request, site string) (*fetched, error) {
	rawURL := req.URL
	req.Deferred = true // it waits for a parser compressed
	resp, err := l.client.Fetch(ctx, req)
	var se *feeds.StatusError
	if errors.As(err, &se) && (se.Code == 404 || se.Code == 410) && se.Wall == "" {
		if site == "" {
			site = feeds.SiteOf(rawURL)
		}
		if f, derr := l.discoverFrom(ctx, site, nil); derr == nil {
			return f, nil
		}
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	out := &fetched{url: rawURL, resp: resp}
	if resp.MovedTo != "" {
		out.url = resp.MovedTo
	}
	if resp.NotModified {
		out.notModified = true
		return out, nil
	}
	feed, err := l.parse(resp, rawURL)
	if errors.Is(err, feeds.ErrNotFeed) && feeds.LooksLikeHTML(resp.Body) {
		return l.discoverFrom(ctx, resp.URL, resp)
	}
	if err != nil {
		return nil, err
	}
	resp.Body = nil // the items are their own strings; the store may be a wait away
	out.feed = feed
	return out, nil
}

// parse decompresses and parses a fetched feed, at most one per CPU at a
// time: fetches wait on the network in parallel (their bodies compressed),
// but parsing makes most of a refresh's garbage, and more parsers than cores
// only hold more of it at once. Errors name the address asked for.
func (l *Library) parse(resp *feeds.Response, asked string) (*feeds.Feed, error) {
	l.parsers <- struct{}{}
	defer func() { <-l.parsers }()
	if err := resp.Decompress(); err != nil {
		return nil, err // named
	}
	f, err := feeds.Parse(resp.Body, resp.Base(), resp.ContentType)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", asked, err)
	}
	return f, nil
}

// maxCandidates bounds how many addresses discovery tries.
const maxCandidates = 6

// discoverFrom finds a feed through a site page. page is the page already
// fetched, or nil to fetch pageURL first.
func (l *Library) discoverFrom(ctx context.Context, pageURL string, page *feeds.Response) (*fetched, error) {
	if page == nil {
		p, err := l.client.Fetch(ctx, feeds.Request{URL: pageURL, Accept: "text/html,application/xhtml+xml,*/*;q=0.8"})
		if err != nil {
			return nil, err
		}
		page = p
	}
	links := feeds.Discover(page.Body, page.URL)
	if len(links) == 0 {
		if wall := feeds.DetectWall(page.URL, 200, nil, page.Body); wall != "" {
			return nil, errors.New(pageURL + ": " + wallText(wall, false))
		}
	}
	candidates := append(links, feeds.Guesses(page.URL)...)
	tried := map[string]bool{pageURL: true, page.URL: true}
	var firstErr error
	n := 0
	for _, c := range candidates {
		if tried[c] || n == maxCandidates {
			continue
		}
		tried[c] = true
		n++
		resp, err := l.client.Fetch(ctx, feeds.Request{URL: c})
		if err != nil {
			if firstErr == nil && len(links) > 0 {
				firstErr = err
			}
			continue
		}
		feed, err := l.parse(resp, c)
		if err != nil {
			if firstErr == nil && len(links) > 0 {
				firstErr = err
			}
			continue
		}
		u := c
		if resp.MovedTo != "" {
			u = resp.MovedTo
		}
		resp.Body = nil
		return &fetched{url: u, resp: resp, feed: feed, discovered: true}, nil
	}
	if firstErr != nil {
		return nil, lang.Wrap(firstErr, "add.broken_feed", "URL", pageURL)
	}
	return nil, lang.E("add.no_feed", "URL", pageURL, "Tried", strings.Join(shortPaths(feeds.Guesses(page.URL)), ", "))
}

func shortPaths(urls []string) []string {
	out := make([]string, len(urls))
	for i, u := range urls {
		out[i] = u[strings.Index(u, "//")+2:]
		if j := strings.IndexByte(out[i], '/'); j >= 0 {
			out[i] = out[i][j:]
		}
	}
	return out
}
