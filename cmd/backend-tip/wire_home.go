package main

import (
	"context"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/quiz"
	"github.com/backend-tip/backend-tip/bot/study"
)

// homeSource is what Slack's Home tab shows: the quiz record and the
// channels' schedules from the quiz service; the study streak and the next
// thing to study from the member's progress (study service) when there is one.
type homeSource struct {
	quiz  *quiz.Service
	study *study.Service // optional
}

func (h homeSource) Home(ctx context.Context, platform, userID string, lang bot.Lang) (bot.Home, error) {
	home, err := h.quiz.Home(ctx, platform, userID, lang)
	if err != nil || h.study == nil {
		return home, err
	}
	days, next, err := h.study.Next(ctx, platform, userID, lang)
	if err != nil {
		return home, err
	}
	home.StudyDays = days
	home.NextStep, home.NextStepGoal, home.NextStepCommand = next, "", ""
	return home, nil
}
