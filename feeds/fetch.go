// Package feeds talks to the network: polite HTTP fetching with conditional
// GET and caps, feed parsing, discovery from site pages, OPML and the default list.
package feeds

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/http/httpproxy"
)

// Version is kolom's version, used in the default User-Agent.
var Version = "dev"

// MaxRedirects is how many redirects one fetch follows.
const MaxRedirects = 10

// Client fetches feeds and pages. Its zero value is not usable; build it with NewClient.
type Client struct {
	HTTP      *http.Client
	UserAgent string
	MaxBytes  int64         // cap on the decompressed body
	Timeout   time.Duration // per fetch, covering the whole body
}

// NewClient returns a Client with kolom's defaults for any zero argument.
func NewClient(userAgent string, maxBytes int64, timeout time.Duration) *Client {
	if userAgent == "" {
		userAgent = "kolom/" + Version
	}
	if maxBytes <= 0 {
		maxBytes = 20 << 20
	}
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 4
	tr.ResponseHeaderTimeout = timeout
	return &Client{
		HTTP:      &http.Client{Transport: tr},
		UserAgent: userAgent,
		MaxBytes:  maxBytes,
		Timeout:   timeout,
	}
}

// Request is one conditional fetch.
type Request struct {
	URL          string
	ETag         string
	LastModified string
	Accept       string // defaults to feed types
	// A feed's own: its User-Agent (else the client's), extra headers (a
	// cookie, a token) and basic-auth login. Headers and login go only to
	// the feed's own host: a redirect elsewhere drops them.
	UserAgent      string
	Header         http.Header
	User, Password string
	// Deferred keeps a gzip-compressed answer compressed until
	// Response.Decompress: a refresh holds fetched feeds while they wait
	// for a parser, and compressed they take a fraction of the memory.
	Deferred bool
}

// Response is what a fetch brought back.
type Response struct {
	URL          string // where the body came from, after redirects
	MovedTo      string // set when every redirect on the way was permanent (301/308)
	NotModified  bool   // 304: nothing to do
	ETag         string
	LastModified string
	ContentType  string
	// ContentLocation is the Content-Location header: where the body says
	// it lives, the base for its relative links (see Base).
	ContentLocation string
	Body            []byte
	// packed is a gzip body Decompress has still to undo (Request.Deferred);
	// asked and limit are for its errors.
	packed []byte
	asked  string
	limit  int64
	// MaxAge is the server's Cache-Control max-age: how long it asks
	// clients not to fetch again (0: no wish).
	MaxAge time.Duration
}

// Base is the address relative links in the body are resolved against:
// the Content-Location the server names, as RFC 2616 defined it and
// feedparser still reads it, else where the body came from.
func (r *Response) Base() string {
	if r.ContentLocation != "" {
		if b := resolve(r.URL, r.ContentLocation); b != "" {
			return b
		}
	}
	return r.URL
}

// StatusError is an HTTP answer other than 2xx or 304.
type StatusError struct {
	URL    string
	Code   int
	Status string
	Wall   string // non-empty when the body is a consent wall or bot check
	// RetryAfter is when a 429 or 503 asked to be tried again (Retry-After);
	// zero when it did not say.
	RetryAfter time.Time
}

func (e *StatusError) Error() string {
	if e.Wall != "" {
		return fmt.Sprintf("%s: HTTP %s: %s", e.URL, e.Status, e.Wall)
	}
	if !e.RetryAfter.IsZero() {
		return fmt.Sprintf("%s: HTTP %s (the server asks kolom to wait until %s; a refresh before then skips it, `kolom refresh FEED` tries anyway)",
			e.URL, e.Status, e.RetryAfter.Local().Format("Mon 2 Jan 15:04"))
	}
	if e.Code == http.StatusNotModified {
		return fmt.Sprintf("%s: HTTP %s to a request that asked for nothing to compare with (a server error: try again later, or tell the site)", e.URL, e.Status)
	}
	return fmt.Sprintf("%s: HTTP %s", e.URL, e.Status)
}

// Advice is what a person can do about an HTTP status, for a feed or for a
// web page: a page that is gone is not a feed to remove.
func (e *StatusError) Advice(page bool) string { return adviceText[e.AdviceKey(page)] }

// AdviceKey names the advice Advice gives ("" for none), for a caller that
// says it in another language.
func (e *StatusError) AdviceKey(page bool) string {
	switch code := e.Code; {
	case e.Wall != "" || !e.RetryAfter.IsZero() || code == http.StatusNotModified:
		return "" // the message says it already
	case (code == 404 || code == 410) && page:
		return "page_gone"
	case code == 404 || code == 410:
		return "feed_gone"
	case (code == 401 || code == 403) && page:
		return "page_refused"
	case code == 401 || code == 403:
		return "feed_refused"
	case code == 429:
		return "rate"
	case code >= 500:
		return "server"
	}
	return ""
}

var adviceText = map[string]string{
	"page_gone":    "the page is gone from the site",
	"feed_gone":    "the feed is gone: check the URL on the site, or remove the feed",
	"page_refused": "the site refuses kolom: open it in a browser (o)",
	"feed_refused": "the server refuses kolom: the feed may need a login or block feed readers",
	"rate":         "too many requests: try again later",
	"server":       "the server has a problem: try again later",
}

