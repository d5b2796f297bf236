package library

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kolom/kolom/article"
	"github.com/kolom/kolom/config"
	"github.com/kolom/kolom/feeds"
	"github.com/kolom/kolom/store"

	"github.com/kolom/kolom/lang"
)

// A feed's own settings: what is not set follows the config. They apply
// to what kolom fetches itself (with a feed server, the server fetches).
// The values of its request headers are secrets: kept in
// credentials.toml, never in the library, never printed; the library
// keeps their names.

// FeedSettings are a feed's own settings.
type FeedSettings struct {
	FullText        string   `json:"full_text,omitempty"`        // auto, always or off; "" the config's
	UserAgent       string   `json:"user_agent,omitempty"`       // "" kolom's
	Interval        string   `json:"interval,omitempty"`         // the least time between refreshes ("6h"); "" none
	AuthUser        string   `json:"auth_user,omitempty"`        // basic-auth login
	PasswordCommand []string `json:"password_command,omitempty"` // prints its password (argv, no shell)
	Headers         []string `json:"headers,omitempty"`          // names of the extra request headers
}

// SettingKeys are the settings `kolom set` knows, in the order shown.
var SettingKeys = []string{"full_text", "user_agent", "interval", "auth_user", "password_command", "header"}

// Settings reads a feed's own settings.
func Settings(f Feed) FeedSettings {
	var s FeedSettings
	if f.Settings != "" {
		_ = json.Unmarshal([]byte(f.Settings), &s) // unreadable: none
	}
	return s
}

// IntervalOf is a feed's refresh interval (0: none).
func (s FeedSettings) IntervalOf() time.Duration {
	d, _ := parseInterval(s.Interval)
	return d
}

// parseInterval reads "30m", "6h", "1d" (days too: a feed is refreshed
// daily or weekly more often than hourly).
func parseInterval(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil {
			return 0, lang.E("settings.interval_days", "Value", strconv.Quote(v))
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, lang.E("settings.interval_form", "Value", strconv.Quote(v))
	}
	return d, nil
}

// Setting is one `key=value` of kolom set.
type Setting struct{ Key, Value string }

// ParseSetting reads "key=value".
func ParseSetting(arg string) (Setting, error) {
	k, v, ok := strings.Cut(arg, "=")
	k = strings.TrimSpace(k)
	if !ok || k == "" {
		return Setting{}, lang.E("settings.form", "Arg", strconv.Quote(arg), "Keys", strings.Join(SettingKeys, ", "))
	}
	return Setting{k, v}, nil
}

// headers a feed may not set: kolom's own, or what would break a fetch.
var reservedHeaders = []string{"Host", "Content-Length", "Transfer-Encoding", "Connection", "Accept-Encoding",
	"If-None-Match", "If-Modified-Since", "Authorization", "User-Agent"}

