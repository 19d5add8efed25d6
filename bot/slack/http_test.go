package slack

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

func TestRejectsForgedStaleMalformed(t *testing.T) {
	h := newHarness(t, "")
	goodSlash := url.Values{"command": {"/backend-tip"}, "text": {"ask hi"}, "channel_id": {testChannel}, "user_id": {testUser}}.Encode()
	paths := map[string]string{
		"/slack/commands":     goodSlash,
		"/slack/events":       mentionEvent("Ev1", "1.1", "", testUser, "", "<@UBOT> hi"),
		"/slack/interactions": "payload=" + url.QueryEscape(`{"type":"block_actions"}`),
	}
	for path, body := range paths {
		tests := []struct {
			name string
			req  func() *http.Request
			want int
		}{
			{"forged signature", func() *http.Request {
				r := h.signedRequest(path, "application/x-www-form-urlencoded", body)
				r.Header.Set("X-Slack-Signature", "v0="+strings.Repeat("ab", 32))
				return r
			}, http.StatusUnauthorized},
			{"signed with another secret", func() *http.Request {
				r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
				ts, sig := Sign("not-the-secret", h.now, []byte(body))
				r.Header.Set("X-Slack-Request-Timestamp", ts)
				r.Header.Set("X-Slack-Signature", sig)
				return r
			}, http.StatusUnauthorized},
			{"stale", func() *http.Request {
				r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
				ts, sig := Sign(testSecret, h.now.Add(-6*time.Minute), []byte(body))
				r.Header.Set("X-Slack-Request-Timestamp", ts)
				r.Header.Set("X-Slack-Signature", sig)
				return r
			}, http.StatusUnauthorized},
			{"unsigned", func() *http.Request {
				return httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
			}, http.StatusUnauthorized},
			{"malformed but signed", func() *http.Request {
				return h.signedRequest(path, "application/json", "%zz{not json")
			}, http.StatusBadRequest},
			{"signed but empty", func() *http.Request {
				return h.signedRequest(path, "application/json", "")
			}, http.StatusBadRequest},
			{"signed but incomplete", func() *http.Request {
				incomplete := map[string]string{
					"/slack/commands":     "command=%2Fbackend-tip&text=ask+x", // no channel or user
					"/slack/events":       `{"type":"event_callback","event_id":"Ev9"}`,
					"/slack/interactions": "payload=" + url.QueryEscape(`{"actions":[]}`),
				}[path]
				return h.signedRequest(path, "application/json", incomplete)
			}, http.StatusBadRequest},
		}
		for _, tt := range tests {
			t.Run(path+"/"+tt.name, func(t *testing.T) {
				code, _ := h.serve(h.ad, tt.req())
				if code != tt.want {
					t.Fatalf("status %d, want %d", code, tt.want)
				}
			})
		}
	}
	idle(h.ad)
	if n := len(h.slack.CallsOf("chat.postMessage", "chat.update", "response_url", "chat.postEphemeral")); n != 0 {
		t.Fatalf("rejected requests caused %d Slack calls", n)
	}
	if len(h.store.seen) != 0 || len(h.ans.asked()) != 0 {
		t.Fatalf("rejected requests changed state: seen=%v asked=%v", h.store.seen, h.ans.asked())
	}
}

func TestReadyWhenRoutesMounted(t *testing.T) {
	h := newHarness(t, "")
	if h.ad.Ready() {
		t.Fatal("ready before the routes are mounted")
	}
	h.ad.Mount(http.NewServeMux())
	if !h.ad.Ready() {
		t.Fatal("not ready with the routes mounted")
	}
}

