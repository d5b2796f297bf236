package feeds

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/text/encoding/charmap"
)

// Feed is a parsed feed in kolom's terms.
type Feed struct {
	Title   string
	SiteURL string
	Items   []Item
}

// Item is one entry of a feed. Text fields are as the feed sent them; the
// library makes them terminal-safe before they are stored.
type Item struct {
	GUID      string
	Link      string
	Title     string
	Author    string
	Published time.Time // zero when the feed gives no date
	Updated   time.Time
	Summary   string // description / summary (often an excerpt)
	Content   string // content:encoded / Atom content / content_html
}

// ErrNotFeed is returned (wrapped) when a body is a web page or anything else
// that is not RSS, Atom or JSON Feed.
var ErrNotFeed = errors.New("not a feed")

// newParser is gofeed's parser without its scan of every RSS item's HTML
// for a first image: kolom does not use the item image, and the scan
// parses each body whole (a tenth of a cold refresh of real feeds).
func newParser() *gofeed.Parser {
	p := gofeed.NewParser()
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	return p
}

// Parse reads RSS 0.9x/1.0/2.0, Atom or JSON Feed. base is the URL the body came
// from, used to make relative links absolute; contentType is the HTTP
// Content-Type, whose charset is used when the XML does not declare one.
func Parse(body []byte, base, contentType string) (*Feed, error) {
	return parse(body, base, contentType, escapedHTMLReader)
}

// parse is Parse with the reader gofeed reads the cleaned document through.
func parse(body []byte, base, contentType string, through func([]byte) io.Reader) (*Feed, error) {
	if len(cleanStart(body)) == 0 {
		return nil, problem("empty", ErrNotFeed, "not a feed: the answer is empty")
	}
	// Decoded first: UTF-16 and UTF-32 are full of bytes that look like
	// controls until they are.
	b := cleanStart(feedUTF8(body, contentType))
	if LooksLikeHTML(b) {
		return nil, problem("web_page", ErrNotFeed, "not a feed: the address gives a web page, not a feed")
	}
	b = cleanStart(dropControlBytes(b))
	b = dropIllegalCharRefs(b)
	if len(b) == 0 {
		return nil, problem("controls", ErrNotFeed, "not a feed: the answer holds only control characters")
	}
	b = atomNamespace(b)
	if b[0] == '{' && !isJSONFeed(b) {
		return nil, problem("json", ErrNotFeed, "not a feed: the answer is JSON but not a JSON Feed")
	}

	f, err := newParser().Parse(through(b))
	if err != nil && strings.Contains(err.Error(), "EOF") {
		// Cut off: keep the items that are whole, as libxml2-based readers do.
		// A feed cut off before its first whole item stays an error: there
		// is nothing to keep, and the site should hear it is broken.
		if fixed, dropped, ok := closeTruncated(b); ok {
			if f2, err2 := newParser().Parse(through(fixed)); err2 == nil && (!dropped || len(f2.Items) > 0) {
				f, err, b = f2, nil, fixed
			}
		}
	}
	if err != nil {
		return nil, describeParseError(err)
	}
	return convert(f, base, b), nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// cleanStart drops a BOM and whitespace before the first tag or brace.
func cleanStart(b []byte) []byte {
	b = bytes.TrimPrefix(b, utf8BOM)
	return bytes.TrimLeft(b, " \t\r\n\f\v\x00")
}

// dropControlBytes removes C0 bytes that XML forbids (all but tab, LF, CR).
// They are the same byte values in UTF-8 and every single-byte charset, so this
// is safe before decoding. Only copies when there is something to drop.
func dropControlBytes(b []byte) []byte {
	i := 0
	for i < len(b) && (b[i] >= 0x20 || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	if i == len(b) {
		return b
	}
	out := make([]byte, 0, len(b))
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			continue
		}
		out = append(out, c)
	}
	return out
}

