package config

import "strings"

// RedactURL returns u without what may be a credential: the user info
// (https://user:pass@host) and the query (?api-key=...), also when u does
// not parse as a URL (https//gw/v1?api-key=... has no scheme, so a parser
// would see the whole string as a path). Errors that quote a URL from the
// environment quote it through this.
func RedactURL(u string) string {
	s := u
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i] + "?[redacted]"
	}
	// User info ends at the last "@" before the first "/" after "//".
	if i := strings.Index(s, "//"); i >= 0 {
		rest := s[i+2:]
		end := strings.IndexByte(rest, '/')
		if end < 0 {
			end = len(rest)
		}
		if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
			s = s[:i+2] + "[redacted]@" + rest[at+1:]
		}
	} else if at := strings.IndexByte(s, '@'); at >= 0 {
		// No "//" (host:pass@gw): drop everything up to the "@".
		s = "[redacted]@" + s[at+1:]
	}
	return s
}