func TestSlashAskStreamsIntoPlaceholder(t *testing.T) {
	h := newHarness(t, "")
	h.ans.answer = func(q bot.Question) string {
		return "**N+1問題**とは、一覧の取得後に1件ずつ追加のクエリを発行してしまう問題です。\n\n- JOIN を使う\n- `IN` 句でまとめる"
	}
	code, body := h.slash(h.ad, "ask N+1問題とは？")
	if code != http.StatusOK || body != "" {
		t.Fatalf("ack = %d %q, want an empty 200", code, body)
	}
	idle(h.ad)

	posts := h.slack.CallsOf("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("posted %d messages, want the placeholder only", len(posts))
	}
	ph := posts[0]
	if ph.Form.Get("channel") != testChannel || ph.Form.Get("thread_ts") != "" {
		t.Fatalf("placeholder went to %v", ph.Form)
	}
	if !strings.Contains(allText(t, ph), "N+1問題とは？") || ph.Form.Get("unfurl_links") != "false" || ph.Form.Has("link_names") {
		t.Fatalf("placeholder = %q (unfurl_links=%q link_names=%q)", allText(t, ph), ph.Form.Get("unfurl_links"), ph.Form.Get("link_names"))
	}
	updates := h.slack.CallsOf("chat.update")
	if len(updates) < 2 {
		t.Fatalf("got %d chat.update calls, want streamed partials and a final", len(updates))
	}
	for _, u := range updates {
		if u.Form.Get("ts") != ph.TS {
			t.Fatalf("update of ts %q, want the placeholder %q", u.Form.Get("ts"), ph.TS)
		}
	}
	markdown := 0
	for _, b := range updates[len(updates)-1].Blocks(t) {
		if _, ok := b.(*slack.MarkdownBlock); ok {
			markdown++
		}
	}
	if markdown != 1 {
		t.Fatalf("final answer has %d markdown blocks, want the answer in one", markdown)
	}
	final := allText(t, updates[len(updates)-1])
	testkit.WantContains(t, "final message", final, "**N+1問題**とは", "- JOIN を使う", "`IN`", "面接 &gt; システム設計", "feedback=up/down", "N+1問題とは？")
	if n := len(h.slack.CallsOf("response_url", "chat.postEphemeral")); n != 0 {
		t.Fatalf("ask also answered %d times elsewhere", n)
	}
}

func TestSlashDirectAnswers(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		ephemeral bool
		want      string
	}{
		{"help is ephemeral", "help", true, "/backend-tip ask"},
		{"unknown gets help", "dance please", true, "/backend-tip ask"},
		{"empty gets help", "", true, "/backend-tip ask"},
		{"ask without question", "ask", true, "Please add a question"},
		{"tip is visible", "tip", false, "**Tip**: read the guide"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, "")
			if code, _ := h.slash(h.ad, tt.text); code != http.StatusOK {
				t.Fatalf("status %d", code)
			}
			idle(h.ad)
			var got []call
			if tt.ephemeral {
				got = h.slack.CallsOf("response_url")
				if len(got) == 1 && got[0].Webhook.ResponseType != slack.ResponseTypeEphemeral {
					t.Fatalf("response_type %q, want ephemeral", got[0].Webhook.ResponseType)
				}
			} else {
				got = h.slack.CallsOf("chat.postMessage")
			}
			if len(got) != 1 {
				t.Fatalf("got %d replies, want exactly one", len(got))
			}
			if txt := allText(t, got[0]); !strings.Contains(txt, tt.want) {
				t.Fatalf("reply lacks %q:\n%s", tt.want, txt)
			}
			if n := len(h.slack.CallsOf("chat.postMessage", "response_url", "chat.postEphemeral")); n != 1 {
				t.Fatalf("%d messages in all, want 1", n)
			}
		})
	}
}

func TestSlashFallsBackToResponseURL(t *testing.T) {
	// A private channel without the bot: chat.postMessage fails, response_url works.
	h := newHarness(t, "")
	h.ans.visible = nil // nothing is visible until the end
	if code, _ := h.slashIn(h.ad, privateChannel, testUser, "ask what is REST?"); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	idle(h.ad)
	got := h.slack.CallsOf("response_url")
	if len(got) != 1 || got[0].Webhook.ResponseType != slack.ResponseTypeInChannel {
		t.Fatalf("response_url replies = %+v, want one in_channel answer", got)
	}
	if !strings.Contains(allText(t, got[0]), "answer to: what is REST?") {
		t.Fatalf("reply = %s", allText(t, got[0]))
	}
}

