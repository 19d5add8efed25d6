package limit

import (
	"fmt"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

func ask(user, channel string) bot.Request {
	return bot.Request{Origin: bot.Origin{Platform: "slack", TeamID: "T1", UserID: user, ChannelID: channel}, Text: "ask x"}
}

func TestLimiterDecisions(t *testing.T) {
	type step struct {
		advance time.Duration
		req     bot.Request
		want    bool
	}
	tests := []struct {
		name          string
		opts          Options
		steps         []step
		wantUser      float64
		wantChannel   float64
		wantUsersHeld int
	}{
		{
			name: "user burst then refused, other user still served",
			opts: Options{UserPerMin: 6, UserBurst: 2, ChannelPerMin: 100, ChannelBurst: 100},
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
			opts: Options{UserPerMin: 6, UserBurst: 1, ChannelPerMin: 100, ChannelBurst: 100},
			steps: []step{
				{0, ask("U1", "C1"), true},
				{5 * time.Second, ask("U1", "C1"), false},
				{5 * time.Second, ask("U1", "C1"), true},
			},
			wantUser: 1, wantUsersHeld: 1,
		},
		{
			name: "channel limit spans users and does not cost the user a token",
			opts: Options{UserPerMin: 1, UserBurst: 1, ChannelPerMin: 1, ChannelBurst: 2},
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
			opts: Options{UserPerMin: 1, UserBurst: 1},
			steps: []step{
				{0, ask("U1", "C1"), true},
				{0, bot.Request{Origin: bot.Origin{Platform: "slack", TeamID: "T2", UserID: "U1", ChannelID: "C1"}}, true},
				{0, bot.Request{Origin: bot.Origin{Platform: "discord", TeamID: "T1", UserID: "U1", ChannelID: "C1"}}, true},
			},
			wantUsersHeld: 3,
		},
		{
			name: "zero rates disable the limits",
			opts: Options{},
			steps: []step{
				{0, ask("U1", "C1"), true}, {0, ask("U1", "C1"), true}, {0, ask("U1", "C1"), true},
			},
		},
		{
			name: "the console is never limited",
			opts: Options{UserPerMin: 1, UserBurst: 1, ChannelPerMin: 1, ChannelBurst: 1},
			steps: []step{
				{0, bot.Request{Origin: bot.Origin{Platform: "console", UserID: "me"}}, true},
				{0, bot.Request{Origin: bot.Origin{Platform: "console", UserID: "me"}}, true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := testkit.NewClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
			refused := map[string]float64{}
			tt.opts.Clock, tt.opts.OnRefused = clock.Now, func(scope string) { refused[scope]++ }
			l := New(tt.opts)
			for i, s := range tt.steps {
				clock.Add(s.advance)
				if got := l.Allow(s.req); got != s.want {
					t.Fatalf("step %d (%s in %s): Allow = %v, want %v", i, s.req.UserID, s.req.ChannelID, got, s.want)
				}
			}
			if got := refused["user"]; got != tt.wantUser {
				t.Errorf("user refusals = %v, want %v", got, tt.wantUser)
			}
			if got := refused["channel"]; got != tt.wantChannel {
				t.Errorf("channel refusals = %v, want %v", got, tt.wantChannel)
			}
			if users, _ := l.Size(); users != tt.wantUsersHeld {
				t.Errorf("user buckets held = %d, want %d", users, tt.wantUsersHeld)
			}
		})
	}
}

func TestLimiterEvictsIdleBuckets(t *testing.T) {
	clock := testkit.NewClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	l := New(Options{UserPerMin: 6, UserBurst: 3, ChannelPerMin: 30, ChannelBurst: 10, Clock: clock.Now})
	for i := range 1000 {
		l.Allow(ask(fmt.Sprint("U", i), fmt.Sprint("C", i%10)))
	}
	if users, channels := l.Size(); users != 1000 || channels != 10 {
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
	clock.Add(2 * time.Minute)
	if !l.Allow(ask("U0", "C0")) {
		t.Fatal("U0 should have refilled")
	}
	if users, channels := l.Size(); users != 1 || channels != 1 {
		t.Errorf("after 2 idle minutes held %d users, %d channels; want only the active 1, 1", users, channels)
	}
}

func TestLimiterMemoryIsBounded(t *testing.T) {
	clock := testkit.NewClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	const limit = 200
	l := New(Options{UserPerMin: 1, UserBurst: 1, MaxBuckets: limit, Clock: clock.Now})
	for i := range limit + 500 {
		clock.Add(time.Millisecond) // all still refilling: nothing is idle
		l.Allow(ask(fmt.Sprint("U", i), "C1"))
	}
	if users, _ := l.Size(); users > limit {
		t.Errorf("held %d user buckets, cap is %d", users, limit)
	}
	// The newest user keeps its bucket: it is refused right away.
	if l.Allow(ask(fmt.Sprint("U", limit+499), "C1")) {
		t.Error("the most recent bucket was evicted")
	}
}