// dropIllegalCharRefs removes references to characters XML forbids (&#27; is
// ESC): encoding/xml rejects the whole feed for one of them, and they are
// never text a person should see. References to C1 controls (&#128;–&#159;)
// become the windows-1252 characters they stand for in practice. Nearly every feed has "&#" (WordPress's
// "[&#8230;]"), so this scans by hand and copies only when it must drop one.
func dropIllegalCharRefs(b []byte) []byte {
	var out []byte
	last := 0
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte("&#"))
		if k < 0 {
			break
		}
		start := i + k
		end, r, ok := charRefAt(b, start)
		i = start + 2
		c1 := r >= 0x80 && r <= 0x9F
		if !ok || !illegalInXML(r) && !c1 {
			continue
		}
		out = append(out, b[last:start]...)
		if c1 {
			// What the writer meant, as HTML5 reads these: windows-1252's
			// "’" for &#146;. (A real C1 control never is.)
			if m := charmap.Windows1252.DecodeByte(byte(r)); m > 0x9F {
				out = fmt.Appendf(out, "&#%d;", m)
			}
		}
		last, i = end, end
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// charRefAt reads a complete "&#…;" reference at b[i:], returning its end.
func charRefAt(b []byte, i int) (end int, r rune, ok bool) {
	j := i + 2
	base := uint64(10)
	if j < len(b) && (b[j] == 'x' || b[j] == 'X') {
		base = 16
		j++
	}
	var n uint64
	digits := 0
	for ; j < len(b) && digits < 10; j++ {
		d, isDigit := digitVal(b[j], base)
		if !isDigit {
			break
		}
		n = n*base + d
		digits++
	}
	if digits == 0 || j >= len(b) || b[j] != ';' {
		return 0, 0, false
	}
	if n > utf8.MaxRune {
		n = utf8.MaxRune + 1
	}
	return j + 1, rune(n), true
}

func digitVal(c byte, base uint64) (uint64, bool) {
	switch {
	case c >= '0' && c <= '9':
		return uint64(c - '0'), true
	case base == 16 && c >= 'a' && c <= 'f':
		return uint64(c-'a') + 10, true
	case base == 16 && c >= 'A' && c <= 'F':
		return uint64(c-'A') + 10, true
	}
	return 0, false
}

func illegalInXML(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' ||
		r >= 0xD800 && r <= 0xDFFF || r == 0xFFFE || r == 0xFFFF || r > utf8.MaxRune
}

// preAtom matches a root <feed> in a namespace Atom had before it was
// Atom (echo, necho, pie) or none a reader knows: feedparser reads those as
// Atom 0.3, gofeed finds nothing in them.
var preAtom = regexp.MustCompile(`^((?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<feed\b[^>]*?\bxmlns\s*=\s*["'])([^"']+)(["'])`)

// atomNamespace gives a root <feed> in an unknown namespace Atom 0.3's.
func atomNamespace(b []byte) []byte {
	m := preAtom.FindSubmatchIndex(b[:min(len(b), 4096)])
	if m == nil {
		return b
	}
	switch ns := string(b[m[4]:m[5]]); ns {
	case "http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#":
		return b
	}
	out := append([]byte(nil), b[:m[4]]...)
	out = append(out, "http://purl.org/atom/ns#"...)
	return append(out, b[m[5]:]...)
}

// isJSONFeed tells a JSON Feed from any other JSON document.
func isJSONFeed(b []byte) bool {
	var head struct {
		Version string `json:"version"`
	}
	return json.Unmarshal(b, &head) == nil && strings.HasPrefix(head.Version, "https://jsonfeed.org/version/")
}

// LooksLikeHTML reports whether a body is an HTML page rather than a feed.
func LooksLikeHTML(b []byte) bool {
	head := b
	if len(head) > 1024 {
		head = head[:1024]
	}
	h := bytes.ToLower(cleanStart(head))
	for _, p := range [][]byte{[]byte("<!doctype html"), []byte("<html"), []byte("<head"), []byte("<body")} {
		if bytes.HasPrefix(h, p) {
			return true
		}
	}
	// An XML prolog followed by an XHTML root is still a page.
	return bytes.HasPrefix(h, []byte("<?xml")) && bytes.Contains(h, []byte("<html")) &&
		!bytes.Contains(h, []byte("<rss")) && !bytes.Contains(h, []byte("<feed")) && !bytes.Contains(h, []byte("<rdf"))
}

