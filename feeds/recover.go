package feeds

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// closeTruncated repairs a feed that was cut off — a connection closed
// early, a generator that died, a last "</rss" without its ">": the items
// that are complete are kept, the one that was being written when the
// document ended is dropped (dropped says so), and the elements still open
// are closed. ok is false when there is nothing to repair (the document
// ends where it should, or is not XML at all).
func closeTruncated(b []byte) (_ []byte, dropped, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	type open struct {
		name  string
		start int64
	}
	var stack []open
	good := int64(0)
	for {
		before := d.InputOffset()
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, open{rawName(t.Name), before})
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
		good = d.InputOffset()
	}
	if len(stack) == 0 {
		return b, false, false
	}
	cut := good
	for i := len(stack) - 1; i >= 0; i-- {
		if l := strings.ToLower(stack[i].name[strings.IndexByte(stack[i].name, ':')+1:]); l == "item" || l == "entry" {
			cut, stack, dropped = stack[i].start, stack[:i], true
			break
		}
	}
	out := append([]byte(nil), b[:cut]...)
	for i := len(stack) - 1; i >= 0; i-- {
		out = append(out, "</"+stack[i].name+">"...)
	}
	return out, dropped, true
}

func rawName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}
