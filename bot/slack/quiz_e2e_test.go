package slack

// The quiz end to end through Slack: the real quiz service over a real
// SQLite store, the real router and this adapter, with Slack itself played
// by the loopback fake (fake_test.go). Commands and button presses enter
// through the signed HTTP routes exactly as Slack sends them; scheduled
// posts leave through the Web API calls the fake records.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/quiz"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/bot/study"
	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/internal/fakeslack"
	"github.com/backend-tip/backend-tip/internal/testkit"
	"github.com/backend-tip/backend-tip/internal/teststore"
)

// quizE2E is one "process": store, quiz service, router and adapter, over a
// database file and a fake Slack that outlive restarts.
type quizE2E struct {
	t         *testing.T
	slack     *fakeslack.Server
	dir       string
	clock     *testkit.Clock
	logs      *testkit.LogBuffer
	questions []content.QuizQuestion
	hostile   content.QuizQuestion // the question posted first
	// wrap, when set, wraps the store the quiz sees (crash injection).
	wrap func(*store.DB) quiz.Store

	db  *store.DB
	svc *quiz.Service
	ad  *Adapter
}

func newQuizE2E(t *testing.T, start time.Time) *quizE2E {
	t.Helper()
	bank := testkit.Bank(t)
	e := &quizE2E{t: t, slack: fakeslack.New(t), dir: t.TempDir(), clock: testkit.NewClock(start), logs: &testkit.LogBuffer{}}
	e.hostile = hostileQuestion(t, bank)
	// The crafted question first: with Intn always 0 the first least-used
	// question is picked, so day one posts it and later days the real bank.
	e.questions = append([]content.QuizQuestion{e.hostile}, bank...)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("logs:\n%s", e.logs.String())
		}
	})
	e.open()
	return e
}

// hostileQuestion is a real multiple-choice question of the bank whose
// text and correct option try to ping the channel and inject Slack markup,
// so that the wire checks below mean something.
func hostileQuestion(t *testing.T, bank []content.QuizQuestion) content.QuizQuestion {
	t.Helper()
	for _, q := range bank {
		if !q.MultipleChoice() || len(q.Sections) == 0 {
			continue
		}
		q.ID = "e2e-hostile"
		q.Question.EN = "@everyone <!channel> is a<b && c>d? " + q.Question.EN
		q.Choices = append([]content.Text(nil), q.Choices...)
		c := q.Correct()
		q.Choices[c].EN = "@here <!everyone> " + q.Choices[c].EN
		return q
	}
	t.Fatal("the bank has no multiple-choice question with a guide section")
	return content.QuizQuestion{}
}

