package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"

	"github.com/backend-tip/backend-tip/bot"
)

// Test identities.
const (
	testSecret  = "8f742231b10e8888abcd99yyyzzz85a5"
	testBotUser = "UBOT"
	testBotID   = "BBOT"
	testChannel = "C1"
	testUser    = "U1"
	// testAdmin is a workspace admin (users.info is_admin).
	testAdmin = "UADMIN"
	// privateChannel is a channel the bot is not in: chat.postMessage fails there.
	privateChannel = "GPRIVATE"
)

// call is one request the fake Slack received.
type call struct {
	Method  string
	Form    url.Values
	Webhook slack.WebhookMessage // response_url posts
	TS      string               // ts the fake assigned (chat.postMessage)
	At      time.Time            // when the fake received it
}

// Blocks decodes the call's blocks (form field or webhook).
func (c call) Blocks(t testing.TB) []slack.Block {
	t.Helper()
	if c.Webhook.Blocks != nil {
		return c.Webhook.Blocks.BlockSet
	}
	var b slack.Blocks
	if raw := c.Form.Get("blocks"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &b); err != nil {
			t.Fatalf("blocks of %s: %v", c.Method, err)
		}
	}
	return b.BlockSet
}

// fakeSlack is slacktest's server with binders for the methods the adapter
// uses, recording every call; plus a Socket Mode websocket.
type fakeSlack struct {
	srv *slacktest.Server

	mu            sync.Mutex
	seq           int
	calls         []call
	replies       map[string][]slack.Message // thread ts → messages
	history       []slack.Message
	updateLimited int    // answer this many chat.update calls with 429
	updateError   string // when set, chat.update fails with this Slack error
	startLimited  int    // answer this many chat.startStream calls with 429 (Tier 2)
	stopByUser    bool   // the asker presses stop: appendStream answers stopped_by_user
	chans         map[string]*fakeChannel
	rejected      []string // errors the fake answered for invalid payloads

	// Socket Mode
	envelopes chan string
	acks      chan string
}

func newFakeSlack(t testing.TB) *fakeSlack {
	t.Helper()
	f := &fakeSlack{replies: map[string][]slack.Message{}, envelopes: make(chan string, 16), acks: make(chan string, 64)}
	f.srv = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/auth.test", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, map[string]any{"ok": true, "user_id": testBotUser, "bot_id": testBotID, "team_id": "T1"})
		})
		f.workspaceHandlers(c)
		c.Handle("/chat.update", func(w http.ResponseWriter, r *http.Request) {
			f.mu.Lock()
			limited := f.updateLimited > 0
			if limited {
				f.updateLimited--
			}
			f.mu.Unlock()
			if limited {
				f.record(r, "chat.update(429)")
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			cl := f.record(r, "chat.update")
			f.mu.Lock()
			failure := f.updateError
			if f.channel(cl.Form.Get("channel")).stream[cl.Form.Get("ts")] {
				failure = "streaming_state_conflict" // a streaming message is changed by the stream methods only
			}
			f.mu.Unlock()
			if _, problem := checkBlocks(cl.Form.Get("blocks")); problem != "" && failure == "" {
				failure = problem
			}
			if failure != "" {
				writeJSON(w, map[string]any{"ok": false, "error": failure})
				return
			}
			f.applyUpdate(cl)
			writeJSON(w, map[string]any{"ok": true, "channel": cl.Form.Get("channel"), "ts": cl.Form.Get("ts")})
		})
		for _, m := range []string{"chat.delete", "chat.postEphemeral", "reactions.add", "reactions.remove"} {
			c.Handle("/"+m, func(w http.ResponseWriter, r *http.Request) {
				cl := f.record(r, m)
				f.mu.Lock()
				ch := f.channel(cl.Form.Get("channel"))
				hidden := ch.private && !ch.member
				f.mu.Unlock()
				if hidden {
					writeJSON(w, map[string]any{"ok": false, "error": "channel_not_found"}) // invisible to a non-member
					return
				}
				writeJSON(w, map[string]any{"ok": true, "ts": cl.Form.Get("ts"), "message_ts": "9.9"})
			})
		}
		// conversations.open (Tier 3, scope im:write) returns the DM
		// channel with users; an unknown user is user_not_found.
		c.Handle("/conversations.open", func(w http.ResponseWriter, r *http.Request) {
			cl := f.record(r, "conversations.open")
			users := cl.Form.Get("users")
			if !strings.HasPrefix(users, "U") || strings.Contains(users, ",") {
				writeJSON(w, map[string]any{"ok": false, "error": "user_not_found"})
				return
			}
			writeJSON(w, map[string]any{"ok": true, "channel": map[string]any{"id": "D" + users, "is_im": true}})
		})
		c.Handle("/response/", func(w http.ResponseWriter, r *http.Request) {
			var m slack.WebhookMessage
			_ = json.NewDecoder(r.Body).Decode(&m)
			f.mu.Lock()
			f.calls = append(f.calls, call{Method: "response_url", Webhook: m})
			f.mu.Unlock()
			w.Write([]byte("ok"))
		})
		c.Handle("/apps.connections.open", func(w http.ResponseWriter, r *http.Request) {
			f.record(r, "apps.connections.open")
			writeJSON(w, map[string]any{"ok": true, "url": "ws://" + r.Host + "/socket"})
		})
		c.Handle("/socket", f.socket)
	})
	f.srv.Start()
	t.Cleanup(f.srv.Stop)
	return f
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeSlack) record(r *http.Request, method string) call {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	f.mu.Lock()
	defer f.mu.Unlock()
	cl := call{Method: method, Form: form, At: time.Now()}
	if method == "chat.postMessage" {
		f.seq++
		cl.TS = fmt.Sprintf("1700000000.%06d", f.seq)
	}
	f.calls = append(f.calls, cl)
	return cl
}

