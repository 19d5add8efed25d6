package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/config"
)

func TestHealthURL(t *testing.T) {
	tests := []struct {
		addr, want string
		wantErr    bool
	}{
		{addr: ":8080", want: "http://127.0.0.1:8080/healthz"},
		{addr: "0.0.0.0:9000", want: "http://127.0.0.1:9000/healthz"},
		{addr: "[::]:8081", want: "http://127.0.0.1:8081/healthz"},
		{addr: "8080", wantErr: true},
		{addr: ":0", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			got, err := healthURL(tt.addr, "/healthz")
			if (err != nil) != tt.wantErr {
				t.Fatalf("healthURL(%q) err = %v, wantErr %v", tt.addr, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("healthURL(%q) = %q, want %q", tt.addr, got, tt.want)
			}
		})
	}
}

func TestHealthcheckCommand(t *testing.T) {
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "not ready", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))

	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, deadPort, _ := net.SplitHostPort(closed.Addr().String())
	closed.Close()

	tests := []struct {
		name string
		port string
		args []string
		want int
	}{
		{"healthy", port, nil, exitOK},
		{"not ready", port, []string{"-path", "/readyz"}, exitError},
		{"nothing listening", deadPort, nil, exitError},
		// /slow never answers: only the -timeout flag ends this probe.
		{"times out", port, []string{"-path", "/slow", "-timeout", "200ms"}, exitError},
		{"bad flag", port, []string{"-nope"}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			lookup := config.MapLookup(map[string]string{"BACKEND_TIP_HTTP_ADDR": ":" + tt.port})
			code := run(context.Background(), append([]string{"healthcheck"}, tt.args...), strings.NewReader(""), &stdout, &stderr, lookup)
			if code != tt.want {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.want, stderr.String())
			}
			if code == exitOK && strings.TrimSpace(stdout.String()) != "ok" {
				t.Errorf("stdout = %q, want ok", stdout.String())
			}
			if code == exitError && stderr.Len() == 0 {
				t.Error("failure without a message on stderr")
			}
		})
	}
}
