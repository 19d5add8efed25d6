package store

import (
	"context"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// runPauseSuite covers paused schedules (migration 0005) for every store:
// a pause is kept with its time and reason, reported once, and cleared by
// setting the schedule again.
func runPauseSuite(t *testing.T, newStore func(t *testing.T) (Store, *testkit.Clock)) {
	ctx := context.Background()
	t.Run("pause and resume a schedule", func(t *testing.T) {
		s, clk := newStore(t)
		sub := Subscription{Channel: "discord:C1", Hour: 9, Minute: 0, Zone: "Asia/Tokyo", Days: AllDays, Lang: bot.English,
			Since: clk.Now(), Owner: "U1", Categories: []string{"databases"}}
		if err := s.PutSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Subscription(ctx, "discord:C1"); err != nil || !got.Paused.IsZero() || got.PausedReason != "" {
			t.Fatalf("new schedule = %+v, %v; want active", got, err)
		}
		at := clk.Now().Add(time.Hour)
		steps := []struct {
			channel string
			want    bool
		}{
			{"discord:C1", true},  // pauses
			{"discord:C1", false}, // already paused: nobody is told twice
			{"discord:C9", false}, // no schedule
		}
		for i, st := range steps {
			got, err := s.PauseSubscription(ctx, st.channel, at, "403 Missing Access")
			if err != nil || got != st.want {
				t.Fatalf("step %d: PauseSubscription(%s) = %v, %v; want %v", i, st.channel, got, err, st.want)
			}
		}
		got, err := s.Subscription(ctx, "discord:C1")
		if err != nil || !got.Paused.Equal(at) || got.PausedReason != "403 Missing Access" || got.Owner != "U1" || got.Hour != 9 ||
			len(got.Categories) != 1 {
			t.Fatalf("paused schedule = %+v, %v; want the same schedule, paused at %s with the reason", got, err, at)
		}
		all, err := s.Subscriptions(ctx)
		if err != nil || len(all) != 1 || all[0].Paused.IsZero() {
			t.Fatalf("Subscriptions = %+v, %v; want the paused schedule listed as paused", all, err)
		}
		// `quiz daily` again: the schedule is set anew and active.
		sub.Hour, sub.Since = 8, at.Add(time.Hour)
		if err := s.PutSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
		got, err = s.Subscription(ctx, "discord:C1")
		if err != nil || !got.Paused.IsZero() || got.PausedReason != "" || got.Hour != 8 {
			t.Fatalf("after PutSubscription = %+v, %v; want active at 08:00", got, err)
		}
		if ok, err := s.PauseSubscription(ctx, "discord:C1", at.Add(2*time.Hour), "10003 Unknown Channel"); !ok || err != nil {
			t.Fatalf("pausing again after a resume = %v, %v; want paused", ok, err)
		}
	})
}
