package article

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafe(t *testing.T) {
	cases := map[string]string{
		"Gewone tekst, geen gedoe":                        "Gewone tekst, geen gedoe",
		"Café geïnitieerd — “quotes” €":                   "Café geïnitieerd — “quotes” €",
		"regel 1\nregel 2\tkolom":                         "regel 1\nregel 2\tkolom",
		"titel\x1b]0;owned\x07 na":                        "titel]0;owned na",
		"wis \x1b[2J scherm\r":                            "wis [2J scherm",
		"klembord \x1b]52;c;ZWNobw==\x1b\\":               "klembord ]52;c;ZWNobw==\\",
		"c1 \u009b31m csi \u0085 nel \u007f del":          "c1 31m csi  nel  del",
		"bidi \u202eesrever\u202c \u2067iso\u2069":        "bidi esrever iso",
		"ref &#27;[2J &#x1b;]0; &#X1B; &#155; &#0000027;": "ref [2J ]0;  &#8250; ",
		"goede refs &#8217; &#x20AC; &amp; &#10;":         "goede refs &#8217; &#x20AC; &amp; &#10;",
		"kapot \xff\xfe utf-8 \x9b[31m":                   "kapot  utf-8 [31m",
	}
	for in, want := range cases {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSafeLine(t *testing.T) {
	cases := map[string]string{
		"  Klant&#8217;s  reis\n begint   hier ": "Klant’s reis begint hier",
		"Q&amp;A met &lt;b&gt;de CMO&lt;/b&gt;":  "Q&A met <b>de CMO</b>",
		"escape &amp;#27;[2J verstopt":           "escape [2J verstopt",
		"tab\there":                              "tab here",
	}
	for in, want := range cases {
		if got := SafeLine(in); got != want {
			t.Errorf("SafeLine(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSafe: whatever comes in, nothing unsafe goes out, and Safe is idempotent.
func FuzzSafe(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[2J", "&#27;", "&#x9b;", "\u202e", "a&#&#27;;b", "&#1&#27;;", "\xc2\x9b",
		"<p>Zo’n “klant” &#8217;s &amp; <a title=\"&#8220;x&#8221;\">merk</a> café</p>\r\n&#8230; 3 x&#160;y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, out := range []string{Safe(in), SafeLine(in)} {
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 out of %q: %q", in, out)
			}
			for _, r := range out {
				if unsafeRune(r) {
					t.Fatalf("unsafe %U out of %q: %q", r, in, out)
				}
			}
			if m := numericRef.FindAllString(out, -1); m != nil {
				for _, ref := range m {
					if r, ok := refRune(ref); ok && unsafeRune(r) {
						t.Fatalf("reference %s out of %q: %q", ref, in, out)
					}
				}
			}
		}
		if got, n := SafeWords(in); got != Safe(in) || n != ApproxWords(in) {
			t.Fatalf("SafeWords(%q) = %q, %d; want %q, %d", in, got, n, Safe(in), ApproxWords(in))
		}
		if once := Safe(in); Safe(once) != once {
			t.Fatalf("not idempotent on %q", in)
		}
		if strings.ContainsRune(SafeLine(in), '\n') {
			t.Fatalf("SafeLine kept a newline")
		}
	})
}

// Harmless numeric references keep a text on the fast path; a reference
// to a control does not.
func TestIsSafeReadsReferences(t *testing.T) {
	for s, want := range map[string]bool{
		"de klant&#8217;s &#8220;reis&#8221;": true,
		"&#x2019; &#X2019 &#39":               true,
		"&#":                                  true,
		"&#;":                                 true,
		"escape &#27;[2J":                     false,
		"escape &#x1B;":                       false,
		"c1 &#155;":                           false,
		"&#12345678901":                       true, // out of range: kept as text, as Safe keeps it
		"café":                                true,
		"bidi \u202e":                         false,
		"\xff":                                false,
	} {
		if got := isSafe(s); got != want {
			t.Errorf("isSafe(%q) = %v", s, got)
		}
		if want && Safe(s) != s {
			t.Errorf("Safe changed %q into %q although it is safe", s, Safe(s))
		}
	}
}

// Every lazily compiled pattern compiles (a typo would panic on first use).
func TestPatternsCompile(t *testing.T) {
	if len(patterns) < 20 {
		t.Fatalf("only %d patterns registered", len(patterns))
	}
	for _, p := range patterns {
		if _, err := regexp.Compile(p.src); err != nil {
			t.Errorf("%s: %v", p.src, err)
		}
	}
}
