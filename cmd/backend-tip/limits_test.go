package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/limit"
	"github.com/backend-tip/backend-tip/internal/metrics"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

func TestRouterAnswersRateLimitedUsersKindly(t *testing.T) {
	clock := testkit.NewClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	m := metrics.New()
	ans := &scriptedAnswerer{reply: bot.Reply{Text: "answer"}}
	o := ops{metrics: m,
		limiter: limit.New(limit.Options{UserPerMin: 1, UserBurst: 1, ChannelPerMin: 10, ChannelBurst: 10, Clock: clock.Now, OnRefused: m.Refused})}
	r := bot.NewRouter(bot.RouterOptions{Answerer: m.ObserveAnswers(ans), Limiter: o.limiter, Observer: m})
	for i, want := range []string{"answer", "You're asking a lot"} {
		c := bot.NewCollector()
		r.Handle(context.Background(), bot.Request{Origin: bot.Origin{Platform: "slack", UserID: "U1", ChannelID: "C1"}, Text: "ask what is REST?"}, c)
		final, _ := c.Final()
		if len(final.Text) < len(want) || final.Text[:len(want)] != want {
			t.Fatalf("ask %d: reply %q, want it to start with %q", i, final.Text, want)
		}
		if i == 1 && !final.Ephemeral {
			t.Error("the rate-limit reply is visible to the channel")
		}
	}
	if got := m.Value("backend_tip_rate_limited_total", "scope", "user"); got != 1 {
		t.Errorf("rate_limited{user} = %v, want 1", got)
	}
	if got := m.Value("backend_tip_requests_total", "platform", "slack", "command", "ask"); got != 2 {
		t.Errorf("requests{slack,ask} = %v, want 2", got)
	}
}

// 20 quiz commands from one user within a minute post no more quizzes than
// the user's burst: the limit runs before the handler's side effects.
func TestQuizTipRoadmapAreRateLimited(t *testing.T) {
	for _, command := range []string{"quiz", "tip", "roadmap 2"} {
		clock := testkit.NewClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
		m := metrics.New()
		lim := limit.New(limit.Options{UserPerMin: 6, UserBurst: 3, ChannelPerMin: 30, ChannelBurst: 10, Clock: clock.Now, OnRefused: m.Refused})
		posts := 0
		post := func(_ context.Context, req bot.Request, _ string, s bot.Stream) error {
			posts++
			s.Done(bot.Reply{Text: "posted"})
			return nil
		}
		r := bot.NewRouter(bot.RouterOptions{Limiter: lim, Handlers: map[string]bot.Handler{"quiz": post, "tip": post, "roadmap": post}})
		for i := range 20 {
			clock.Add(50 * time.Millisecond) // 20 in a second
			r.Handle(context.Background(), bot.Request{Origin: bot.Origin{Platform: "slack", UserID: "U1", ChannelID: "C1", ID: fmt.Sprint(i)}, Text: command}, bot.NewCollector())
		}
		if posts > 3 {
			t.Errorf("%s: %d posts from 20 commands, burst 3", command, posts)
		}
		if posts == 0 {
			t.Errorf("%s: nothing posted at all", command)
		}
	}
}