// retryAfter reads Retry-After: seconds or an HTTP date.
func retryAfter(h http.Header, now time.Time) time.Time {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return time.Time{}
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return time.Time{}
		}
		return now.Add(seconds(n))
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		if limit := now.Add(MaxWait); t.After(limit) {
			return limit
		}
		return t
	}
	return time.Time{}
}

// MaxWait caps how long a server can make kolom wait (Retry-After, max-age).
const MaxWait = 24 * time.Hour

// seconds is a server's number of seconds as a wait, at most MaxWait (and
// without overflowing on a huge number).
func seconds(n int64) time.Duration {
	return time.Duration(min(n, int64(MaxWait/time.Second))) * time.Second
}

// maxAge reads Cache-Control max-age; no-cache and no-store ask for none.
func maxAge(h http.Header) time.Duration {
	var age time.Duration
	for _, d := range strings.Split(h.Get("Cache-Control"), ",") {
		d = strings.ToLower(strings.TrimSpace(d))
		switch {
		case d == "no-cache" || d == "no-store":
			return 0
		case strings.HasPrefix(d, "max-age="):
			if n, err := strconv.ParseInt(strings.Trim(d[len("max-age="):], `"`), 10, 64); err == nil && n > 0 {
				age = seconds(n)
			}
		}
	}
	return age
}

// ErrTooLarge is returned when a body exceeds Client.MaxBytes.
var ErrTooLarge = errors.New("body too large")

// Kinds of failure a fetch error can be told apart by (errors.Is), whatever
// its words.
var (
	ErrTimeout     = errors.New("no answer in time")
	ErrUnreachable = errors.New("server unreachable")
)

