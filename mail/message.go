// Package mail reads newsletters: one e-mail message becomes what kolom
// needs of it — its sender (the feed it belongs to), subject, date, the
// HTML to read with the newsletter's wrapping taken off, its web version
// and its unsubscribe link. MIME, transfer encodings, RFC 2047 headers and
// charsets are go-message's; this package decides what a reader wants.
package mail

import (
	"errors"
	"fmt"
	"html"
	"io"
	"net/mail"
	"strings"
	"time"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // the charsets newsletters come in
	gomail "github.com/emersion/go-message/mail"
)

// Newsletter is one message as kolom reads it.
type Newsletter struct {
	MessageID   string
	FromName    string
	FromAddress string
	ListID      string // the id of List-Id ("nieuwsbrief.emerce.nl"), "" when none
	Subject     string
	Date        time.Time // zero when the message has none that parses
	HTML        string    // the message to read: its HTML part, else its text as paragraphs
	WebURL      string    // the "view in browser" address, when the message has one
	Unsubscribe string    // an http(s) List-Unsubscribe address, when there is one
	// Bulk: the message says it was sent to a list (List-Id,
	// List-Unsubscribe, List-Post, Precedence: bulk or list) — what tells a
	// newsletter from the meetings and invoices beside it.
	Bulk bool
}

// Sender is what the newsletter's feed is named by: the List-Id when the
// message has one, else the From address — and the person, when a
// platform sends for many from one address ("Pieter de Vries via
// LinkedIn" <newsletters-noreply@linkedin.com>): each writer is a feed.
func (n Newsletter) Sender() string {
	if n.ListID != "" {
		return n.ListID
	}
	addr := strings.ToLower(n.FromAddress)
	if i := strings.Index(strings.ToLower(n.FromName), " via "); i > 0 {
		who := strings.Join(strings.Fields(strings.ToLower(n.FromName[:i])), "-")
		return addr + "#" + who
	}
	return addr
}

// ErrTooLarge is returned (wrapped) for a message over the size cap.
var ErrTooLarge = errors.New("message too large")

// Read reads one message of at most maxBytes (0: no cap). A message with
// neither an HTML nor a text part is an error; broken MIME in one part
// costs that part, not the message.
func Read(r io.Reader, maxBytes int64) (Newsletter, error) {
	if maxBytes > 0 {
		r = &capped{r: r, left: maxBytes}
	}
	mr, err := gomail.CreateReader(r)
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return Newsletter{}, fmt.Errorf("read message: %w", err)
	}
	if mr == nil {
		return Newsletter{}, fmt.Errorf("read message: %w", err)
	}
	defer mr.Close()
	h := mr.Header
	n := Newsletter{}
	n.MessageID, _ = h.MessageID()
	n.Subject, _ = h.Subject()
	if n.Subject == "" {
		n.Subject = h.Get("Subject")
	}
	if d, err := h.Date(); err == nil {
		n.Date = d.UTC()
	}
	if from, err := h.AddressList("From"); err == nil && len(from) > 0 {
		n.FromName, n.FromAddress = from[0].Name, from[0].Address
	} else if a, err := mail.ParseAddress(h.Get("From")); err == nil {
		n.FromName, n.FromAddress = a.Name, a.Address
	}
	n.ListID = listID(h.Get("List-Id"))
	n.Unsubscribe = webUnsubscribe(h.Get("List-Unsubscribe"))
	prec := strings.ToLower(strings.TrimSpace(h.Get("Precedence")))
	n.Bulk = h.Has("List-Id") || h.Has("List-Unsubscribe") || h.Has("List-Post") || prec == "bulk" || prec == "list"

	var htmlPart, textPart string
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, errCapped) {
			return Newsletter{}, fmt.Errorf("%w (over %d bytes)", ErrTooLarge, maxBytes)
		}
		if err != nil {
			if message.IsUnknownCharset(err) || message.IsUnknownEncoding(err) {
				continue
			}
			break // broken MIME: keep what was read
		}
		ih, ok := p.Header.(*gomail.InlineHeader)
		if !ok {
			continue // attachments are not the newsletter
		}
		t, _, _ := ih.ContentType()
		b, err := io.ReadAll(p.Body)
		if errors.Is(err, errCapped) {
			return Newsletter{}, fmt.Errorf("%w (over %d bytes)", ErrTooLarge, maxBytes)
		}
		switch {
		case t == "text/html" && htmlPart == "":
			htmlPart = string(b)
		case t == "text/plain" && textPart == "":
			textPart = string(b)
		}
	}
	switch {
	case strings.TrimSpace(htmlPart) != "":
		n.HTML = htmlPart
	case strings.TrimSpace(textPart) != "":
		n.HTML = textAsHTML(textPart)
	default:
		return Newsletter{}, errors.New("the message has no text to read (neither an HTML nor a text part)")
	}
	n.HTML, n.WebURL = Unwrap(n.HTML)
	if strings.TrimSpace(n.HTML) == "" {
		return Newsletter{}, errors.New("the message has nothing to read once its wrapping is off")
	}
	return n, nil
}

// listID is the id inside a List-Id header: `Emerce <daily.emerce.nl>`.
func listID(v string) string {
	if i, j := strings.LastIndexByte(v, '<'), strings.LastIndexByte(v, '>'); i >= 0 && j > i {
		return strings.ToLower(strings.TrimSpace(v[i+1 : j]))
	}
	return strings.ToLower(strings.TrimSpace(v))
}

// webUnsubscribe is the first http(s) address of a List-Unsubscribe
// header (the mailto: ones are not for a reader to follow).
func webUnsubscribe(v string) string {
	for _, part := range strings.Split(v, ",") {
		u := strings.Trim(strings.TrimSpace(part), "<>")
		if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
			return u
		}
	}
	return ""
}

// textAsHTML is a text/plain newsletter as paragraphs.
func textAsHTML(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(p), "\n", "<br>") + "</p>\n")
		}
	}
	return b.String()
}

var errCapped = errors.New("over the cap")

// capped fails a read past the cap, so a 50 MB message is refused rather
// than read whole.
type capped struct {
	r    io.Reader
	left int64
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errCapped
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}
