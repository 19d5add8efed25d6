package version

import (
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	stamped := &debug.BuildInfo{
		GoVersion: "go1.26.0",
		Main:      debug.Module{Version: "v1.4.0"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	devel := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}}
	tests := []struct {
		name             string
		ldVer, ldCommit  string
		bi               *debug.BuildInfo
		version, commit  string
		short, userAgent string
	}{
		{"ldflags win", "1.5.0", "feedfacecafebeef00", stamped, "1.5.0", "feedfacecafebeef00", "feedfacecafe-dirty",
			"DiscordBot (https://github.com/backend-tip/backend-tip, 1.5.0) backend-tip/1.5.0"},
		{"module version and vcs stamp", "", "", stamped, "v1.4.0", "0123456789abcdef0123", "0123456789ab-dirty",
			"DiscordBot (https://github.com/backend-tip/backend-tip, 1.4.0) backend-tip/1.4.0"},
		{"devel build", "", "", devel, "dev", "unknown", "unknown",
			"DiscordBot (https://github.com/backend-tip/backend-tip, dev) backend-tip/dev"},
		{"no build info", "", "", nil, "dev", "unknown", "unknown",
			"DiscordBot (https://github.com/backend-tip/backend-tip, dev) backend-tip/dev"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resolve(tt.ldVer, tt.ldCommit, tt.bi)
			if got.Version != tt.version || got.Commit != tt.commit || got.ShortCommit() != tt.short {
				t.Errorf("resolve = %+v (short %q), want version %q commit %q short %q", got, got.ShortCommit(), tt.version, tt.commit, tt.short)
			}
			if ua := got.UserAgent(); ua != tt.userAgent {
				t.Errorf("UserAgent = %q, want %q", ua, tt.userAgent)
			}
			if s := got.String(); !strings.HasPrefix(s, "backend-tip "+tt.version+" (commit "+tt.short+", ") {
				t.Errorf("String = %q", s)
			}
		})
	}
}

func TestTransportSetsUserAgent(t *testing.T) {
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Get("User-Agent")
	}))
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
	req.Header.Set("User-Agent", "Go-http-client/1.1 sdk-default")
	resp, err := (&http.Client{Transport: Transport(nil, "backend-tip/test")}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ua := <-got; ua != "backend-tip/test" {
		t.Errorf("server saw User-Agent %q, want backend-tip/test", ua)
	}
	if ua := req.Header.Get("User-Agent"); ua != "Go-http-client/1.1 sdk-default" {
		t.Errorf("the caller's request was modified: %q", ua)
	}
}
