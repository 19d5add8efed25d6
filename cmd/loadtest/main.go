// Command loadtest drives a real backend-tip serve process with signed
// Slack slash commands and Discord interactions on loopback, against fake
// Slack, Discord and LLM servers it runs itself, and reports acknowledgement
// latency, errors, answers (each must arrive exactly once), throughput and
// the bot's memory. Faults: -llm-fail N fails every Nth LLM call, -slack-429
// N answers every Nth Slack chat call with 429, -restart sends SIGTERM
// half-way and starts a new process on the same port and data.
//
//	go build -o /tmp/backend-tip ./cmd/backend-tip
//	go run ./cmd/loadtest -bin /tmp/backend-tip -n 2000 -c 100
package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

type options struct {
	bin          string
	n, c         int
	platforms    string
	llmFail      int
	answerBytes  int // the fake model streams an answer this long
	lineBytes    int // the fake model sends one SSE line this long
	slack429     int
	restart      bool
	answerWait   time.Duration
	dataDir      string
	databaseURL  string
	streamPeriod time.Duration
	memLimit     string
	diskFull     bool
	// llmConcurrency and llmQueue size the bot's model gate; questions
	// beyond both get the extractive answer at once.
	llmConcurrency, llmQueue int
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "", "backend-tip binary (go build -o /tmp/backend-tip ./cmd/backend-tip)")
	flag.IntVar(&o.n, "n", 2000, "requests per platform")
	flag.IntVar(&o.c, "c", 100, "concurrent requests")
	flag.StringVar(&o.platforms, "platforms", "slack,discord", "platforms to load: slack, discord or both")
	flag.IntVar(&o.llmFail, "llm-fail", 0, "fail every Nth LLM call (2 = half)")
	flag.IntVar(&o.answerBytes, "llm-answer-bytes", 0, "the fake model streams an answer of this many bytes (a runaway model; e.g. 4194304)")
	flag.IntVar(&o.lineBytes, "llm-line-bytes", 0, "the fake model sends one SSE line of this many bytes (e.g. 16777216)")
	flag.IntVar(&o.slack429, "slack-429", 0, "answer every Nth Slack chat.* call with 429 Retry-After: 1")
	flag.BoolVar(&o.restart, "restart", false, "SIGTERM the bot half-way through and start a new one")
	flag.DurationVar(&o.answerWait, "answer-wait", 3*time.Minute, "how long to wait for the last answers")
	flag.StringVar(&o.dataDir, "data", "", "data directory (default: a new temporary one)")
	flag.StringVar(&o.databaseURL, "database-url", "", "BACKEND_TIP_DATABASE_URL for the bot")
	flag.DurationVar(&o.streamPeriod, "stream-interval", time.Second, "BACKEND_TIP_STREAM_INTERVAL for the bot")
	flag.StringVar(&o.memLimit, "gomemlimit", "", "GOMEMLIMIT for the bot (e.g. 120MiB, as the Deployment sets)")
	flag.IntVar(&o.llmConcurrency, "llm-concurrency", 4, "BACKEND_TIP_LLM_CONCURRENCY for the bot (its default is 4)")
	flag.IntVar(&o.llmQueue, "llm-queue", 32, "BACKEND_TIP_LLM_QUEUE for the bot (its default is 32)")
	flag.BoolVar(&o.diskFull, "disk-full", false, "fill the bot's data volume (a tmpfs; needs root) during Slack mentions and quiz commands")
	flag.Parse()
	if o.bin == "" {
		fmt.Fprintln(os.Stderr, "loadtest: -bin is required")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	run := runLoad
	if o.diskFull {
		run = runDiskFull
	}
	ok, err := run(ctx, o, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
	if !ok {
		os.Exit(1)
	}
}

// runLoad runs one load scenario and prints its figures; ok is false when
// any request failed or was not answered exactly once.
func runLoad(ctx context.Context, o options, out io.Writer) (bool, error) {
	led := newLedger()
	slackFake := newSlackLedger(led, o.slack429)
	discordFake := &discordLedger{ledger: led}
	llm := &fakeLLM{failEvery: int64(o.llmFail), delay: 5 * time.Millisecond, answerBytes: o.answerBytes, lineBytes: o.lineBytes}
	llmSrv := llm.start()
	defer llmSrv.Close()
	slackSrv, discordSrv := slackFake.start(), discordFake.start()
	defer slackSrv.Close()
	defer discordSrv.Close()
	slackURL, llmURL := strings.TrimSuffix(slackSrv.URL(), "/"), llmSrv.URL

	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		return false, err
	}
	const signingSecret, appID = "load-test-signing-secret", "424242"
	dataDir := o.dataDir
	if dataDir == "" {
		if dataDir, err = os.MkdirTemp("", "backend-tip-load-"); err != nil {
			return false, err
		}
		defer os.RemoveAll(dataDir)
	}
	addr, err := freeAddr()
	if err != nil {
		return false, err
	}
	env := append(os.Environ(),
		"BACKEND_TIP_HTTP_ADDR="+addr,
		"BACKEND_TIP_DATA_DIR="+dataDir,
		"BACKEND_TIP_LOG_FORMAT=json",
		"BACKEND_TIP_LOG_LEVEL=info",
		"BACKEND_TIP_EMBEDDER=local",
		"OPENAI_BASE_URL="+llmURL+"/v1",
		"OPENAI_API_KEY=sk-fake",
		"BACKEND_TIP_LLM_CONCURRENCY="+strconv.Itoa(o.llmConcurrency),
		"BACKEND_TIP_LLM_QUEUE="+strconv.Itoa(o.llmQueue),
		"BACKEND_TIP_STREAM_INTERVAL="+o.streamPeriod.String(),
		// Abuse limits sized for a load of distinct users in 200 channels.
		"BACKEND_TIP_USER_RATE=60", "BACKEND_TIP_USER_BURST=10",
		"BACKEND_TIP_CHANNEL_RATE=6000", "BACKEND_TIP_CHANNEL_BURST=1000",
	)
	if strings.Contains(o.platforms, "slack") {
		env = append(env, "SLACK_BOT_TOKEN=xoxb-load-test", "SLACK_SIGNING_SECRET="+signingSecret, "SLACK_API_URL="+slackSrv.URL())
	}
	if strings.Contains(o.platforms, "discord") {
		env = append(env, "DISCORD_PUBLIC_KEY="+hex.EncodeToString(pub), "DISCORD_APP_ID="+appID,
			"DISCORD_GATEWAY=off", "DISCORD_API_URL="+discordSrv.APIURL())
	}
	if o.memLimit != "" {
		env = append(env, "GOMEMLIMIT="+o.memLimit)
	}
	if o.databaseURL != "" {
		env = append(env, "BACKEND_TIP_DATABASE_URL="+o.databaseURL)
	}
	logs := newLogTail()
	startAt := time.Now()
	b, err := startBot(ctx, o.bin, addr, env, logs)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(out, "bot ready in %v (pid %d)\n", time.Since(startAt).Round(time.Millisecond), b.cmd.Process.Pid)

	var reqs []request
	var tags []string
	for i := range o.n {
		if strings.Contains(o.platforms, "slack") {
			tag := fmt.Sprintf("lt-%06d", 2*i)
			reqs = append(reqs, slackRequest(i, tag, signingSecret, slackURL))
			tags = append(tags, tag)
		}
		if strings.Contains(o.platforms, "discord") {
			tag := fmt.Sprintf("lt-%06d", 2*i+1)
			reqs = append(reqs, discordRequest(i, tag, appID, priv))
			tags = append(tags, tag)
		}
	}

	transport := &http.Transport{MaxIdleConnsPerHost: o.c, MaxConnsPerHost: 0, DisableKeepAlives: o.restart}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	var current atomic.Pointer[bot]
	current.Store(b)
	base := func() string { return current.Load().base }

	var peakRSS float64
	var restartErr error
	var restartOnce sync.Once
	var restartDone sync.WaitGroup
	var stopCode int
	onSent := func(n int) {
		if !o.restart || n < len(reqs)/2 {
			return
		}
		restartOnce.Do(func() {
			restartDone.Go(func() {
				old := current.Load()
				_, peak := old.memory()
				peakRSS = max(peakRSS, peak)
				t0 := time.Now()
				code, err := old.stop(60 * time.Second)
				stopCode = code
				if err != nil {
					restartErr = err
					return
				}
				nb, err := startBot(ctx, o.bin, addr, env, logs)
				if err != nil {
					restartErr = err
					return
				}
				current.Store(nb)
				fmt.Fprintf(out, "restart: old bot exited %d after SIGTERM, new bot ready %v later\n", code, time.Since(t0).Round(time.Millisecond))
			})
		})
	}

	loadStart := time.Now()
	results := send(ctx, client, base, reqs, o.c, onSent)
	sendDur := time.Since(loadStart)
	recordDirectAnswers(led, results)
	restartDone.Wait()
	if restartErr != nil {
		return false, fmt.Errorf("restart: %w", restartErr)
	}

	// Wait for every acknowledged request's final answer.
	acked := 0
	for _, r := range results {
		if r.err == nil && r.status == http.StatusOK {
			acked++
		}
	}
	waitUntil := time.Now().Add(o.answerWait)
	for led.total() < acked && time.Now().Before(waitUntil) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // let any duplicate show up
	answerDur := led.lastAt.Sub(loadStart)

	b = current.Load()
	rss, peak := b.memory()
	peakRSS = max(peakRSS, peak)
	serverAck := b.ackQuantiles(0.5, 0.99)
	botCPU, toolCPU := cpuSeconds(b.cmd.Process.Pid), cpuSeconds(os.Getpid())
	metrics := map[string]float64{}
	for _, m := range []string{"backend_tip_requests_total", "backend_tip_ack_seconds_count", "backend_tip_answer_seconds_count",
		"backend_tip_llm_errors_total", "backend_tip_llm_busy_total", "backend_tip_llm_tokens_total", "backend_tip_rate_limited_total"} {
		metrics[m] = b.metric(m)
	}
	code, stopErr := b.stop(60 * time.Second)

	okAll := true
	fmt.Fprintf(out, "load: %d requests (%s) at concurrency %d, sent in %v", len(reqs), o.platforms, o.c, sendDur.Round(time.Millisecond))
	if o.llmFail > 0 {
		fmt.Fprintf(out, "; LLM fails every %d. call (%d of %d failed)", o.llmFail, llm.failed.Load(), llm.calls.Load())
	}
	if o.slack429 > 0 {
		fmt.Fprintf(out, "; Slack 429 every %d. chat call (%d answered 429)", o.slack429, slackFake.limited.Load())
	}
	fmt.Fprintln(out)
	for _, path := range []string{"/slack/commands", "/discord/interactions"} {
		s := summarise(results, path)
		if s.n == 0 {
			continue
		}
		fmt.Fprintf(out, "  %-22s acks %d/%d ok, errors %d, ack p50 %v p90 %v p99 %v max %v, resent (connection refused or reset unread) %d\n",
			path, s.ok, s.n, s.errs, s.p50.Round(10*time.Microsecond), s.p90.Round(10*time.Microsecond),
			s.p99.Round(10*time.Microsecond), s.max.Round(10*time.Microsecond), s.retried)
		if s.errs > 0 {
			okAll = false
			fmt.Fprintf(out, "    first error: %s\n", s.firstErr)
		}
	}
	if len(serverAck) == 2 {
		fmt.Fprintf(out, "  server-side ack (bot's histogram%s): p50 <= %gs, p99 <= %gs\n",
			map[bool]string{true: ", last process only", false: ""}[o.restart], serverAck[0], serverAck[1])
	}
	once, missing, twice, apologies := led.counts(tags)
	fmt.Fprintf(out, "  answers: exactly once %d, missing %d, more than once %d, apologies %d; %.0f answers/s (last answer %v after the first request)\n",
		once, missing, twice, apologies, float64(once)/answerDur.Seconds(), answerDur.Round(time.Millisecond))
	if missing > 0 || twice > 0 || apologies > 0 {
		okAll = false
	}
	if most, avg := led.messagesPerAnswer(tags); most > 0 {
		fmt.Fprintf(out, "  messages per answer: at most %d, %.1f on average\n", most, avg)
		if most > 5 {
			okAll = false
		}
	}
	fmt.Fprintf(out, "  bot memory: RSS %.1f MiB at the end, peak %.1f MiB; CPU: bot %.1f s, load tool and fakes %.1f s\n", rss, peakRSS, botCPU, toolCPU)
	fmt.Fprintf(out, "  bot metrics: requests %.0f, acks timed %.0f, answers %.0f, LLM errors %.0f, LLM busy (queue full, quoted) %.0f, LLM tokens %.0f, rate limited %.0f\n",
		metrics["backend_tip_requests_total"], metrics["backend_tip_ack_seconds_count"], metrics["backend_tip_answer_seconds_count"],
		metrics["backend_tip_llm_errors_total"], metrics["backend_tip_llm_busy_total"], metrics["backend_tip_llm_tokens_total"], metrics["backend_tip_rate_limited_total"])
	warns, errs, firstErrs := logs.counts()
	fmt.Fprintf(out, "  bot logs: %d warnings, %d errors; final exit code %d", warns, errs, code)
	if o.restart {
		fmt.Fprintf(out, " (restarted one exited %d)", stopCode)
	}
	fmt.Fprintln(out)
	for _, l := range firstErrs {
		fmt.Fprintf(out, "    %s\n", truncate(l, 300))
	}
	if stopErr != nil || code != 0 {
		okAll = false
		fmt.Fprintf(out, "  stop: exit %d %v\n", code, stopErr)
	}
	return okAll, nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
