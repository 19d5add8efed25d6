package config

import (
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https//gw/v1?api-key=SECRETKEY", "https//gw/v1?[redacted]"},
		{"https://user:SECRETKEY@gw.example/v1", "https://[redacted]@gw.example/v1"},
		{"https://SECRETKEY@gw.example", "https://[redacted]@gw.example"},
		{"http://u:p@w@gw/v1?key=SECRETKEY#frag", "http://[redacted]@gw/v1?[redacted]"},
		{"user:SECRETKEY@gw/v1", "[redacted]@gw/v1"},
		{"http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/v1"},
		{"http://gw/v1/a@b", "http://gw/v1/a@b"}, // "@" in the path is not user info
		{"gw#SECRETKEY", "gw?[redacted]"},
	}
	for _, tt := range tests {
		if got := RedactURL(tt.in); got != tt.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A malformed URL in the environment stops start-up with the variable
// named and its credential left out.
func TestMalformedURLErrorHidesCredentials(t *testing.T) {
	for name, value := range map[string]string{
		"OPENAI_BASE_URL": "https//gw/v1?api-key=SECRETKEY",
		"SLACK_API_URL":   "//user:SECRETKEY@/api/",
		"DISCORD_API_URL": "discord.com/api?token=SECRETKEY",
	} {
		checkURLRefused(t, name, value)
	}
}

// A well-formed URL that cannot work as a base URL stops start-up too: a
// scheme the HTTP client refuses, or a query the SDK would put in the
// middle of every request path (and into every error logged about one).
func TestBaseURLMustBeHTTPWithoutQuery(t *testing.T) {
	for _, tt := range []struct{ name, value string }{
		{"OPENAI_BASE_URL", "ftp://user:SECRETKEY@gw/v1"},
		{"OPENAI_BASE_URL", "https://gw/v1?api-key=SECRETKEY"},
		{"OPENAI_BASE_URL", "https://gw/v1#SECRETKEY"},
		{"SLACK_API_URL", "https://slack.example/api/?token=SECRETKEY"},
		{"DISCORD_API_URL", "ws://discord.example/api/v10/"},
	} {
		checkURLRefused(t, tt.name, tt.value)
	}
	for _, ok := range []string{"http://127.0.0.1:11434/v1", "https://user:pw@gw.example/openai/v1"} {
		if _, err := Load(MapLookup(map[string]string{"OPENAI_BASE_URL": ok})); err != nil {
			t.Errorf("OPENAI_BASE_URL=%s: %v", ok, err)
		}
	}
}

func checkURLRefused(t *testing.T, name, value string) {
	t.Helper()
	_, err := Load(MapLookup(map[string]string{name: value}))
	if err == nil {
		t.Errorf("%s=%s: no error", name, value)
		return
	}
	if msg := err.Error(); strings.Contains(msg, "SECRETKEY") || !strings.Contains(msg, name) {
		t.Errorf("%s: error %q names the secret or not the variable", name, msg)
	}
}
