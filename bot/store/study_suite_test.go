package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// runStudySuite covers the study tables (migration 0002) for every store.
func runStudySuite(t *testing.T, newStore func(t *testing.T) (Store, *testkit.Clock)) {
	ctx := context.Background()
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	record := func(t *testing.T, s Store, ref, item string, right bool, at time.Time) {
		t.Helper()
		err := s.RecordStudy(ctx, StudyAnswer{Learner: "slack:U1", Ref: ref, Channel: "slack:C1", ItemID: item,
			Source: SourceReview, UserName: "ann", Correct: right, At: at})
		if err != nil {
			t.Fatal(err)
		}
	}

	t.Run("Leitner boxes: missed due today, then 1, 3, 7, 14 days", func(t *testing.T) {
		s, _ := newStore(t)
		steps := []struct {
			right   bool
			wantBox int
			wantDue time.Duration // after the answer
		}{
			{false, 0, 0},
			{true, 1, day},
			{true, 2, 3 * day},
			{true, 3, 7 * day},
			{true, 4, 14 * day},
			{true, 4, 14 * day},
			{false, 0, 0},
		}
		at := start
		for i, st := range steps {
			record(t, s, "r"+string(rune('a'+i)), "q1", st.right, at)
			all, err := s.Reviews(ctx, "slack:U1")
			if err != nil || len(all) != 1 {
				t.Fatalf("step %d: reviews = %v, %v", i, all, err)
			}
			if all[0].Box != st.wantBox || !all[0].Due.Equal(at.Add(st.wantDue)) {
				t.Errorf("step %d: box %d due %v, want box %d due %v", i, all[0].Box, all[0].Due, st.wantBox, at.Add(st.wantDue))
			}
			at = at.Add(20 * day)
		}
	})

	t.Run("changed answer on the same ref replaces the earlier move", func(t *testing.T) {
		s, _ := newStore(t)
		record(t, s, "p1", "q1", true, start)              // box 1
		record(t, s, "p2", "q1", true, start.Add(2*day))   // box 2
		record(t, s, "p3", "q1", false, start.Add(10*day)) // box 0 ...
		record(t, s, "p3", "q1", true, start.Add(10*day))  // ... changed: box 3, not 1
		all, _ := s.Reviews(ctx, "slack:U1")
		if len(all) != 1 || all[0].Box != 3 {
			t.Fatalf("reviews = %+v, want box 3", all)
		}
		hist, err := s.StudyHistory(ctx, "slack:U1", 10)
		if err != nil || len(hist) != 3 || !hist[0].Correct {
			t.Fatalf("history = %+v, %v; want 3 answers, newest right", hist, err)
		}
	})

	t.Run("due reviews", func(t *testing.T) {
		s, _ := newStore(t)
		record(t, s, "a", "q1", false, start)
		record(t, s, "b", "q2", true, start)
		record(t, s, "c", "q3", false, start.Add(time.Minute))
		due, err := s.DueReviews(ctx, "slack:U1", start.Add(time.Hour), 10)
		if err != nil || len(due) != 2 || due[0].ItemID != "q1" || due[1].ItemID != "q3" {
			t.Fatalf("due = %+v, %v; want q1, q3", due, err)
		}
		due, _ = s.DueReviews(ctx, "slack:U1", start.Add(day+time.Hour), 10)
		if len(due) != 3 {
			t.Fatalf("due after a day = %+v, want all three", due)
		}
		if other, _ := s.DueReviews(ctx, "slack:U2", start.Add(day), 10); len(other) != 0 {
			t.Fatalf("another member sees %+v", other)
		}
	})

	t.Run("period leaderboard counts revealed quiz answers only", func(t *testing.T) {
		s, _ := newStore(t)
		for _, id := range []string{"p1", "p2", "p3"} {
			mustPost(t, s, Post{ID: id, Channel: "slack:C1", QuestionID: "q-" + id, Lang: bot.English, CreatedAt: start})
		}
		// As a click does: the answer (scores at the reveal) and the log.
		quiz := func(user, post string, right bool, at time.Time) {
			t.Helper()
			if _, err := s.RecordAnswer(ctx, Answer{PostID: post, UserID: user, UserName: user, Choice: 1 - boolInt(right), At: at}); err != nil {
				t.Fatal(err)
			}
			if err := s.RecordStudy(ctx, StudyAnswer{Learner: "slack:" + user, Ref: post, Channel: "slack:C1", ItemID: "q-" + post,
				Source: SourceQuiz, UserName: user, Correct: right, At: at}); err != nil {
				t.Fatal(err)
			}
		}
		quiz("U1", "p1", true, start.Add(2*time.Minute))
		quiz("U2", "p1", true, start.Add(time.Minute)) // same score as U1, answered earlier
		quiz("U3", "p1", false, start)
		quiz("U1", "p2", true, start.Add(-10*day)) // outside the week
		quiz("U3", "p3", true, start)              // p3 not revealed
		// U4 answered before the answer log existed: scores only.
		if _, err := s.RecordAnswer(ctx, Answer{PostID: "p1", UserID: "U4", UserName: "U4", Choice: 0, At: start.Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"p1", "p2"} {
			if _, err := s.Reveal(ctx, id, 0, start.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		week, err := s.PeriodLeaderboard(ctx, "slack:C1", start.Add(-7*day), 10)
		if err != nil {
			t.Fatal(err)
		}
		got := []string{}
		for _, sc := range week {
			got = append(got, sc.UserID)
		}
		if len(week) != 3 || got[0] != "U2" || got[1] != "U1" || got[2] != "U3" || week[2].Correct != 0 || week[2].Answered != 1 {
			t.Fatalf("week board = %+v", week)
		}
		all, err := s.PeriodLeaderboard(ctx, "slack:C1", time.Time{}, 10)
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, sc := range all {
			got = append(got, fmt.Sprintf("%s:%d/%d", sc.UserID, sc.Correct, sc.Answered))
		}
		// U2 and U4 tie on one right answer: U2's first answer is known.
		if strings.Join(got, " ") != "U1:2/2 U2:1/1 U4:1/1 U3:0/1" {
			t.Fatalf("all-time board = %v", got)
		}
	})

	t.Run("reminders claimed once per local date", func(t *testing.T) {
		s, _ := newStore(t)
		r := Reminder{Learner: "slack:U1", Hour: 8, Minute: 30, Zone: "Asia/Tokyo", Lang: bot.Japanese, Since: start}
		if err := s.PutReminder(ctx, r); err != nil {
			t.Fatal(err)
		}
		list, err := s.Reminders(ctx)
		if err != nil || len(list) != 1 || list[0].Hour != 8 || list[0].Zone != "Asia/Tokyo" || list[0].Lang != bot.Japanese {
			t.Fatalf("reminders = %+v, %v", list, err)
		}
		for i, want := range []bool{true, false} {
			if got, err := s.ClaimReminder(ctx, "slack:U1", "2026-12-01"); err != nil || got != want {
				t.Fatalf("claim %d = %v, %v; want %v", i, got, err, want)
			}
		}
		if got, _ := s.ClaimReminder(ctx, "slack:U1", "2026-12-02"); !got {
			t.Fatal("next day's claim refused")
		}
		if ok, _ := s.DeleteReminder(ctx, "slack:U1"); !ok {
			t.Fatal("delete reported nothing deleted")
		}
		if list, _ := s.Reminders(ctx); len(list) != 0 {
			t.Fatalf("after delete: %+v", list)
		}
	})

	t.Run("interview sessions", func(t *testing.T) {
		s, _ := newStore(t)
		if _, err := s.Interview(ctx, "slack:U1"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
		iv, err := s.StartInterview(ctx, InterviewSession{Learner: "slack:U1", Channel: "slack:C1", Thread: "1700.1", State: `{"pos":0}`, UpdatedAt: start})
		if err != nil || iv.Version != 1 {
			t.Fatalf("start = %+v, %v", iv, err)
		}
		if _, err := s.StartInterview(ctx, InterviewSession{Learner: "slack:U1", Channel: "slack:C2", State: `{}`, UpdatedAt: start}); !errors.Is(err, ErrConflict) {
			t.Fatalf("second start: %v, want ErrConflict", err)
		}
		iv.State = `{"pos":1}`
		next, err := s.UpdateInterview(ctx, iv)
		if err != nil || next.Version != 2 {
			t.Fatalf("update = %+v, %v", next, err)
		}
		if _, err := s.UpdateInterview(ctx, iv); !errors.Is(err, ErrConflict) { // still at version 1
			t.Fatalf("stale update: %v, want ErrConflict", err)
		}
		got, err := s.Interview(ctx, "slack:U1")
		if err != nil || got.Channel != "slack:C1" || got.Thread != "1700.1" || got.State != `{"pos":1}` || got.Version != 2 {
			t.Fatalf("interview = %+v, %v", got, err)
		}
		if ok, _ := s.EndInterview(ctx, "slack:U1", 1); ok {
			t.Fatal("ended at a stale version")
		}
		if ok, _ := s.EndInterview(ctx, "slack:U1", 2); !ok {
			t.Fatal("end at the current version reported nothing ended")
		}
		if ok, _ := s.EndInterview(ctx, "slack:U1", 0); ok {
			t.Fatal("ended twice")
		}
	})

	// Of eight turns answering the same question at once (replicas share
	// the store), exactly one moves the session on.
	t.Run("interview turns race", func(t *testing.T) {
		s, _ := newStore(t)
		iv, err := s.StartInterview(ctx, InterviewSession{Learner: "discord:U1", Channel: "discord:C1", State: `{"pos":0}`, UpdatedAt: start})
		if err != nil {
			t.Fatal(err)
		}
		const turns = 8
		var wins, conflicts atomic.Int32
		var wg sync.WaitGroup
		for i := range turns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				turn := iv
				turn.State = fmt.Sprintf(`{"pos":1,"by":%d}`, i)
				_, err := s.UpdateInterview(ctx, turn)
				switch {
				case err == nil:
					wins.Add(1)
				case errors.Is(err, ErrConflict):
					conflicts.Add(1)
				default:
					t.Errorf("turn %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		if wins.Load() != 1 || conflicts.Load() != turns-1 {
			t.Fatalf("wins %d, conflicts %d; want 1 and %d", wins.Load(), conflicts.Load(), turns-1)
		}
		if got, _ := s.Interview(ctx, "discord:U1"); got.Version != 2 {
			t.Fatalf("version %d after one winning turn, want 2", got.Version)
		}
	})

	t.Run("subscription keeps categories and owner", func(t *testing.T) {
		s, _ := newStore(t)
		sub := Subscription{Channel: "slack:C9", Hour: 9, Zone: "UTC", Days: AllDays, Lang: bot.English, Since: start,
			Categories: []string{"team", "databases"}, Owner: "U7"}
		if err := s.PutSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
		got, err := s.Subscription(ctx, "slack:C9")
		if err != nil || got.Owner != "U7" || len(got.Categories) != 2 || got.Categories[1] != "databases" {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
}
