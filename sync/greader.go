package sync

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// greaderServer speaks the portable subset of the Google Reader API:
// ClientLogin, the write token, subscription/list and /edit,
// stream/items/ids, stream/items/contents and edit-tag. (Miniflux's
// implementation has no unread counts and no stream/contents; ids come
// short, as decimals, or long, as "tag:google.com,2005:reader/item/" and
// 16 hex digits: both are read.)
type greaderServer struct {
	o    Options
	auth string // "GoogleLogin auth=…"
}

const (
	stateRead        = "user/-/state/com.google/read"
	stateStarred     = "user/-/state/com.google/starred"
	stateReadingList = "user/-/state/com.google/reading-list"
	labelPrefix      = "user/-/label/"
)

func openGReader(ctx context.Context, o Options) (Server, error) {
	s := &greaderServer{o: o}
	form := url.Values{"Email": {o.User}, "Passwd": {o.Password}}
	body, err := s.do(ctx, http.MethodPost, "/accounts/ClientLogin", form)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(strings.NewReader(string(body)))
	for sc.Scan() {
		if tok, ok := strings.CutPrefix(sc.Text(), "Auth="); ok {
			s.auth = "GoogleLogin auth=" + strings.TrimSpace(tok)
		}
	}
	if s.auth == "" {
		return nil, fmt.Errorf("%s: the login answer holds no Auth token; is this a Google Reader API endpoint (FreshRSS: …/api/greader.php)?", o.URL)
	}
	return s, nil
}

func (s *greaderServer) API() string { return "greader" }

// do sends one request; form goes in the body of a POST, in the query of a
// GET.
func (s *greaderServer) do(ctx context.Context, method, path string, form url.Values) ([]byte, error) {
	u := s.o.URL + path
	var body io.Reader
	if method == http.MethodGet && len(form) > 0 {
		u += "?" + form.Encode()
	} else if method == http.MethodPost {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.o.URL, err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if s.auth != "" {
		req.Header.Set("Authorization", s.auth)
	}
	resp, err := s.o.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.o.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("%s%s: %w", s.o.URL, path, err)
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return nil, fmt.Errorf("%s: %w", s.o.URL, ErrAuth)
	case resp.StatusCode/100 != 2:
		return nil, fmt.Errorf("%s%s: HTTP %s", s.o.URL, path, resp.Status)
	}
	return b, nil
}

func (s *greaderServer) getJSON(ctx context.Context, path string, q url.Values, v any) error {
	if q == nil {
		q = url.Values{}
	}
	q.Set("output", "json")
	b, err := s.do(ctx, http.MethodGet, path, q)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s%s: the answer is not the JSON the API gives (%v)", s.o.URL, path, err)
	}
	return nil
}

// token is the short-lived token every change must carry.
func (s *greaderServer) token(ctx context.Context) (string, error) {
	b, err := s.do(ctx, http.MethodGet, "/reader/api/0/token", nil)
	return strings.TrimSpace(string(b)), err
}

// post sends a form with the token every POST must carry.
func (s *greaderServer) post(ctx context.Context, path string, form url.Values) ([]byte, error) {
	t, err := s.token(ctx)
	if err != nil {
		return nil, err
	}
	form.Set("T", t)
	return s.do(ctx, http.MethodPost, path, form)
}

func (s *greaderServer) edit(ctx context.Context, path string, form url.Values) error {
	_, err := s.post(ctx, path, form)
	return err
}

type greaderSubscription struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	URL        string `json:"url"`
	HTMLURL    string `json:"htmlUrl"`
	Categories []struct {
		ID    string `json:"id"`
		Label string `json:"label"`
	} `json:"categories"`
}

func (g greaderSubscription) subscription() Subscription {
	sub := Subscription{ID: g.ID, Title: g.Title, FeedURL: g.URL, SiteURL: g.HTMLURL}
	if sub.FeedURL == "" {
		sub.FeedURL = strings.TrimPrefix(g.ID, "feed/")
	}
	for _, c := range g.Categories {
		if strings.HasPrefix(c.ID, labelPrefix) || strings.Contains(c.ID, "/label/") {
			sub.Folder = c.Label
			if sub.Folder == "" {
				sub.Folder = c.ID[strings.LastIndex(c.ID, "/label/")+len("/label/"):]
			}
			break
		}
	}
	if sub.Folder == "All" { // Miniflux's category for feeds in none
		sub.Folder = ""
	}
	return sub
}

