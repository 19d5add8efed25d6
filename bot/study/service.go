// Package study is what a member does alone: spaced review of the items
// they answered (a Leitner schedule per member, fed by every answer), mock
// interviews with feedback grounded in the guide, and personal progress on
// the guide's 3-step roadmap. It speaks only bot types; the quiz's channel
// posts feed it through the store.
package study

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/content"
)

// Store is what study keeps in the database.
type Store interface {
	RecordStudy(ctx context.Context, a store.StudyAnswer) error
	DueReviews(ctx context.Context, learner string, now time.Time, limit int) ([]store.ReviewItem, error)
	Reviews(ctx context.Context, learner string) ([]store.ReviewItem, error)
	StudyHistory(ctx context.Context, learner string, limit int) ([]store.StudyRecord, error)
	reminderStore
	interviewStore
}

type reminderStore interface {
	PutReminder(ctx context.Context, r store.Reminder) error
	DeleteReminder(ctx context.Context, learner string) (bool, error)
	Reminders(ctx context.Context) ([]store.Reminder, error)
	ClaimReminder(ctx context.Context, learner, localDate string) (bool, error)
}

type interviewStore interface {
	StartInterview(ctx context.Context, iv store.InterviewSession) (store.InterviewSession, error)
	UpdateInterview(ctx context.Context, iv store.InterviewSession) (store.InterviewSession, error)
	Interview(ctx context.Context, learner string) (store.InterviewSession, error)
	EndInterview(ctx context.Context, learner string, version int64) (bool, error)
}

// GradeInput is one interview answer to grade against its rubric.
type GradeInput struct {
	Question   string
	KeyPoints  []string
	Sections   []string // guide sections the item rests on
	Answer     string
	Behavioral bool // also judge the STAR parts
	Lang       bot.Lang
}

// Grade is feedback on one answer: which key points it covered, which it
// missed, the STAR parts found (behavioral only) and the section to reread.
// The LLM rubric and the offline matcher both return this shape.
type Grade struct {
	Covered []string
	Missing []string
	STAR    map[string]bool // "Situation", "Task", "Action", "Result"
	Section string
	Comment string // optional one-line advice (LLM)
}

// GradeFunc grades with an LLM rubric (bot/answer provides it). Its result
// is bounded and checked by the caller; on error the offline grade is used.
type GradeFunc func(ctx context.Context, in GradeInput) (Grade, error)

// Options configure a Service.
type Options struct {
	Store     Store
	Questions []content.QuizQuestion // the bank, the team's items included
	Docs      []content.Document     // the guide: roadmap and sections
	// Basics: the clock, the default zone (BACKEND_TIP_TIMEZONE), session
	// ids, random picks and the logger; New fills in the defaults.
	bot.Basics
	Grade GradeFunc
	// FormPlatforms are the platforms whose buttons can open a form
	// (Discord's modal): interview questions there get an Answer button,
	// and the next question is posted in the session's thread.
	FormPlatforms []string
}

// Service serves `quiz review`, `interview` and `progress`.
type Service struct {
	opts    Options
	store   Store
	log     *slog.Logger
	byID    map[string]content.QuizQuestion
	roadmap []content.RoadmapStep
	guide   guideSet // the interview chapter's own questions
	// formPlatforms: Options.FormPlatforms as a set.
	formPlatforms map[string]bool

	// Platforms are where the service posts outside a request: an
	// interview started by a slash command opens a thread on a post of its
	// own.
	bot.Platforms
	// sessions serialises one member's interview turns in this process
	// (learner → *sync.Mutex), so that two messages sent at once do not
	// both pay for grading the same question; across replicas the store's
	// version on the session row does it.
	sessions sync.Map
}

// lockSession holds the member's interview lock until the returned func.
func (s *Service) lockSession(who string) func() {
	m, _ := s.sessions.LoadOrStore(who, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	mu.Lock()
	return mu.Unlock
}

// New builds the service.
func New(opts Options) (*Service, error) {
	if opts.Store == nil {
		return nil, fmt.Errorf("study: no store")
	}
	if err := opts.Fill(); err != nil {
		return nil, fmt.Errorf("study: %w", err)
	}
	log := opts.Logger
	s := &Service{opts: opts, store: opts.Store, log: log, byID: map[string]content.QuizQuestion{}}
	for _, q := range opts.Questions {
		s.byID[q.ID] = q
	}
	facts, err := content.FactsFrom(opts.Docs)
	if err != nil {
		// Progress still works, naming the steps by number only.
		log.Warn("guide facts unavailable; roadmap steps unnamed", "err", err)
	}
	s.roadmap = facts.Steps
	s.guide = guideItems(facts, opts.Docs, opts.Questions)
	for _, q := range s.guide.items {
		s.byID[q.ID] = q
	}
	s.formPlatforms = map[string]bool{}
	for _, p := range opts.FormPlatforms {
		s.formPlatforms[p] = true
	}
	return s, nil
}

// Handlers returns the handlers of the review, interview and progress
// rows of the command table (bot.Grammar), by command path.
func (s *Service) Handlers() map[string]bot.Handler {
	return map[string]bot.Handler{
		"quiz review":       s.HandleReview,
		"quiz review daily": bot.Prefixed(s.HandleReview, "daily"),
		"quiz review stop":  bot.Prefixed(s.HandleReview, "stop"),
		"interview":         s.HandleInterview,
		"interview stop":    bot.Prefixed(s.HandleInterview, "stop"),
		"progress":          s.HandleProgress,
	}
}

// ClickPrefix is the ActionID prefix of review buttons.
const ClickPrefix = "review:"

// Clicks returns the click handlers to register with the router.
func (s *Service) Clicks() map[string]bot.ClickHandler {
	return map[string]bot.ClickHandler{ClickPrefix: s.ReviewClick, InterviewPrefix: s.InterviewClick}
}

// learner is the member's key across platforms ("slack:U123").
func learner(platform, userID string) string { return platform + ":" + userID }

// sectionTitle is a guide section's heading path in lang's edition: the
// bank names sections by their Japanese path, and the English edition
// carries the same anchors.
func (s *Service) sectionTitle(title string, lang bot.Lang) string {
	anchor := ""
	for _, d := range s.opts.Docs {
		if sec, ok := d.SectionByTitle(title); ok {
			anchor = sec.Anchor
			break
		}
	}
	if anchor == "" {
		return title
	}
	for _, d := range s.opts.Docs {
		if d.Lang != string(lang) {
			continue
		}
		for _, sec := range d.Sections {
			if sec.Anchor == anchor {
				return sec.Title
			}
		}
	}
	return title
}

func pick(lang bot.Lang, t content.Text) string { return lang.Pick(t.JA, t.EN) }

func pickList(lang bot.Lang, t content.Texts) []string {
	if lang == bot.English {
		return t.EN
	}
	return t.JA
}
