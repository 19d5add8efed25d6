package main

import (
	"context"
	"fmt"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/answer"
	"github.com/backend-tip/backend-tip/bot/keypoints"
	"github.com/backend-tip/backend-tip/bot/quiz"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/bot/study"
	"github.com/backend-tip/backend-tip/content"
)

// state is the store and everything that keeps state: quiz, roadmap, tips.
type state struct {
	store store.Store    // SQLite or PostgreSQL (wire_store.go); the Slack adapter keeps event ids and feedback in it
	quiz  *quiz.Service  // quiz, roadmap and tip commands, quiz: clicks, schedules
	study *study.Service // quiz review, interview, progress; review: clicks, reminders
}

// recordFeedback keeps a 👍/👎 in the store (nil without state).
func (a *app) recordFeedback(ctx context.Context, f bot.Feedback) error {
	if a.store == nil {
		return nil
	}
	return a.store.RecordFeedback(ctx, f)
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
	// The team's own quiz items and tips: a broken file stops start-up
	// with its file, line and field, so the team fixes it rather than
	// wondering why their questions never come.
	if dir := a.cfg.ContentDir; dir != "" {
		team, err := content.LoadTeamDir(dir, questions, sectionTitles(docs))
		if err != nil {
			return fmt.Errorf("team quiz content (BACKEND_TIP_CONTENT_DIR):\n%w", err)
		}
		questions = append(questions, team.Questions...)
		tips = append(tips, team.Tips...)
		if n := len(team.Questions) + len(team.Tips); n > 0 {
			a.log.Info("team quiz content loaded", "dir", dir, "questions", len(team.Questions), "tips", len(team.Tips))
		}
	}
	var feedback quiz.FeedbackFunc
	if a.answerer != nil && a.cfg.LLMEnabled() {
		feedback = a.answerer.Feedback
	}
	a.study, err = study.New(study.Options{
		Store:     db,
		Questions: questions,
		Docs:      docs,
		Basics:    bot.Basics{Clock: a.clock, Zone: a.cfg.Timezone, Logger: a.log.With("part", "study")},
		Grade:     a.rubric(),
		// Discord's buttons open modals: interview answers are written
		// there, as the bot reads no messages without a privileged intent.
		FormPlatforms: []string{"discord"},
	})
	if err != nil {
		return err
	}
	a.quiz, err = quiz.New(quiz.Options{
		Store:     db,
		Questions: questions,
		Tips:      tips,
		Docs:      docs,
		Basics:    bot.Basics{Clock: a.clock, Zone: a.cfg.Timezone, Logger: a.log.With("part", "quiz")},
		Grace:     a.cfg.QuizGrace,
		Feedback:  feedback,
		Admins:    a.cfg.Admins,
		GradeOpen: keypoints.Covers,
	})
	return err
}

// rubric grades interview answers with the model when one is configured
// (nil: the offline key-point and STAR matcher).
func (a *app) rubric() study.GradeFunc {
	r := a.answerer
	if r == nil || !a.cfg.LLMEnabled() {
		return nil
	}
	return func(ctx context.Context, in study.GradeInput) (study.Grade, error) {
		g, err := r.Rubric(ctx, answer.RubricInput{Question: in.Question, KeyPoints: in.KeyPoints, Sections: in.Sections,
			Answer: in.Answer, Behavioral: in.Behavioral, Lang: in.Lang})
		return study.Grade{Covered: g.Covered, Missing: g.Missing, STAR: g.STAR, Section: g.Section, Comment: g.Comment}, err
	}
}

// sectionTitles are the guide's section titles that team items may name.
func sectionTitles(docs []content.Document) map[string]bool {
	known := map[string]bool{}
	for _, d := range docs {
		for _, s := range d.Sections {
			known[s.Title] = true
		}
	}
	return known
}

// stateCommands are the handlers of the quiz, review, interview,
// progress, roadmap and tip rows of bot.Grammar, and their clicks.
func (a *app) stateCommands() (map[string]bot.Handler, map[string]bot.ClickHandler) {
	if a.quiz == nil {
		return nil, nil
	}
	handlers, clicks := a.quiz.Handlers(), a.quiz.Clicks()
	for path, h := range a.study.Handlers() {
		handlers[path] = h
	}
	for prefix, h := range a.study.Clicks() {
		clicks[prefix] = h
	}
	return handlers, clicks
}

// sessions is what claims free text for an open mock interview (nil
// without state).
func (a *app) sessions() bot.SessionClaimer {
	var cs bot.Claimers
	if a.quiz != nil {
		cs = append(cs, a.quiz) // mentions in an open question's thread before the reveal
	}
	if a.study != nil {
		cs = append(cs, a.study)
	}
	if len(cs) == 0 {
		return nil
	}
	return cs
}

// runSchedules posts scheduled quizzes through the platforms until ctx ends.
func (a *app) runSchedules(ctx context.Context, platforms map[string]bot.Platform) error {
	if a.quiz == nil {
		<-ctx.Done()
		return nil
	}
	a.quiz.SetPlatforms(platforms)
	a.study.SetPlatforms(platforms) // interviews open threads on posts of their own
	go a.runReminders(ctx, platforms)
	return a.quiz.Run(ctx, scheduleEvery, platforms)
}

// runReminders sends the review reminder DMs through the platforms that
// can message a member directly, until ctx ends.
func (a *app) runReminders(ctx context.Context, platforms map[string]bot.Platform) {
	dm := directMessengers(platforms)
	t := time.NewTicker(scheduleEvery)
	defer t.Stop()
	for {
		if err := a.study.TickReminders(ctx, a.clock(), dm); err != nil {
			a.log.Error("review reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// directMessengers are the platforms seen as what review reminders need.
func directMessengers(platforms map[string]bot.Platform) map[string]bot.DirectMessenger {
	dm := map[string]bot.DirectMessenger{}
	for name, p := range platforms {
		dm[name] = p
	}
	return dm
}

// tickSchedules posts every quiz slot due at now through the platforms once
// (chat --now uses it to try a schedule without waiting).
func (a *app) tickSchedules(ctx context.Context, now time.Time, platforms map[string]bot.Platform) error {
	if a.quiz == nil {
		return nil
	}
	a.quiz.SetPlatforms(platforms)
	a.study.SetPlatforms(platforms) // interviews open threads on posts of their own
	if err := a.study.TickReminders(ctx, now, directMessengers(platforms)); err != nil {
		a.log.Warn("review reminders", "err", err)
	}
	return a.quiz.Tick(ctx, now, platforms)
}
