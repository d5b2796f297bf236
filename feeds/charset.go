package feeds

import (
	"io"

	"golang.org/x/net/html/charset"
)

// charsetReader lets encoding/xml read documents that declare a legacy encoding.
func charsetReader(label string, input io.Reader) (io.Reader, error) {
	return charset.NewReaderLabel(label, input)
}
