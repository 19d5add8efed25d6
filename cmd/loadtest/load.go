package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"
)

// questions are on-topic so retrieval finds passages; the tag makes each
// request's answer traceable at the fakes.
var questions = []string{
	"N+1問題とは何ですか？どう防ぎますか？",
	"How should I prepare for a system design interview?",
	"RESTとgRPCの違いを教えてください",
	"What does a backend developer do day to day?",
	"データベースのインデックスはいつ使うべき？",
}

// request is one signed platform request ready to send.
type request struct {
	tag     string
	path    string
	body    []byte
	headers func() http.Header // signed at send time (fresh timestamp)
}

func slackRequest(i int, tag, secret, responseBase string) request {
	form := url.Values{
		"token": {"unused"}, "team_id": {"T1"}, "team_domain": {"load"},
		"channel_id": {fmt.Sprintf("C%03d", i%200)}, "channel_name": {"study"},
		"user_id": {fmt.Sprintf("U%05d", i)}, "user_name": {fmt.Sprintf("user%d", i)},
		"command": {"/backend-tip"}, "text": {"ask " + questions[i%len(questions)] + " " + tag},
		"response_url": {responseBase + "/response/" + tag}, "trigger_id": {tag}, "api_app_id": {"A1"},
	}
	body := []byte(form.Encode())
	return request{tag: tag, path: "/slack/commands", body: body, headers: func() http.Header {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte("v0:" + ts + ":"))
		mac.Write(body)
		return http.Header{
			"Content-Type":              {"application/x-www-form-urlencoded"},
			"X-Slack-Request-Timestamp": {ts},
			"X-Slack-Signature":         {"v0=" + hex.EncodeToString(mac.Sum(nil))},
		}
	}}
}

func discordRequest(i int, tag, appID string, key ed25519.PrivateKey) request {
	interaction := map[string]any{
		"id": strconv.Itoa(1_000_000_000 + i), "application_id": appID, "type": 2, "token": "tok-" + tag, "version": 1,
		"guild_id": "G1", "channel_id": fmt.Sprintf("C%03d", i%200), "locale": "ja",
		"member": map[string]any{"user": map[string]any{"id": fmt.Sprintf("U%05d", i), "username": fmt.Sprintf("user%d", i)}},
		"data": map[string]any{"id": "1", "name": "backend-tip", "type": 1, "options": []any{
			map[string]any{"name": "ask", "type": 1, "options": []any{
				map[string]any{"name": "question", "type": 3, "value": questions[i%len(questions)] + " " + tag}}}}},
	}
	body, _ := json.Marshal(interaction)
	return request{tag: tag, path: "/discord/interactions", body: body, headers: func() http.Header {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		sig := ed25519.Sign(key, append([]byte(ts), body...))
		return http.Header{
			"Content-Type":          {"application/json"},
			"X-Signature-Ed25519":   {hex.EncodeToString(sig)},
			"X-Signature-Timestamp": {ts},
		}
	}}
}

// result is what one request's acknowledgement looked like.
type result struct {
	tag     string
	path    string
	status  int
	ack     time.Duration
	err     error
	retries int
	body    []byte // the response (a Discord interaction response)
}

// send posts every request with concurrency workers. A request the bot
// never received (connection refused while it restarts) is sent again;
// anything else is final. onSent is called after each request.
func send(ctx context.Context, client *http.Client, base func() string, reqs []request, concurrency int, onSent func(int)) []result {
	results := make([]result, len(reqs))
	next := make(chan int)
	var wg sync.WaitGroup
	var sent sync.Mutex
	count := 0
	for range concurrency {
		wg.Go(func() {
			for i := range next {
				results[i] = sendOne(ctx, client, base, reqs[i])
				sent.Lock()
				count++
				n := count
				sent.Unlock()
				if onSent != nil {
					onSent(n)
				}
			}
		})
	}
	for i := range reqs {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

func sendOne(ctx context.Context, client *http.Client, base func() string, r request) result {
	res := result{tag: r.tag, path: r.path}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, base()+r.path, bytes.NewReader(r.body))
		if err != nil {
			res.err = err
			return res
		}
		req.Header = r.headers()
		start := time.Now()
		resp, err := client.Do(req)
		res.ack = time.Since(start)
		if err != nil {
			// Refused, or reset/closed before any response: while the bot
			// restarts, connections still in the old listener's backlog are
			// reset unread. The bot never saw the request, so it is sent
			// again (a duplicate answer would show in the ledger).
			if notDelivered(err) && time.Now().Before(deadline) {
				res.retries++
				time.Sleep(20 * time.Millisecond)
				continue
			}
			res.err = err
			return res
		}
		res.body, _ = io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		res.status = resp.StatusCode
		return res
	}
}

func notDelivered(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF)
}

// percentile returns the p-th percentile (0..100) of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted)-1) * p / 100)
	return sorted[i]
}

type ackStats struct {
	n, ok, errs, retried int
	p50, p90, p99, max   time.Duration
	firstErr             string
}

func summarise(results []result, path string) ackStats {
	var s ackStats
	var acks []time.Duration
	for _, r := range results {
		if r.path != path {
			continue
		}
		s.n++
		if r.retries > 0 {
			s.retried++
		}
		if r.err != nil || r.status != http.StatusOK {
			s.errs++
			if s.firstErr == "" {
				s.firstErr = fmt.Sprintf("status %d err %v", r.status, r.err)
			}
			continue
		}
		s.ok++
		acks = append(acks, r.ack)
	}
	slices.Sort(acks)
	s.p50, s.p90, s.p99 = percentile(acks, 50), percentile(acks, 90), percentile(acks, 99)
	if len(acks) > 0 {
		s.max = acks[len(acks)-1]
	}
	return s
}

// recordDirectAnswers records the Discord interactions answered in their
// response itself (type 4: a reply ready within the ack budget, such as a
// refusal or a quick extractive answer) as final answers.
func recordDirectAnswers(led *ledger, results []result) {
	for _, r := range results {
		if r.path != "/discord/interactions" || len(r.body) == 0 {
			continue
		}
		var resp struct {
			Type int `json:"type"`
			Data struct {
				Content string            `json:"content"`
				Embeds  []json.RawMessage `json:"embeds"`
				Flags   int               `json:"flags"`
			} `json:"data"`
		}
		if json.Unmarshal(r.body, &resp) != nil || resp.Type != 4 {
			continue
		}
		led.message(r.tag)
		// The part with the sources, a private reply, or a reply short
		// enough to be the only part is final; the first part of a longer
		// reply is not (its follow-ups carry the rest).
		if len(resp.Data.Embeds) > 0 || resp.Data.Flags&64 != 0 || utf8.RuneCountInString(resp.Data.Content) < 1900 {
			led.final(r.tag, resp.Data.Content)
		}
	}
}
