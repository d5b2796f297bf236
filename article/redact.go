package article

// userinfoPassword finds the password of a URL written in text:
// scheme://user:password@host. A password may hold "@": the authority ends
// at its last one, as net/url reads it.
var userinfoPassword = lazy(`(?i)\b([a-z][a-z0-9+.-]*://[^/?#@\s:"']*):[^/?#\s"']*@`)

// RedactURLs replaces the password of every URL in s by ***, so that a feed
// address with credentials can be shown, logged or shared:
// "https://jan:geheim@x.nl/feed" becomes "https://jan:***@x.nl/feed".
func RedactURLs(s string) string {
	if !containsScheme(s) {
		return s
	}
	return userinfoPassword.ReplaceAllString(s, "$1:***@")
}

// containsScheme is the fast path: most text has no URL with user info.
func containsScheme(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if s[i] == ':' && s[i+1] == '/' && s[i+2] == '/' {
			return true
		}
	}
	return false
}
