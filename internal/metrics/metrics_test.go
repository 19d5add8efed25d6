package metrics

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// scriptedAnswerer streams one partial, then replies with reply (and err).
type scriptedAnswerer struct {
	reply bot.Reply
	err   error
}

func (s *scriptedAnswerer) Answer(_ context.Context, _ bot.Question, st bot.Stream) error {
	st.Update("partial")
	st.Done(s.reply)
	return s.err
}

// fakePlatform posts (or fails to) and has one thread reply.
type fakePlatform struct {
	bot.Platform // the methods the wrapper does not touch are never called
	name         string
	fail         bool
}

func (f *fakePlatform) Name() string { return f.name }
func (f *fakePlatform) Post(_ context.Context, _ string, _ bot.Reply) (string, error) {
	if f.fail {
		return "", errors.New("post failed")
	}
	return "m1", nil
}
func (f *fakePlatform) ThreadReplies(context.Context, string, string, int) ([]bot.Turn, error) {
	return []bot.Turn{{Text: "B"}}, nil
}

// scrape returns the /metrics page text.
func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics status %d", rec.Code)
	}
	return rec.Body.String()
}

func TestObservedAnswererRecordsUsage(t *testing.T) {
	tests := []struct {
		name                         string
		reply                        bot.Reply
		err                          error
		outcome                      string
		prompt, completion, llmError float64
		busy                         float64
	}{
		{"llm answer", bot.Reply{Text: "a", Usage: bot.Usage{Model: "m", PromptTokens: 120, CompletionTokens: 30}}, nil, "llm", 120, 30, 0, 0},
		{"llm failed, extractive fallback", bot.Reply{Text: "a", Usage: bot.Usage{Model: "m", PromptTokens: 120, Fallback: true}}, nil, "fallback", 120, 0, 1, 0},
		// A full model queue is load, not a failing model: alerts on
		// llm_errors must not fire for it.
		{"llm queue full, extractive", bot.Reply{Text: "a", Usage: bot.Usage{Model: "m", Fallback: true, Busy: true}}, nil, "busy", 0, 0, 0, 1},
		{"no llm configured", bot.Reply{Text: "a"}, nil, "extractive", 0, 0, 0, 0},
		{"answerer error", bot.Reply{Text: "sorry"}, errors.New("boom"), "error", 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New()
			a := m.ObserveAnswers(&scriptedAnswerer{reply: tt.reply, err: tt.err})
			c := bot.NewCollector()
			if err := a.Answer(context.Background(), bot.Question{Text: "q", Lang: bot.English}, c); !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if final, ok := c.Final(); !ok || final.Text != tt.reply.Text {
				t.Errorf("final = %+v, want the answerer's reply passed through", final)
			}
			if got := c.Updates(); len(got) != 1 || got[0] != "partial" {
				t.Errorf("updates = %q, want the partial passed through", got)
			}
			if n := m.Value("backend_tip_answer_seconds", "outcome", tt.outcome); n != 1 {
				t.Errorf("%v answers with outcome %s, want 1", n, tt.outcome)
			}
			if got := m.Value("backend_tip_llm_tokens_total", "kind", "prompt"); got != tt.prompt {
				t.Errorf("prompt tokens = %v, want %v", got, tt.prompt)
			}
			if got := m.Value("backend_tip_llm_tokens_total", "kind", "completion"); got != tt.completion {
				t.Errorf("completion tokens = %v, want %v", got, tt.completion)
			}
			if got := m.Value("backend_tip_llm_errors_total"); got != tt.llmError {
				t.Errorf("llm errors = %v, want %v", got, tt.llmError)
			}
			if got := m.Value("backend_tip_llm_busy_total"); got != tt.busy {
				t.Errorf("llm busy = %v, want %v", got, tt.busy)
			}
		})
	}
}

func TestObservedAnswererNilStaysNil(t *testing.T) {
	if New().ObserveAnswers(nil) != nil {
		t.Error("wrapping a nil answerer must stay nil so the router reports no answerer")
	}
}

func TestAckMiddleware(t *testing.T) {
	m := New()
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/commands", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) })
	mux.HandleFunc("POST /discord/interactions", func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
	})
	h := m.InstrumentAcks(mux)
	for _, path := range []string{"/slack/commands", "/slack/commands", "/discord/interactions", "/healthz", "/slack/nope"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, path, nil))
	}
	out := scrape(t, m)
	for _, want := range []string{
		`backend_tip_ack_seconds_count{code="200",route="/slack/commands"} 2`,
		`backend_tip_ack_seconds_count{code="401",route="/discord/interactions"} 1`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in\n%s", want, out)
		}
	}
	if strings.Contains(out, "healthz") || strings.Contains(out, "nope") {
		t.Errorf("non-platform routes were timed:\n%s", out)
	}
}

func TestCountPostsCountsAndDelegates(t *testing.T) {
	m := New()
	wrapped := m.CountPosts(map[string]bot.Platform{
		"slack":   &fakePlatform{name: "slack"},
		"discord": &fakePlatform{name: "discord", fail: true},
	})
	if turns, err := wrapped["slack"].ThreadReplies(context.Background(), "C1", "m1", 5); err != nil || len(turns) != 1 {
		t.Errorf("ThreadReplies through the wrapper = %v, %v", turns, err)
	}
	for _, name := range []string{"slack", "slack", "discord"} {
		_, _ = wrapped[name].Post(context.Background(), "C1", bot.Reply{Text: "q"})
	}
	if got := m.Value("backend_tip_quiz_posts_total", "platform", "slack", "result", "ok"); got != 2 {
		t.Errorf("slack ok posts = %v, want 2", got)
	}
	if got := m.Value("backend_tip_quiz_posts_total", "platform", "discord", "result", "error"); got != 1 {
		t.Errorf("discord failed posts = %v, want 1", got)
	}
}

type memEvents struct{ seen map[string]bool }

func (m *memEvents) MarkEvent(_ context.Context, key string, _ time.Duration) (bool, error) {
	if m.seen[key] {
		return false, nil
	}
	m.seen[key] = true
	return true, nil
}
func (m *memEvents) RecordFeedback(context.Context, bot.Feedback) error { return nil }

func TestCountDedupe(t *testing.T) {
	m := New()
	s := m.CountDedupe(&memEvents{seen: map[string]bool{}})
	for _, key := range []string{"Ev1", "Ev2", "Ev1", "Ev1"} {
		if _, err := s.MarkEvent(context.Background(), key, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	if got := m.Value("backend_tip_events_deduplicated_total"); got != 2 {
		t.Errorf("deduplicated = %v, want 2", got)
	}
}
