package feeds

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"
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

// Parse reads RSS 0.9x/1.0/2.0, Atom or JSON Feed. base is the URL the body came
// from, used to make relative links absolute; contentType is the HTTP
// Content-Type, whose charset is used when the XML does not declare one.
func Parse(body []byte, base, contentType string) (*Feed, error) {
	b := cleanStart(body)
	if len(b) == 0 {
		return nil, fmt.Errorf("%w: the answer is empty", ErrNotFeed)
	}
	if LooksLikeHTML(b) {
		return nil, fmt.Errorf("%w: the address gives a web page, not a feed", ErrNotFeed)
	}
	b = cleanStart(dropControlBytes(b))
	b = dropIllegalCharRefs(b)
	b = toDeclaredCharset(b, contentType)
	if len(b) == 0 {
		return nil, fmt.Errorf("%w: the answer holds only control characters", ErrNotFeed)
	}
	if b[0] == '{' && !isJSONFeed(b) {
		return nil, fmt.Errorf("%w: the answer is JSON but not a JSON Feed", ErrNotFeed)
	}

	f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		return nil, describeParseError(err)
	}
	return convert(f, base), nil
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
	i := bytes.IndexFunc(b, func(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' && r != '\r' })
	if i < 0 {
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
// never text a person should see. Nearly every feed has "&#" (WordPress's
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
		if !ok || !illegalInXML(r) {
			continue
		}
		out = append(out, b[last:start]...)
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

// isJSONFeed tells a JSON Feed from any other JSON document.
func isJSONFeed(b []byte) bool {
	var head struct {
		Version string `json:"version"`
	}
	return json.Unmarshal(b, &head) == nil && strings.HasPrefix(head.Version, "https://jsonfeed.org/version/")
}

var xmlEncodingDecl = regexp.MustCompile(`^<\?xml[^>]*encoding=`)

// toDeclaredCharset handles feeds that are not UTF-8 and do not say so in the
// XML declaration (gofeed converts those that do): the HTTP charset is used,
// else windows-1252, the usual suspect for Dutch sites.
func toDeclaredCharset(b []byte, contentType string) []byte {
	if utf8.Valid(b) || xmlEncodingDecl.Match(b) {
		return b
	}
	label := "windows-1252"
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		label = params["charset"]
	}
	r, err := charset.NewReaderLabel(label, bytes.NewReader(b))
	if err != nil {
		return b
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(r); err != nil {
		return b
	}
	return out.Bytes()
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
		return fmt.Errorf("%w: no RSS, Atom or JSON Feed found in the answer", ErrNotFeed)
	case errors.As(err, &syn):
		return fmt.Errorf("invalid XML on line %d (%s); the feed is broken at the source, tell the site", syn.Line, syn.Msg)
	}
	return fmt.Errorf("the feed could not be read (%v); the feed is broken at the source, tell the site", err)
}

func convert(f *gofeed.Feed, base string) *Feed {
	out := &Feed{
		Title:   strings.TrimSpace(f.Title),
		SiteURL: resolve(base, f.Link),
		Items:   make([]Item, 0, len(f.Items)),
	}
	if out.SiteURL == "" || out.SiteURL == base {
		out.SiteURL = SiteOf(base)
	}
	for _, it := range f.Items {
		item := Item{
			GUID:    strings.TrimSpace(it.GUID),
			Link:    resolve(base, strings.TrimSpace(it.Link)),
			Title:   strings.TrimSpace(it.Title),
			Summary: it.Description,
			Content: it.Content,
		}
		if item.Link == "" && len(it.Links) > 0 {
			item.Link = resolve(base, strings.TrimSpace(it.Links[0]))
		}
		if len(it.Authors) > 0 && it.Authors[0] != nil {
			item.Author = strings.TrimSpace(it.Authors[0].Name)
			if item.Author == "" {
				item.Author = strings.TrimSpace(it.Authors[0].Email)
			}
		}
		if it.PublishedParsed != nil {
			item.Published = it.PublishedParsed.UTC()
		}
		if it.UpdatedParsed != nil {
			item.Updated = it.UpdatedParsed.UTC()
		}
		if item.Published.IsZero() {
			item.Published = item.Updated
		}
		out.Items = append(out.Items, item)
	}
	return out
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
