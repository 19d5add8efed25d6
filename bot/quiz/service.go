// Package quiz runs study groups on any platform: quiz questions posted on
// demand or daily per channel and time zone, button answers, the reveal with
// the guide's passage, scores and streaks, the learning roadmap and tips.
// It speaks only bot types; adapters render buttons and route clicks back.
package quiz

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/content"
)

// Store is what the quiz keeps in the database, in small parts.
type Store interface {
	scheduleStore
	ledgerStore
	postStore
	answerStore
	tipStore
}

type scheduleStore interface {
	PutSubscription(ctx context.Context, sub store.Subscription) error
	Subscription(ctx context.Context, channel string) (store.Subscription, error)
	DeleteSubscription(ctx context.Context, channel string) (bool, error)
	PauseSubscription(ctx context.Context, channel string, at time.Time, reason string) (bool, error)
	Subscriptions(ctx context.Context) ([]store.Subscription, error)
}

type ledgerStore interface {
	ClaimSlot(ctx context.Context, channel, localDate string, p store.Post) (store.Post, store.SlotState, error)
	SkipSlot(ctx context.Context, channel, localDate string) (bool, error)
	MarkPosted(ctx context.Context, postID, messageID string, at time.Time) error
}

type postStore interface {
	CreatePost(ctx context.Context, p store.Post) error
	Post(ctx context.Context, id string) (store.Post, error)
	PendingReveals(ctx context.Context, channel string) ([]store.Post, error)
	QuestionCounts(ctx context.Context, channel string) (map[string]int, error)
}

type answerStore interface {
	RecordAnswer(ctx context.Context, a store.Answer) (previous int, err error)
	RecordOpenAnswer(ctx context.Context, a store.OpenAnswer) (replaced bool, err error)
	OpenAnswers(ctx context.Context, postID string) ([]store.OpenAnswer, error)
	PostByMessage(ctx context.Context, platform, messageID string) (store.Post, error)
	Reveal(ctx context.Context, postID string, correct int, at time.Time) (store.Reveal, error)
	MarkRevealPosted(ctx context.Context, postID string) error
	Leaderboard(ctx context.Context, channel string, limit int) ([]store.Score, error)
	PeriodLeaderboard(ctx context.Context, channel string, since time.Time, limit int) ([]store.Score, error)
	RecordStudy(ctx context.Context, a store.StudyAnswer) error
}

type tipStore interface {
	LastTip(ctx context.Context, channel string) (string, error)
	SetLastTip(ctx context.Context, channel, tipID string) error
}

// FeedbackFunc gives short LLM feedback on the thread's answers to an open
// question, grounded in its key points (bot/answer provides it).
type FeedbackFunc func(ctx context.Context, question string, keyPoints []string, answers []string, lang bot.Lang) (string, error)

// Options configure a Service.
type Options struct {
	Store     Store
	Questions []content.QuizQuestion
	Tips      []content.Tip
	Docs      []content.Document // the parsed guide, both editions: passages and the roadmap
	// Basics: the clock, the default zone of `quiz daily` (cfg.Timezone),
	// post ids, random picks and the logger; New fills in the defaults.
	bot.Basics
	// Grace is how late a missed slot may still be posted (default 1h).
	Grace    time.Duration
	Feedback FeedbackFunc // optional
	// GradeOpen tells whether a thread answer to an open question covers
	// its key points (bot/study's offline matcher); the verdict feeds the
	// member's review schedule. nil: open answers are not scheduled.
	GradeOpen func(q content.QuizQuestion, answer string, lang bot.Lang) bool
	// Admins are BACKEND_TIP_ADMINS: user ids who may change any
	// channel's quiz (see Moderators).
	Admins []string
}

// Service is the quiz, roadmap and tips.
type Service struct {
	opts     Options
	store    Store
	log      *slog.Logger
	byID     map[string]content.QuizQuestion
	facts    content.Facts // the guide's roadmap and other facts, both languages
	factsErr error         // why the guide in Docs gave no facts
	mu       sync.Mutex
	// Platforms are where the service posts outside a request: an
	// on-demand quiz posted as a channel message, reveals, reading threads.
	bot.Platforms
	// done caches slots known to be posted or skipped so that ticks do not
	// hit the database for them again; the ledger stays the truth.
	done  map[string]time.Time
	zones map[string]*time.Location
	mods  Moderators
	// categories are the bank's categories (the team's included), in
	// display order; aliases maps accepted spellings to them.
	categories []string
	aliases    map[string]string
}

// New builds the service. Questions must be validated already (content).
func New(opts Options) (*Service, error) {
	if opts.Store == nil {
		return nil, fmt.Errorf("quiz: no store")
	}
	if err := opts.Fill(); err != nil {
		return nil, fmt.Errorf("quiz: %w", err)
	}
	if opts.Grace <= 0 {
		opts.Grace = time.Hour
	}
	log := opts.Logger
	s := &Service{opts: opts, store: opts.Store, log: log, byID: map[string]content.QuizQuestion{}, done: map[string]time.Time{}, zones: map[string]*time.Location{}}
	for _, q := range opts.Questions {
		s.byID[q.ID] = q
	}
	s.facts, s.factsErr = content.FactsFrom(opts.Docs)
	s.mods = NewModerators(opts.Admins)
	s.categories, s.aliases = bankCategories(opts.Questions)
	return s, nil
}

// bankCategories lists the categories in use, the built-in ones in their
// order first, then the team's in name order, with their accepted
// spellings: the name itself and, for plurals, the singular ("database").
func bankCategories(qs []content.QuizQuestion) ([]string, map[string]string) {
	used := map[string]bool{}
	for _, q := range qs {
		used[q.Category] = true
	}
	var out []string
	for _, c := range content.QuizCategories {
		if used[c] {
			out = append(out, c)
			delete(used, c)
		}
	}
	var team []string
	for c := range used {
		team = append(team, c)
	}
	sort.Strings(team)
	out = append(out, team...)
	aliases := map[string]string{}
	for _, c := range out {
		aliases[c] = c
		if single, ok := strings.CutSuffix(c, "s"); ok && single != "" {
			if _, taken := aliases[single]; !taken {
				aliases[single] = c
			}
		}
	}
	return out, aliases
}

// category resolves a word to one of the bank's categories.
func (s *Service) category(word string) (string, bool) {
	c, ok := s.aliases[strings.ToLower(word)]
	return c, ok
}

// Handlers returns the quiz, roadmap and tip handlers by command path
// (bot.Grammar is the table they belong to).
func (s *Service) Handlers() map[string]bot.Handler {
	return map[string]bot.Handler{
		"quiz":             s.handleQuiz,
		"quiz daily":       bot.Prefixed(s.handleQuiz, "daily"),
		"quiz stop":        bot.Prefixed(s.handleQuiz, "stop"),
		"quiz answer":      bot.Prefixed(s.handleQuiz, "answer"),
		"quiz leaderboard": bot.Prefixed(s.handleQuiz, "leaderboard"),
		"roadmap":          s.handleRoadmap,
		"tip":              s.handleTip,
	}
}

// ClickPrefix is the ActionID prefix of quiz buttons.
const ClickPrefix = "quiz:"

// Clicks returns the click handlers to register with the router.
func (s *Service) Clicks() map[string]bot.ClickHandler {
	return map[string]bot.ClickHandler{ClickPrefix: s.Click}
}

// splitChannel turns "slack:C123" into its platform and channel id.
func splitChannel(key string) (platform, channelID string) {
	platform, channelID, _ = strings.Cut(key, ":")
	return platform, channelID
}
