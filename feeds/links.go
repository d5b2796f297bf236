package feeds

import (
	"strings"

	"golang.org/x/net/html"
)

// absoluteLinks makes the relative link and image addresses in feed HTML
// absolute against base (the feed's own address: that is what a relative
// link in it is relative to). Most feeds have none, and are returned as
// they are without being tokenised.
func absoluteLinks(s, base string) string {
	if base == "" || !hasRelativeRef(s) {
		return s
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	b.Grow(len(s) + 64)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return b.String()
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			b.Write(z.Raw())
			continue
		}
		raw := string(z.Raw())
		tok := z.Token()
		changed := false
		for i, a := range tok.Attr {
			if (a.Key == "href" || a.Key == "src") && isRelative(a.Val) {
				if abs := resolve(base, strings.TrimSpace(a.Val)); abs != "" {
					tok.Attr[i].Val, changed = abs, true
				}
			}
		}
		if changed {
			b.WriteString(tok.String())
		} else {
			b.WriteString(raw)
		}
	}
}

// hasRelativeRef is a quick look for href= or src= with a relative value.
func hasRelativeRef(s string) bool {
	for i := 0; ; {
		k := strings.IndexByte(s[i:], '=')
		if k < 0 {
			return false
		}
		i += k + 1
		name := strings.ToLower(s[max(0, i-5) : i-1])
		if !strings.HasSuffix(name, "href") && !strings.HasSuffix(name, "src") {
			continue
		}
		v := strings.TrimLeft(s[i:min(len(s), i+20)], `"' `)
		if isRelative(v) {
			return true
		}
	}
}

// isRelative reports whether a reference has no scheme ("/a", "b.png",
// "//cdn.x/c"); a fragment alone ("#top") stays as it is.
func isRelative(ref string) bool {
	ref = strings.TrimSpace(ref)
	if ref == "" || ref[0] == '#' {
		return false
	}
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c == ':':
			return i == 0
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return true
		}
	}
	return true
}
