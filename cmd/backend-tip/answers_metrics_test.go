package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/config"
)

// discardStream ignores an answer.
type discardStream struct{}

func (discardStream) Update(string)  {}
func (discardStream) Done(bot.Reply) {}

func TestAnswersCountedByOutcome(t *testing.T) {
	cfg, err := config.Load(config.MapLookup(map[string]string{"BACKEND_TIP_DATA_DIR": t.TempDir(), "BACKEND_TIP_LOG_LEVEL": "info"}))
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	a, err := newApp(context.Background(), &cli{cfg: cfg, stdout: &bytes.Buffer{}, stderr: &logs}, appOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for _, q := range []string{"N+1問題とは？", "今日の天気は？", "おすすめの映画は？"} {
		a.router.Handle(context.Background(), bot.Request{Origin: bot.Origin{ID: "t", Platform: "console", ChannelID: "c", UserID: "u"},
			Text: "ask " + q, Kind: bot.KindMention}, discardStream{})
	}
	if got := a.ops.metrics.Value("backend_tip_answers_total", "outcome", "not_covered"); got != 2 {
		t.Errorf("not_covered = %v, want 2", got)
	}
	if got := a.ops.metrics.Value("backend_tip_answers_total", "outcome", "extractive"); got != 1 {
		t.Errorf("extractive = %v, want 1", got)
	}
	// The question the guide lacks is logged, so a team can see it.
	if !strings.Contains(logs.String(), "question not covered by the guide") || !strings.Contains(logs.String(), "今日の天気は？") {
		t.Errorf("refusal not logged with its question:\n%s", logs.String())
	}
}