// dropConnection, queued as an envelope, makes the fake close the websocket.
const dropConnection = "DROP"

// socket is the Socket Mode websocket: hello, then queued envelopes; acks are read back.
func (f *fakeSlack) socket(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }} // slack-go sends Origin: https://api.slack.com
	conn, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	if err := conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1}); err != nil {
		return
	}
	go func() {
		for {
			var ack struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if err := conn.ReadJSON(&ack); err != nil {
				return
			}
			f.acks <- ack.EnvelopeID
		}
	}()
	for {
		select {
		case <-r.Context().Done():
			return
		case env := <-f.envelopes:
			if env == dropConnection {
				return
			}
			if err := conn.WriteMessage(websocket.TextMessage, []byte(env)); err != nil {
				return
			}
		}
	}
}

func (f *fakeSlack) url() string { return f.srv.GetAPIURL() }

// responseURL is a response_url the fake records.
func (f *fakeSlack) responseURL() string { return f.url() + "response/1" }

func (f *fakeSlack) callsOf(methods ...string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		for _, m := range methods {
			if c.Method == m {
				out = append(out, c)
			}
		}
	}
	return out
}

// waitFor polls cond; it synchronises with background work, it does not time it.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// fakeStore is an in-memory Store shared across adapter "restarts".
type fakeStore struct {
	mu       sync.Mutex
	seen     map[string]bool
	feedback []bot.Feedback
}

func newFakeStore() *fakeStore { return &fakeStore{seen: map[string]bool{}} }

func (s *fakeStore) MarkEvent(_ context.Context, key string, _ time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen[key] {
		return false, nil
	}
	s.seen[key] = true
	return true, nil
}

func (s *fakeStore) RecordFeedback(_ context.Context, f bot.Feedback) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feedback = append(s.feedback, f)
	return nil
}

// fakeAnswerer streams its answer in a few updates and records questions.
type fakeAnswerer struct {
	mu        sync.Mutex
	answer    func(q bot.Question) string
	sources   []bot.Source
	questions []bot.Question
	panicky   bool
	// visible counts the stream's Slack calls so far; after each Update the
	// answerer waits until one more has happened, which makes streaming
	// observable without racing the final reply.
	visible func() int
	// gate, when set, holds every answer until it is closed.
	gate chan struct{}
}

