package store

import (
	"context"
	"sort"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// Store is everything the store offers. Consumers declare the few methods
// they need (bot/quiz, bot/slack); this full list is what another database
// must implement to pass runStoreSuite.
type Store interface {
	// Ping reports whether the database answers (readiness).
	Ping(ctx context.Context) error
	MarkEvent(ctx context.Context, key string, ttl time.Duration) (first bool, err error)
	RecordFeedback(ctx context.Context, f bot.Feedback) error
	FeedbackCounts(ctx context.Context) (positive, negative int, err error)

	PutSubscription(ctx context.Context, sub Subscription) error
	DeleteSubscription(ctx context.Context, channel string) (bool, error)
	PauseSubscription(ctx context.Context, channel string, at time.Time, reason string) (bool, error)
	Subscriptions(ctx context.Context) ([]Subscription, error)
	Subscription(ctx context.Context, channel string) (Subscription, error)

	ClaimSlot(ctx context.Context, channel, localDate string, p Post) (Post, SlotState, error)
	SkipSlot(ctx context.Context, channel, localDate string) (bool, error)
	MarkPosted(ctx context.Context, postID, messageID string, at time.Time) error

	CreatePost(ctx context.Context, p Post) error
	Post(ctx context.Context, id string) (Post, error)
	PendingReveals(ctx context.Context, channel string) ([]Post, error)
	QuestionCounts(ctx context.Context, channel string) (map[string]int, error)

	RecordAnswer(ctx context.Context, a Answer) (previous int, err error)
	Answers(ctx context.Context, postID string) ([]Answer, error)
	RecordOpenAnswer(ctx context.Context, a OpenAnswer) (replaced bool, err error)
	OpenAnswers(ctx context.Context, postID string) ([]OpenAnswer, error)
	PostByMessage(ctx context.Context, platform, messageID string) (Post, error)
	Reveal(ctx context.Context, postID string, correct int, at time.Time) (Reveal, error)
	MarkRevealPosted(ctx context.Context, postID string) error
	Leaderboard(ctx context.Context, channel string, limit int) ([]Score, error)

	LastTip(ctx context.Context, channel string) (string, error)
	SetLastTip(ctx context.Context, channel, tipID string) error

	RecordStudy(ctx context.Context, a StudyAnswer) error
	DueReviews(ctx context.Context, learner string, now time.Time, limit int) ([]ReviewItem, error)
	Reviews(ctx context.Context, learner string) ([]ReviewItem, error)
	StudyHistory(ctx context.Context, learner string, limit int) ([]StudyRecord, error)
	PeriodLeaderboard(ctx context.Context, channel string, since time.Time, limit int) ([]Score, error)
	PutReminder(ctx context.Context, r Reminder) error
	DeleteReminder(ctx context.Context, learner string) (bool, error)
	Reminders(ctx context.Context) ([]Reminder, error)
	ClaimReminder(ctx context.Context, learner, localDate string) (bool, error)
	StartInterview(ctx context.Context, iv InterviewSession) (InterviewSession, error)
	UpdateInterview(ctx context.Context, iv InterviewSession) (InterviewSession, error)
	Interview(ctx context.Context, learner string) (InterviewSession, error)
	EndInterview(ctx context.Context, learner string, version int64) (bool, error)

	Close() error
}

var _ Store = (*DB)(nil)

// Subscription is a channel's daily quiz schedule.
type Subscription struct {
	Channel string // channel key: "slack:C123"
	Hour    int
	Minute  int
	Zone    string // IANA zone name
	Days    Days   // weekdays it posts on; AllDays when every day
	Lang    bot.Lang
	// Since is when the schedule was set: earlier slots are never due.
	Since time.Time
	// Categories limit the posts to these question categories; empty: all.
	Categories []string
	// Owner is the user id of the member who subscribed the channel: on
	// Slack they may change or stop it (the moderator policy).
	Owner string
	// Paused is when the schedule was paused because the platform refused
	// its post for good (zero: active); PausedReason says why. A paused
	// schedule posts nothing until PutSubscription sets it again.
	Paused       time.Time
	PausedReason string
}

// Days is a set of weekdays as a bit mask (bit n = time.Weekday n).
type Days uint8

// Common day sets.
const (
	AllDays  Days = 0x7f
	Weekdays Days = 0x3e // Monday to Friday
)

// Has reports whether d includes w.
func (d Days) Has(w time.Weekday) bool { return d&(1<<uint(w)) != 0 }

// SlotState says what ClaimSlot found.
type SlotState int

const (
	// SlotNew: the slot was free and is now claimed with the given post.
	SlotNew SlotState = iota
	// SlotPending: claimed earlier but the post was never recorded (a crash
	// or a failed post); post it again with the same idempotency key.
	SlotPending
	// SlotDone: already posted or skipped; nothing to do.
	SlotDone
)

// Post is one quiz question posted (or being posted) in a channel.
type Post struct {
	ID         string
	Channel    string
	QuestionID string
	Slot       string // local date of a scheduled post ("2026-12-01"); empty on demand
	Lang       bot.Lang
	MessageID  string // platform message id once posted
	CreatedAt  time.Time
	PostedAt   time.Time
	RevealedAt time.Time
	// RevealPosted is set once the reveal message went out.
	RevealPosted bool
}

// Scheduled reports whether the post came from a daily schedule.
func (p Post) Scheduled() bool { return p.Slot != "" }

// Answer is one member's choice on a multiple-choice post.
type Answer struct {
	PostID   string
	UserID   string
	UserName string
	Choice   int
	At       time.Time
}

// Reveal is the outcome of revealing a post.
type Reveal struct {
	Post     Post
	Answers  []Answer
	Correct  int  // how many answered right
	Already  bool // it had been revealed before (results recomputed, scores untouched)
	Answered int
}

// Score is a member's record in one channel.
type Score struct {
	Channel    string
	UserID     string
	UserName   string
	Answered   int
	Correct    int
	Streak     int
	BestStreak int
	// First is the member's earliest counted answer (period boards only).
	First time.Time
}

// sortBoard orders a period leaderboard: most correct, then longest current
// streak, then whoever answered first.
func sortBoard(scores []Score) {
	sort.SliceStable(scores, func(i, j int) bool {
		a, b := scores[i], scores[j]
		if a.Correct != b.Correct {
			return a.Correct > b.Correct
		}
		if a.Streak != b.Streak {
			return a.Streak > b.Streak
		}
		if !a.First.Equal(b.First) {
			return a.First.Before(b.First)
		}
		return a.UserID < b.UserID
	})
}
