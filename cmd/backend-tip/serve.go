package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// runServe runs every configured platform and the HTTP server until ctx ends.
func runServe(ctx context.Context, c *cli, _ []string) int {
	a, err := newApp(ctx, c, appOptions{withState: true})
	if err != nil {
		fmt.Fprintf(c.stderr, "backend-tip: %v\n", err)
		return exitError
	}
	defer a.Close()
	if err := a.serve(ctx); err != nil {
		a.log.Error("serve stopped", "err", err)
		return exitError
	}
	return exitOK
}

// serve mounts the routes, starts the platforms and the scheduler, and shuts
// everything down in order when ctx is cancelled.
func (a *app) serve(ctx context.Context) error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("ready\n"))
	})
	platforms := map[string]bot.Platform{}
	for _, wire := range []func(context.Context, *http.ServeMux) (bot.Platform, error){a.wireSlack, a.wireDiscord} {
		p, err := wire(ctx, mux)
		if err != nil {
			return err
		}
		if p != nil {
			platforms[p.Name()] = p
		}
	}
	ln, err := net.Listen("tcp", a.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on BACKEND_TIP_HTTP_ADDR %s: %w", a.cfg.HTTPAddr, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	a.log.Info("serving", "addr", ln.Addr().String(), "platforms", len(platforms))

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
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
		if err := a.runSchedules(runCtx, platforms); err != nil && !errors.Is(err, context.Canceled) {
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
	a.log.Info("shutting down")
	shutdownCtx, stop := context.WithTimeout(context.WithoutCancel(ctx), a.cfg.ShutdownTimeout)
	defer stop()
	_ = srv.Shutdown(shutdownCtx)
	cancel()
	wg.Wait()
	return runErr
}
