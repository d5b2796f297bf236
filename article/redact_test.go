package article

import "testing"

func TestRedactURLs(t *testing.T) {
	for in, want := range map[string]string{
		"https://jan:geheim@x.nl/feed: HTTP 500":                  "https://jan:***@x.nl/feed: HTTP 500",
		"Get \"http://a:b@h:8080/x?y=1\": EOF; see http://c:d@e/": "Get \"http://a:***@h:8080/x?y=1\": EOF; see http://c:***@e/",
		"https://token@x.nl/feed":                                 "https://token@x.nl/feed",
		"https://x.nl/feed?mail=jan@x.nl":                         "https://x.nl/feed?mail=jan@x.nl",
		"https://x.nl/a:b@c":                                      "https://x.nl/a:b@c",
		"mailto:jan@x.nl, 12:30@kantoor":                          "mailto:jan@x.nl, 12:30@kantoor",
		"http://a:b@c:d@e/":                                       "http://a:***@e/",
		"FEED://U:P@X.NL/":                                        "FEED://U:***@X.NL/",
	} {
		if got := RedactURLs(in); got != want {
			t.Errorf("RedactURLs(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzRedactURLs(f *testing.F) {
	f.Add("https://jan:geheim@x.nl/feed")
	f.Add("http://a:b@c:d@e/")
	f.Fuzz(func(t *testing.T, s string) {
		out := RedactURLs(s)
		if RedactURLs(out) != out {
			t.Errorf("not stable: %q → %q", s, out)
		}
	})
}