func (s *greaderServer) Subscriptions(ctx context.Context) ([]Subscription, error) {
	var res struct {
		Subscriptions []greaderSubscription `json:"subscriptions"`
	}
	if err := s.getJSON(ctx, "/reader/api/0/subscription/list", nil, &res); err != nil {
		return nil, err
	}
	out := make([]Subscription, 0, len(res.Subscriptions))
	for _, g := range res.Subscriptions {
		out = append(out, g.subscription())
	}
	return out, nil
}

func (s *greaderServer) Subscribe(ctx context.Context, feedURL, folder string) (Subscription, error) {
	form := url.Values{"ac": {"subscribe"}, "s": {"feed/" + feedURL}}
	if folder != "" {
		form.Set("a", labelPrefix+folder)
	}
	err := s.edit(ctx, "/reader/api/0/subscription/edit", form)
	if err != nil && folder != "" {
		// Some servers (Miniflux) only file feeds in folders that exist.
		form.Del("a")
		err = s.edit(ctx, "/reader/api/0/subscription/edit", form)
	}
	if err != nil {
		return Subscription{}, fmt.Errorf("subscribe to %s: %w", feedURL, err)
	}
	subs, err := s.Subscriptions(ctx)
	if err != nil {
		return Subscription{}, err
	}
	for _, sub := range subs {
		if sub.FeedURL == feedURL {
			return sub, nil
		}
	}
	return Subscription{}, fmt.Errorf("subscribe to %s: the server took it but does not list it", feedURL)
}

func (s *greaderServer) Edit(ctx context.Context, id, title, from, folder string) error {
	form := url.Values{"ac": {"edit"}, "s": {id}, "t": {title}}
	if from != folder {
		if from != "" {
			form.Set("r", labelPrefix+from)
		}
		if folder != "" {
			form.Set("a", labelPrefix+folder)
		}
	}
	if err := s.edit(ctx, "/reader/api/0/subscription/edit", form); err != nil {
		return fmt.Errorf("edit %s: %w", id, err)
	}
	return nil
}

func (s *greaderServer) Unsubscribe(ctx context.Context, id string) error {
	if err := s.edit(ctx, "/reader/api/0/subscription/edit", url.Values{"ac": {"unsubscribe"}, "s": {id}}); err != nil {
		return fmt.Errorf("unsubscribe %s: %w", id, err)
	}
	return nil
}

// streamIDs lists the ids of a stream, following continuations.
func (s *greaderServer) streamIDs(ctx context.Context, q url.Values) ([]string, error) {
	var out []string
	for {
		var res struct {
			ItemRefs []struct {
				ID string `json:"id"`
			} `json:"itemRefs"`
			Continuation string `json:"continuation"`
		}
		if err := s.getJSON(ctx, "/reader/api/0/stream/items/ids", q, &res); err != nil {
			return nil, err
		}
		for _, r := range res.ItemRefs {
			if id, ok := shortID(r.ID); ok {
				out = append(out, id)
			}
		}
		if res.Continuation == "" || len(res.ItemRefs) == 0 {
			return out, nil
		}
		q.Set("c", res.Continuation)
	}
}

// shortID is an item id as a decimal, from either form the API uses.
func shortID(id string) (string, bool) {
	if hex, ok := strings.CutPrefix(id, "tag:google.com,2005:reader/item/"); ok {
		n, err := strconv.ParseUint(hex, 16, 64)
		if err != nil {
			return "", false
		}
		return strconv.FormatInt(int64(n), 10), true
	}
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		return "", false
	}
	return id, true
}

func (s *greaderServer) IDs(ctx context.Context, which State) ([]string, error) {
	q := url.Values{"n": {"10000"}}
	if which == Starred {
		q.Set("s", stateStarred)
	} else {
		q.Set("s", stateReadingList)
		q.Set("xt", stateRead)
	}
	return s.streamIDs(ctx, q)
}

type greaderItem struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Author     string   `json:"author"`
	Published  int64    `json:"published"`
	Updated    int64    `json:"updated"`
	Categories []string `json:"categories"`
	Canonical  []struct {
		Href string `json:"href"`
	} `json:"canonical"`
	Alternate []struct {
		Href string `json:"href"`
	} `json:"alternate"`
	Summary struct {
		Content string `json:"content"`
	} `json:"summary"`
	Content struct {
		Content string `json:"content"`
	} `json:"content"`
	Origin struct {
		StreamID string `json:"streamId"`
	} `json:"origin"`
}

