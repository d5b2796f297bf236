package library

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/store"

	"github.com/kolom/kolom/lang"
)

// The digest: the bookmarks of a week with their notes, grouped by tag or
// columnist, as Markdown to paste into a team channel, or as HTML to send
// as an e-mail newsletter.

// DigestOptions choose what goes in a digest.
type DigestOptions struct {
	Since time.Time // bookmarks made since
	Tag   string    // only bookmarks with this tag
	By    string    // group by "tag" or "columnist"; "" tag, or columnist when Tag is given
	Now   time.Time
}

// Digest is the week's bookmarks in groups.
type Digest struct {
	Since, Now time.Time
	Count      int
	Groups     []DigestGroup
}

// DigestGroup is the bookmarks of one tag or columnist.
type DigestGroup struct {
	Name  string
	Items []store.Bookmark
}

// Digest gathers the bookmarks made since o.Since.
func (l *Library) Digest(ctx context.Context, o DigestOptions) (Digest, error) {
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	by := o.By
	if by == "" {
		by = "tag"
		if o.Tag != "" {
			by = "columnist"
		}
	}
	if by != "tag" && by != "columnist" {
		return Digest{}, lang.E("digest.by", "By", strconv.Quote(o.By))
	}
	bs, err := l.store.Bookmarks(ctx, store.BookmarkQuery{Tag: o.Tag, Since: o.Since})
	if err != nil {
		return Digest{}, err
	}
	d := Digest{Since: o.Since, Now: o.Now, Count: len(bs)}
	index := map[string]int{}
	var rest []store.Bookmark // no tag, or no author
	for _, b := range bs {
		name := ""
		if by == "tag" {
			if len(b.Tags) > 0 {
				name = b.Tags[0]
			}
		} else {
			name = Columnist(b.Author)
		}
		if name == "" {
			rest = append(rest, b)
			continue
		}
		key := strings.ToLower(name)
		i, ok := index[key]
		if !ok {
			i = len(d.Groups)
			index[key] = i
			d.Groups = append(d.Groups, DigestGroup{Name: name})
		}
		d.Groups[i].Items = append(d.Groups[i].Items, b)
	}
	sort.SliceStable(d.Groups, func(i, j int) bool { return naturalCompare(d.Groups[i].Name, d.Groups[j].Name) < 0 })
	if len(rest) > 0 {
		name := lang.T("digest.untagged")
		if by == "columnist" {
			name = lang.T("digest.others")
		}
		d.Groups = append(d.Groups, DigestGroup{Name: name, Items: rest})
	}
	for _, g := range d.Groups {
		// Oldest first within a group: the week as it went.
		sort.SliceStable(g.Items, func(i, j int) bool { return g.Items[i].BookmarkedAt.Before(g.Items[j].BookmarkedAt) })
	}
	return d, nil
}

// Columnist is the first name a byline gives, as it is best shown; ""
// when there is none.
func Columnist(author string) string {
	if names := ColumnistNames(author); len(names) > 0 {
		return names[0]
	}
	return ""
}

// period is the digest's span in words: "23 – 30 November 2026".
func (d Digest) period() string {
	if d.Since.IsZero() {
		return lang.T("digest.until", "Date", lang.Date(d.Now.Local()))
	}
	from, to := d.Since.Local(), d.Now.Local()
	if from.Year() == to.Year() && from.Month() == to.Month() {
		return fmt.Sprintf("%d – %s", from.Day(), lang.Date(to))
	}
	if from.Year() == to.Year() {
		return lang.DayMonth(from) + " – " + lang.Date(to)
	}
	return lang.Date(from) + " – " + lang.Date(to)
}

// Markdown is the digest to paste: each bookmark with its title as a
// link, author, source and date, the note as a quote and the opening of
// the article — quotes, lists and paragraphs kept as blocks.
func (d Digest) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", lang.T("digest.title", "Period", d.period()))
	fmt.Fprintf(&b, "*%s*\n", lang.N("digest.kept", d.Count))
	for _, g := range d.Groups {
		fmt.Fprintf(&b, "\n## %s\n", escapeMD(g.Name))
		for _, bm := range g.Items {
			writeBookmark(&b, bm, "###", false)
		}
	}
	return b.String()
}

