package feeds

import (
	"io"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
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
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return body
	}
	return out
}
