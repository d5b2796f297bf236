package library

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/feeds"
	"github.com/kolom/kolom/store"

	"github.com/kolom/kolom/lang"
)

// Article is one article ready to read.
type Article struct {
	Entry
	Markdown    string
	Words       int
	ReadingTime time.Duration
	FullText    bool   // the text came from the article's web page
	Notice      string // one line saying why only the excerpt is shown, or ""
}

// Article returns an article's Markdown. Excerpt-only items are completed
// from the web page once (with full_text = "auto"), and the result is kept
// so it reads offline afterwards. When that fails the excerpt is returned
// with a Notice saying why; nothing is stored then, so a later open tries again.
func (l *Library) Article(ctx context.Context, id int64) (Article, error) {
	return l.article(ctx, id, l.cfg.FullText == "auto", false)
}

// FetchFullText fetches the article's page now, also for items that carry
// their full text or whose page was fetched before (the reader's "f").
func (l *Library) FetchFullText(ctx context.Context, id int64) (Article, error) {
	return l.article(ctx, id, true, true)
}

func (l *Library) article(ctx context.Context, id int64, fetch, force bool) (Article, error) {
	meta, err := l.store.Article(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		if a, ok := l.articleFromBookmark(ctx, id); ok {
			return a, nil
		}
		return Article{}, withKind(KindNotFound, lang.E("article.none", "ID", id))
	}
	if err != nil {
		return Article{}, err
	}
	body, err := l.store.Body(ctx, id)
	if err != nil {
		return Article{}, err
	}
	a := Article{Entry: meta}
	if body.Markdown != "" && !force {
		return a.with(body.Markdown, body.FromPage), nil
	}

	source := body.Content
	if strings.TrimSpace(source) == "" {
		source = body.Summary
	}
	feedMD, err := article.FromHTML(source, meta.URL)
	if err != nil {
		return Article{}, lang.Wrap(err, "article.convert", "ID", id)
	}
	// The feed's own full_text setting over the config's.
	feed, ferr := l.store.Feed(ctx, meta.FeedID)
	isExcerpt := article.IsExcerpt(body.Summary, body.Content)
	excerpt := isExcerpt // what opening treats as one
	switch Settings(feed).FullText {
	case "always":
		fetch, excerpt = true, true
	case "off":
		fetch = false
	case "auto":
		fetch = true
	}
	// A newsletter is whole as it came: its web version is fetched only when
	// asked (f), never on opening — that would tell the sender it was read.
	if !force && (!fetch || store.IsMailArticle(meta.GUID) || !excerpt) {
		// The stored Markdown only saves converting again: a library that
		// cannot be written (full, read-only) still reads.
		_ = l.store.SetMarkdown(ctx, id, feedMD, false, article.WordCount(feedMD))
		return a.with(feedMD, false), nil
	}

	pageMD, err := l.serverFullText(ctx, meta, article.WordCount(feedMD))
	if err != nil || pageMD == "" {
		var req feeds.Request
		if ferr == nil {
			// The feed's user agent, and its headers on its own host (a
			// subscriber's cookie opens the article page too).
			if freq, err := l.request(ctx, feed); err == nil {
				req = forPage(freq, meta.URL)
			}
		}
		pageMD, err = l.fullText(ctx, meta.URL, req, article.WordCount(feedMD))
	}
	if err != nil && body.FromPage && body.Markdown != "" {
		// Fetched again on request: what was fetched before still stands.
		a = a.with(body.Markdown, true)
		a.Notice = lang.T("notice.kept_before", "Why", Message(lang.Text(err)))
		return a, nil
	}
	if err != nil {
		a = a.with(feedMD, false)
		a.Notice = lang.T("notice.excerpt", "Why", Message(lang.Text(err)))
		if !isExcerpt {
			a.Notice = lang.T("notice.feed_text", "Why", Message(lang.Text(err)))
		}
		return a, nil
	}
	if err := l.store.SetMarkdown(ctx, id, pageMD, true, article.WordCount(pageMD)); err != nil {
		a = a.with(pageMD, true)
		a.Notice = lang.T("notice.not_kept", "Why", Message(lang.Text(err)))
		return a, nil
	}
	return a.with(pageMD, true), nil
}

func (a Article) with(md string, fromPage bool) Article {
	a.Markdown = md
	a.FullText = fromPage
	a.Words = article.WordCount(md)
	a.ReadingTime = article.ReadingTime(a.Words)
	return a
}

