package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
)

// BenchmarkHTTPInteractionAck sends 50 concurrent signed /backend-tip ask
// interactions over loopback HTTP per iteration and reports the initial
// response latency (p50, p99) as the client sees it. Afterwards it checks
// that every interaction was acknowledged once and got one final edit.
//
//	go test -run '^$' -bench HTTPInteractionAck -benchtime 20x ./bot/discord
func BenchmarkHTTPInteractionAck(b *testing.B) {
	const concurrent = 50
	f := fakediscord.New(b)
	k := newKeys(b)
	r := &fakeRouter{handle: func(_ context.Context, req bot.Request, s bot.Stream) {
		s.Update("thinking")
		s.Done(bot.Reply{Text: "answer to " + req.Text})
	}}
	a := testAdapter(b, f, r, func(o *Options) { o.PublicKey = hexKey(k) })
	var (
		mu       sync.Mutex
		lats     []time.Duration // as the client sees it, loopback HTTP included
		handling []time.Duration // inside the handler: verify, decode, dispatch, write
		// direct counts answers finished before the deferral was sent: the
		// adapter then answers in the initial response (type 4) instead.
		direct int
	)
	h := a.InteractionsHandler()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /discord/interactions", func(w http.ResponseWriter, r *http.Request) {
		t0 := time.Now()
		h.ServeHTTP(w, r)
		mu.Lock()
		handling = append(handling, time.Since(t0))
		mu.Unlock()
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = concurrent

	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		reqs := make([]*http.Request, concurrent)
		for j := range reqs {
			id := "B" + strconv.Itoa(i) + "-" + strconv.Itoa(j)
			body, _ := json.Marshal(interaction(id, 2, askData("What is N+1? "+id)))
			req := k.signedRequest(string(body), time.Now())
			req.RequestURI = ""
			req.URL, _ = req.URL.Parse(srv.URL + "/discord/interactions")
			reqs[j] = req
		}
		b.StartTimer()
		var wg sync.WaitGroup
		for _, req := range reqs {
			wg.Go(func() {
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				var out struct {
					Type int `json:"type"`
					Data struct {
						Content string `json:"content"`
					} `json:"data"`
				}
				err = json.NewDecoder(resp.Body).Decode(&out)
				resp.Body.Close()
				d := time.Since(t0)
				isDirect := out.Type == 4 && strings.HasPrefix(out.Data.Content, "answer to ")
				if err != nil || resp.StatusCode != 200 || out.Type != 5 && !isDirect {
					b.Errorf("status %d type %d err %v", resp.StatusCode, out.Type, err)
					return
				}
				mu.Lock()
				lats = append(lats, d)
				if isDirect {
					direct++
				}
				mu.Unlock()
			})
		}
		wg.Wait()
	}
	b.StopTimer()

	total := b.N * concurrent
	f.WaitFor("every final edit", func() bool { return len(finalEdits(f))+direct == total })
	for token, n := range finalEdits(f) {
		if n != 1 {
			b.Errorf("%s answered %d times", token, n)
		}
	}
	if len(lats) != total {
		b.Fatalf("%d acknowledgements for %d interactions", len(lats), total)
	}
	slices.Sort(lats)
	slices.Sort(handling)
	pct := func(ds []time.Duration, p float64) float64 {
		return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(lats, 0.50), "p50-ms")
	b.ReportMetric(pct(lats, 0.99), "p99-ms")
	b.ReportMetric(pct(handling, 0.50), "handler-p50-ms")
	b.ReportMetric(pct(handling, 0.99), "handler-p99-ms")
	b.ReportMetric(float64(total), "interactions")
}

// finalEdits counts, per interaction token, edits that carry the final text.
func finalEdits(f *fakediscord.Server) map[string]int {
	out := map[string]int{}
	for _, c := range f.CallsMatching("PATCH", "/webhooks/") {
		if s, _ := c.Body["content"].(string); len(s) > 10 && s[:10] == "answer to " {
			out[c.Path]++
		}
	}
	return out
}
