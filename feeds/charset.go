package feeds

import (
	"bytes"
	"io"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/wlynxg/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode/utf32"
)

// charsetReader lets encoding/xml read documents that declare a legacy encoding.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	return charset.NewReaderLabel(label, input)
}

// PageUTF8 is a web page's body as UTF-8, its encoding decided as a browser
// decides it: a byte order mark, the charset of the Content-Type header,
// then a <meta> charset in the first 1024 bytes or a guess — where the whole
// page is valid UTF-8 it is UTF-8 (text in a legacy encoding almost never
// is, and pages declaring latin-1 while sending UTF-8 are common), else
// what the meta says, else windows-1252.
func PageUTF8(body []byte, contentType string) []byte {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	if name == "utf-8" || enc == nil || !certain && utf8.Valid(body) {
		return body
	}
	if !certain {
		enc = guessEncoding(body)
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return body
	}
	return out
}

// feedUTF8 is a feed document as UTF-8, its encoding decided in the order
// the XML specification and RFC 7303 give: a byte order mark, the
// charset of the HTTP Content-Type, the XML declaration, then the shape of
// the first bytes (UTF-16/32 without a mark) — and where nothing says,
// UTF-8 when the bytes are UTF-8, else windows-1252, the usual legacy
// encoding of Dutch sites. The declaration is rewritten to say utf-8, so
// the XML parser does not decode a second time. Bytes the encoding does
// not allow become U+FFFD instead of failing the whole feed.
func feedUTF8(b []byte, contentType string) []byte {
	label, skip := bomLabel(b)
	if label == "" {
		if _, params, err := mime.ParseMediaType(contentType); err == nil {
			label = strings.TrimSpace(params["charset"])
		}
	}
	if label == "" {
		label = sniffUTF16(b)
	}
	declared := ""
	if m := xmlDeclEncoding.FindSubmatch(asciiHead(b[skip:], label)); m != nil {
		declared = string(m[2])
	}
	if label == "" {
		label = declared
	}
	// "UTF-16" said of bytes that start "<?xml" in ASCII is a wrong label
	// (a template copied, a server's default): without a mark and without
	// the zero bytes, it is not UTF-16.
	if skip == 0 && isWideLabel(label) && sniffUTF16(b) == "" {
		label = ""
	}
	body := b[skip:]
	var out []byte
	switch enc := lookupEncoding(label, b); {
	case label == "" || enc == nil || isUTF8Label(label):
		if utf8.Valid(body) {
			out = body
		} else if label == "" && declared == "" {
			out = decodeWith(guessEncoding(body), body)
		} else {
			out = bytes.ToValidUTF8(body, []byte("\uFFFD"))
		}
	default:
		out = decodeWith(enc, body)
	}
	if declared != "" && !isUTF8Label(declared) {
		out = xmlDeclEncoding.ReplaceAll(out, []byte(`${1}utf-8${3}`))
	}
	return demoronize(out)
}

// demoronize turns C1 controls (U+0080–U+009F) into the windows-1252
// characters they were meant as: a CMS that copied windows-1252 bytes
// into UTF-8 as if they were Latin-1 writes "don\u0092t" for "don’t". No
// feed means a real C1 control (the terminal wall would remove it).
func demoronize(b []byte) []byte {
	i := bytes.IndexByte(b, 0xC2)
	for i >= 0 && i+1 < len(b) && (b[i+1] < 0x80 || b[i+1] > 0x9F) {
		j := bytes.IndexByte(b[i+1:], 0xC2)
		if j < 0 {
			return b
		}
		i += 1 + j
	}
	if i < 0 || i+1 >= len(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r >= 0x80 && r <= 0x9F {
			if m := charmap.Windows1252.DecodeByte(byte(r)); m > 0x9F {
				out = utf8.AppendRune(out, m)
				b = b[n:]
				continue
			}
		}
		out = append(out, b[:n]...)
		b = b[n:]
	}
	return out
}

var xmlDeclEncoding = regexp.MustCompile(`^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])`)

// lookupEncoding finds an encoding by its label; the web's table lacks
// UTF-32, which XML has.
func lookupEncoding(label string, b []byte) encoding.Encoding {
	switch l := strings.ToLower(label); l {
	case "utf-32be", "ucs-4be":
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM)
	case "utf-32le", "ucs-4le":
		return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM)
	case "utf-32", "ucs-4":
		if sniffUTF16(b) == "utf-32le" {
			return utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM)
		}
		return utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM)
	case "utf-16":
		if sniffUTF16(b) == "utf-16be" {
			label = "utf-16be"
		}
	}
	enc, _ := charset.Lookup(label)
	return enc
}

func isWideLabel(l string) bool {
	l = strings.ToLower(l)
	return strings.HasPrefix(l, "utf-16") || strings.HasPrefix(l, "utf-32") || strings.HasPrefix(l, "ucs-")
}

func isUTF8Label(l string) bool {
	l = strings.ToLower(l)
	return l == "utf-8" || l == "utf8"
}

// bomLabel names the encoding a byte order mark announces, and its length.
func bomLabel(b []byte) (string, int) {
	switch {
	case bytes.HasPrefix(b, []byte{0x00, 0x00, 0xFE, 0xFF}):
		return "utf-32be", 4
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE, 0x00, 0x00}):
		return "utf-32le", 4
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return "utf-8", 3
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return "utf-16be", 2
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return "utf-16le", 2
	}
	return "", 0
}

// sniffUTF16 recognises "<?" written in UTF-16 or UTF-32 without a mark
// (XML 1.0, appendix F).
func sniffUTF16(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0, 0, 0, '<'}):
		return "utf-32be"
	case bytes.HasPrefix(b, []byte{'<', 0, 0, 0}):
		return "utf-32le"
	case bytes.HasPrefix(b, []byte{0, '<', 0, '?'}):
		return "utf-16be"
	case bytes.HasPrefix(b, []byte{'<', 0, '?', 0}):
		return "utf-16le"
	}
	return ""
}

// asciiHead is the start of the document as ASCII, to read its XML
// declaration: UTF-16 and UTF-32 lose their zero bytes.
func asciiHead(b []byte, label string) []byte {
	head := b[:min(len(b), 512)]
	if strings.HasPrefix(strings.ToLower(label), "utf-16") || strings.HasPrefix(strings.ToLower(label), "utf-32") {
		head = bytes.ReplaceAll(head, []byte{0}, nil)
	}
	return head
}

// guessEncoding is the legacy encoding of bytes nothing labels, by the
// statistics of the text (the universal detector browsers and feedparser
// use); windows-1252 — Dutch sites' usual one — when it is not sure.
func guessEncoding(b []byte) encoding.Encoding {
	r := chardet.Detect(b[:min(len(b), 64<<10)])
	if r.Confidence >= 0.5 {
		if enc, _ := charset.Lookup(r.Encoding); enc != nil {
			return enc
		}
	}
	return charmap.Windows1252
}

func decodeWith(enc encoding.Encoding, b []byte) []byte {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	return out
}