func (f *fakeAnswerer) Answer(_ context.Context, q bot.Question, s bot.Stream) error {
	f.mu.Lock()
	f.questions = append(f.questions, q)
	f.mu.Unlock()
	if f.panicky {
		panic("answerer exploded")
	}
	if f.gate != nil {
		<-f.gate
	}
	text := "answer to: " + q.Text + "\n\nThe guide says so.\n\nThat is all."
	if f.answer != nil {
		text = f.answer(q)
	}
	runes := []rune(text)
	for _, n := range []int{len(runes) / 3, 2 * len(runes) / 3} {
		// Partials end after a line, as a model's do most of the time;
		// native streaming sends complete lines only.
		for n < len(runes)-1 && runes[n-1] != '\n' {
			n++
		}
		before := 0
		if f.visible != nil {
			before = f.visible()
		}
		s.Update(string(runes[:n]))
		// A partial without a complete line shows nothing when streamed
		// natively: there is no call to wait for.
		if f.visible != nil && strings.ContainsRune(string(runes[:n]), '\n') {
			deadline := time.Now().Add(10 * time.Second)
			for f.visible() == before && time.Now().Before(deadline) {
				time.Sleep(2 * time.Millisecond)
			}
		}
	}
	s.Done(bot.Reply{Text: text, Sources: f.sources, Lang: q.Lang})
	return nil
}

func (f *fakeAnswerer) asked() []bot.Question {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]bot.Question(nil), f.questions...)
}

// harness is an adapter wired to the fake Slack, a real router, a fake answerer and store.
type harness struct {
	t         testing.TB
	slack     *fakeSlack
	store     *fakeStore
	ans       *fakeAnswerer
	custom    bot.Answerer // replaces ans when set (before newAdapter)
	home      HomeSource   // the Home tab's source (before newAdapter)
	useLocale bool         // Options.UseLocale (before newAdapter)
	clicks    []bot.Click
	cmu       sync.Mutex
	ad        *Adapter
	now       time.Time
}

func newHarness(t testing.TB, appToken string) *harness {
	t.Helper()
	h := &harness{t: t, slack: newFakeSlack(t), store: newFakeStore(), now: time.Unix(1_800_000_000, 0),
		ans: &fakeAnswerer{sources: []bot.Source{{Section: "面接 > システム設計", Document: "backend_developer_guide.md"}}}}
	h.ans.visible = func() int {
		return len(h.slack.callsOf("chat.postMessage", "chat.update", "chat.update(429)", "chat.startStream", "chat.appendStream"))
	}
	h.ad = h.newAdapter(appToken)
	return h
}

func (h *harness) router() *bot.Router {
	return bot.NewRouter(bot.RouterOptions{
		Answerer: h.answerer(),
		Handlers: map[string]bot.Handler{
			"tip": func(_ context.Context, req bot.Request, _ string, s bot.Stream) error {
				s.Done(bot.Reply{Text: "**Tip**: read the guide [" + string(req.Lang) + "]", Lang: req.Lang})
				return nil
			},
		},
		Clicks: map[string]bot.ClickHandler{"quiz:": func(_ context.Context, c bot.Click) (bot.Reply, error) {
			h.cmu.Lock()
			h.clicks = append(h.clicks, c)
			h.cmu.Unlock()
			return bot.Reply{Text: "Correct! 正解です"}, nil
		}},
	})
}

// answerer is the fake answerer, or the one a test put in h.custom.
func (h *harness) answerer() bot.Answerer {
	if h.custom != nil {
		return h.custom
	}
	return h.ans
}

