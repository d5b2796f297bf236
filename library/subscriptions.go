package library

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/feeds"
	"github.com/kolom/kolom/store"

	"github.com/kolom/kolom/lang"
)

// Added is the result of Add.
type Added struct {
	Feed       store.Feed
	New        int
	Discovered bool // the URL was a site page; Feed.URL is the feed it announced
}

// NormalizeURL accepts what people paste: "www.emerce.nl" becomes
// "https://www.emerce.nl". Anything but http and https is refused.
func NormalizeURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", lang.E("add.no_url")
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", lang.E("add.not_web", "URL", strconv.Quote(raw))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", lang.E("add.scheme", "URL", strconv.Quote(raw))
	}
	return u.String(), nil
}

// Add fetches rawURL once and subscribes to it when it is a feed, or to the
// feed a site page announces. Nothing is added when neither works.
func (l *Library) Add(ctx context.Context, rawURL, title, folder string) (_ Added, err error) {
	defer func() { err = walled(err) }()
	if IsMailboxURL(rawURL) {
		return Added{}, lang.E("add.mailbox_in_tui", "URL", redactMailURL(rawURL))
	}
	u, err := NormalizeURL(rawURL)
	if err != nil {
		return Added{}, err
	}
	if err := l.notSubscribed(ctx, u); err != nil {
		return Added{}, err
	}
	if folder, err = NormalizeFolder(folder); err != nil {
		return Added{}, err
	}
	if _, ok, err := l.Server(); err != nil {
		return Added{}, err
	} else if ok {
		return l.addOnServer(ctx, u, folder)
	}
	res, err := l.fetchFeed(ctx, feeds.Request{URL: u}, "")
	var se *feeds.StatusError
	if err != nil && !strings.Contains(rawURL, "://") && !errors.As(err, &se) {
		// "site.nl" was tried as https; some sites (and local servers) only speak http.
		plain := "http://" + strings.TrimPrefix(u, "https://")
		if res2, err2 := l.fetchFeed(ctx, feeds.Request{URL: plain}, ""); err2 == nil {
			res, err, u = res2, nil, plain
			if err := l.notSubscribed(ctx, u); err != nil {
				return Added{}, err
			}
		}
	}
	if err != nil {
		return Added{}, adviseAdd(err)
	}
	if res.url != u {
		if err := l.notSubscribed(ctx, res.url); err != nil {
			return Added{}, err
		}
	}
	if title == "" {
		title = article.SafeText(res.feed.Title)
	}
	id, err := l.store.AddFeed(ctx, store.NewFeed{
		URL: res.url, Title: article.SafeText(title), SiteURL: res.feed.SiteURL, Folder: folder,
	})
	if err != nil {
		return Added{}, err
	}
	st := store.FetchState{At: time.Now(), ETag: res.resp.ETag, LastModified: res.resp.LastModified}
	c, err := l.store.StoreItems(ctx, id, st, safeItems(res.feed.Items))
	if err != nil {
		return Added{}, err
	}
	if err := l.markInitialised(ctx); err != nil {
		return Added{}, err
	}
	f, err := l.store.Feed(ctx, id)
	return Added{Feed: f, New: c.New, Discovered: res.discovered}, err
}

func (l *Library) notSubscribed(ctx context.Context, u string) error {
	all, err := l.store.Feeds(ctx)
	if err != nil {
		return err
	}
	for _, f := range all {
		if f.URL == u {
			return lang.Wrap(store.ErrDuplicate, "add.duplicate", "URL", u, "Title", strconv.Quote(f.Title), "ID", f.ID)
		}
	}
	return nil
}

// ImportReport says what Import did.
type ImportReport struct {
	Added      []feeds.Outline
	Duplicates int                 // already subscribed
	Problems   []feeds.OPMLProblem // skipped outlines, by line
}