// SetFeed changes a feed's own settings. Everything is checked first:
// one bad value changes nothing.
func (l *Library) SetFeed(ctx context.Context, ref string, changes []Setting) (_ Feed, err error) {
	defer func() { err = walled(err) }()
	f, err := l.FindFeed(ctx, ref)
	if err != nil {
		return f, err
	}
	if store.IsMailFeed(f.URL) {
		return f, lang.E("settings.newsletter")
	}
	s := Settings(f)
	credentials := l.paths.CredentialsFile()
	host := hostOf(f.URL)
	headers, err := config.ReadFeedHeaders(credentials, f.ID, host)
	if err != nil {
		return f, err
	}
	headers = maps.Clone(headers)
	for _, c := range changes {
		v := strings.TrimSpace(c.Value)
		switch c.Key {
		case "full_text":
			switch v {
			case "auto", "always", "off":
				s.FullText = v
			case "", "default":
				s.FullText = ""
			default:
				return f, lang.E("settings.full_text", "Value", strconv.Quote(v))
			}
		case "user_agent":
			if v != article.SafeLine(v) || utf8.RuneCountInString(v) > 200 {
				return f, lang.E("settings.user_agent")
			}
			s.UserAgent = v
		case "interval":
			if v == "default" {
				v = ""
			}
			d, err := parseInterval(v)
			if err != nil {
				return f, err
			}
			if d != 0 && (d < 5*time.Minute || d > 30*24*time.Hour) {
				return f, lang.E("settings.interval_range", "Value", v)
			}
			s.Interval = v
		case "auth_user":
			if v != article.SafeLine(v) || strings.Contains(v, ":") {
				return f, lang.E("settings.auth_user")
			}
			s.AuthUser = v
			if v == "" {
				s.PasswordCommand = nil
			}
		case "password_command":
			s.PasswordCommand = strings.Fields(v)
		case "header":
			name, value, ok := strings.Cut(c.Value, ":")
			name, value = strings.TrimSpace(name), strings.TrimSpace(value)
			if !ok || !validHeaderName(name) {
				return f, lang.E("settings.header_form")
			}
			name = http.CanonicalHeaderKey(name)
			if slices.Contains(reservedHeaders, name) {
				return f, lang.E("settings.header_own", "Name", name)
			}
			if value != article.SafeLine(value) {
				return f, lang.E("settings.header_line", "Name", name)
			}
			if value == "" {
				delete(headers, name)
			} else {
				if headers == nil {
					headers = map[string]string{}
				}
				headers[name] = value
			}
		default:
			return f, lang.E("settings.none", "Key", strconv.Quote(c.Key), "Keys", strings.Join(SettingKeys, ", "))
		}
	}
	if len(s.PasswordCommand) > 0 && s.AuthUser == "" {
		return f, lang.E("settings.password_needs_user")
	}
	s.Headers = nil
	for name := range headers {
		s.Headers = append(s.Headers, name)
	}
	slices.Sort(s.Headers)
	b, err := json.Marshal(s)
	if err != nil {
		return f, err
	}
	if string(b) == "{}" {
		b = nil
	}
	// The secrets first: a library that names a header its credentials do
	// not hold would fetch without it and not say why.
	if err := config.WriteFeedHeaders(credentials, f.ID, host, headers); err != nil {
		return f, err
	}
	if err := l.store.SetFeedSettings(ctx, f.ID, string(b)); err != nil {
		return f, err
	}
	f.Settings = string(b)
	return f, nil
}

func hostOf(link string) string {
	if u, err := url.Parse(link); err == nil {
		return strings.ToLower(u.Host)
	}
	return ""
}

func validHeaderName(n string) bool {
	if n == "" {
		return false
	}
	for _, r := range n {
		if r > 0x7e || r <= ' ' || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r) {
			return false
		}
	}
	return true
}

// request is the fetch of a feed with its own settings: user agent,
// headers (from credentials.toml), login (the password asked of its
// command).
func (l *Library) request(ctx context.Context, f Feed) (feeds.Request, error) {
	req := feeds.Request{URL: f.URL, ETag: f.ETag, LastModified: f.LastModified}
	if f.Settings == "" {
		return req, nil
	}
	s := Settings(f)
	req.UserAgent = s.UserAgent
	if len(s.Headers) > 0 {
		hs, err := config.ReadFeedHeaders(l.paths.CredentialsFile(), f.ID, hostOf(f.URL))
		if err != nil {
			return req, err
		}
		if len(hs) < len(s.Headers) {
			return req, lang.E("settings.headers_lost", "Feed", FeedName(f), "Host", hostOf(f.URL), "ID", f.ID)
		}
		req.Header = http.Header{}
		for k, v := range hs {
			req.Header.Set(k, v)
		}
	}
	if s.AuthUser != "" {
		req.User = s.AuthUser
		if len(s.PasswordCommand) > 0 {
			pw, err := passwordFrom(ctx, s.PasswordCommand)
			if err != nil {
				return req, err
			}
			req.Password = pw
		}
	}
	return req, nil
}

// forPage is a feed's request settings for a page of its site: the user
// agent always, the headers and login only on the feed's own host.
func forPage(feedReq feeds.Request, link string) feeds.Request {
	req := feeds.Request{URL: link, UserAgent: feedReq.UserAgent}
	fu, err1 := url.Parse(feedReq.URL)
	pu, err2 := url.Parse(link)
	if err1 == nil && err2 == nil && strings.EqualFold(fu.Host, pu.Host) {
		req.Header, req.User, req.Password = feedReq.Header, feedReq.User, feedReq.Password
	}
	return req
}
