package feeds

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"strings"
)

// rssBodies reads the bodies RSS items carry in elements gofeed does not
// know: <body> (XHTML, often as xhtml:body) and <fullitem> (escaped HTML,
// from early aggregators). One string per <item>, in document order; ""
// for an item without one. Parse asks only when an item came out of gofeed
// with no text at all.
func rssBodies(doc []byte) []string {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	var (
		stack  []string
		bodies []string
		in     string // "body" or "fullitem" while inside one
		depth  int    // the stack depth of that element
		start  int64  // where its content starts
		text   strings.Builder
	)
	for {
		before := d.InputOffset()
		tok, err := d.RawToken()
		if err != nil {
			return bodies
		}
		switch t := tok.(type) {
		case xml.StartElement:
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			name := strings.ToLower(t.Name.Local)
			stack = append(stack, name)
			switch {
			case in != "":
			case name == "item":
				bodies = append(bodies, "")
			case parent == "item" && len(bodies) > 0 && bodies[len(bodies)-1] == "" && (name == "body" || name == "fullitem"):
				in, depth, start = name, len(stack), d.InputOffset()
				text.Reset()
			}
		case xml.CharData:
			if in == "fullitem" {
				text.Write(t)
			}
		case xml.EndElement:
			if in != "" && len(stack) == depth {
				if in == "body" {
					bodies[len(bodies)-1] = unprefix(string(doc[start:before]))
				} else {
					bodies[len(bodies)-1] = strings.TrimSpace(text.String())
				}
				in = ""
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

var elementPrefix = regexp.MustCompile(`<(/?)[A-Za-z_][\w.-]*:`)

// unprefix turns namespaced XHTML ("<xhtml:p>") into the HTML it is.
func unprefix(s string) string {
	if !strings.Contains(s, ":") {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(elementPrefix.ReplaceAllString(s, "<$1"))
}
