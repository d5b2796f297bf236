package feeds

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Titles and names are plain text in kolom: a reader shows them on one
// line and the reading list exports them into Markdown, so markup in them
// is never shown or passed on. What a title holds is decided as the
// formats define it: RSS and JSON Feed titles are text; an Atom text
// construct is text unless its type says html or xhtml, and then its
// visible text is the title.

// visibleText is the text a browser shows of an HTML fragment: tags
// dropped, the content of script, style and the like with them, entities
// decoded, white space folded.
func visibleText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return plainLine(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case hiddenContent[a] && tt == html.StartTagToken:
				skip++
			case hiddenContent[a] && tt == html.EndTagToken && skip > 0:
				skip--
			}
			if !inline[a] {
				b.WriteByte(' ') // a block or a break parts words; <b> does not
			}
		}
	}
}

// hiddenContent are elements whose content a reader never sees as text.
// (An object's or applet's content is its fallback, shown where it cannot
// play: in a terminal, always.)
var hiddenContent = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Iframe: true, atom.Noscript: true,
	atom.Template: true, atom.Title: true, atom.Head: true,
}

// inline elements run on with the text around them.
var inline = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true, atom.Cite: true, atom.Code: true,
	atom.Data: true, atom.Del: true, atom.Dfn: true, atom.Em: true, atom.Font: true, atom.I: true, atom.Ins: true,
	atom.Kbd: true, atom.Mark: true, atom.Q: true, atom.S: true, atom.Samp: true, atom.Small: true, atom.Span: true,
	atom.Strike: true, atom.Strong: true, atom.Sub: true, atom.Sup: true, atom.Time: true, atom.Tt: true, atom.U: true,
	atom.Var: true, atom.Wbr: true, atom.Nobr: true,
}

// plainLine is a text field as one line of plain text.
func plainLine(s string) string {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c >= 0x80 ||
			c == ' ' && i+1 < len(s) && s[i+1] == ' ' {
			return strings.Join(strings.Fields(s), " ") // rare: only then copy
		}
	}
	return s
}

// atomKinds is what an Atom document's type attributes say about its text
// constructs, where gofeed does not pass them on.
type atomKinds struct {
	feedTitle bool // the feed's title is markup
	entries   []entryKinds
}

type entryKinds struct {
	title            bool // markup
	summary, content bool // explicitly plain text
}

// atomTypes reads, for an Atom document, whether the feed's title and each
// entry's title (in document order) are markup — type html or xhtml (Atom
// 0.3's text/html and application/xhtml+xml), or elements inside — and
// whether an entry's summary or content says it is plain text. It reads
// the document's tokens, so Parse asks only when the answer could change
// something.
func atomTypes(b []byte) atomKinds {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	var k atomKinds
	var stack []string
	for {
		tok, err := d.RawToken()
		if err == io.EOF || err != nil {
			return k
		}
		switch t := tok.(type) {
		case xml.StartElement:
			parent, grand := "", ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			if len(stack) > 1 {
				grand = stack[len(stack)-2]
			}
			stack = append(stack, t.Name.Local)
			var e *entryKinds
			if len(k.entries) > 0 {
				e = &k.entries[len(k.entries)-1]
			}
			// Markup inside a text construct, untyped: XHTML after all.
			if parent == "title" && grand == "feed" {
				k.feedTitle = true
			} else if parent == "title" && grand == "entry" && e != nil {
				e.title = true
			}
			switch {
			case t.Name.Local == "entry" && parent == "feed":
				k.entries = append(k.entries, entryKinds{})
			case t.Name.Local == "title" && parent == "feed":
				k.feedTitle = markupType(t.Attr)
			case parent == "entry" && e != nil:
				switch t.Name.Local {
				case "title":
					e.title = markupType(t.Attr)
				case "summary":
					e.summary = plainType(t.Attr)
				case "content":
					e.content = plainType(t.Attr)
				}
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

// plainType reports whether a text construct says it is plain text.
func plainType(attrs []xml.Attr) bool {
	for _, a := range attrs {
		if a.Name.Local == "type" {
			t := strings.ToLower(strings.TrimSpace(a.Value))
			return t == "text" || t == "text/plain"
		}
	}
	return false
}

func markupType(attrs []xml.Attr) bool {
	for _, a := range attrs {
		if a.Name.Local == "type" {
			t := strings.ToLower(strings.TrimSpace(a.Value))
			return t == "html" || t == "xhtml" || t == "text/html" || strings.Contains(t, "xhtml")
		}
	}
	return false
}

// looksLikeHTML reports whether a text field that should be plain carries
// markup anyway — a tag of a real HTML element or an entity reference —
// as RSS titles often do ("AT&amp;amp;T", "<b>Nieuw</b>"). "1 < 2" and
// "Jan <jan@example.nl>" are text.
func looksLikeHTML(s string) bool {
	for i := strings.IndexAny(s, "<&"); i >= 0 && i < len(s); {
		rest := s[i+1:]
		if s[i] == '&' {
			if j := strings.IndexByte(rest, ';'); j > 0 && j < 10 && html.UnescapeString(s[i:i+j+2]) != s[i:i+j+2] {
				return true
			}
		} else {
			name := strings.TrimPrefix(rest, "/")
			end := strings.IndexAny(name, " \t\r\n/>")
			if end > 0 && atom.Lookup([]byte(strings.ToLower(name[:end]))) != 0 && strings.IndexByte(rest, '>') > 0 {
				return true
			}
		}
		k := strings.IndexAny(rest, "<&")
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return false
}

// textField is a plain-text field (RSS or JSON Feed title, a name): its
// visible text when it carries markup anyway, else the text itself.
func textField(s string) string {
	if looksLikeHTML(s) {
		return visibleText(s)
	}
	return plainLine(s)
}

// personName is an author as a reader wants it: "Jan de Vries", not
// "Jan de Vries <jan@example.nl>" or markup around the name.
func personName(s string) string {
	s = textField(s)
	if i := strings.LastIndexByte(s, '<'); i > 0 && strings.HasSuffix(s, ">") && strings.Contains(s[i:], "@") {
		s = strings.TrimSpace(s[:i])
	}
	return s
}
