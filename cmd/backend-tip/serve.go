package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// runServe runs every configured platform and the HTTP server until ctx ends.
func runServe(ctx context.Context, c *cli, args []string) int {
	fs := newFlags("serve", "backend-tip serve   (configured by environment variables, see README)")
	if _, code, ok := c.parse(fs, args, noArgs); !ok {
		return code
	}
	a, err := newApp(ctx, c, appOptions{withState: true, withPlatforms: true})
	if err != nil {
		fmt.Fprintf(c.stderr, "backend-tip: %v\n", err)
		return exitError
	}
	defer a.Close() // the store closes last, after platforms and answers
	if err := a.serve(ctx); err != nil {
		a.log.Error("serve stopped", "err", err)
		return exitError
	}
	return exitOK
}

// served is what serve runs: the configured platforms, the HTTP routes
// they and the probes answer on, and the shutdown flag /readyz reports.
type served struct {
	platforms map[string]bot.Platform
	routes    *http.ServeMux
	stopping  atomic.Bool
}

// wirePlatforms builds the configured platforms and mounts their routes
// beside /healthz and /readyz.
func (a *app) wirePlatforms(ctx context.Context) error {
	a.platforms = map[string]bot.Platform{}
	a.routes = http.NewServeMux()
	a.routes.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("ok\n"))
	})
	a.routes.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if problems := a.readiness(r.Context()); len(problems) > 0 {
			http.Error(w, "not ready: "+strings.Join(problems, "; "), http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ready\n"))
	})
	for _, wire := range []func(context.Context, *http.ServeMux) (bot.Platform, error){a.wireSlack, a.wireDiscord} {
		p, err := wire(ctx, a.routes)
		if err != nil {
			return err
		}
		if p != nil {
			a.platforms[p.Name()] = p
		}
	}
	return nil
}

// serve starts the platforms, the scheduler and the HTTP servers, and when
// ctx ends shuts down in order:
//  1. /readyz turns 503 and the HTTP server stops accepting (in-flight acks
//     finish);
//  2. new questions are refused and answers in flight finish, bounded by
//     BACKEND_TIP_SHUTDOWN_TIMEOUT;
//  3. platforms and the scheduler stop (their context is cancelled only
//     now, so answers above could still post) and platforms are closed;
//  4. runServe closes the store.
func (a *app) serve(ctx context.Context) error {
	// Platforms get a context that outlives the signal: they keep sending
	// the answers in flight until step 3 cancels it.
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	platforms := a.platforms

	ln, err := net.Listen("tcp", a.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on BACKEND_TIP_HTTP_ADDR %s: %w", a.cfg.HTTPAddr, err)
	}
	srv := &http.Server{
		Handler:           a.ops.metrics.InstrumentAcks(a.routes),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return runCtx },
	}
	// Metrics have their own listener: the webhook port faces the internet,
	// the metrics port only the cluster.
	metricsLn, err := net.Listen("tcp", a.cfg.MetricsAddr)
	if err != nil {
		ln.Close()
		return fmt.Errorf("listen on BACKEND_TIP_METRICS_ADDR %s: %w", a.cfg.MetricsAddr, err)
	}
	metricsMux := http.NewServeMux()
	metricsMux.Handle("GET /metrics", a.ops.metrics.Handler())
	metricsSrv := &http.Server{Handler: metricsMux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := metricsSrv.Serve(metricsLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Error("metrics listener stopped", "err", err)
		}
	}()
	defer metricsSrv.Close()
	a.log.Info("serving", "addr", ln.Addr().String(), "metrics_addr", metricsLn.Addr().String(), "platforms", platformNames(platforms))

	var wg sync.WaitGroup
	errs := make(chan error, len(platforms)+2)
	for name, p := range platforms {
		wg.Go(func() {
			if err := p.Run(runCtx); err != nil && !errors.Is(err, context.Canceled) {
				errs <- fmt.Errorf("%s: %w", name, err)
			}
		})
	}
	wg.Go(func() {
		if err := a.runSchedules(runCtx, a.ops.metrics.CountPosts(platforms)); err != nil && !errors.Is(err, context.Canceled) {
			errs <- fmt.Errorf("schedules: %w", err)
		}
	})
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs <- fmt.Errorf("http: %w", err)
		}
	}()

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errs:
	}
	a.shutdown(srv, cancel, &wg)
	return runErr
}

// shutdown runs steps 1–3 of serve's shutdown within one deadline.
func (a *app) shutdown(srv *http.Server, cancel context.CancelFunc, wg *sync.WaitGroup) {
	start := time.Now()
	a.stopping.Store(true)
	a.log.Info("shutting down", "timeout", a.cfg.ShutdownTimeout.String())
	deadline, stop := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer stop()
	if err := srv.Shutdown(deadline); err != nil {
		a.log.Warn("http server did not finish its requests in time", "err", err)
	}
	if !a.runtime.Drain(deadline) {
		a.log.Warn("work still running at the shutdown deadline was cut off")
	}
	cancel()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-deadline.Done():
		a.log.Warn("platforms did not stop before the shutdown deadline")
	}
	a.log.Info("stopped", "took", time.Since(start).Round(time.Millisecond).String())
}

// readiness lists what keeps the bot from taking traffic: shutting down, a
// store that stopped answering, or a configured platform not connected. The
// index and the store were loaded and opened before serve started (newApp
// fails otherwise); parts that can lose their connection later report it
// through readyChecker or pinger.
func (a *app) readiness(ctx context.Context) []string {
	var problems []string
	platforms := a.platforms
	if a.stopping.Load() {
		problems = append(problems, "shutting down")
	}
	for _, part := range a.readyParts() {
		if !part.check(ctx) {
			problems = append(problems, part.name+" not ready")
		}
	}
	for _, name := range platformNames(platforms) {
		if !platforms[name].Ready() {
			problems = append(problems, name+" not connected")
		}
	}
	return problems
}

func platformNames(platforms map[string]bot.Platform) []string {
	names := make([]string, 0, len(platforms))
	for name := range platforms {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
