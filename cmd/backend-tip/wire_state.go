package main

import (
	"context"
	"fmt"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/quiz"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/content"
)

// state is the store and everything that keeps state: quiz, roadmap, tips.
type state struct {
	store store.Store   // SQLite or PostgreSQL (wire_store.go); the Slack adapter keeps event ids and feedback in it
	quiz  *quiz.Service // quiz, roadmap and tip commands, quiz: clicks, schedules
	// dms send a private message per platform (filled as platforms are
	// wired, read when the quiz tells a subscriber their schedule paused).
	dms map[string]func(ctx context.Context, userID string, r bot.Reply) error
}

// notify sends r privately to userID on platform, if it can.
func (a *app) notify(ctx context.Context, platform, userID string, r bot.Reply) error {
	dm := a.dms[platform]
	if dm == nil {
		return fmt.Errorf("no private messages on %s", platform)
	}
	return dm(ctx, userID, r)
}

// scheduleEvery is how often the scheduler looks for due quiz slots; a slot
// is posted at most this late.
const scheduleEvery = 20 * time.Second

// openState opens the store (SQLite in the data directory, or PostgreSQL) and builds the
// quiz service over the embedded question bank, tips and the guide.
func (a *app) openState(ctx context.Context) error {
	db, err := a.openStore(ctx)
	if err != nil {
		return err // names the path or the variable to fix
	}
	a.closers = append(a.closers, db.Close)
	a.store = db
	// Broken quiz data (caught by content's tests) must not keep the bot
	// from answering questions: log it and run without.
	questions, err := content.LoadQuizBank(content.QuizFS(), content.BankFile)
	if err != nil {
		a.log.Error("quiz questions unavailable", "err", err)
	}
	tips, err := content.LoadTips(content.QuizFS(), content.TipsFile)
	if err != nil {
		a.log.Error("tips unavailable", "err", err)
	}
	docs := a.docs // the guide (and team notes): passages and the roadmap
	if len(docs) == 0 {
		if docs, err = content.LoadGuide(); err != nil {
			return fmt.Errorf("load guide: %w", err)
		}
	}
	var feedback quiz.FeedbackFunc
	type feedbacker interface {
		Feedback(ctx context.Context, question string, keyPoints []string, answers []string, lang bot.Lang) (string, error)
	}
	if f, ok := a.answerer.(feedbacker); ok && a.cfg.LLMEnabled() {
		feedback = f.Feedback
	}
	a.quiz, err = quiz.New(quiz.Options{
		Store:     db,
		Questions: questions,
		Tips:      tips,
		Docs:      docs,
		Clock:     a.clock,
		Zone:      a.cfg.Timezone,
		Grace:     a.cfg.QuizGrace,
		Feedback:  feedback,
		Notify:    a.notify,
		Logger:    a.log.With("part", "quiz"),
	})
	return err
}

func (a *app) stateCommands() (map[string]bot.Handler, map[string]bot.ClickHandler) {
	if a.quiz == nil {
		return nil, nil
	}
	return a.quiz.Handlers(), a.quiz.Clicks()
}

// runSchedules posts scheduled quizzes through the platforms until ctx ends.
func (a *app) runSchedules(ctx context.Context, platforms map[string]bot.Platform) error {
	if a.quiz == nil {
		<-ctx.Done()
		return nil
	}
	a.quiz.SetPlatforms(platforms)
	return a.quiz.Run(ctx, scheduleEvery, platforms)
}

// tickSchedules posts every quiz slot due at now through the platforms once
// (chat --now uses it to try a schedule without waiting).
func (a *app) tickSchedules(ctx context.Context, now time.Time, platforms map[string]bot.Platform) error {
	if a.quiz == nil {
		return nil
	}
	a.quiz.SetPlatforms(platforms)
	return a.quiz.Tick(ctx, now, platforms)
}