func describeParseError(err error) error {
	var syn *xml.SyntaxError
	switch {
	case errors.Is(err, gofeed.ErrFeedTypeNotDetected):
		return problem("no_feed", ErrNotFeed, "not a feed: no RSS, Atom or JSON Feed found in the answer")
	case errors.As(err, &syn):
		return problem("xml", nil, "invalid XML on line {Line} ({Why}); the feed is broken at the source, tell the site", "Line", syn.Line, "Why", syn.Msg)
	}
	return problem("unreadable", nil, "the feed could not be read ({Why}); the feed is broken at the source, tell the site", "Why", err)
}

func convert(f *gofeed.Feed, base string, doc []byte) *Feed {
	// Titles are text (RSS, JSON Feed) or what an Atom type says; Atom's
	// types are read from the document only when a title could read
	// differently as markup.
	if f.FeedType == "atom" && bytes.Contains(doc, []byte(`mode="base64"`)) {
		decodeBase64(f)
	}
	var kinds atomKinds
	if f.FeedType == "atom" && (anyMarkupChars(f) || declaresText(doc)) {
		kinds = atomTypes(doc)
	}
	entry := func(i int) entryKinds {
		if i < len(kinds.entries) {
			return kinds.entries[i]
		}
		return entryKinds{}
	}
	title := func(s string, markup bool) string {
		switch {
		case f.FeedType != "atom":
			return textField(s)
		case markup:
			return visibleText(s)
		}
		return plainLine(s)
	}
	out := &Feed{
		Title:   title(f.Title, kinds.feedTitle),
		SiteURL: resolve(base, f.Link),
		Items:   make([]Item, 0, len(f.Items)),
	}
	if out.SiteURL == "" || out.SiteURL == base {
		out.SiteURL = SiteOf(base)
	}
	for i, it := range f.Items {
		item := Item{
			GUID:    strings.TrimSpace(it.GUID),
			Link:    resolve(base, strings.TrimSpace(it.Link)),
			Title:   title(it.Title, entry(i).title),
			Summary: absoluteLinks(it.Description, base),
			Content: absoluteLinks(it.Content, base),
		}
		// Kept as HTML: text that says it is text is escaped, so "5 < 6"
		// reads as written.
		if entry(i).summary {
			item.Summary = textToHTML(it.Description)
		}
		if entry(i).content {
			item.Content = textToHTML(it.Content)
		}
		if item.Link == "" && len(it.Links) > 0 {
			item.Link = resolve(base, strings.TrimSpace(it.Links[0]))
		}
		if item.Title == "" {
			item.Title = plainLine(mediaText(it, "title"))
		}
		if item.Summary == "" && item.Content == "" {
			// YouTube's channel feeds carry the video's text only here.
			item.Summary = textToHTML(mediaText(it, "description"))
		}
		if item.Link == "" && (strings.HasPrefix(item.GUID, "http://") || strings.HasPrefix(item.GUID, "https://")) {
			// An RSS guid is a permalink unless it says otherwise.
			item.Link = item.GUID
		}
		if len(it.Authors) > 0 && it.Authors[0] != nil {
			item.Author = personName(it.Authors[0].Name)
			if item.Author == "" {
				item.Author = personName(it.Authors[0].Email)
			}
		}
		if it.PublishedParsed != nil {
			item.Published = it.PublishedParsed.UTC()
		}
		if it.UpdatedParsed != nil {
			item.Updated = it.UpdatedParsed.UTC()
		}
		if item.Published.IsZero() {
			item.Published = dctermsDate(it, "issued", "created", "available")
		}
		if item.Updated.IsZero() {
			item.Updated = dctermsDate(it, "modified")
		}
		if item.Published.IsZero() {
			item.Published = item.Updated
		}
		out.Items = append(out.Items, item)
	}
	if f.FeedType == "rss" && anyEmpty(out.Items) {
		for i, body := range rssBodies(doc) {
			if i < len(out.Items) && body != "" && out.Items[i].Summary == "" && out.Items[i].Content == "" {
				out.Items[i].Content = absoluteLinks(body, base)
			}
		}
	}
	return out
}

