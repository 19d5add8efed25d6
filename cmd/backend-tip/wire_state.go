package main

import (
	"context"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// state is the store and everything that keeps state: quiz, roadmap, tips.
// OWNER: study-group helper (issue 6). Stub until then.
type state struct{}

func (a *app) openState(ctx context.Context) error { return nil }

func (a *app) stateCommands() ([]bot.Command, map[string]bot.ClickHandler) { return nil, nil }

// runSchedules posts scheduled quizzes through the platforms until ctx ends.
func (a *app) runSchedules(ctx context.Context, platforms map[string]bot.Platform) error {
	<-ctx.Done()
	return nil
}

// tickSchedules posts every quiz slot due at now through the platforms once
// (chat --now uses it to try a schedule without waiting).
func (a *app) tickSchedules(ctx context.Context, now time.Time, platforms map[string]bot.Platform) error {
	return nil
}
