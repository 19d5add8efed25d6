package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/config"
	"github.com/backend-tip/backend-tip/internal/fakeopenai"
	"github.com/backend-tip/backend-tip/internal/fakeslack"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// forms returns the form of each call of method the fake Slack received.
func forms(f *fakeslack.Server, method string) []url.Values {
	var out []url.Values
	for _, c := range f.CallsOf(method) {
		out = append(out, c.Form)
	}
	return out
}

// TestSlackMentionStreamsLLMAnswer: `serve` with Slack (HTTP mode) and an
// LLM configured answers a signed app_mention by streaming the model's
// words with chat.startStream → chat.appendStream → chat.stopStream, as
// markdown_text, with the sources and feedback at the stop.
func TestSlackMentionStreamsLLMAnswer(t *testing.T) {
	const answer = "**N+1問題**とは、一覧を取ったあと1件ごとにクエリを発行してしまう問題です[1]。\n\n対策はまとめて取得することです[1]。\n\n- JOIN を使う。\n- IN 句でまとめる。\n"
	llm := fakeopenai.New(t)
	llm.Stream = func(w http.ResponseWriter, _ *http.Request, _ int) {
		// A real sleep: the fake model's pace, a sentence every 40 ms,
		// so the stream shows its steps.
		w.Header().Set("Content-Type", "text/event-stream")
		for _, part := range strings.SplitAfter(answer, "。") {
			fakeopenai.Chunk(w, part)
			time.Sleep(40 * time.Millisecond)
		}
		fakeopenai.End(w)
	}
	wire := fakeslack.New(t)
	const secret = "e2e-signing-secret"
	addr := freeAddr(t)
	env := map[string]string{
		"BACKEND_TIP_HTTP_ADDR": addr, "BACKEND_TIP_METRICS_ADDR": freeAddr(t), "BACKEND_TIP_DATA_DIR": t.TempDir(),
		"BACKEND_TIP_SHUTDOWN_TIMEOUT": "5s", "BACKEND_TIP_STREAM_INTERVAL": "20ms",
		"SLACK_BOT_TOKEN": "xoxb-e2e", "SLACK_SIGNING_SECRET": secret, "SLACK_API_URL": wire.URL(),
	}
	env["OPENAI_BASE_URL"], env["BACKEND_TIP_CHAT_MODEL"] = llm.URL+"/v1", "fake-model"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr testkit.LogBuffer
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"serve"}, strings.NewReader(""), &stdout, &stderr, config.MapLookup(env))
	}()
	base := "http://" + addr
	waitUp(t, base, exited)

	body, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": "T1", "event_id": "EvE2E", "event_time": 1,
		"event": map[string]any{"type": "app_mention", "user": "U1", "channel": "C1", "ts": "1800000000.000001", "event_ts": "1800000000.000001",
			"text": "<@UBOT> N+1問題とは？"}})
	req, _ := http.NewRequest(http.MethodPost, base+"/slack/events", strings.NewReader(string(body)))
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", ts, body)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("event: status %d", resp.StatusCode)
	}
	logOnFailure(t, &stderr)
	testkit.WaitFor(t, "chat.stopStream", func() bool { return len(forms(wire, "chat.stopStream")) > 0 })
	if len(llm.Requests()) == 0 {
		t.Fatal("the model was not asked")
	}
	starts, appends, stops := forms(wire, "chat.startStream"), forms(wire, "chat.appendStream"), forms(wire, "chat.stopStream")
	if len(starts) != 1 || starts[0].Get("thread_ts") != "1800000000.000001" || starts[0].Get("recipient_user_id") != "U1" {
		t.Fatalf("startStream = %v", starts)
	}
	if len(appends) == 0 {
		t.Fatalf("no chat.appendStream: the answer came in one piece")
	}
	var streamed strings.Builder
	for _, c := range append(append(starts, appends...), stops...) {
		streamed.WriteString(c.Get("markdown_text"))
	}
	if got := streamed.String(); !strings.Contains(got, "**N+1問題**とは") || !strings.Contains(got, "- IN 句でまとめる。") {
		t.Fatalf("streamed markdown = %q", got)
	}
	if blocks := stops[0].Get("blocks"); !strings.Contains(blocks, "feedback_buttons") || !strings.Contains(blocks, "sources") {
		t.Fatalf("stopStream blocks = %s", blocks)
	}
	if n := len(forms(wire, "chat.update")) + len(forms(wire, "reactions.add")); n != 0 {
		t.Fatalf("%d chat.update/reactions.add calls for a streamed mention", n)
	}
	cancel()
	<-exited
}