// Fetch performs one GET with the validators in req. A 304 is a success with
// NotModified set. Errors name the URL and say what to do.
func (c *Client) Fetch(ctx context.Context, req Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, problem("not_http", nil, "{URL}: not an http or https URL", "URL", req.URL)
	}
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()

	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, req.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", req.URL, err)
	}
	hreq.Header.Set("User-Agent", c.UserAgent)
	if req.UserAgent != "" {
		hreq.Header.Set("User-Agent", req.UserAgent)
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			hreq.Header.Add(k, v)
		}
	}
	if req.User != "" {
		hreq.SetBasicAuth(req.User, req.Password)
	}
	accept := req.Accept
	if accept == "" {
		accept = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
	}
	hreq.Header.Set("Accept", accept)
	// Asked for here, not by the transport, so that the body can wait
	// compressed (Deferred) and is undone into a buffer of its own size.
	hreq.Header.Set("Accept-Encoding", "gzip")
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}

	var moved string
	permanent := true
	client := *c.HTTP
	client.CheckRedirect = func(r *http.Request, via []*http.Request) error {
		if len(via) > MaxRedirects {
			return fmt.Errorf("more than %d redirects (a redirect loop?)", MaxRedirects)
		}
		if r.URL.Host != u.Host {
			// The feed's secrets are for its own host.
			for k := range req.Header {
				r.Header.Del(k)
			}
			r.Header.Del("Authorization")
		}
		code := r.Response.StatusCode
		if permanent && (code == http.StatusMovedPermanently || code == http.StatusPermanentRedirect) {
			moved = r.URL.String()
		} else {
			permanent = false
		}
		// The validators we hold came from the end of this same chain, so they
		// travel with it (net/http copies the headers).
		return nil
	}

	// When the deadline passes or the caller cancels, the transport closes
	// the connection and a read can fail with that ("use of closed network
	// connection") before it sees the context: the context says what happened.
	netErr := func(err error) error {
		if cerr := ctx.Err(); cerr != nil {
			err = cerr
		}
		return describeNetError(req.URL, err, c.Timeout)
	}
	resp, err := client.Do(hreq)
	if err != nil {
		return nil, netErr(err)
	}
	defer resp.Body.Close()

	out := &Response{
		URL:             resp.Request.URL.String(),
		MovedTo:         moved,
		ETag:            resp.Header.Get("ETag"),
		LastModified:    resp.Header.Get("Last-Modified"),
		ContentType:     resp.Header.Get("Content-Type"),
		MaxAge:          maxAge(resp.Header),
		ContentLocation: resp.Header.Get("Content-Location"),
	}
	if resp.StatusCode == http.StatusNotModified {
		if req.ETag == "" && req.LastModified == "" {
			// Nothing was asked to be compared with: the server is wrong, and
			// taking it at its word would show "not modified" forever.
			return nil, &StatusError{URL: req.URL, Code: resp.StatusCode, Status: resp.Status}
		}
		out.NotModified = true
		return out, nil
	}
	body, err := c.readBody(resp.Body, resp.ContentLength)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, tooLarge(req.URL, c.MaxBytes)
		}
		return nil, netErr(err)
	}
	out.asked, out.limit = req.URL, c.MaxBytes
	if isGzip(body) {
		out.packed = body
	} else {
		out.Body = body
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		_ = out.Decompress() // read for a wall only: the status is the error
		se := &StatusError{URL: req.URL, Code: resp.StatusCode, Status: resp.Status}
		se.Wall = DetectWall(out.URL, resp.StatusCode, resp.Header, out.Body)
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			se.RetryAfter = retryAfter(resp.Header, time.Now())
		}
		out.Body = nil
		return out, se
	}
	if !req.Deferred {
		if err := out.Decompress(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func tooLarge(u string, limit int64) error {
	return problem("too_large", ErrTooLarge, "{URL}: the answer is larger than {Size}; raise max_feed_bytes in the config if it is real", "URL", u, "Size", sizeText(limit))
}

func brokenGzip(u string, err error) error {
	return problem("broken_gzip", nil, "{URL}: the server sent a compressed answer that does not unpack ({Why}); try again later, and tell the site if it stays", "URL", u, "Why", err)
}

// readBody reads at most MaxBytes of the body as it came (gzip stays
// compressed: see Decompress).
func (c *Client) readBody(r io.Reader, size int64) ([]byte, error) {
	var buf bytes.Buffer
	if size > 0 && size <= c.MaxBytes { // one allocation instead of doubling
		buf.Grow(int(size) + bytes.MinRead)
	}
	n, err := io.Copy(&buf, io.LimitReader(r, c.MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if n > c.MaxBytes {
		return nil, ErrTooLarge
	}
	return buf.Bytes(), nil
}

// isGzip says whether b is gzip data: what the Content-Encoding said, or a
// body that is gzip without saying so.
func isGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

// Decompress undoes a body Request.Deferred kept compressed, at most the
// client's MaxBytes of it; a body that was not compressed is left as it is.
func (r *Response) Decompress() error {
	packed := r.packed
	if packed == nil {
		return nil
	}
	r.packed = nil
	zr, err := gzip.NewReader(bytes.NewReader(packed))
	if err != nil {
		return brokenGzip(r.asked, err)
	}
	var buf bytes.Buffer
	// The trailer says the size (of the last member, modulo 4 GiB): a
	// hint, trusted only as far as the cap.
	if len(packed) >= 18 {
		if size := int64(binary.LittleEndian.Uint32(packed[len(packed)-4:])); size > 0 && size <= r.limit {
			buf.Grow(int(size) + bytes.MinRead)
		}
	}
	n, err := io.Copy(&buf, io.LimitReader(zr, r.limit+1))
	if err != nil {
		return brokenGzip(r.asked, err)
	}
	if n > r.limit {
		return tooLarge(r.asked, r.limit)
	}
	r.Body = buf.Bytes()
	return nil
}

func sizeText(n int64) string {
	switch {
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// describeNetError turns transport errors into one line a person can act on.
func describeNetError(rawURL string, err error, timeout time.Duration) error {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return problem("timeout", ErrTimeout, "{URL}: no complete answer within {Timeout}; the server is slow or down, try again later or raise timeout in the config", "URL", rawURL, "Timeout", timeout)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("%s: %w", rawURL, context.Canceled)
	case strings.Contains(err.Error(), "proxyconnect"):
		proxy := "the proxy"
		if u, uerr := url.Parse(rawURL); uerr == nil {
			if p, perr := httpproxy.FromEnvironment().ProxyFunc()(u); perr == nil && p != nil {
				proxy = "the proxy " + p.Redacted()
			}
		}
		return problem("proxy", ErrUnreachable, "{URL}: {Proxy} (set by HTTPS_PROXY or HTTP_PROXY) does not answer ({Why}); check that it runs, or unset the variable to connect directly",
			"URL", rawURL, "Proxy", proxy, "Why", rootCause(err))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return problem("closed_early", nil, "{URL}: the server closed the connection before the whole feed arrived; try again later", "URL", rawURL)
	case errors.As(err, &dnsErr):
		return problem("unknown_host", ErrUnreachable, "{URL}: unknown host {Host}; check the address and your connection", "URL", rawURL, "Host", dnsErr.Name)
	case strings.Contains(err.Error(), "redirects"):
		return problem("redirects", nil, "{URL}: more than {Max} redirects (a redirect loop?); open the address in a browser to find the feed's real URL", "URL", rawURL, "Max", MaxRedirects)
	case strings.Contains(err.Error(), "tls: ") || strings.Contains(err.Error(), "x509: "):
		return problem("tls", nil, "{URL}: the secure connection failed ({Why}); check the address, or try http:// if the site has no https", "URL", rawURL, "Why", tlsReason(err))
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return problem("cannot_connect", ErrUnreachable, "{URL}: cannot connect ({Why}); check the address and your connection", "URL", rawURL, "Why", opErr.Err)
	}
	return fmt.Errorf("%s: %w", rawURL, err)
}

// rootCause is the last part of a chain of wrapped error messages
// ("connect: connection refused").
func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// tlsReason is the TLS part of an error, without Go's "Get URL:" prefix.
func tlsReason(err error) string {
	msg := err.Error()
	for _, p := range []string{"tls: ", "x509: "} {
		if i := strings.Index(msg, p); i >= 0 {
			return msg[i:]
		}
	}
	return msg
}

func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}