// open starts the "process": it opens the store on the same file and wires
// the service, router and adapter the way cmd/backend-tip does.
func (e *quizE2E) open() {
	e.t.Helper()
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	db := teststore.Open(e.t, e.dir, e.clock.Now)
	e.t.Cleanup(func() { db.Close() })
	docs := testkit.Guide(e.t)
	var qs quiz.Store = db
	if e.wrap != nil {
		qs = e.wrap(db)
	}
	svc, err := quiz.New(quiz.Options{
		Store: qs, Questions: e.questions, Docs: docs, Grace: time.Hour,
		Basics: bot.Basics{Clock: e.clock.Now, Zone: "Asia/Tokyo", Logger: log.With("part", "quiz"), Intn: func(int) int { return 0 }},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	st, err := study.New(study.Options{Store: db, Questions: e.questions, Docs: docs,
		Basics: bot.Basics{Clock: e.clock.Now, Zone: "Asia/Tokyo", Logger: log.With("part", "study"), Intn: func(int) int { return 0 }}})
	if err != nil {
		e.t.Fatal(err)
	}
	handlers, clicks := svc.Handlers(), svc.Clicks()
	for k, h := range st.Handlers() {
		handlers[k] = h
	}
	for k, h := range st.Clicks() {
		clicks[k] = h
	}
	router := bot.NewRouter(bot.RouterOptions{Handlers: handlers, Clicks: clicks, Sessions: st, Logger: log})
	ad, err := New(Options{
		BotToken: "xoxb-test", SigningSecret: testSecret, APIURL: e.slack.URL(),
		Router: router, Store: db, Clock: e.clock.Now, Logger: log.With("part", "slack"), Home: svc,
		StreamInterval: 20 * time.Millisecond,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { ad.rt.Wait() }) // runs before the store closes
	svc.SetPlatforms(map[string]bot.Platform{platformName: ad})
	st.SetPlatforms(map[string]bot.Platform{platformName: ad}) // as runSchedules does
	e.db, e.svc, e.ad = db, svc, ad
}

// restart ends the "process" after its work and opens a new one.
func (e *quizE2E) restart() {
	e.t.Helper()
	idle(e.ad)
	if err := e.db.Close(); err != nil {
		e.t.Fatal(err)
	}
	e.open()
}

// mark is how many calls the fake has seen; since returns the later ones.
func (e *quizE2E) mark() int {
	return len(e.slack.Calls())
}

func (e *quizE2E) since(n int) []call {
	return append([]call(nil), e.slack.Calls()[n:]...)
}

// send posts a signed request to the adapter's routes, expects 200 and
// waits for the work it started.
func (e *quizE2E) send(path, body string) {
	e.t.Helper()
	mux := http.NewServeMux()
	e.ad.Mount(mux)
	r, _ := http.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	ts, sig := Sign(testSecret, e.clock.Now(), []byte(body))
	r.Header.Set("X-Slack-Request-Timestamp", ts)
	r.Header.Set("X-Slack-Signature", sig)
	w := &statusRecorder{header: http.Header{}}
	mux.ServeHTTP(w, r)
	if w.code != http.StatusOK {
		e.t.Fatalf("%s: status %d %s", path, w.code, w.body.String())
	}
	idle(e.ad)
}

// statusRecorder is the smallest ResponseWriter: the ack's status and body.
type statusRecorder struct {
	header http.Header
	code   int
	body   strings.Builder
}

func (w *statusRecorder) Header() http.Header { return w.header }
func (w *statusRecorder) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}
func (w *statusRecorder) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(p)
}

// slash runs /backend-tip <text> in channel as user and returns the Slack
// calls it caused.
func (e *quizE2E) slash(channel, user, name, text string) []call {
	e.t.Helper()
	n := e.mark()
	form := url.Values{
		"command": {"/backend-tip"}, "text": {text}, "team_id": {"T1"}, "channel_id": {channel},
		"user_id": {user}, "user_name": {name}, "response_url": {e.slack.URL() + "response/" + user},
		"trigger_id": {fmt.Sprintf("trig-%s-%d", user, n)}, // Slack makes one per request
	}
	e.send("/slack/commands", form.Encode())
	return e.since(n)
}

// click presses the button actionID on message ts as user and returns the
// Slack calls it caused.
func (e *quizE2E) click(channel, ts, user, name, actionID string) []call {
	e.t.Helper()
	n := e.mark()
	payload, err := json.Marshal(map[string]any{
		"type": "block_actions", "trigger_id": fmt.Sprintf("trig-%s-%d", user, n), "response_url": e.slack.URL() + "response/" + user,
		"user": map[string]any{"id": user, "name": name}, "team": map[string]any{"id": "T1"},
		"channel":   map[string]any{"id": channel},
		"container": map[string]any{"type": "message", "message_ts": ts, "channel_id": channel},
		"message":   map[string]any{"ts": ts, "type": "message"},
		"actions":   []map[string]any{{"type": "button", "action_id": actionID, "value": actionID, "block_id": "buttons-0"}},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	e.send("/slack/interactions", url.Values{"payload": {string(payload)}}.Encode())
	return e.since(n)
}

// tick runs the scheduler once at now, as runSchedules does every 20 s,
// and returns the Slack calls it caused.
func (e *quizE2E) tick(now time.Time) []call {
	e.t.Helper()
	calls, err := e.tickErr(now)
	if err != nil {
		e.t.Fatalf("tick at %s: %v", now, err)
	}
	return calls
}

func (e *quizE2E) tickErr(now time.Time) ([]call, error) {
	e.clock.Set(now)
	n := e.mark()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := e.svc.Tick(ctx, now, map[string]bot.Platform{platformName: e.ad})
	idle(e.ad)
	return e.since(n), err
}

func only(calls []call, methods ...string) []call {
	var out []call
	for _, c := range calls {
		for _, m := range methods {
			if c.Method == m {
				out = append(out, c)
			}
		}
	}
	return out
}

func methods(calls []call) []string {
	var out []string
	for _, c := range calls {
		out = append(out, c.Method)
	}
	return out
}

// oneCall returns the single call of method among calls.
func oneCall(t *testing.T, calls []call, method string) call {
	t.Helper()
	got := only(calls, method)
	if len(got) != 1 {
		t.Fatalf("want exactly one %s, got calls %v", method, methods(calls))
	}
	return got[0]
}

// ephemeralReply returns the one reply shown only to the user (through the
// response_url) and checks nothing else was said in the channel.
func ephemeralReply(t *testing.T, calls []call) string {
	t.Helper()
	if public := only(calls, "chat.postMessage", "chat.update"); len(public) != 0 {
		t.Fatalf("a private reply went public: %v", methods(calls))
	}
	c := oneCall(t, calls, "response_url")
	if c.Webhook.ResponseType != slack.ResponseTypeEphemeral {
		t.Fatalf("response_type = %q, want ephemeral", c.Webhook.ResponseType)
	}
	return allText(t, c)
}

// broadcast matches a mention that would ping a whole channel; defused ones
// carry a zero-width space after the at sign.
var broadcast = regexp.MustCompile(`(?i)[@＠](everyone|here|channel)|<!(everyone|here|channel|subteam)`)

// checkSafe checks what Slack would render: every text of the message.
func checkSafe(t *testing.T, c call) {
	t.Helper()
	text := allText(t, c)
	if m := broadcast.FindString(text); m != "" {
		t.Errorf("%s carries a live mention %q:\n%s", c.Method, m, text)
	}
	if c.Form.Get("link_names") == "true" || c.Form.Get("link_names") == "1" || c.Form.Get("parse") == "full" {
		t.Errorf("%s asks Slack to parse names: %v", c.Method, c.Form)
	}
	for _, b := range c.Blocks(t) {
		if s, ok := b.(*slack.SectionBlock); ok && s.Text != nil && s.Text.Type == slack.MarkdownType && !s.Text.Verbatim {
			t.Errorf("section %q is not verbatim mrkdwn", s.Text.Text)
		}
	}
}

// quizButtons returns the buttons of the message's action blocks.
func quizButtons(t *testing.T, c call) []*slack.ButtonBlockElement {
	t.Helper()
	var out []*slack.ButtonBlockElement
	for _, b := range c.Blocks(t) {
		a, ok := b.(*slack.ActionBlock)
		if !ok {
			continue
		}
		for _, el := range a.Elements.ElementSet {
			if btn, ok := el.(*slack.ButtonBlockElement); ok {
				out = append(out, btn)
			}
		}
	}
	return out
}

var letterOf = []string{"A", "B", "C", "D", "E", "F"}

// TestQuizEndToEndSlack: subscribe with a signed slash command, the daily
// post through a scheduler tick (once, also across a restart), button
// answers from three members with ephemeral confirmations and one change,
// the reveal and the leaderboard, and the next day's post.
func TestQuizEndToEndSlack(t *testing.T) {
	tokyo := testkit.Zone(t, "Asia/Tokyo")
	// Tuesday 2026-12-01, 08:00 in Tokyo.
	day1 := func(h, m int) time.Time { return time.Date(2026, 12, 1, h, m, 0, 0, tokyo) }
	e := newQuizE2E(t, day1(8, 0))
	ctx := context.Background()
	const channel = "slack:" + testChannel
	q := e.hostile
	correct := q.Correct()
	wrong := (correct + 1) % len(q.Choices)

	var (
		postTS  string   // the question's message ts
		actions []string // its buttons' action ids, one per option
	)
	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"subscribe with a signed slash command", func(t *testing.T) {
			calls := e.slash(testChannel, "U1", "alice", "quiz daily 09:00 Asia/Tokyo")
			ack := oneCall(t, calls, "chat.postMessage")
			if ack.Form.Get("channel") != testChannel {
				t.Fatalf("confirmation went to %q", ack.Form.Get("channel"))
			}
			if text := allText(t, ack); !strings.Contains(text, "09:00 (Asia/Tokyo)") || !strings.Contains(text, "2026-12-01 09:00 JST") {
				t.Fatalf("confirmation = %q", text)
			}
			subs, err := e.db.Subscriptions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(subs) != 1 || subs[0].Channel != channel || subs[0].Hour != 9 || subs[0].Minute != 0 || subs[0].Zone != "Asia/Tokyo" {
				t.Fatalf("subscriptions = %+v", subs)
			}
		}},
		{"nothing before the slot", func(t *testing.T) {
			if calls := e.tick(day1(8, 59)); len(calls) != 0 {
				t.Fatalf("tick before 09:00 called Slack: %v", methods(calls))
			}
		}},
		{"the slot posts one message with one button per option", func(t *testing.T) {
			calls := e.tick(day1(9, 0))
			post := oneCall(t, calls, "chat.postMessage")
			if post.Form.Get("channel") != testChannel || post.Form.Get("thread_ts") != "" {
				t.Fatalf("posted to %q thread %q", post.Form.Get("channel"), post.Form.Get("thread_ts"))
			}
			// The idempotency key rides along as message metadata; a first
			// attempt reads no history (the bot may not be able to).
			if len(calls) != 1 {
				t.Fatalf("calls = %v, want just the post", methods(calls))
			}
			var meta slack.SlackMetadata
			if err := json.Unmarshal([]byte(post.Form.Get("metadata")), &meta); err != nil {
				t.Fatalf("metadata %q: %v", post.Form.Get("metadata"), err)
			}
			if key := fmt.Sprint(meta.EventPayload["key"]); meta.EventType != postEventType || !strings.HasPrefix(key, "btq-") || len(key) > 25 {
				t.Fatalf("metadata = %+v", meta)
			}
			if post.Form.Get("unfurl_links") != "false" || post.Form.Get("unfurl_media") != "false" {
				t.Errorf("unfurl_links=%q unfurl_media=%q", post.Form.Get("unfurl_links"), post.Form.Get("unfurl_media"))
			}
			checkSafe(t, post)
			text := allText(t, post)
			testkit.WantContains(t, "post", text, "Quiz of the day", "a&lt;b &amp;&amp; c&gt;d", "@\u200beveryone", "&lt;!channel&gt;")
			buttons := quizButtons(t, post)
			if len(buttons) != len(q.Choices) {
				t.Fatalf("%d buttons for %d options: %s", len(buttons), len(q.Choices), text)
			}
			postID := ""
			for n, b := range buttons {
				id, _ := strings.CutPrefix(b.ActionID, quiz.ClickPrefix)
				pid, num, _ := strings.Cut(id, ":")
				if postID == "" {
					postID = pid
				}
				if pid != postID || num != fmt.Sprint(n) || b.Value != b.ActionID || len(b.ActionID) > 100 {
					t.Errorf("button %d: action_id %q value %q", n, b.ActionID, b.Value)
				}
				if b.Text.Type != slack.PlainTextType || !strings.HasPrefix(b.Text.Text, letterOf[n]+") ") {
					t.Errorf("button %d label %+v", n, b.Text)
				}
				actions = append(actions, b.ActionID)
			}
			if !strings.Contains(buttons[correct].Text.Text, "@\u200bhere") {
				t.Errorf("correct option's label not defused: %q", buttons[correct].Text.Text)
			}
			// The question carries no sources, so no 👍/👎 row either.
			if strings.Contains(text, feedbackPrefix) {
				t.Errorf("question post has feedback buttons: %s", text)
			}
			p, err := e.db.Post(ctx, postID)
			if err != nil {
				t.Fatal(err)
			}
			if p.QuestionID != q.ID || p.MessageID != post.TS || !p.Scheduled() || p.Channel != channel {
				t.Fatalf("stored post = %+v, posted ts %s", p, post.TS)
			}
			postTS = post.TS
		}},
		{"ticking again posts nothing", func(t *testing.T) {
			for _, at := range []time.Time{day1(9, 0), day1(9, 0).Add(20 * time.Second), day1(9, 30)} {
				if calls := e.tick(at); len(calls) != 0 {
					t.Fatalf("tick at %s called Slack: %v", at.Format("15:04:05"), methods(calls))
				}
			}
		}},
		{"after a restart on the same database nothing more is posted", func(t *testing.T) {
			e.restart()
			for _, at := range []time.Time{day1(9, 1), day1(9, 59)} {
				if calls := e.tick(at); len(calls) != 0 {
					t.Fatalf("tick at %s after restart called Slack: %v", at.Format("15:04"), methods(calls))
				}
			}
		}},
		{"members answer; each sees only their own confirmation", func(t *testing.T) {
			e.clock.Set(day1(9, 10))
			type press struct {
				user, name string
				choice     int
				want       string
			}
			presses := []press{
				{"U1", "alice", correct, fmt.Sprintf("Your answer %s is recorded", letterOf[correct])},
				{"U2", "bob", wrong, fmt.Sprintf("Your answer %s is recorded", letterOf[wrong])},
				{"U3", "@channel-carol", wrong, fmt.Sprintf("Your answer %s is recorded", letterOf[wrong])},
				// bob changes his mind before the reveal
				{"U2", "bob", correct, fmt.Sprintf("Changed your answer from %s to %s", letterOf[wrong], letterOf[correct])},
				// alice presses the same option again: still one answer
				{"U1", "alice", correct, fmt.Sprintf("Your answer %s is recorded", letterOf[correct])},
			}
			for _, p := range presses {
				calls := e.click(testChannel, postTS, p.user, p.name, actions[p.choice])
				if got := ephemeralReply(t, calls); !strings.Contains(got, p.want) {
					t.Errorf("%s pressing %s: reply %q, want %q", p.name, letterOf[p.choice], got, p.want)
				}
			}
			// The same button pressed in another channel changes nothing.
			calls := e.click("C2", postTS, "U4", "mallory", actions[correct])
			if got := ephemeralReply(t, calls); !strings.Contains(got, "closed") {
				t.Errorf("click from another channel: %q", got)
			}
		}},
		{"quiz answer reveals the correct option, the guide section and the count", func(t *testing.T) {
			e.clock.Set(day1(12, 0))
			calls := e.slash(testChannel, "U1", "alice", "quiz answer")
			reveal := oneCall(t, calls, "chat.postMessage")
			if reveal.Form.Get("channel") != testChannel {
				t.Fatalf("reveal went to %q", reveal.Form.Get("channel"))
			}
			checkSafe(t, reveal)
			text := allText(t, reveal)
			wantCorrect := ToMrkdwn(fmt.Sprintf("Correct: %s) %s", letterOf[correct], q.Choices[correct].EN))
			testkit.WantContains(t, "reveal", text, wantCorrect, "Answered right: 2 of 3", "📖 Guide「")
			// The guide section is both quoted in the text and listed as a source.
			var sources string
			for _, b := range reveal.Blocks(t) {
				if c, ok := b.(*slack.ContextBlock); ok && c.BlockID == "sources" {
					sources = blockText(c)
				}
			}
			found := false
			// An English reveal names the English edition's twin.
			for _, sec := range q.Sections {
				title := Escape(testkit.SectionIn(t, sec, content.LangEN))
				if strings.Contains(sources, title) && strings.Contains(text, "「"+title+"」") {
					found = true
				}
			}
			if !found {
				t.Errorf("reveal names none of the sections %q:\nsources: %s\n%s", q.Sections, sources, text)
			}
			// A second `quiz answer` has nothing left to reveal.
			if got := ephemeralReply(t, e.slash(testChannel, "U1", "alice", "quiz answer")); !strings.Contains(got, "no open question") {
				t.Errorf("second quiz answer: %q", got)
			}
			// A click after the reveal is refused and changes nothing.
			if got := ephemeralReply(t, e.click(testChannel, postTS, "U3", "@channel-carol", actions[correct])); !strings.Contains(got, "already been revealed") {
				t.Errorf("click after the reveal: %q", got)
			}
		}},
		{"quiz leaderboard shows the members and streaks", func(t *testing.T) {
			calls := e.slash(testChannel, "U2", "bob", "quiz leaderboard")
			board := oneCall(t, calls, "chat.postMessage")
			checkSafe(t, board)
			text := allText(t, board)
			for _, want := range []string{
				"alice: 1/1 correct · streak 1 (best 1)",
				"bob: 1/1 correct · streak 1 (best 1)",
				"@\u200bchannel-carol: 0/1 correct · streak 0 (best 0)",
			} {
				if !strings.Contains(text, want) {
					t.Errorf("leaderboard lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(text, "mallory") {
				t.Errorf("the click from another channel was counted:\n%s", text)
			}
			if i, j := strings.Index(text, "bob:"), strings.Index(text, "carol:"); i < 0 || j < i {
				t.Errorf("carol (0 right) ranks above bob:\n%s", text)
			}
		}},
		{"the next day's slot posts the next question once, without a second reveal", func(t *testing.T) {
			day2 := day1(9, 0).AddDate(0, 0, 1)
			calls := e.tick(day2)
			post := oneCall(t, calls, "chat.postMessage")
			checkSafe(t, post)
			if text := allText(t, post); !strings.Contains(text, "Quiz of the day") || strings.Contains(text, "Answered right") {
				t.Fatalf("next day's post:\n%s", text)
			}
			if buttons := quizButtons(t, post); len(buttons) > 0 && strings.Contains(buttons[0].ActionID, strings.Split(actions[0], ":")[1]) {
				t.Fatalf("the next day repeats yesterday's post: %s", buttons[0].ActionID)
			}
			if calls := e.tick(day2.Add(time.Minute)); len(calls) != 0 {
				t.Fatalf("second tick on day two called Slack: %v", methods(calls))
			}
		}},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.run) {
			t.FailNow() // later steps build on this one
		}
	}
}

// errCrash stands for the process dying right after Slack took the post.
var errCrash = errors.New("simulated crash after posting")

// crashAfterPost is the store of a process that dies between posting a
// slot and recording the post.
type crashAfterPost struct {
	*store.DB
	crashed atomic.Bool
}

func (c *crashAfterPost) MarkPosted(ctx context.Context, postID, messageID string, at time.Time) error {
	if c.crashed.CompareAndSwap(false, true) {
		return errCrash
	}
	return c.DB.MarkPosted(ctx, postID, messageID, at)
}

// TestQuizSlotCrashBetweenPostAndRecordSlack: Slack took the daily post but
// the process died before recording it. After a restart the retry finds the
// post by its metadata key in the channel history (as Slack returns it) and
// records that message instead of posting the question twice; clicks on it
// then count.
func TestQuizSlotCrashBetweenPostAndRecordSlack(t *testing.T) {
	slotAt := testkit.Tokyo(t, "2026-12-01 09:00")
	e := newQuizE2E(t, slotAt.Add(-time.Hour))
	e.wrap = func(db *store.DB) quiz.Store { return &crashAfterPost{DB: db} }
	e.restart() // now with the crashing store
	e.slash(testChannel, "U1", "alice", "quiz daily 09:00")

	calls, err := e.tickErr(slotAt)
	if !errors.Is(err, errCrash) {
		t.Fatalf("tick error = %v, want the simulated crash", err)
	}
	first := oneCall(t, calls, "chat.postMessage")
	// The channel moves on: 25 newer messages (more than the 20 an old
	// lookup read) before the process is back.
	e.slack.Lock()
	ch := e.slack.Channel(testChannel)
	for i := range 25 {
		ch.Msgs = append(ch.Msgs, slack.Message{Msg: slack.Msg{Type: "message", User: "U9", Text: "chatter", Timestamp: fmt.Sprintf("1800000000.%06d", i)}})
	}
	e.slack.Unlock()

	e.wrap = nil
	e.restart()
	calls = e.tick(slotAt.Add(20 * time.Second))
	if posts := only(calls, "chat.postMessage"); len(posts) != 0 || len(only(calls, "conversations.history")) != 1 {
		t.Fatalf("retry after the crash: calls %v, want one history lookup and no post", methods(calls))
	}
	if n := len(only(e.since(0), "chat.postMessage")); n != 2 { // the subscription's confirmation and the quiz
		t.Fatalf("%d chat.postMessage in all, want the confirmation and exactly one quiz post", n)
	}
	buttons := quizButtons(t, first)
	if len(buttons) == 0 {
		t.Fatal("the posted question has no buttons")
	}
	postID := strings.Split(buttons[0].ActionID, ":")[1]
	p, err := e.db.Post(context.Background(), postID)
	if err != nil {
		t.Fatal(err)
	}
	if p.MessageID != first.TS {
		t.Fatalf("recorded message %q, want the one Slack took (%s)", p.MessageID, first.TS)
	}
	if calls := e.tick(slotAt.Add(time.Minute)); len(calls) != 0 {
		t.Fatalf("tick after recovery called Slack: %v", methods(calls))
	}
	if got := ephemeralReply(t, e.click(testChannel, first.TS, "U2", "bob", buttons[0].ActionID)); !strings.Contains(got, "recorded") {
		t.Fatalf("click on the recovered post: %q", got)
	}
}
