package version

import "net/http"

// Transport sets the User-Agent header on every request it carries, so a
// client built by an SDK that sets its own (or none) still names the bot.
func Transport(next http.RoundTripper, userAgent string) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return userAgentTransport{next: next, ua: userAgent}
}

type userAgentTransport struct {
	next http.RoundTripper
	ua   string
}

func (t userAgentTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// A RoundTripper must not modify the request it was given.
	r := req.Clone(req.Context())
	r.Header.Set("User-Agent", t.ua)
	return t.next.RoundTrip(r)
}
