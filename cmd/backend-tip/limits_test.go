package main

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// fakeClock is a settable clock for the limiter.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time          { return c.now }
func (c *fakeClock) Advance(d time.Duration) { c.now = c.now.Add(d) }

func ask(user, channel string) bot.Request {
	return bot.Request{Platform: "slack", TeamID: "T1", UserID: user, ChannelID: channel, Text: "ask x"}
}

func TestLimiterDecisions(t *testing.T) {
	type step struct {
		advance time.Duration
		req     bot.Request
		want    bool
	}
	tests := []struct {
		name          string
		opts          limiterOptions
		steps         []step
		wantUser      float64
		wantChannel   float64
		wantUsersHeld int
	}{
		{
			name: "user burst then refused, other user still served",
			opts: limiterOptions{UserPerMin: 6, UserBurst: 2, ChannelPerMin: 100, ChannelBurst: 100},
			steps: []step{
				{0, ask("U1", "C1"), true},
				{0, ask("U1", "C1"), true},
				{0, ask("U1", "C1"), false},
				{0, ask("U2", "C1"), true},
			},
			wantUser: 1, wantUsersHeld: 2,
		},
		{
			name: "a token refills after 60/rate seconds",
			opts: limiterOptions{UserPerMin: 6, UserBurst: 1, ChannelPerMin: 100, ChannelBurst: 100},
			steps: []step{
				{0, ask("U1", "C1"), true},
				{5 * time.Second, ask("U1", "C1"), false},
				{5 * time.Second, ask("U1", "C1"), true},
			},
			wantUser: 1, wantUsersHeld: 1,
		},
		{
			name: "channel limit spans users and does not cost the user a token",
			opts: limiterOptions{UserPerMin: 1, UserBurst: 1, ChannelPerMin: 1, ChannelBurst: 2},
			steps: []step{
				{0, ask("U1", "C1"), true},
				{0, ask("U2", "C1"), true},
				{0, ask("U3", "C1"), false}, // channel empty
				{0, ask("U3", "C2"), true},  // U3's token was not spent above
			},
			wantChannel: 1, wantUsersHeld: 3,
		},
		{
			name: "same user id in two teams are two users",
			opts: limiterOptions{UserPerMin: 1, UserBurst: 1},
			steps: []step{
				{0, ask("U1", "C1"), true},
				{0, bot.Request{Platform: "slack", TeamID: "T2", UserID: "U1", ChannelID: "C1"}, true},
				{0, bot.Request{Platform: "discord", TeamID: "T1", UserID: "U1", ChannelID: "C1"}, true},
			},
			wantUsersHeld: 3,
		},
		{
			name: "zero rates disable the limits",
			opts: limiterOptions{},
			steps: []step{
				{0, ask("U1", "C1"), true}, {0, ask("U1", "C1"), true}, {0, ask("U1", "C1"), true},
			},
		},
		{
			name: "the console is never limited",
			opts: limiterOptions{UserPerMin: 1, UserBurst: 1, ChannelPerMin: 1, ChannelBurst: 1},
			steps: []step{
				{0, bot.Request{Platform: "console", UserID: "me"}, true},
				{0, bot.Request{Platform: "console", UserID: "me"}, true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{now: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
			m := newMetrics()
			tt.opts.Clock, tt.opts.Metrics = clock.Now, m
			l := newLimiter(tt.opts)
			for i, s := range tt.steps {
				clock.Advance(s.advance)
				if got := l.Allow(s.req); got != s.want {
					t.Fatalf("step %d (%s in %s): Allow = %v, want %v", i, s.req.UserID, s.req.ChannelID, got, s.want)
				}
			}
			if got := metricValue(t, m, "backend_tip_rate_limited_total", "scope", "user"); got != tt.wantUser {
				t.Errorf("user refusals = %v, want %v", got, tt.wantUser)
			}
			if got := metricValue(t, m, "backend_tip_rate_limited_total", "scope", "channel"); got != tt.wantChannel {
				t.Errorf("channel refusals = %v, want %v", got, tt.wantChannel)
			}
			if users, _ := l.size(); users != tt.wantUsersHeld {
				t.Errorf("user buckets held = %d, want %d", users, tt.wantUsersHeld)
			}
		})
	}
}

func TestLimiterEvictsIdleBuckets(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	l := newLimiter(limiterOptions{UserPerMin: 6, UserBurst: 3, ChannelPerMin: 30, ChannelBurst: 10, Clock: clock.Now})
	for i := range 1000 {
		l.Allow(ask(fmt.Sprint("U", i), fmt.Sprint("C", i%10)))
	}
	if users, channels := l.size(); users != 1000 || channels != 10 {
		t.Fatalf("held %d users, %d channels; want 1000, 10", users, channels)
	}
	// U0 is refused now; 30 s later it has refilled (3 tokens at 6/min) and
	// the bucket is evictable: evicting it must not change any decision.
	for range 2 {
		l.Allow(ask("U0", "C0"))
	}
	if l.Allow(ask("U0", "C0")) {
		t.Fatal("U0 should be out of tokens")
	}
	clock.Advance(2 * time.Minute)
	if !l.Allow(ask("U0", "C0")) {
		t.Fatal("U0 should have refilled")
	}
	if users, channels := l.size(); users != 1 || channels != 1 {
		t.Errorf("after 2 idle minutes held %d users, %d channels; want only the active 1, 1", users, channels)
	}
}

func TestLimiterMemoryIsBounded(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	const limit = 200
	l := newLimiter(limiterOptions{UserPerMin: 1, UserBurst: 1, MaxBuckets: limit, Clock: clock.Now})
	for i := range limit + 500 {
		clock.Advance(time.Millisecond) // all still refilling: nothing is idle
		l.Allow(ask(fmt.Sprint("U", i), "C1"))
	}
	if users, _ := l.size(); users > limit {
		t.Errorf("held %d user buckets, cap is %d", users, limit)
	}
	// The newest user keeps its bucket: it is refused right away.
	if l.Allow(ask(fmt.Sprint("U", limit+499), "C1")) {
		t.Error("the most recent bucket was evicted")
	}
}

func TestRouterAnswersRateLimitedUsersKindly(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	m := newMetrics()
	ans := &scriptedAnswerer{reply: bot.Reply{Text: "answer"}}
	o := ops{metrics: m,
		limiter: newLimiter(limiterOptions{UserPerMin: 1, UserBurst: 1, ChannelPerMin: 10, ChannelBurst: 10, Clock: clock.Now, Metrics: m})}
	r := bot.NewRouter(bot.RouterOptions{Answerer: o.observeAnswers(ans), Limiter: o.limiter, Observer: m})
	for i, want := range []string{"answer", "You're asking a lot"} {
		c := bot.NewCollector()
		r.Handle(context.Background(), bot.Request{Platform: "slack", UserID: "U1", ChannelID: "C1", Text: "ask what is REST?"}, c)
		final, _ := c.Final()
		if len(final.Text) < len(want) || final.Text[:len(want)] != want {
			t.Fatalf("ask %d: reply %q, want it to start with %q", i, final.Text, want)
		}
		if i == 1 && !final.Ephemeral {
			t.Error("the rate-limit reply is visible to the channel")
		}
	}
	if got := metricValue(t, m, "backend_tip_rate_limited_total", "scope", "user"); got != 1 {
		t.Errorf("rate_limited{user} = %v, want 1", got)
	}
	if got := metricValue(t, m, "backend_tip_requests_total", "platform", "slack", "command", "ask"); got != 2 {
		t.Errorf("requests{slack,ask} = %v, want 2", got)
	}
}
