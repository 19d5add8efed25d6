package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// echoAnswerer answers with the question it got, so tests see what reached it.
type echoAnswerer struct{ got []Question }

func (e *echoAnswerer) Answer(_ context.Context, q Question, s Stream) error {
	e.got = append(e.got, q)
	s.Update("partial")
	s.Done(Reply{Text: "answer: " + q.Text, Lang: q.Lang})
	return nil
}

type denyAll struct{}

func (denyAll) Allow(Request) bool { return false }

func newTestRouter(a Answerer, extra ...Command) *Router {
	return NewRouter(RouterOptions{Answerer: a, Table: append(Grammar(), extra...), MaxQuestionRunes: 50})
}

func TestRouterDispatch(t *testing.T) {
	tests := []struct {
		name     string
		req      Request
		wantText string // substring of the final reply
		wantAsk  string // question the answerer must get, "" for none
		ephem    bool
	}{
		{"slash ask", Request{Text: "ask N+1問題とは？"}, "answer: N+1問題とは？", "N+1問題とは？", false},
		{"upper-case name", Request{Text: "ASK what is REST"}, "answer: what is REST", "what is REST", false},
		{"help", Request{Text: "help"}, "/backend-tip ask", "", true},
		{"unknown slash gets help", Request{Text: "frobnicate"}, "/backend-tip ask", "", true},
		{"empty slash gets help", Request{Text: "   "}, "/backend-tip help", "", true},
		{"mention free text is a question", Request{Text: "インデックスって何？", Kind: KindMention}, "answer: インデックスって何？", "インデックスって何？", false},
		{"ask without question", Request{Text: "ask"}, "Please add a question", "", true},
		{"oversized question trimmed", Request{Text: "ask " + strings.Repeat("x", 500)}, "answer: xxx", strings.Repeat("x", 46), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &echoAnswerer{}
			c := NewCollector()
			newTestRouter(a).Handle(context.Background(), tc.req, c)
			final, ok := c.Final()
			if !ok {
				t.Fatal("no final reply")
			}
			if !strings.Contains(final.Text, tc.wantText) {
				t.Errorf("reply %q does not contain %q", final.Text, tc.wantText)
			}
			if final.Ephemeral != tc.ephem {
				t.Errorf("ephemeral = %v, want %v", final.Ephemeral, tc.ephem)
			}
			switch {
			case tc.wantAsk == "" && len(a.got) > 0:
				t.Errorf("answerer called with %q", a.got[0].Text)
			case tc.wantAsk != "" && (len(a.got) != 1 || a.got[0].Text != tc.wantAsk):
				t.Errorf("answerer got %+v, want %q", a.got, tc.wantAsk)
			}
		})
	}
}

func TestRouterFailuresEndInOneApology(t *testing.T) {
	tests := []struct {
		name    string
		handler Handler
	}{
		{"panic", func(context.Context, Request, string, Stream) error { panic("boom") }},
		{"error", func(context.Context, Request, string, Stream) error { return errors.New("db down") }},
		{"silent", func(context.Context, Request, string, Stream) error { return nil }},
		{"done then error", func(_ context.Context, _ Request, _ string, s Stream) error {
			s.Done(Reply{Text: "first"})
			return errors.New("late failure")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var finals []Reply
			s := StreamFunc{OnDone: func(r Reply) { finals = append(finals, r) }}
			r := newTestRouter(&echoAnswerer{}, Command{Name: "boom", Handler: tc.handler})
			r.Handle(context.Background(), Request{Text: "boom", Lang: English}, s)
			if len(finals) != 1 {
				t.Fatalf("got %d final replies, want exactly 1", len(finals))
			}
		})
	}
}

func TestRouterLimiterAndLang(t *testing.T) {
	a := &echoAnswerer{}
	r := NewRouter(RouterOptions{Answerer: a, Limiter: denyAll{}})
	c := NewCollector()
	r.Handle(context.Background(), Request{Text: "ask what is REST?"}, c)
	final, _ := c.Final()
	if len(a.got) != 0 || !final.Ephemeral || !strings.Contains(final.Text, "wait") {
		t.Errorf("rate-limited ask reached the answerer or got %+v", final)
	}

	forced := NewRouter(RouterOptions{Answerer: a, Lang: English})
	c = NewCollector()
	forced.Handle(context.Background(), Request{Text: "ask データベースとは"}, c)
	if final, _ := c.Final(); final.Lang != English {
		t.Errorf("BACKEND_TIP_LANG=en not applied: %q", final.Lang)
	}
}

func TestRouterClick(t *testing.T) {
	var got Click
	r := NewRouter(RouterOptions{Clicks: map[string]ClickHandler{
		"quiz:": func(_ context.Context, c Click) (Reply, error) {
			got = c
			return Reply{Text: "recorded", Ephemeral: true}, nil
		},
		"bad:": func(context.Context, Click) (Reply, error) { return Reply{}, errors.New("x") },
		"pnc:": func(context.Context, Click) (Reply, error) { panic("x") },
	}})
	if rep := r.Click(context.Background(), Click{Origin: Origin{UserID: "U1"}, ActionID: "quiz:p1:2"}); rep.Text != "recorded" || got.UserID != "U1" {
		t.Errorf("quiz click: %+v", rep)
	}
	for _, id := range []string{"bad:1", "pnc:1", "nobody:1"} {
		if rep := r.Click(context.Background(), Click{ActionID: id}); !rep.Ephemeral || rep.Text == "" {
			t.Errorf("click %s: want an ephemeral notice, got %+v", id, rep)
		}
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	r := newTestRouter(&echoAnswerer{}, Command{Name: "hint", Description: "a hint", DescriptionJA: "ひとこと", Examples: []string{"hint"}})
	for _, lang := range []Lang{Japanese, English} {
		help := HelpText(r.Commands(), lang)
		n := 0
		Walk(r.Commands(), func(p Path, c Command) {
			n++
			if u := c.Usage(p[:len(p)-1]...); !strings.Contains(help, "/backend-tip "+u+"`") {
				t.Errorf("%s help lacks %q:\n%s", lang, u, help)
			}
		})
		// DESIGN's 14 forms, `quiz review stop` (which the review reminder
		// tells members to run, so Discord must offer it), and the added one.
		if n != 16 {
			t.Errorf("help walked %d commands, want DESIGN's 14, quiz review stop and the added one", n)
		}
	}
	if !strings.Contains(HelpText(r.Commands(), Japanese), "ひとこと") || !strings.Contains(HelpText(r.Commands(), English), "a hint") {
		t.Error("help is not in the user's language")
	}
}
