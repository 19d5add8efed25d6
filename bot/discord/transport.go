package discord

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// DefaultAPIURL is the REST base the adapter talks to when none is set.
const DefaultAPIURL = "https://discord.com/api/v10/"

// rewriteTransport sends discordgo's REST calls (always built against
// https://discord.com/api/vN/) to another base URL. It lets tests and proxies
// redirect the SDK without touching its package-level endpoint variables.
type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

func newRewriteTransport(apiURL string, next http.RoundTripper) (*rewriteTransport, error) {
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	u, err := url.Parse(apiURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("discord api url %q is not an absolute URL", apiURL)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	if next == nil {
		next = http.DefaultTransport
	}
	return &rewriteTransport{base: u, next: next}, nil
}

// RoundTrip rewrites https://discord.com/api/vN/rest to base/rest.
func (t *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rest, ok := apiRest(req.URL)
	if !ok {
		return t.next.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	u := *t.base
	u.Path = t.base.Path + rest
	u.RawPath = ""
	u.RawQuery = req.URL.RawQuery
	out.URL = &u
	out.Host = ""
	return t.next.RoundTrip(out)
}

// apiRest returns the part of a discord.com API URL after /api/vN.
func apiRest(u *url.URL) (string, bool) {
	if !strings.EqualFold(u.Host, "discord.com") || !strings.HasPrefix(u.Path, "/api/v") {
		return "", false
	}
	p := strings.TrimPrefix(u.Path, "/api/v")
	i := strings.IndexByte(p, '/')
	if i < 0 {
		return "", false
	}
	return p[i:], true
}