func anyEmpty(items []Item) bool {
	for _, it := range items {
		if it.Summary == "" && it.Content == "" {
			return true
		}
	}
	return false
}

// decodeBase64 decodes the text constructs of an Atom 0.3 feed that says
// it uses mode="base64": gofeed decodes them only when their type is
// "html" or binary, and Atom 0.3 writes "text/html".
func decodeBase64(f *gofeed.Feed) {
	dec := func(s *string) {
		t := strings.Join(strings.Fields(*s), "")
		if len(t) < 4 || len(t)%4 != 0 {
			return
		}
		if b, err := base64.StdEncoding.DecodeString(t); err == nil && utf8.Valid(b) {
			*s = string(b)
		}
	}
	dec(&f.Title)
	for _, it := range f.Items {
		dec(&it.Title)
		dec(&it.Description)
		dec(&it.Content)
	}
}

// mediaText is a Media RSS text element of an item (media:title,
// media:description), directly or inside its media:group.
func mediaText(it *gofeed.Item, name string) string {
	media := it.Extensions["media"]
	for _, e := range media[name] {
		if v := strings.TrimSpace(e.Value); v != "" {
			return v
		}
	}
	for _, g := range media["group"] {
		for _, e := range g.Children[name] {
			if v := strings.TrimSpace(e.Value); v != "" {
				return v
			}
		}
	}
	return ""
}

// textToHTML is plain text as HTML: escaped, its line breaks kept.
func textToHTML(s string) string {
	if s == "" {
		return ""
	}
	paras := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n")
	for i, p := range paras {
		paras[i] = "<p>" + strings.ReplaceAll(html.EscapeString(strings.TrimSpace(p)), "\n", "<br>") + "</p>"
	}
	return strings.Join(paras, "")
}

// dctermsDate is the first of the named Dublin Core terms dates an item
// carries (dcterms:issued, dcterms:modified): gofeed reads dc:date, not
// these.
func dctermsDate(it *gofeed.Item, names ...string) time.Time {
	ext := it.Extensions["dcterms"]
	for _, n := range names {
		for _, e := range ext[n] {
			for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02", time.RFC1123Z, time.RFC1123} {
				if t, err := time.Parse(layout, strings.TrimSpace(e.Value)); err == nil {
					return t.UTC()
				}
			}
		}
	}
	return time.Time{}
}

// declaresText reports whether an Atom document types a text construct as
// plain text, which gofeed does not pass on.
func declaresText(doc []byte) bool {
	for i := 0; ; {
		k := bytes.Index(doc[i:], []byte("type="))
		if k < 0 {
			return false
		}
		i += k + len("type=")
		v := doc[i:min(len(doc), i+12)]
		if bytes.HasPrefix(v, []byte(`"text"`)) || bytes.HasPrefix(v, []byte(`'text'`)) || bytes.HasPrefix(v, []byte(`"text/plain"`)) {
			return true
		}
	}
}

// anyMarkupChars reports whether a title of the feed holds "<" or "&".
func anyMarkupChars(f *gofeed.Feed) bool {
	if strings.ContainsAny(f.Title, "<&") {
		return true
	}
	for _, it := range f.Items {
		if strings.ContainsAny(it.Title, "<&") {
			return true
		}
	}
	return false
}

// resolve makes ref absolute against base. A link that is not a URL at all
// ("/%0") is dropped rather than kept relative: nothing could open it.
func resolve(base, ref string) string {
	if ref == "" {
		return ""
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if r.IsAbs() {
		return r.String()
	}
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	return b.ResolveReference(r).String()
}

// SiteOf is the scheme and host of a URL: the best guess for a feed's site.
func SiteOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host + "/"
}