func (g greaderItem) entry() (Entry, bool) {
	id, ok := shortID(g.ID)
	if !ok {
		return Entry{}, false
	}
	e := Entry{ID: id, FeedID: g.Origin.StreamID, Title: g.Title, Author: g.Author, Content: g.Content.Content,
		Published: time.Unix(g.Published, 0).UTC(), Changed: time.Unix(max(g.Updated, g.Published), 0).UTC()}
	if e.Content == "" {
		e.Content = g.Summary.Content
	}
	if len(g.Canonical) > 0 {
		e.URL = g.Canonical[0].Href
	} else if len(g.Alternate) > 0 {
		e.URL = g.Alternate[0].Href
	}
	for _, c := range g.Categories {
		switch {
		case strings.HasSuffix(c, "/state/com.google/read"):
			e.Read = true
		case strings.HasSuffix(c, "/state/com.google/starred"):
			e.Starred = true
		}
	}
	return e, true
}

// Entries fetches the entries whose ids are above the cursor's, a page at
// a time, in the order of their ids. The reading list's ids are listed
// whole (ids only, 10,000 a request): servers number entries as they take
// them in (Miniflux's ids, FreshRSS's microsecond ids), while the API's
// time filter (ot) goes by the publication date, which misses every entry
// a feed dates in the past. The cursor handed with each page is its
// highest id, so a stopped sync resumes without gaps.
func (s *greaderServer) Entries(ctx context.Context, since Cursor, page func([]Entry, Cursor) error) (Cursor, error) {
	last, _ := strconv.ParseInt(string(since), 10, 64)
	all, err := s.streamIDs(ctx, url.Values{"s": {stateReadingList}, "n": {"10000"}})
	if err != nil {
		return since, err
	}
	var ids []int64
	for _, id := range all {
		if n, _ := strconv.ParseInt(id, 10, 64); n > last {
			ids = append(ids, n)
		}
	}
	slices.Sort(ids)
	cursor := since
	for len(ids) > 0 {
		batch := ids[:min(len(ids), s.o.PageSize)]
		ids = ids[len(batch):]
		strs := make([]string, len(batch))
		for i, id := range batch {
			strs[i] = strconv.FormatInt(id, 10)
		}
		entries, err := s.Lookup(ctx, strs)
		if err != nil {
			return cursor, err
		}
		next := Cursor(strs[len(strs)-1])
		if err := page(entries, next); err != nil {
			return cursor, err
		}
		cursor = next
	}
	return cursor, nil
}

// Lookup fetches the contents of entries by id (stream/items/contents);
// an entry the server no longer has is missing from the answer.
func (s *greaderServer) Lookup(ctx context.Context, ids []string) ([]Entry, error) {
	var out []Entry
	for _, batch := range chunks(ids, s.o.PageSize) {
		form := url.Values{"i": batch}
		b, err := s.post(ctx, "/reader/api/0/stream/items/contents?output=json", form)
		if err != nil {
			return nil, err
		}
		var res struct {
			Items []greaderItem `json:"items"`
		}
		if err := json.Unmarshal(b, &res); err != nil {
			return nil, fmt.Errorf("%s: stream/items/contents: %v", s.o.URL, err)
		}
		for _, it := range res.Items {
			if e, ok := it.entry(); ok {
				out = append(out, e)
			}
		}
	}
	return out, nil
}

// Changed is beyond the Google Reader API's portable subset.
func (s *greaderServer) Changed(context.Context, Cursor, func([]Entry) error) (Cursor, error) {
	return "", ErrUnsupported
}

// FullText is beyond the Google Reader API.
func (s *greaderServer) FullText(context.Context, string) (string, error) {
	return "", ErrUnsupported
}

func (s *greaderServer) Mark(ctx context.Context, which State, on bool, ids []string) error {
	tag := stateRead
	if which == Starred {
		tag = stateStarred
	}
	// Unread on means the read tag off.
	add := on
	if which == Unread {
		add = !on
	}
	for _, batch := range chunks(ids, batchSize) {
		form := url.Values{"i": batch}
		if add {
			form.Set("a", tag)
		} else {
			form.Set("r", tag)
		}
		if err := s.edit(ctx, "/reader/api/0/edit-tag", form); err != nil {
			return fmt.Errorf("mark %s: %w", which, err)
		}
	}
	return nil
}