func TestPanicInRouterIsRecovered(t *testing.T) {
	h := newHarness(t, "")
	h.ans.panicky = true
	if code, _ := h.slash(h.ad, "ask boom"); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	idle(h.ad)
	// The router turns the panic into an apology, delivered privately once.
	got := h.slack.CallsOf("response_url")
	if len(got) != 1 || !strings.Contains(allText(t, got[0]), "Sorry") {
		t.Fatalf("replies after panic = %+v", got)
	}
	if n := len(h.slack.CallsOf("chat.postMessage", "chat.delete")); n != 0 {
		t.Fatalf("a quick failure left %d public traces (placeholder posts or deletes)", n)
	}
	// And the adapter keeps working.
	h.ans.panicky = false
	h.slash(h.ad, "tip")
	idle(h.ad)
	if len(h.slack.CallsOf("chat.postMessage")) != 1 {
		t.Fatalf("adapter stopped working after a panic")
	}
}

// panicRouter is a Router that blows up on everything.
type panicRouter struct{}

func (panicRouter) Handle(context.Context, bot.Request, bot.Stream) { panic("handle exploded") }
func (panicRouter) Click(context.Context, bot.Click) bot.Reply      { panic("click exploded") }
func (panicRouter) Parse(string) (bot.Path, string, bool)           { return nil, "", false }

func TestAdapterRecoversFromRouterPanics(t *testing.T) {
	h := newHarness(t, "")
	h.ad.opts.Router = panicRouter{}
	for _, send := range []func() (int, string){
		func() (int, string) { return h.slash(h.ad, "tip") },
		func() (int, string) {
			return h.event(h.ad, mentionEvent("EvP", "3.3", "", testUser, "", "<@UBOT> hi"), 0)
		},
		func() (int, string) { return h.interaction(h.ad, "quiz:1") },
	} {
		if code, _ := send(); code != http.StatusOK {
			t.Fatalf("status %d", code)
		}
	}
	idle(h.ad)
	// The command and the mention still get an apology; the process lives on.
	apologies := 0
	for _, c := range h.slack.CallsOf("response_url", "chat.postEphemeral") {
		if strings.Contains(allText(t, c), "Sorry") {
			apologies++
		}
	}
	if apologies != 2 {
		t.Fatalf("%d apologies, want 2 (slash and mention)", apologies)
	}
}

func TestShutdownDrainsThenRefuses(t *testing.T) {
	h := newHarness(t, "")
	h.ans.gate = make(chan struct{})
	ctx, cancel := context.WithCancel(context.Background())
	runErr := make(chan error, 1)
	go func() { runErr <- h.ad.Run(ctx) }()

	if code, _ := h.slash(h.ad, "ask still thinking"); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	testkit.WaitFor(t, "the question to reach the answerer", func() bool { return len(h.ans.asked()) == 1 })
	cancel()
	close(h.ans.gate)
	if err := <-runErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run = %v", err)
	}
	// Run returned only after the answer in flight was delivered.
	delivered := false
	for _, u := range h.slack.CallsOf("chat.update") {
		delivered = delivered || strings.Contains(allText(t, u), "answer to: still thinking") && !strings.Contains(allText(t, u), "▍")
	}
	if !delivered {
		t.Fatal("Run returned before the answer in flight was delivered")
	}
	if code, _ := h.slash(h.ad, "ask too late"); code != http.StatusServiceUnavailable {
		t.Fatalf("after shutdown: status %d, want 503", code)
	}
}

// A captured signed slash command sent five times within a minute, and once
// more to a restarted adapter on the same store, is answered once.
func TestSlashCommandReplaysAnsweredOnce(t *testing.T) {
	h := newHarness(t, "")
	for range 5 {
		if code, _ := h.slash(h.ad, "ask what is REST?"); code != http.StatusOK {
			t.Fatalf("status %d", code)
		}
	}
	restarted := h.newAdapter("")
	if code, _ := h.slash(restarted, "ask what is REST?"); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	idle(h.ad)
	idle(restarted)
	if n := len(h.ans.asked()); n != 1 {
		t.Errorf("answered %d times, want 1", n)
	}
	if n := len(h.slack.CallsOf("response_url", "chat.postMessage")); n != 1 {
		t.Errorf("%d replies posted, want 1", n)
	}
}
