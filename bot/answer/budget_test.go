package answer

import (
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/bot"
)

func TestFitBudgetGivesPassagesWhatHistoryDoesNotNeed(t *testing.T) {
	var ps []passage
	for i := range 10 {
		ps = append(ps, passage{Section: "s", Text: strings.Repeat("word ", 100) + string(rune('a'+i))})
	}
	per := countPassageTokens("s") + countPassageTokens(ps[0].Text)
	long := []bot.Turn{{Author: "U1", Text: strings.Repeat("history ", 400)}, {FromBot: true, Text: strings.Repeat("answer ", 400)}}
	tests := []struct {
		name    string
		history []bot.Turn
		wantMin int // passages at least
		wantMax int // passages at most
	}{
		{"no history: the whole budget", nil, (1000 - 100) / per, (1000 - 100) / per},
		{"long history: 70% for passages, the rest for history", long, 700 / per, 700 / per},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := fitBudget(1000, 100, ps, tt.history)
			if n := len(b.passages); n < tt.wantMin || n > tt.wantMax {
				t.Errorf("%d passages of %d tokens each, want %d..%d", n, per, tt.wantMin, tt.wantMax)
			}
			if b.tokens > 1000 {
				t.Errorf("%d tokens over the budget", b.tokens)
			}
			if tt.history != nil && len(b.history) == 0 {
				t.Errorf("no history kept")
			}
		})
	}
}
