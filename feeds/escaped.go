package feeds

import (
	"bytes"
	"io"
	"strings"
)

// escapedHTMLReader reads doc with each Atom <content type="html"> whose
// HTML is escaped (every "<" as "&lt;") typed "text/html" instead, which
// gofeed only entity-decodes. For "html" it first parses the text as an
// HTML document to take off a wrapping <div> — which escaped text cannot
// hold, so the parse changes nothing — and on entity-escaped Atom that
// parse made a quarter of a cold refresh's garbage. The decoded string is
// the same. Content that begins with markup (CDATA, raw XHTML) keeps
// gofeed's way, and so does a document with xml:base, whose links gofeed
// resolves only for "html". Only an entry's own <content> is touched: the
// tags are counted (not parsed) to know which those are, and CDATA sections
// and comments are passed over. convert reads the types from doc as it is.
// Nothing is copied: the reader stitches doc's own bytes around the
// changed words.
func escapedHTMLReader(doc []byte) io.Reader {
	if !bytes.Contains(doc, []byte("<content type=")) || bytes.Contains(doc, []byte("xml:base")) {
		return bytes.NewReader(doc)
	}
	var parts []io.Reader
	last := 0  // doc[last:] is still to be read
	depth := 0 // inside an <entry>: 1 for its children; 0 outside one
	for i := 0; ; {
		k := bytes.IndexByte(doc[i:], '<')
		if k < 0 {
			break
		}
		at := i + k
		rest := doc[at:]
		// CDATA sections and comments hold tags as text.
		if skip, ok := skipText(rest); ok {
			if skip < 0 {
				break
			}
			i = at + skip
			continue
		}
		end := bytes.IndexByte(rest, '>')
		if end < 0 {
			break
		}
		t := rest[:end+1]
		i = at + end + 1
		switch {
		case len(t) < 3 || t[1] == '?' || t[1] == '!': // a declaration
		case t[1] == '/':
			depth = max(depth-1, 0)
		case bytes.HasSuffix(t, []byte("/>")):
		case bytes.HasPrefix(t, []byte("<entry>")) || bytes.HasPrefix(t, []byte("<entry ")):
			depth = 1
		case depth == 1 && isEscapedHTMLContent(t, doc[i:]):
			q := at + len("<content type=") // the opening quote
			parts = append(parts, bytes.NewReader(doc[last:q+1]), strings.NewReader("text/html"))
			last = q + 5
			depth++
		case depth > 0:
			depth++
		}
	}
	if parts == nil {
		return bytes.NewReader(doc)
	}
	return io.MultiReader(append(parts, bytes.NewReader(doc[last:]))...)
}

// skipText reports whether b begins a CDATA section or comment, and how far
// on it ends (-1: never).
func skipText(b []byte) (int, bool) {
	for _, m := range [][2]string{{"<![CDATA[", "]]>"}, {"<!--", "-->"}} {
		if bytes.HasPrefix(b, []byte(m[0])) {
			e := bytes.Index(b[len(m[0]):], []byte(m[1]))
			if e < 0 {
				return -1, true
			}
			return len(m[0]) + e + len(m[1]), true
		}
	}
	return 0, false
}

// isEscapedHTMLContent says whether tag is exactly <content type="html"> (or
// with single quotes) and the text after it begins as escaped HTML does.
func isEscapedHTMLContent(tag, after []byte) bool {
	if string(tag) != `<content type="html">` && string(tag) != `<content type='html'>` {
		return false
	}
	text := bytes.TrimLeft(after, " \t\r\n")
	return len(text) > 0 && text[0] != '<' // not markup, not empty
}