// newAdapter builds another adapter on the same fake Slack and store (a "restart").
func (h *harness) newAdapter(appToken string) *Adapter {
	ad, err := New(Options{
		BotToken: "xoxb-test", AppToken: appToken, SigningSecret: testSecret, APIURL: h.slack.url(),
		Router: h.router(), Store: h.store, Clock: func() time.Time { return h.now },
		Logger: slog.New(slog.DiscardHandler), Home: h.home, UseLocale: h.useLocale,
		StreamInterval: 20 * time.Millisecond,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { ad.rt.Wait() })
	return ad
}

// signedRequest builds a request signed the way Slack signs it.
func (h *harness) signedRequest(path, contentType, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	ts, sig := Sign(testSecret, h.now, []byte(body))
	r.Header.Set("X-Slack-Request-Timestamp", ts)
	r.Header.Set("X-Slack-Signature", sig)
	return r
}

// serve sends r through the adapter's routes and returns the status code.
func (h *harness) serve(ad *Adapter, r *http.Request) (int, string) {
	mux := http.NewServeMux()
	ad.Mount(mux)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

func (h *harness) slash(ad *Adapter, text string) (int, string) {
	return h.slashIn(ad, testChannel, text)
}

func (h *harness) slashIn(ad *Adapter, channel, text string) (int, string) {
	form := url.Values{
		"command": {"/backend-tip"}, "text": {text}, "team_id": {"T1"}, "channel_id": {channel},
		"user_id": {testUser}, "user_name": {"taro"}, "response_url": {h.slack.responseURL()}, "trigger_id": {"trig"},
	}
	return h.serve(ad, h.signedRequest("/slack/commands", "application/x-www-form-urlencoded", form.Encode()))
}

// mentionEvent is an Events API body with an app_mention.
func mentionEvent(eventID, ts, threadTS, user, botID, text string) string {
	ev := map[string]any{"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": testChannel, "event_ts": ts}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	if botID != "" {
		ev["bot_id"] = botID
	}
	b, _ := json.Marshal(map[string]any{"type": "event_callback", "team_id": "T1", "event_id": eventID, "event_time": 1, "event": ev})
	return string(b)
}

func (h *harness) event(ad *Adapter, body string, retry int) (int, string) {
	r := h.signedRequest("/slack/events", "application/json", body)
	if retry > 0 {
		r.Header.Set("X-Slack-Retry-Num", fmt.Sprint(retry))
		r.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	}
	return h.serve(ad, r)
}

func (h *harness) interaction(ad *Adapter, actionID string) (int, string) {
	return h.interactionValue(ad, actionID, actionID, "button")
}

// interactionValue presses an element of kind ("button", "feedback_buttons") with a value.
func (h *harness) interactionValue(ad *Adapter, actionID, value, kind string) (int, string) {
	payload, _ := json.Marshal(map[string]any{
		"type": "block_actions", "trigger_id": "trig", "response_url": h.slack.responseURL(),
		"user": map[string]any{"id": testUser, "name": "taro"}, "team": map[string]any{"id": "T1"},
		"channel":   map[string]any{"id": testChannel},
		"container": map[string]any{"type": "message", "message_ts": "1700000000.000001", "channel_id": testChannel},
		"actions":   []map[string]any{{"type": kind, "action_id": actionID, "value": value, "block_id": "b"}},
	})
	form := url.Values{"payload": {string(payload)}}
	return h.serve(ad, h.signedRequest("/slack/interactions", "application/x-www-form-urlencoded", form.Encode()))
}

// idle waits for every background job of ad.
func idle(ad *Adapter) { ad.rt.Wait() }

// allText is every text a call sends: the text field and all block texts.
func allText(t testing.TB, c call) string {
	t.Helper()
	parts := []string{c.Form.Get("text"), c.Form.Get("markdown_text"), c.Webhook.Text}
	for _, b := range c.Blocks(t) {
		parts = append(parts, blockText(b))
	}
	return strings.Join(parts, "\n")
}

func blockText(b slack.Block) string {
	switch b := b.(type) {
	case *slack.SectionBlock:
		if b.Text != nil {
			return b.Text.Text
		}
	case *slack.MarkdownBlock:
		return b.Text
	case *slack.ContextBlock:
		var s []string
		for _, e := range b.ContextElements.Elements {
			if t, ok := e.(*slack.TextBlockObject); ok {
				s = append(s, t.Text)
			}
		}
		return strings.Join(s, " ")
	case *slack.ContextActionsBlock:
		var s []string
		for _, e := range b.Elements.ElementSet {
			if fb, ok := e.(*slack.FeedbackButtonsBlockElement); ok {
				s = append(s, fb.ActionID+"="+fb.PositiveButton.Value+"/"+fb.NegativeButton.Value)
			}
		}
		return strings.Join(s, " ")
	case *slack.ActionBlock:
		var s []string
		for _, e := range b.Elements.ElementSet {
			if btn, ok := e.(*slack.ButtonBlockElement); ok {
				s = append(s, btn.ActionID+"="+btn.Text.Text)
			}
		}
		return strings.Join(s, " ")
	}
	return ""
}

func (h *harness) clickList() []bot.Click {
	h.cmu.Lock()
	defer h.cmu.Unlock()
	return append([]bot.Click(nil), h.clicks...)
}
