package console

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
)

// fakeHandler records requests and clicks and answers from a script.
type fakeHandler struct {
	mu       sync.Mutex
	requests []bot.Request
	clicks   []bot.Click
	reply    func(req bot.Request, s bot.Stream)
	click    func(c bot.Click) bot.Reply
}

func (h *fakeHandler) Handle(ctx context.Context, req bot.Request, s bot.Stream) {
	h.mu.Lock()
	h.requests = append(h.requests, req)
	h.mu.Unlock()
	if h.reply != nil {
		h.reply(req, s)
		return
	}
	s.Done(bot.Reply{Text: "answer to " + req.Text})
}

func (h *fakeHandler) Click(ctx context.Context, c bot.Click) bot.Reply {
	h.mu.Lock()
	h.clicks = append(h.clicks, c)
	h.mu.Unlock()
	if h.click != nil {
		return h.click(c)
	}
	return bot.Reply{Text: "clicked " + c.ActionID, Ephemeral: true}
}

func run(t *testing.T, h platform.Router, input string, interactive bool) string {
	t.Helper()
	var out bytes.Buffer
	a := New(Options{In: strings.NewReader(input), Out: &out, Handler: h, Interactive: interactive})
	if err := a.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return out.String()
}

func TestLinesBecomeRequestsWithHistory(t *testing.T) {
	h := &fakeHandler{}
	out := run(t, h, "N+1問題とは？\n\n/backend-tip ask それはどうやって防ぐの？\n/BACKEND-TIP\nhelp\n", false)
	want := []string{"N+1問題とは？", "ask それはどうやって防ぐの？", "help", "help"}
	if len(h.requests) != len(want) {
		t.Fatalf("%d requests: %+v", len(h.requests), h.requests)
	}
	for i, req := range h.requests {
		if req.Text != want[i] || req.Platform != "console" || req.Kind != bot.KindMention || req.ChannelID == "" || req.UserID == "" {
			t.Errorf("request %d: %+v", i, req)
		}
		if len(req.History) != 2*i {
			t.Errorf("request %d has %d turns of history", i, len(req.History))
		}
	}
	if h := h.requests[1].History; h[0].Text != "N+1問題とは？" || !h[1].FromBot || h[1].Text != "answer to N+1問題とは？" {
		t.Errorf("history %+v", h)
	}
	if strings.Contains(out, "> ") {
		t.Errorf("prompt printed for a pipe:\n%s", out)
	}
	if !strings.Contains(out, "answer to ask それはどうやって防ぐの？\n") {
		t.Errorf("output:\n%s", out)
	}
}

func TestEphemeralRepliesStayOutOfHistory(t *testing.T) {
	h := &fakeHandler{reply: func(req bot.Request, s bot.Stream) {
		s.Done(bot.Reply{Text: "help text", Ephemeral: req.Text == "help"})
	}}
	run(t, h, "help\nquestion\nnext\n", false)
	if n := len(h.requests[2].History); n != 2 {
		t.Errorf("history has %d turns, want the question's 2", n)
	}
}

