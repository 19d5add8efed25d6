package slack

// The harness: an adapter wired to the shared fake Slack
// (internal/fakeslack), a real router, a fake answerer and store.

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/fakeslack"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// Test identities; the workspace's are the fake's.
const (
	testSecret      = "8f742231b10e8888abcd99yyyzzz85a5"
	testBotUser     = fakeslack.BotUser
	testBotID       = fakeslack.BotID
	testChannel     = "C1"
	testUser        = "U1"
	testTeam        = fakeslack.Team
	testAdmin       = fakeslack.Admin
	privateChannel  = fakeslack.PrivateChannel
	publicNotJoined = fakeslack.PublicNotJoined
	privateMember   = fakeslack.PrivateMember
	dmChannel       = "DU1" // the user's DM with the bot (fakeslack.DMWith(testUser))
	localeUser      = fakeslack.LocaleUser
)

// call is one request the fake Slack received.
type call = fakeslack.Call

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
	tb   testing.TB // for errors from the answerer's goroutine
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
		if f.visible != nil && strings.ContainsRune(string(runes[:n]), '\n') &&
			!testkit.Eventually(func() bool { return f.visible() > before }) {
			f.tb.Errorf("the partial %q never showed", runes[:n])
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
	slack     *fakeslack.Server
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
	h := &harness{t: t, slack: fakeslack.New(t), store: newFakeStore(), now: time.Unix(1_800_000_000, 0),
		ans: &fakeAnswerer{tb: t, sources: []bot.Source{{Section: "面接 > システム設計", Document: "backend_developer_guide.md"}}}}
	h.ans.visible = func() int {
		return len(h.slack.CallsOf("chat.postMessage", "chat.update", "chat.update(429)", "chat.startStream", "chat.appendStream"))
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
		BotToken: "xoxb-test", AppToken: appToken, SigningSecret: testSecret, APIURL: h.slack.URL(),
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
	return h.slashIn(ad, testChannel, testUser, text)
}

// slashIn runs /backend-tip <text> in channel as user.
func (h *harness) slashIn(ad *Adapter, channel, user, text string) (int, string) {
	form := url.Values{
		"command": {"/backend-tip"}, "text": {text}, "team_id": {testTeam}, "channel_id": {channel},
		"user_id": {user}, "user_name": {"taro"}, "response_url": {h.slack.ResponseURL("1")}, "trigger_id": {"trig"},
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
		"type": "block_actions", "trigger_id": "trig", "response_url": h.slack.ResponseURL("1"),
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

// streamedText is the markdown of a streamed message as Slack stores it.
func streamedText(f *fakeslack.Server, channel, ts string) string {
	for _, m := range f.Messages(channel) {
		if m.Timestamp == ts {
			return answerFromBlocks(m.Blocks.BlockSet)
		}
	}
	return ""
}

// wantCalls fails the test unless the fake Slack saw want calls of method;
// why says what the count shows.
func (h *harness) wantCalls(method string, want int, why string) {
	h.t.Helper()
	if n := len(h.slack.CallsOf(method)); n != want {
		h.t.Fatalf("%d %s calls, want %d (%s)", n, method, want, why)
	}
}
