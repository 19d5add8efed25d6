package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/quiz"
	"github.com/backend-tip/backend-tip/bot/quiz/quiztest"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/bot/store/storetest"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// postCounter counts Post calls per idempotency key on a shared platform.
type postCounter struct {
	*quiztest.Platform
	mu    sync.Mutex
	calls map[string]int
}

func (p *postCounter) Post(ctx context.Context, channelID string, r bot.Reply) (string, error) {
	p.mu.Lock()
	p.calls[r.IdempotencyKey]++
	p.mu.Unlock()
	return p.Platform.Post(ctx, channelID, r)
}

// TestTwoReplicasSimulatedWeekOnPostgres runs two quiz schedulers, each with
// its own PostgreSQL store, on one database and one (fake) Slack workspace
// through a simulated week, ticking both at the same instants every five
// minutes. One post crashes after reaching Slack and before being recorded.
// Every slot must be posted exactly once, and every reveal too.
func TestTwoReplicasSimulatedWeekOnPostgres(t *testing.T) {
	dsn := storetest.PostgresSchema(t)
	ctx := context.Background()
	questions, docs := testkit.Bank(t), testkit.Guide(t)
	start := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC) // a Monday; no DST change this week
	var clockMu sync.Mutex
	now := start
	clock := func() time.Time { clockMu.Lock(); defer clockMu.Unlock(); return now }

	platform := &postCounter{Platform: quiztest.New("slack"), calls: map[string]int{}}
	crashed := ""
	platform.FailAfter(func(r bot.Reply) bool {
		if strings.HasPrefix(r.IdempotencyKey, "btq-") && crashed == "" {
			crashed = r.IdempotencyKey
			return true
		}
		return false
	})
	platforms := map[string]bot.Platform{"slack": platform}

	var services []*quiz.Service
	var stores []*store.Postgres
	for range 2 {
		pg, err := store.OpenPostgres(ctx, store.PostgresOptions{URL: dsn, Clock: clock, ClaimLease: store.DefaultClaimLease})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { pg.Close() })
		svc, err := quiz.New(quiz.Options{Store: pg, Questions: questions, Docs: docs, Grace: time.Hour,
			Basics: bot.Basics{Clock: clock, Zone: "Asia/Tokyo", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}})
		if err != nil {
			t.Fatal(err)
		}
		services, stores = append(services, svc), append(stores, pg)
	}
	// Slot times (UTC 03:30, 09:00, 08:00, 15:15, 20:45) keep every slot of
	// the week inside the simulated window.
	schedules := []struct {
		hour, minute int
		zone         string
	}{{12, 30, "Asia/Tokyo"}, {18, 0, "Asia/Tokyo"}, {9, 0, "Europe/Berlin"}, {10, 15, "America/New_York"}, {20, 45, "UTC"}}
	const channels = 10
	for c := range channels {
		s := schedules[c%len(schedules)]
		sub := store.Subscription{Channel: fmt.Sprintf("slack:C%02d", c), Hour: s.hour, Minute: s.minute,
			Zone: s.zone, Days: store.AllDays, Lang: bot.Japanese, Since: start}
		if err := stores[0].PutSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
	}

	end := start.AddDate(0, 0, 7)
	for at := start; at.Before(end); at = at.Add(5 * time.Minute) {
		clockMu.Lock()
		now = at
		clockMu.Unlock()
		var wg sync.WaitGroup
		for _, svc := range services {
			wg.Go(func() {
				// A failed post is retried on the next tick, as Run does.
				_ = svc.Tick(ctx, at, platforms)
			})
		}
		wg.Wait()
	}

	perKey := map[string]int{}
	questionsPosted, reveals := 0, 0
	for _, m := range platform.Messages() {
		perKey[m.Reply.IdempotencyKey]++
		switch {
		case strings.HasPrefix(m.Reply.IdempotencyKey, "btq-"):
			questionsPosted++
		case strings.HasPrefix(m.Reply.IdempotencyKey, "btr-"):
			reveals++
		}
	}
	if want := channels * 7; questionsPosted != want {
		t.Errorf("%d quiz questions posted, want %d (one per channel per day)", questionsPosted, want)
	}
	if want := channels * 6; reveals < want {
		t.Errorf("%d reveals posted, want at least %d (each day's question revealed before the next)", reveals, want)
	}
	for key, n := range perKey {
		if n != 1 {
			t.Errorf("key %s posted %d times", key, n)
		}
	}
	platform.mu.Lock()
	defer platform.mu.Unlock()
	for key, n := range platform.calls {
		if strings.HasPrefix(key, "btq-") && key != crashed && n != 1 {
			t.Errorf("slot %s: Post called %d times by the two replicas, want 1 (the claim decides)", key, n)
		}
	}
	if crashed == "" || platform.calls[crashed] != 2 {
		t.Errorf("crashed slot %q: Post called %d times, want 2 (the crash, then the recovery under the same key)", crashed, platform.calls[crashed])
	}
	t.Logf("a simulated week, 2 replicas, %d channels: %d questions, %d reveals, %d Post calls", channels, questionsPosted, reveals, platform.Calls())
}
