package answer

import (
	"strings"
	"sync"

	"github.com/backend-tip/backend-tip/bot"
)

// countTokens is the prompt budget's token count: estimateTokens
// (tokens.go), which needs no tokenizer tables.
func countTokens(text string) int { return estimateTokens(text) }

// passageTokens remembers the token count of passage texts: they come from
// a fixed set of guide chunks, and counting them again for every answer was
// the answerer's largest CPU cost under load. Keys are the chunk strings
// themselves, so the cache holds no copies and grows no larger than the
// guide's sections and chunks.
var passageTokens sync.Map // string → int

func countPassageTokens(text string) int {
	if n, ok := passageTokens.Load(text); ok {
		return n.(int)
	}
	n := countTokens(text)
	passageTokens.Store(text, n)
	return n
}

// budget is what fits into one prompt.
type budget struct {
	passages []passage
	history  []bot.Turn
	tokens   int // prompt tokens counted so far
}

// fitBudget fills the prompt budget in order of importance: the question
// and the fixed instructions, then the passages (always at least one), then
// as many of the latest history turns as fit, newest first, each trimmed so
// one long earlier answer cannot crowd out the rest. The passages may use
// 70% of the budget, and more when the history needs less than the rest:
// a question without history gets as many passages as the budget holds.
func fitBudget(maxTokens, fixed int, candidates []passage, history []bot.Turn) budget {
	b := budget{tokens: fixed}
	turns := make([]bot.Turn, len(history))
	historyNeed := 0
	for i, t := range history {
		if t.FromBot {
			// Earlier citations point at earlier passages, not this
			// prompt's: drop them so the model cannot mix them up.
			t.Text = spaceBeforePunct.ReplaceAllString(citation.ReplaceAllString(t.Text, ""), "$1")
		}
		t.Text = bot.Truncate(strings.TrimSpace(t.Text), 800)
		turns[i] = t
		historyNeed += countTokens(t.Text) + 4 // role and separators
	}
	passageCap := fixed + max(maxTokens*7/10, maxTokens-fixed-historyNeed)
	for _, p := range candidates {
		n := countPassageTokens(p.Section) + countPassageTokens(p.Text)
		if len(b.passages) > 0 && b.tokens+n > passageCap {
			break
		}
		b.passages = append(b.passages, p)
		b.tokens += n
	}
	for i := len(turns) - 1; i >= 0; i-- {
		t := turns[i]
		n := countTokens(t.Text) + 4
		if b.tokens+n > maxTokens {
			break
		}
		b.history = append([]bot.Turn{t}, b.history...)
		b.tokens += n
	}
	for i := range b.passages {
		b.passages[i].N = i + 1
	}
	return b
}
