package slack

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fireSlashCommands sends n signed /backend-tip ask commands at once to the
// adapter's real HTTP routes and returns each request's ack latency.
func fireSlashCommands(tb testing.TB, h *harness, srvURL, tag string, n int) (latencies []time.Duration, errs int) {
	tb.Helper()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: n}, Timeout: 10 * time.Second}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			form := url.Values{
				"command": {"/backend-tip"}, "text": {fmt.Sprintf("ask %s-%d", tag, i)}, "team_id": {"T1"},
				"channel_id": {testChannel}, "user_id": {fmt.Sprintf("U%d", i)}, "response_url": {h.slack.ResponseURL("1")},
			}
			body := form.Encode()
			req, _ := http.NewRequest(http.MethodPost, srvURL+"/slack/commands", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			ts, sig := Sign(testSecret, h.now, []byte(body))
			req.Header.Set("X-Slack-Request-Timestamp", ts)
			req.Header.Set("X-Slack-Signature", sig)
			<-start
			t0 := time.Now()
			resp, err := client.Do(req)
			d := time.Since(t0)
			mu.Lock()
			defer mu.Unlock()
			if err != nil || resp.StatusCode != http.StatusOK {
				errs++
				return
			}
			resp.Body.Close()
			latencies = append(latencies, d)
		})
	}
	close(start)
	wg.Wait()
	return latencies, errs
}

// finalAnswers counts, per question, the final (not streaming) messages.
func finalAnswers(tb testing.TB, h *harness) map[string]int {
	tb.Helper()
	got := map[string]int{}
	for _, c := range h.slack.CallsOf("chat.update", "chat.postMessage", "response_url") {
		txt := c.Form.Get("blocks")
		if c.Method == "response_url" {
			txt = c.Webhook.Text
		}
		if strings.Contains(txt, "▍") || strings.Contains(txt, "⏳") {
			continue
		}
		if i := strings.Index(txt, "answer to: "); i >= 0 {
			q := txt[i+len("answer to: "):]
			q = q[:strings.IndexAny(q, "\"\\ ")]
			got[q]++
		}
	}
	return got
}

func TestConcurrentSlashCommandsAnsweredOnce(t *testing.T) {
	h := newHarness(t, "")
	h.ans.visible = nil
	mux := http.NewServeMux()
	h.ad.Mount(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	const n = 50
	lat, errs := fireSlashCommands(t, h, srv.URL, "q", n)
	if errs != 0 || len(lat) != n {
		t.Fatalf("%d errors, %d acks of %d", errs, len(lat), n)
	}
	idle(h.ad)
	answers := finalAnswers(t, h)
	for i := range n {
		if q := fmt.Sprintf("q-%d", i); answers[q] != 1 {
			t.Errorf("%s answered %d times, want exactly once", q, answers[q])
		}
	}
}

// BenchmarkSlashAck measures ack latency for 50 concurrent signed slash
// commands in HTTP mode through the real handler over loopback, with the
// fake Slack receiving the answers. It reports p50/p99 and errors, and
// fails if any accepted command is not answered exactly once.
func BenchmarkSlashAck(b *testing.B) {
	fs := newHarness(b, "")
	fs.ans.visible = nil
	mux := http.NewServeMux()
	fs.ad.Mount(mux)
	// Server-side time from the handler's start to its return (the ack), next
	// to the round trip the client sees.
	var smu sync.Mutex
	var server []time.Duration
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		mux.ServeHTTP(w, r)
		d := time.Since(t0)
		smu.Lock()
		server = append(server, d)
		smu.Unlock()
	}))
	defer srv.Close()

	const n = 50
	// One untimed round opens the client's 50 keep-alive connections, as a
	// reverse proxy in front of the bot would hold them.
	warm, errs := fireSlashCommands(b, fs, srv.URL, "warm", n)
	accepted := len(warm)
	idle(fs.ad)
	smu.Lock()
	server = server[:0]
	smu.Unlock()
	var all []time.Duration
	b.ResetTimer()
	for i := range b.N {
		lat, e := fireSlashCommands(b, fs, srv.URL, fmt.Sprintf("b%d", i), n)
		all = append(all, lat...)
		errs += e
		// Each round is one burst of n concurrent commands: let the previous
		// burst's answers finish before the next starts.
		b.StopTimer()
		idle(fs.ad)
		b.StartTimer()
	}
	b.StopTimer()
	idle(fs.ad)
	answers := finalAnswers(b, fs)
	accepted += len(all)
	once := 0
	for _, c := range answers {
		if c == 1 {
			once++
		}
	}
	if once != accepted || len(answers) != accepted {
		b.Fatalf("accepted %d commands, %d answered exactly once (%d answered at all)", accepted, once, len(answers))
	}
	pct := func(d []time.Duration, p float64) float64 {
		slices.Sort(d)
		return float64(d[min(len(d)-1, int(p*float64(len(d))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(all, 0.50), "p50-ms")
	b.ReportMetric(pct(all, 0.99), "p99-ms")
	b.ReportMetric(pct(server, 0.50), "server-p50-ms")
	b.ReportMetric(pct(server, 0.99), "server-p99-ms")
	b.ReportMetric(float64(errs), "errors")
	b.ReportMetric(float64(accepted), "commands")
}
