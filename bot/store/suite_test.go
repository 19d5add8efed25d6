package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// runStoreSuite runs every behaviour test against a Store. A PostgreSQL
// implementation calls it with its own constructor (see sqlite_test.go).
func runStoreSuite(t *testing.T, open func(t *testing.T, clock func() time.Time) Store) {
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	newStore := func(t *testing.T) (Store, *testkit.Clock) {
		clk := testkit.NewClock(start)
		return open(t, clk.Now), clk
	}
	ctx := context.Background()

	t.Run("MarkEvent", func(t *testing.T) {
		s, clk := newStore(t)
		steps := []struct {
			key     string
			advance time.Duration
			want    bool
		}{
			{"Ev1", 0, true},
			{"Ev1", time.Minute, false},
			{"Ev2", 0, true},
			{"Ev1", 2 * time.Hour, true}, // expired after the 1h ttl
			{"Ev1", time.Minute, false},
		}
		for i, st := range steps {
			clk.Add(st.advance)
			got, err := s.MarkEvent(ctx, st.key, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if got != st.want {
				t.Errorf("step %d: MarkEvent(%s) = %v, want %v", i, st.key, got, st.want)
			}
		}
	})

	t.Run("RecordFeedback replaces a member's vote", func(t *testing.T) {
		s, _ := newStore(t)
		for _, f := range []bot.Feedback{
			{Platform: "slack", ChannelID: "C1", MessageID: "m1", UserID: "U1", Positive: true},
			{Platform: "slack", ChannelID: "C1", MessageID: "m1", UserID: "U1", Positive: false},
			{Platform: "slack", ChannelID: "C1", MessageID: "m1", UserID: "U2", Positive: true},
		} {
			if err := s.RecordFeedback(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
		pos, neg, err := s.FeedbackCounts(ctx)
		if err != nil || pos != 1 || neg != 1 {
			t.Fatalf("counts = %d/%d, %v; want 1/1", pos, neg, err)
		}
	})

	t.Run("subscriptions", func(t *testing.T) {
		s, _ := newStore(t)
		sub := Subscription{Channel: "slack:C1", Hour: 9, Minute: 30, Zone: "Asia/Tokyo", Days: Weekdays, Lang: bot.Japanese, Since: start}
		if err := s.PutSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
		sub.Hour, sub.Zone = 7, "Europe/Berlin"
		if err := s.PutSubscription(ctx, sub); err != nil {
			t.Fatal(err)
		}
		got, err := s.Subscription(ctx, "slack:C1")
		if err != nil || got.Hour != 7 || got.Zone != "Europe/Berlin" || got.Days != Weekdays || !got.Since.Equal(start) || got.Lang != bot.Japanese {
			t.Fatalf("got %+v, %v", got, err)
		}
		all, err := s.Subscriptions(ctx)
		if err != nil || len(all) != 1 {
			t.Fatalf("all = %v, %v", all, err)
		}
		if ok, err := s.DeleteSubscription(ctx, "slack:C1"); !ok || err != nil {
			t.Fatalf("delete = %v, %v", ok, err)
		}
		if ok, _ := s.DeleteSubscription(ctx, "slack:C1"); ok {
			t.Fatal("second delete reported a deletion")
		}
		if _, err := s.Subscription(ctx, "slack:C1"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})

	t.Run("ledger claim, pending, posted, skipped", func(t *testing.T) {
		s, _ := newStore(t)
		p := Post{ID: "p1", QuestionID: "q1", Lang: bot.English, CreatedAt: start}
		got, state, err := s.ClaimSlot(ctx, "slack:C1", "2026-12-01", p)
		if err != nil || state != SlotNew || got.ID != "p1" || got.Slot != "2026-12-01" {
			t.Fatalf("first claim = %+v %v %v", got, state, err)
		}
		// a second claim (restart before MarkPosted) returns the same post
		other := Post{ID: "p2", QuestionID: "q2", Lang: bot.English, CreatedAt: start}
		got, state, err = s.ClaimSlot(ctx, "slack:C1", "2026-12-01", other)
		if err != nil || state != SlotPending || got.ID != "p1" || got.QuestionID != "q1" {
			t.Fatalf("second claim = %+v %v %v", got, state, err)
		}
		if err := s.MarkPosted(ctx, "p1", "m1", start); err != nil {
			t.Fatal(err)
		}
		if _, state, _ = s.ClaimSlot(ctx, "slack:C1", "2026-12-01", other); state != SlotDone {
			t.Fatalf("claim after post = %v, want SlotDone", state)
		}
		if changed, _ := s.SkipSlot(ctx, "slack:C1", "2026-12-01"); changed {
			t.Fatal("skip changed a posted slot")
		}
		if _, err := s.Post(ctx, "p2"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("losing claim left a post row: %v", err)
		}
		// other channel, same date: independent
		if _, state, _ = s.ClaimSlot(ctx, "discord:D1", "2026-12-01", other); state != SlotNew {
			t.Fatalf("other channel = %v, want SlotNew", state)
		}
		if changed, err := s.SkipSlot(ctx, "slack:C1", "2026-12-02"); !changed || err != nil {
			t.Fatalf("skip free slot = %v %v", changed, err)
		}
		if changed, _ := s.SkipSlot(ctx, "slack:C1", "2026-12-02"); changed {
			t.Fatal("skipping twice reported a change")
		}
		if _, state, _ = s.ClaimSlot(ctx, "slack:C1", "2026-12-02", Post{ID: "p3"}); state != SlotDone {
			t.Fatalf("claim of skipped slot = %v", state)
		}
		if err := s.MarkPosted(ctx, "nope", "m", start); !errors.Is(err, ErrNotFound) {
			t.Fatalf("MarkPosted unknown = %v", err)
		}
		counts, err := s.QuestionCounts(ctx, "slack:C1")
		if err != nil || counts["q1"] != 1 || len(counts) != 1 {
			t.Fatalf("counts = %v %v", counts, err)
		}
	})

	t.Run("answers change until the reveal", func(t *testing.T) {
		s, _ := newStore(t)
		mustPost(t, s, Post{ID: "p1", Channel: "slack:C1", QuestionID: "q1", CreatedAt: start, PostedAt: start})
		prev, err := s.RecordAnswer(ctx, Answer{PostID: "p1", UserID: "U1", UserName: "ann", Choice: 2, At: start})
		if err != nil || prev != -1 {
			t.Fatalf("first answer = %d %v", prev, err)
		}
		prev, err = s.RecordAnswer(ctx, Answer{PostID: "p1", UserID: "U1", UserName: "ann", Choice: 1, At: start})
		if err != nil || prev != 2 {
			t.Fatalf("changed answer = %d %v", prev, err)
		}
		list, _ := s.Answers(ctx, "p1")
		if len(list) != 1 || list[0].Choice != 1 {
			t.Fatalf("answers = %+v", list)
		}
		r, err := s.Reveal(ctx, "p1", 1, start)
		if err != nil || r.Correct != 1 || r.Answered != 1 || r.Already {
			t.Fatalf("reveal = %+v %v", r, err)
		}
		if _, err := s.RecordAnswer(ctx, Answer{PostID: "p1", UserID: "U1", Choice: 0}); !errors.Is(err, ErrRevealed) {
			t.Fatalf("answer after reveal = %v", err)
		}
		if _, err := s.RecordAnswer(ctx, Answer{PostID: "zz", UserID: "U1"}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("answer unknown post = %v", err)
		}
		r, err = s.Reveal(ctx, "p1", 1, start)
		if err != nil || !r.Already || r.Correct != 1 {
			t.Fatalf("second reveal = %+v %v", r, err)
		}
		board, _ := s.Leaderboard(ctx, "slack:C1", 10)
		if len(board) != 1 || board[0].Answered != 1 {
			t.Fatalf("second reveal scored again: %+v", board)
		}
		pending, _ := s.PendingReveals(ctx, "slack:C1")
		if len(pending) != 1 {
			t.Fatalf("pending = %d, want 1 until the reveal is posted", len(pending))
		}
		if err := s.MarkRevealPosted(ctx, "p1"); err != nil {
			t.Fatal(err)
		}
		if pending, _ = s.PendingReveals(ctx, "slack:C1"); len(pending) != 0 {
			t.Fatalf("pending after reveal posted = %d", len(pending))
		}
	})

	t.Run("open answers replace until the reveal; a post is found by its message", func(t *testing.T) {
		s, _ := newStore(t)
		mustPost(t, s, Post{ID: "p1", Channel: "discord:C1", QuestionID: "q1", CreatedAt: start, PostedAt: start})
		if err := s.MarkPosted(ctx, "p1", "M1", start); err != nil {
			t.Fatal(err)
		}
		replaced, err := s.RecordOpenAnswer(ctx, OpenAnswer{PostID: "p1", UserID: "U1", UserName: "ann", Text: "first", At: start})
		if err != nil || replaced {
			t.Fatalf("first open answer: replaced %v, %v", replaced, err)
		}
		replaced, err = s.RecordOpenAnswer(ctx, OpenAnswer{PostID: "p1", UserID: "U1", UserName: "ann", Text: "second", At: start.Add(time.Second)})
		if err != nil || !replaced {
			t.Fatalf("changed open answer: replaced %v, %v", replaced, err)
		}
		if _, err := s.RecordOpenAnswer(ctx, OpenAnswer{PostID: "p1", UserID: "U2", UserName: "bob", Text: "bob's", At: start.Add(2 * time.Second)}); err != nil {
			t.Fatal(err)
		}
		list, err := s.OpenAnswers(ctx, "p1")
		if err != nil || len(list) != 2 || list[0].Text != "second" || list[1].UserName != "bob" {
			t.Fatalf("open answers = %+v, %v", list, err)
		}
		if p, err := s.PostByMessage(ctx, "discord", "M1"); err != nil || p.ID != "p1" {
			t.Fatalf("PostByMessage = %+v, %v", p, err)
		}
		if _, err := s.PostByMessage(ctx, "slack", "M1"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("PostByMessage on another platform = %v, want ErrNotFound", err)
		}
		if _, err := s.Reveal(ctx, "p1", -1, start); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecordOpenAnswer(ctx, OpenAnswer{PostID: "p1", UserID: "U3", Text: "late"}); !errors.Is(err, ErrRevealed) {
			t.Fatalf("open answer after reveal = %v, want ErrRevealed", err)
		}
		if _, err := s.RecordOpenAnswer(ctx, OpenAnswer{PostID: "zz", UserID: "U3", Text: "x"}); !errors.Is(err, ErrNotFound) {
			t.Fatalf("open answer on an unknown post = %v, want ErrNotFound", err)
		}
	})

	t.Run("streaks and leaderboard", func(t *testing.T) {
		s, _ := newStore(t)
		// Each round: scheduled?, correct choice, answers by user.
		rounds := []struct {
			scheduled bool
			answers   map[string]int
		}{
			{true, map[string]int{"ann": 0, "bob": 0, "cat": 1}}, // ann ✓ bob ✓ cat ✗
			{true, map[string]int{"ann": 0, "bob": 1}},           // ann ✓ bob ✗ cat missing
			{false, map[string]int{"bob": 1, "cat": 0}},          // on demand: bob ✗ cat ✓, streaks untouched
			{true, map[string]int{"ann": 0, "cat": 0}},           // ann ✓ cat ✓ bob missing
			{true, map[string]int{"bob": 0}},                     // bob ✓, ann and cat missing
		}
		for i, r := range rounds {
			id := fmt.Sprintf("p%d", i)
			p := Post{ID: id, Channel: "slack:C1", QuestionID: "q", CreatedAt: start, PostedAt: start}
			if r.scheduled {
				p.Slot = fmt.Sprintf("2026-12-%02d", i+1)
			}
			mustPost(t, s, p)
			for user, choice := range r.answers {
				if _, err := s.RecordAnswer(ctx, Answer{PostID: id, UserID: user, UserName: user, Choice: choice}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.Reveal(ctx, id, 0, start); err != nil {
				t.Fatal(err)
			}
		}
		want := map[string]Score{
			"ann": {Answered: 3, Correct: 3, Streak: 0, BestStreak: 3},
			"bob": {Answered: 4, Correct: 2, Streak: 1, BestStreak: 1},
			"cat": {Answered: 3, Correct: 2, Streak: 0, BestStreak: 1},
		}
		board, err := s.Leaderboard(ctx, "slack:C1", 10)
		if err != nil || len(board) != 3 {
			t.Fatalf("board = %+v %v", board, err)
		}
		// correct, then best streak, then current streak (bob 1 beats cat 0)
		if board[0].UserID != "ann" || board[1].UserID != "bob" || board[2].UserID != "cat" {
			t.Errorf("order = %s %s %s, want ann bob cat", board[0].UserID, board[1].UserID, board[2].UserID)
		}
		for _, sc := range board {
			w := want[sc.UserID]
			if sc.Answered != w.Answered || sc.Correct != w.Correct || sc.Streak != w.Streak || sc.BestStreak != w.BestStreak {
				t.Errorf("%s = %+v, want %+v", sc.UserID, sc, w)
			}
		}
		if other, _ := s.Leaderboard(ctx, "slack:C2", 10); len(other) != 0 {
			t.Errorf("other channel has %d scores", len(other))
		}
		if top, _ := s.Leaderboard(ctx, "slack:C1", 1); len(top) != 1 {
			t.Errorf("limit 1 gave %d", len(top))
		}
	})

	t.Run("open question reveal keeps scores", func(t *testing.T) {
		s, _ := newStore(t)
		mustPost(t, s, Post{ID: "o1", Channel: "slack:C1", QuestionID: "q", Slot: "2026-12-01", CreatedAt: start, PostedAt: start})
		r, err := s.Reveal(ctx, "o1", -1, start)
		if err != nil || r.Already || r.Post.RevealedAt.IsZero() {
			t.Fatalf("reveal = %+v %v", r, err)
		}
		if board, _ := s.Leaderboard(ctx, "slack:C1", 10); len(board) != 0 {
			t.Fatalf("open question scored: %+v", board)
		}
	})

	t.Run("100 concurrent answers, none lost or doubled", func(t *testing.T) {
		s, _ := newStore(t)
		mustPost(t, s, Post{ID: "p1", Channel: "slack:C1", QuestionID: "q", Slot: "2026-12-01", CreatedAt: start, PostedAt: start})
		var wg sync.WaitGroup
		errs := make(chan error, 200)
		for i := range 100 {
			wg.Go(func() {
				user := fmt.Sprintf("U%03d", i)
				// every member clicks twice: a first choice and a final one
				for _, choice := range []int{3, i % 4} {
					if _, err := s.RecordAnswer(ctx, Answer{PostID: "p1", UserID: user, UserName: user, Choice: choice, At: start}); err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		r, err := s.Reveal(ctx, "p1", 0, start)
		if err != nil || r.Answered != 100 || r.Correct != 25 {
			t.Fatalf("reveal = answered %d correct %d, %v; want 100 and 25", r.Answered, r.Correct, err)
		}
	})

	t.Run("last tip", func(t *testing.T) {
		s, _ := newStore(t)
		if id, err := s.LastTip(ctx, "slack:C1"); id != "" || err != nil {
			t.Fatalf("empty = %q %v", id, err)
		}
		for _, id := range []string{"tip-1", "tip-2"} {
			if err := s.SetLastTip(ctx, "slack:C1", id); err != nil {
				t.Fatal(err)
			}
		}
		if id, _ := s.LastTip(ctx, "slack:C1"); id != "tip-2" {
			t.Fatalf("last = %q", id)
		}
	})

	runStudySuite(t, newStore)
	runPauseSuite(t, newStore)
}

func mustPost(t *testing.T, s Store, p Post) {
	t.Helper()
	if err := s.CreatePost(context.Background(), p); err != nil {
		t.Fatal(err)
	}
}