// Import subscribes to the feeds in an OPML file — a path, or an http(s)
// address (fetched with the feeds' caps) — keeping folders. It fetches no
// feed: the next refresh does.
func (l *Library) Import(ctx context.Context, path string) (_ ImportReport, err error) {
	defer func() { err = walled(err) }()
	var src io.Reader
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		resp, err := l.client.Fetch(ctx, feeds.Request{URL: path, Accept: "text/x-opml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"})
		if err != nil {
			return ImportReport{}, lang.Wrap(err, "import.failed")
		}
		if feeds.LooksLikeHTML(resp.Body) {
			return ImportReport{}, lang.E("import.web_page", "Path", path)
		}
		src = bytes.NewReader(resp.Body)
	} else {
		f, err := os.Open(path)
		if err != nil {
			return ImportReport{}, lang.Wrap(err, "import.failed_path", "Path", path)
		}
		defer f.Close()
		src = f
	}
	doc, err := feeds.ReadOPML(src)
	if err != nil {
		return ImportReport{}, lang.Wrap(err, "import.failed_path", "Path", path)
	}
	rep := ImportReport{Problems: doc.Problems}
	for i, p := range rep.Problems {
		if p.NotWeb != "" {
			rep.Problems[i].Msg = lang.T("import.not_web", "URL", strconv.Quote(p.NotWeb))
		}
	}
	existing, err := l.store.Feeds(ctx)
	if err != nil {
		return rep, err
	}
	have := map[string]bool{}
	for _, e := range existing {
		have[e.URL] = true
	}
	var add []store.NewFeed
	var settings []feeds.Outline // of the feeds added, in order
	for _, o := range doc.Outlines {
		if have[o.URL] {
			rep.Duplicates++
			continue
		}
		folder, err := NormalizeFolder(o.Folder)
		if err != nil {
			// Too deep or oddly named: filed as deep as a folder may go.
			parts := strings.FieldsFunc(article.SafeLine(o.Folder), func(r rune) bool { return r == '/' })
			folder, _ = NormalizeFolder(strings.Join(parts[:min(len(parts), MaxFolderDepth)], "/"))
			rep.Problems = append(rep.Problems, feeds.OPMLProblem{Line: o.Line, Msg: lang.T("import.filed_in", "Why", lang.Text(err), "URL", o.URL, "Folder", strconv.Quote(folder))})
		}
		add = append(add, store.NewFeed{
			URL: article.Safe(o.URL), Title: article.SafeLine(o.Title),
			SiteURL: article.Safe(o.SiteURL), Folder: folder,
		})
		settings = append(settings, o)
		rep.Added = append(rep.Added, o)
	}
	ids, err := l.store.AddFeeds(ctx, add)
	if err != nil {
		return ImportReport{}, lang.Wrap(err, "import.failed_path", "Path", path)
	}
	for i, id := range ids {
		if len(ids) != len(settings) {
			break // some were added by another kolom meanwhile: which is which is unknown
		}
		o := settings[i]
		s := o.Settings
		if s == (feeds.OutlineSettings{}) {
			continue
		}
		changes := []Setting{{"full_text", s.FullText}, {"user_agent", s.UserAgent}, {"interval", s.Interval}, {"auth_user", s.AuthUser}}
		if _, err := l.SetFeed(ctx, strconv.FormatInt(id, 10), changes); err != nil {
			rep.Problems = append(rep.Problems, feeds.OPMLProblem{Line: o.Line, Msg: lang.T("import.settings_not_taken", "URL", o.URL, "Why", lang.Text(err))})
		}
	}
	if len(add) > 0 {
		if err := l.markInitialised(ctx); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// Export writes every subscription as OPML 2.0 with folders.
func (l *Library) Export(ctx context.Context, w io.Writer) error {
	all, err := l.store.Feeds(ctx)
	if err != nil {
		return err
	}
	out := make([]feeds.Outline, 0, len(all))
	for _, f := range all {
		if store.IsMailFeed(f.URL) {
			continue // a newsletter is no feed another reader can fetch
		}
		s := Settings(f) // not its secrets: headers and the password command stay here
		out = append(out, feeds.Outline{Title: f.Title, URL: f.URL, SiteURL: f.SiteURL, Folder: f.Folder,
			Settings: feeds.OutlineSettings{FullText: s.FullText, UserAgent: s.UserAgent, Interval: s.Interval, AuthUser: s.AuthUser}})
	}
	return feeds.WriteOPML(w, "kolom subscriptions", out, time.Now())
}
