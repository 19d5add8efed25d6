package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
)

// TestHomeSourceCombinesQuizAndStudy: the Home tab's summary has the
// quiz's schedules and the member's study streak and next step.
func TestHomeSourceCombinesQuizAndStudy(t *testing.T) {
	a := stateApp(t, t.TempDir())
	defer a.Close()
	ctx := context.Background()
	if err := a.openState(ctx); err != nil {
		t.Fatal(err)
	}
	err := a.store.PutSubscription(ctx, store.Subscription{Channel: "slack:C9", Hour: 7, Minute: 30, Zone: "Asia/Tokyo", Days: store.Weekdays, Lang: bot.English, Since: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	err = a.store.RecordStudy(ctx, store.StudyAnswer{Learner: "slack:U1", Ref: "p-1", Channel: "slack:C9", ItemID: "alg-001",
		Source: store.SourceQuiz, Correct: true, At: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	home, err := homeSource{quiz: a.quiz, study: a.study}.Home(ctx, "slack", "U1", bot.English)
	if err != nil {
		t.Fatal(err)
	}
	if len(home.Schedules) != 1 || home.Schedules[0].ChannelID != "C9" || !strings.Contains(home.Schedules[0].When, "07:30 Asia/Tokyo, weekdays") {
		t.Fatalf("schedules = %+v", home.Schedules)
	}
	if home.StudyDays != 1 || !strings.Contains(home.NextStep, "Step 1") {
		t.Fatalf("study part = %d days, next %q", home.StudyDays, home.NextStep)
	}
}