func TestStreamedTextPrintedOnce(t *testing.T) {
	h := &fakeHandler{reply: func(req bot.Request, s bot.Stream) {
		s.Update("N+1は")
		s.Update("N+1は追加クエリの")
		s.Update("N+1は追加クエリの問題です[1]")
		s.Done(bot.Reply{Text: "N+1は追加クエリの問題です[1]。@everyone", Lang: bot.Japanese,
			Sources: []bot.Source{{Section: "必須スキル > データベース", Document: "backend_developer_guide.md"}, {Section: "認証", Document: "team.md"}}})
	}}
	out := run(t, h, "N+1?\n", false)
	if strings.Count(out, "N+1は") != 1 || !strings.Contains(out, "N+1は追加クエリの問題です[1]。@\u200beveryone\n") {
		t.Errorf("output:\n%q", out)
	}
	for _, want := range []string{"出典:", "[1] 必須スキル > データベース\n", "[2] 認証 (team.md)"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

func TestRewrittenUpdateStartsANewLine(t *testing.T) {
	h := &fakeHandler{reply: func(req bot.Request, s bot.Stream) {
		s.Update("⏳ waiting…")
		s.Update("The answer")
		s.Done(bot.Reply{Text: "The answer is here."})
	}}
	out := run(t, h, "q\n", false)
	if out != "⏳ waiting…\nThe answer is here.\n" {
		t.Errorf("output %q", out)
	}
}

func TestNumbersPressButtons(t *testing.T) {
	h := &fakeHandler{
		reply: func(req bot.Request, s bot.Stream) {
			if req.Text == "quiz" {
				s.Done(bot.Reply{Text: "Q1", Buttons: []bot.Button{{ActionID: "quiz:q1:a", Label: "A"}, {ActionID: "quiz:q1:b", Label: "B"}}})
				return
			}
			s.Done(bot.Reply{Text: "answer"})
		},
		click: func(c bot.Click) bot.Reply { return bot.Reply{Text: "正解！ " + c.ActionID, Ephemeral: true} },
	}
	out := run(t, h, "quiz\n2\n7\n1\n", false)
	if len(h.clicks) != 2 || h.clicks[0].ActionID != "quiz:q1:b" || h.clicks[1].ActionID != "quiz:q1:a" {
		t.Fatalf("clicks %+v", h.clicks)
	}
	c := h.clicks[0]
	if c.Platform != "console" || c.MessageID != "console-1" || c.ChannelID == "" || c.UserID == "" {
		t.Errorf("click %+v", c)
	}
	// 7 is not a choice: it is asked as text.
	if len(h.requests) != 2 || h.requests[1].Text != "7" {
		t.Errorf("requests %+v", h.requests)
	}
	for _, want := range []string{"  1) A\n", "  2) B\n", "正解！ quiz:q1:b"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

func TestPostIsIdempotentAndItsButtonsWork(t *testing.T) {
	h := &fakeHandler{}
	var out bytes.Buffer
	a := New(Options{In: strings.NewReader("1\n"), Out: &out, Handler: h})
	r := bot.Reply{Text: "今日のクイズ", IdempotencyKey: "quiz:c:2026-12-01", Buttons: []bot.Button{{ActionID: "quiz:x:1", Label: "はい"}}}
	id1, err := a.Post(context.Background(), "study", r)
	if err != nil {
		t.Fatal(err)
	}
	id2, _ := a.Post(context.Background(), "study", r)
	if id1 != id2 || strings.Count(out.String(), "今日のクイズ") != 1 {
		t.Errorf("ids %s %s, output:\n%s", id1, id2, out.String())
	}
	if err := a.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(h.clicks) != 1 || h.clicks[0].MessageID != id1 || h.clicks[0].ChannelID != "study" {
		t.Errorf("clicks %+v", h.clicks)
	}
}

func TestExitPromptAndLongLines(t *testing.T) {
	h := &fakeHandler{}
	long := strings.Repeat("あ", 1<<20) // 3 MiB of text on one line
	out := run(t, h, long+"\nexit\nnever asked\n", true)
	if len(h.requests) != 1 {
		t.Fatalf("%d requests", len(h.requests))
	}
	if n := len(h.requests[0].Text); n > 1<<20 {
		t.Errorf("line not trimmed: %d bytes", n)
	}
	if !strings.HasPrefix(out, "\n> ") {
		t.Errorf("no prompt: %q", out[:min(20, len(out))])
	}
}

func TestCancelStopsRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, w := ioPipe()
	defer w.Close()
	a := New(Options{In: r, Out: &bytes.Buffer{}, Handler: &fakeHandler{}})
	if err := a.Run(ctx); err != nil {
		t.Errorf("Run: %v", err)
	}
}

// TestWithRouter runs the console against the real router.
func TestWithRouter(t *testing.T) {
	router := bot.NewRouter(bot.RouterOptions{Answerer: answererFunc(func(ctx context.Context, q bot.Question, s bot.Stream) error {
		s.Done(bot.Reply{Text: "A: " + q.Text + " (" + string(q.Lang) + ")"})
		return nil
	})})
	out := run(t, router, "N+1問題とは？\n/backend-tip ask What is REST?\nhelp\n", false)
	for _, want := range []string{"A: N+1問題とは？ (ja)", "A: What is REST? (en)", "/backend-tip ask <question>"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
}

type answererFunc func(ctx context.Context, q bot.Question, s bot.Stream) error

func (f answererFunc) Answer(ctx context.Context, q bot.Question, s bot.Stream) error {
	return f(ctx, q, s)
}

func TestThreadRepliesAreLinesAfterAPost(t *testing.T) {
	h := &fakeHandler{}
	var out bytes.Buffer
	a := New(Options{In: strings.NewReader("JOINを使います\n/backend-tip quiz answer\nEager Loadingも\n"), Out: &out, Handler: h})
	early, _ := a.Post(context.Background(), "console", bot.Reply{Text: "first quiz"})
	if err := a.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	turns, err := a.ThreadReplies(context.Background(), "console", early, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tr := range turns {
		got = append(got, tr.Text)
	}
	if strings.Join(got, "|") != "JOINを使います|Eager Loadingも" {
		t.Errorf("replies %q", got)
	}
	if turns, _ := a.ThreadReplies(context.Background(), "console", early, 1); len(turns) != 1 {
		t.Errorf("limit ignored: %d", len(turns))
	}
	late, _ := a.Post(context.Background(), "console", bot.Reply{Text: "second quiz"})
	if turns, _ := a.ThreadReplies(context.Background(), "console", late, 10); len(turns) != 0 {
		t.Errorf("a new post has replies: %+v", turns)
	}
	if turns, _ := a.ThreadReplies(context.Background(), "console", "unknown", 10); turns != nil {
		t.Errorf("unknown message has replies: %+v", turns)
	}
}

// A click that opens a form (an open question's Answer button, a modal on
// Discord) makes the next line its text; a command typed instead cancels
// it and runs.
func TestFormTakesTheNextLine(t *testing.T) {
	h := &fakeHandler{
		reply: func(req bot.Request, s bot.Stream) {
			if req.Text == "quiz" {
				s.Done(bot.Reply{Text: "Q", Lang: bot.English, Buttons: []bot.Button{{ActionID: "quiz:p1:w", Label: "✍️ Answer"}}})
				return
			}
			s.Done(bot.Reply{Text: "answer to " + req.Text})
		},
		click: func(c bot.Click) bot.Reply {
			if c.Text == "" {
				return bot.Reply{Text: "Write your answer as a reply in this post's thread.", Lang: bot.English, Ephemeral: true,
					Form: &bot.Form{ActionID: c.ActionID, Title: "Your answer", Label: "What is hard?"}}
			}
			return bot.Reply{Text: "recorded: " + c.Text, Ephemeral: true}
		},
	}
	out := run(t, h, "quiz\n1\nI fixed a bug.\nquiz\n1\ntip\nafter\n", false)
	if len(h.clicks) != 3 || h.clicks[1].Text != "I fixed a bug." || h.clicks[1].ActionID != "quiz:p1:w" ||
		h.clicks[1].MessageID != h.clicks[0].MessageID || h.clicks[2].Text != "" {
		t.Fatalf("clicks %+v", h.clicks)
	}
	// The answer is private: it is neither asked nor kept as a thread line;
	// "tip" cancels the second form and runs, "after" is asked.
	var asked []string
	for _, r := range h.requests {
		asked = append(asked, r.Text)
	}
	if got := strings.Join(asked, ","); got != "quiz,quiz,tip,after" {
		t.Errorf("asked %s", got)
	}
	for _, want := range []string{"Type your answer on the next line", "recorded: I fixed a bug."} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "thread") {
		t.Errorf("the console points at a thread:\n%s", out)
	}
}

// chat -json prints a direct message (a review reminder) as one JSON line
// like any other reply, not as a text block.
func TestDirectMessageInJSON(t *testing.T) {
	var out bytes.Buffer
	a := New(Options{In: strings.NewReader(""), Out: &out, Handler: &fakeHandler{}, JSON: true})
	if err := a.DirectMessage(context.Background(), "console-user", bot.Reply{Text: "2 reviews are due"}); err != nil {
		t.Fatal(err)
	}
	var got ReplyJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || got.Answer != "2 reviews are due" || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("DM printed %q (%v)", out.String(), err)
	}
}
