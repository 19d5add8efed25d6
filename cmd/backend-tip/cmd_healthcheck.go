package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// runHealthcheck probes /healthz of the bot running in this container, so
// images without a shell or curl can still have a HEALTHCHECK. It exits 0
// when the bot answers 200 within the timeout, else 1.
func runHealthcheck(ctx context.Context, c *cli, args []string) int {
	fs := newFlags("healthcheck", "backend-tip healthcheck [-timeout 3s] [-path /healthz]")
	timeout := fs.Duration("timeout", 3*time.Second, "give up after this long")
	path := fs.String("path", "/healthz", "path to probe (/healthz or /readyz)")
	if _, code, ok := c.parse(fs, args, noArgs); !ok {
		return code
	}
	url, err := healthURL(c.cfg.HTTPAddr, *path)
	if err != nil {
		return c.fail("healthcheck", err)
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	if err := probe(ctx, url); err != nil {
		return c.fail("healthcheck", err)
	}
	fmt.Fprintln(c.stdout, "ok")
	return exitOK
}

// healthURL turns the listen address (":8080", "0.0.0.0:8080", "[::]:8080")
// into a loopback URL: the probe runs inside the bot's own network namespace.
func healthURL(listenAddr, path string) (string, error) {
	_, port, err := net.SplitHostPort(listenAddr)
	if err != nil || port == "" || port == "0" {
		return "", fmt.Errorf("BACKEND_TIP_HTTP_ADDR %q has no port to probe", listenAddr)
	}
	return "http://" + net.JoinHostPort("127.0.0.1", port) + path, nil
}

func probe(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("probe %s: %w", url, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("probe %s: status %d", url, resp.StatusCode)
	}
	return nil
}
