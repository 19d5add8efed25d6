package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
	"github.com/backend-tip/backend-tip/config"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// freeAddr returns a loopback address nothing listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// waitUp polls /healthz until the server answers (start-up builds the index).
func waitUp(t *testing.T, base string, exited <-chan int) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case code := <-exited:
			t.Fatalf("serve exited with %d before it was up", code)
		default:
		}
		if code, _ := get(t, base+"/healthz"); code == http.StatusOK {
			return
		}
		time.Sleep(20 * time.Millisecond) // a poll interval: start-up is real sockets and a real index build
	}
	t.Fatal("server never came up")
}

// TestServeLifecycle runs the real serve subcommand with no platform: the
// probes and metrics answer, and a cancelled context (SIGTERM) ends it with
// exit 0.
func TestServeLifecycle(t *testing.T) {
	addr, metricsAddr := freeAddr(t), freeAddr(t)
	lookup := config.MapLookup(map[string]string{
		"BACKEND_TIP_HTTP_ADDR":        addr,
		"BACKEND_TIP_METRICS_ADDR":     metricsAddr,
		"BACKEND_TIP_DATA_DIR":         t.TempDir(),
		"BACKEND_TIP_LOG_FORMAT":       "json",
		"BACKEND_TIP_SHUTDOWN_TIMEOUT": "5s",
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr testkit.LogBuffer
	exited := make(chan int, 1)
	go func() { exited <- run(ctx, []string{"serve"}, strings.NewReader(""), &stdout, &stderr, lookup) }()
	base := "http://" + addr
	waitUp(t, base, exited)

	metrics := "http://" + metricsAddr
	tests := []struct {
		base, path string
		wantCode   int
		want       string
	}{
		{base, "/healthz", 200, "ok"},
		{base, "/readyz", 200, "ready"},
		{base, "/metrics", 404, ""}, // never on the public webhook port
		{metrics, "/metrics", 200, "backend_tip_answers_in_flight"},
		{metrics, "/metrics", 200, "go_goroutines"},
		{metrics, "/metrics", 200, "process_resident_memory_bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.base+tt.path+" "+tt.want, func(t *testing.T) {
			code, body := get(t, tt.base+tt.path)
			if code != tt.wantCode || !strings.Contains(body, tt.want) {
				t.Errorf("GET %s = %d %q, want %d containing %q", tt.path, code, body, tt.wantCode, tt.want)
			}
		})
	}
	cancel()
	if code := <-exited; code != exitOK {
		t.Fatalf("serve exited %d after cancel, want 0; stderr:\n%s", code, stderr.String())
	}
	logs := stderr.String()
	for _, want := range []string{`"msg":"serving"`, `"msg":"shutting down"`, `"msg":"stopped"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
	if code, _ := get(t, base+"/healthz"); code != 0 {
		t.Errorf("server still answers after exit (status %d)", code)
	}
}

// lifecyclePlatform records when its context ends.
type lifecyclePlatform struct {
	fakePlatform
	ready     atomic.Bool
	cancelled chan struct{}
}

func (p *lifecyclePlatform) Run(ctx context.Context) error {
	<-ctx.Done()
	close(p.cancelled)
	return ctx.Err()
}
func (p *lifecyclePlatform) Ready() bool { return p.ready.Load() }

// shutdownRig is an app with a fake platform and a slow answerer, serving
// like serve does, so the shutdown steps can be watched one by one.
type shutdownRig struct {
	a        *app
	answerer *scriptedAnswerer
	platform *lifecyclePlatform
	runCtx   context.Context
	cancel   context.CancelFunc
	wg       sync.WaitGroup
	srv      *http.Server
	addr     string
}

func newShutdownRig(t *testing.T, timeout time.Duration) *shutdownRig {
	t.Helper()
	cfg := config.Config{ShutdownTimeout: timeout, HTTPAddr: "127.0.0.1:0"}
	r := &shutdownRig{
		a:        &app{cfg: cfg, log: slog.New(slog.DiscardHandler), clock: time.Now},
		answerer: &scriptedAnswerer{reply: bot.Reply{Text: "the answer"}, started: make(chan struct{}, 4), release: make(chan struct{})},
		platform: &lifecyclePlatform{fakePlatform: fakePlatform{name: "slack"}, cancelled: make(chan struct{})},
	}
	r.platform.ready.Store(true)
	r.a.platforms = map[string]bot.Platform{"slack": r.platform}
	r.a.ops = newOps(cfg, time.Now)
	r.a.router = bot.NewRouter(bot.RouterOptions{Answerer: r.a.ops.metrics.ObserveAnswers(r.answerer)})
	// One slot: a second question waits for it, as after an adapter's ack.
	r.a.runtime = platform.New(platform.Options{Budget: 1})
	r.runCtx, r.cancel = context.WithCancel(context.Background())
	r.wg.Go(func() { _ = r.platform.Run(r.runCtx) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.srv, r.addr = &http.Server{Handler: http.NewServeMux()}, ln.Addr().String()
	go r.srv.Serve(ln)
	t.Cleanup(r.cancel)
	return r
}

// ask runs a question through the runtime and the router like an adapter
// does after its ack.
func (r *shutdownRig) ask() *bot.Collector {
	c := bot.NewCollector()
	err := r.a.runtime.Go("ask", 0, func(ctx context.Context) {
		r.a.router.Handle(ctx, bot.Request{Origin: bot.Origin{Platform: "slack", UserID: "U1", ChannelID: "C1"}, Text: "ask what is an API?", Lang: bot.English}, c)
	})
	if err != nil {
		c.Done(bot.Reply{Text: err.Error()})
	}
	return c
}

func TestShutdownFinishesAnswersInFlight(t *testing.T) {
	r := newShutdownRig(t, time.Minute)
	if p := r.a.readiness(context.Background()); len(p) != 0 {
		t.Fatalf("not ready before shutdown: %v", p)
	}
	inFlight := r.ask()
	<-r.answerer.started
	// Acknowledged before shutdown, waiting for the one slot: answered too.
	late := r.ask()

	done := make(chan struct{})
	go func() { r.a.shutdown(r.srv, r.cancel, &r.wg); close(done) }()
	testkit.WaitFor(t, "shutdown to start", r.a.stopping.Load)
	if p := r.a.readiness(context.Background()); len(p) == 0 || p[0] != "shutting down" {
		t.Errorf("readiness during shutdown = %v, want shutting down", p)
	}
	select {
	case <-r.platform.cancelled:
		t.Fatal("platform stopped while an answer was still in flight")
	case <-done:
		t.Fatal("shutdown returned while an answer was still in flight")
	default:
	}
	close(r.answerer.release)
	<-done
	for name, c := range map[string]*bot.Collector{"in-flight": inFlight, "late": late} {
		if final, ok := c.Final(); !ok || final.Text != "the answer" {
			t.Errorf("%s answer ended with %+v, want the real answer", name, final)
		}
	}
	select {
	case <-r.platform.cancelled:
	default:
		t.Error("platform context not cancelled after shutdown")
	}
	if code, _ := get(t, "http://"+r.addr+"/"); code != 0 {
		t.Errorf("HTTP server still accepting (status %d)", code)
	}
	if r.answerer.calls != 2 {
		t.Errorf("answerer ran %d times, want 2 (each question exactly once)", r.answerer.calls)
	}
}

func TestShutdownIsBounded(t *testing.T) {
	r := newShutdownRig(t, 50*time.Millisecond)
	stuck := r.ask() // never released: only the deadline ends it
	<-r.answerer.started
	r.a.shutdown(r.srv, r.cancel, &r.wg)
	<-stuck.Wait()
	if final, _ := stuck.Final(); final.Text != "cancelled" {
		t.Errorf("stuck answer ended with %q, want its context cancelled at the deadline", final.Text)
	}
}

func TestReadinessReportsDisconnectedPlatform(t *testing.T) {
	r := newShutdownRig(t, time.Second)
	r.platform.ready.Store(false)
	p := r.a.readiness(context.Background())
	if len(p) != 1 || p[0] != "slack not connected" {
		t.Errorf("readiness = %v, want [slack not connected]", p)
	}
}