// writeBookmark writes one bookmark for a reading list or a digest: its
// title as a link under a heading of level, the columnist, source and
// date (and tags), the note as a quote and the opening of the article —
// the note's and the article's paragraphs, quotes and lists kept as
// blocks, so the Markdown pastes as it reads.
func writeBookmark(b *strings.Builder, bm store.Bookmark, level string, tags bool) {
	title := escapeMD(bm.Title)
	if title == "" {
		title = lang.T("article.untitled")
	}
	if link, ok := WebURL(bm.URL); ok {
		fmt.Fprintf(b, "\n%s [%s](<%s>)\n\n", level, title, link)
	} else {
		fmt.Fprintf(b, "\n%s %s\n\n", level, title)
	}
	author := Columnist(bm.Author) // the name, not the byline's "Door …| Site"
	if author == "" {
		author = bm.Author
	}
	var line []string
	if meta := bylineParts(author, bm.FeedTitle, bm.Published); len(meta) > 0 {
		line = append(line, "*"+strings.Join(meta, " · ")+"*")
	}
	if tags && len(bm.Tags) > 0 {
		ts := make([]string, len(bm.Tags))
		for i, t := range bm.Tags {
			ts[i] = "`" + strings.ReplaceAll(t, "`", "") + "`"
		}
		line = append(line, strings.Join(ts, " "))
	}
	if len(line) > 0 {
		b.WriteString(strings.Join(line, " · ") + "\n\n")
	}
	if note := strings.TrimSpace(bm.Note); note != "" {
		for _, line := range strings.Split(note, "\n") {
			if line = strings.TrimRight(line, " \t"); line == "" {
				b.WriteString(">\n")
			} else {
				b.WriteString("> " + line + "\n")
			}
		}
		b.WriteString("\n")
	}
	if lead := article.LeadBlocks(bm.Markdown, 30); lead != "" {
		b.WriteString(lead + "\n")
	}
}

// digestStyles are the inline styles of the HTML digest: mail clients
// drop style elements and classes, and keep style attributes.
var digestStyles = map[atom.Atom]string{
	atom.H1:         "font-size:24px;line-height:1.3;margin:0 0 4px;color:#1a1a1a",
	atom.H2:         "font-size:19px;line-height:1.3;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid #ddd;color:#1a1a1a",
	atom.H3:         "font-size:17px;line-height:1.35;margin:20px 0 4px",
	atom.P:          "margin:0 0 12px",
	atom.Blockquote: "margin:0 0 12px;padding:4px 12px;border-left:3px solid #c8a000;color:#444;background:#faf7ea",
	atom.A:          "color:#0b57d0;text-decoration:underline",
	atom.Ul:         "margin:0 0 12px;padding-left:22px",
	atom.Ol:         "margin:0 0 12px;padding-left:22px",
	atom.Li:         "margin:0 0 4px",
	atom.Em:         "color:#555",
	atom.Code:       "font-family:Menlo,Consolas,monospace;font-size:14px",
}

// HTML is the digest as an e-mail newsletter: one HTML document with
// inline styles, no script, no style element, nothing fetched from
// elsewhere (images are left out; links stay, to http and https only).
func (d Digest) HTML() (string, error) {
	var body bytes.Buffer
	if err := goldmark.Convert([]byte(d.Markdown()), &body); err != nil {
		return "", lang.Wrap(err, "digest.failed")
	}
	clean := digestPolicy().SanitizeBytes(body.Bytes())
	nodes, err := xhtml.ParseFragment(bytes.NewReader(clean), &xhtml.Node{Type: xhtml.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		return "", lang.Wrap(err, "digest.failed")
	}
	var out bytes.Buffer
	title := html.EscapeString(lang.T("digest.title", "Period", d.period()))
	out.WriteString("<!DOCTYPE html>\n<html lang=\"" + lang.Code() + "\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + title + "</title>\n</head>\n" +
		"<body style=\"margin:0;padding:0;background:#f4f4f4\">\n" +
		"<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f4f4f4\"><tr><td align=\"center\" style=\"padding:24px 12px\">\n" +
		"<table role=\"presentation\" width=\"640\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:640px;width:100%;background:#ffffff\"><tr>" +
		"<td style=\"padding:28px 32px;font-family:Georgia,'Times New Roman',serif;font-size:16px;line-height:1.55;color:#222\">\n")
	for _, n := range nodes {
		styleTree(n)
		if err := xhtml.Render(&out, n); err != nil {
			return "", lang.Wrap(err, "digest.failed")
		}
	}
	out.WriteString("\n</td></tr></table>\n</td></tr></table>\n</body>\n</html>\n")
	return out.String(), nil
}

func styleTree(n *xhtml.Node) {
	if n.Type == xhtml.ElementNode {
		if st, ok := digestStyles[n.DataAtom]; ok {
			n.Attr = append(n.Attr, xhtml.Attribute{Key: "style", Val: st})
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		styleTree(c)
	}
}

// digestPolicy lets through the text elements the digest's Markdown makes,
// links to http and https, and nothing else: no images, no scripts.
var digestPolicy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("h1", "h2", "h3", "h4", "p", "blockquote", "ul", "ol", "li", "em", "strong", "code", "pre", "br", "hr", "del")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https")
	p.RequireParseableURLs(true)
	return p
})
