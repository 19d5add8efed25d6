package answer

import (
	"context"
	"log/slog"
	"runtime"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/retrieval"
)

// Searcher finds the guide passages for a query, best first.
type Searcher interface {
	Search(ctx context.Context, q string, k int) ([]retrieval.Hit, error)
}

// Options configure an Answerer. Zero durations and counts get defaults.
type Options struct {
	Searcher Searcher
	// Chat is the model; nil means extractive answers only.
	Chat ChatClient
	// Model is the chat model name sent with each request.
	Model string
	// Lang forces the answer language (BACKEND_TIP_LANG); empty follows the
	// question.
	Lang  bot.Lang
	Clock bot.Clock
	// MaxAnswerBytes caps the answer text read from the model (default
	// DefaultMaxAnswerBytes); the rest is not read.
	MaxAnswerBytes int
	// Timeout bounds one whole model call; IdleTimeout the silence between
	// two streamed tokens; RewriteTimeout the English→Japanese query rewrite.
	Timeout        time.Duration
	IdleTimeout    time.Duration
	RewriteTimeout time.Duration
	// Concurrency caps model calls in flight; Queue is how many more
	// questions may wait for a slot (0: none wait, they get the extractive
	// answer at once).
	Concurrency int
	Queue       int
	// TopK passages are retrieved; at most MaxPassages go into the prompt.
	TopK        int
	MaxPassages int
	// MaxPromptTokens is the budget for passages, history and question;
	// MaxAnswerTokens caps the model's reply.
	MaxPromptTokens int
	MaxAnswerTokens int
	// MinScore drops hits whose retrieval score is lower (0 keeps all).
	MinScore float64
	// CPUSlots caps how many answers do their CPU work (retrieval, the
	// extractive answer, prompt building) at once; waiting on the model or
	// the platform does not hold a slot. Default: one core fewer than
	// GOMAXPROCS (at least 1), so that a burst of questions always leaves
	// a core for the HTTP handlers that must acknowledge within 3 s.
	CPUSlots int
	Logger   *slog.Logger
	// Count, when set, is told how each answer ended (metrics).
	Count func(Outcome)
	// Known, when set, says whether the guide (any indexed document)
	// mentions a word; offline, a Japanese question naming something it
	// never mentions is not answered.
	Known func(word string) bool
	// Spell, when set, corrects misspelt names in a question before it is
	// searched ("kubernets" → "kubernetes"); the asker's words are kept in
	// the reply.
	Spell func(question string) string
	// Share, when set, is the share of the guide's passages that mention a
	// word: a question whose only known words are the guide's subject
	// ("バックエンドエンジニアの平均年収") is about its other words.
	Share func(word string) float64
	// Sections, when set, finds all the chunks of a section, so that a
	// question asking what a list section holds is answered with all its
	// items (listing.go).
	Sections SectionLookup
	// Twins, when set, finds a passage's twin in the other edition, so a
	// question is answered in its language even when retrieval judged its
	// script otherwise ("WebAssemblyとは？" is mostly latin letters).
	Twins TwinLookup
	// Facts, when set, answer the questions the guide's structured facts
	// answer directly (step durations, roles, pioneers...) without a model.
	Facts *Facts
	// Topics, when set, answers a question that names a section's topic
	// from that section (topics.go).
	Topics *Topics
}

func (o Options) withDefaults() Options {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.MaxAnswerBytes <= 0 {
		o.MaxAnswerBytes = DefaultMaxAnswerBytes
	}
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 20 * time.Second
	}
	if o.IdleTimeout > o.Timeout {
		o.IdleTimeout = o.Timeout
	}
	if o.RewriteTimeout <= 0 {
		o.RewriteTimeout = 3 * time.Second
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.CPUSlots <= 0 {
		o.CPUSlots = max(1, runtime.GOMAXPROCS(0)-1)
	}
	if o.Queue < 0 {
		o.Queue = 0
	}
	if o.TopK <= 0 {
		o.TopK = 8
	}
	if o.MaxPassages <= 0 {
		o.MaxPassages = 10
	}
	if o.MaxPromptTokens <= 0 {
		o.MaxPromptTokens = 3000
	}
	if o.MaxAnswerTokens <= 0 {
		o.MaxAnswerTokens = 700
	}
	if o.Model == "" {
		o.Model = "gpt-4o-mini"
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}