// errNotArticle explains a page that gave no article (a function: its words
// are in the language of the moment).
func errNotArticle() error { return withKind(KindNotArticle, lang.E("article.no_article")) }

// fullText fetches and extracts the page at link. A consent wall or bot check
// is named, and never returned as the article.
func (l *Library) fullText(ctx context.Context, link string, req feeds.Request, excerptWords int) (string, error) {
	if _, ok := WebURL(link); !ok {
		return "", lang.E("article.no_address")
	}
	req.URL, req.Accept = link, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
	resp, err := l.client.Fetch(ctx, req)
	if err != nil {
		var se *feeds.StatusError
		if errors.As(err, &se) && se.Wall != "" {
			return "", withKind(KindWall, errors.New(wallText(se.Wall, true)))
		}
		return "", lang.Wrap(advisePage(err), "article.fetch_failed")
	}
	page := feeds.PageUTF8(resp.Body, resp.ContentType)
	wall := feeds.DetectArticleWall(resp.URL, page)
	ex, err := article.Extract(page, resp.URL)
	if err != nil {
		if wall != "" {
			return "", withKind(KindWall, errors.New(wallText(wall, true)))
		}
		return "", errNotArticle()
	}
	md, err := article.ToMarkdown(ex.HTML, resp.URL)
	if err != nil {
		return "", errNotArticle()
	}
	words := article.WordCount(md)
	// A consent page can look like a short article; a real column about
	// cookie walls is longer than this. A page that merely carries a
	// consent banner beside its article is no wall: what was extracted
	// must itself read as one.
	if wall != "" && words < 300 && feeds.DetectArticleWall(resp.URL, []byte(md)) != "" {
		return "", withKind(KindWall, errors.New(wallText(wall, true)))
	}
	if words < excerptWords {
		return "", errNotArticle()
	}
	return md, nil
}

// MarkRead marks an article read or unread. An article kept only as a
// bookmark (its feed is gone) has no read state; that is not an error.
func (l *Library) MarkRead(ctx context.Context, id int64, read bool) error {
	err := l.store.SetRead(ctx, id, read)
	if errors.Is(err, store.ErrNotFound) {
		if _, berr := l.store.BookmarkOf(ctx, id); berr == nil {
			return nil
		}
	}
	return err
}

// Document is the article as one Markdown document with a header: title,
// author, site, date, reading time and link.
func (a Article) Document() string {
	var b strings.Builder
	title := a.Title
	if title == "" {
		title = lang.T("article.untitled")
	}
	fmt.Fprintf(&b, "# %s\n\n", escapeMD(title))
	meta := append(bylineParts(a.Author, a.FeedTitle, a.Published), lang.ReadingTime(int(a.ReadingTime.Minutes())))
	fmt.Fprintf(&b, "*%s*\n\n", strings.Join(meta, " · "))
	if link, ok := WebURL(a.URL); ok {
		fmt.Fprintf(&b, "<%s>\n\n", link)
	}
	if link, ok := WebURL(a.Unsubscribe); ok {
		fmt.Fprintf(&b, "%s <%s>\n\n", lang.T("article.unsubscribe"), link)
	}
	if a.Notice != "" {
		fmt.Fprintf(&b, "> %s\n\n", escapeMD(a.Notice))
	}
	b.WriteString("---\n\n")
	b.WriteString(a.Markdown)
	b.WriteString("\n")
	return b.String()
}

// bylineParts are the author, site and date of a header, escaped for Markdown.
func bylineParts(author, site string, published time.Time) []string {
	var parts []string
	for _, s := range []string{author, site} {
		if s != "" {
			parts = append(parts, escapeMD(s))
		}
	}
	if !published.IsZero() {
		parts = append(parts, lang.Date(published.Local()))
	}
	return parts
}

// WebURL is link when it is an http or https address: a feed can name any
// scheme as an article's link, and only web links are shown, opened or copied.
func WebURL(link string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return u.String(), true
}

// mdEscaper makes text literal in Markdown: "<" and ">" too, so a title
// that is about a tag ("Example <b>Atom</b>", as an Atom text title may
// be) never reaches a renderer as one.
var mdEscaper = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `_`, `\_`, "`", "\\`", `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`, `#`, `\#`)

func escapeMD(s string) string { return mdEscaper.Replace(s) }
