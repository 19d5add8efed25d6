package answer

import (
	"os"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/internal/testkit"
)

// estimateTokens stays close to cl100k on the texts the answerer budgets:
// guide passages (Japanese with English terms), headings, the quiz bank
// (both languages). It may over-estimate (a prompt a little under budget
// is harmless) more than under-estimate (one over the model's context is
// not).
func TestEstimateTokensTracksCL100K(t *testing.T) {
	docs := testkit.Guide(t)
	var texts []string
	for _, d := range docs {
		for _, c := range d.Chunks {
			texts = append(texts, c.Section, c.Text)
		}
	}
	bank, err := os.ReadFile("../../content/quiz/bank.yaml")
	if err != nil {
		t.Fatal(err)
	}
	texts = append(texts, strings.Split(string(bank), "\n\n")...)
	texts = append(texts, "The N+1 problem: one query for a list, then one more query per row. Fix it with a JOIN or eager loading (e.g. SELECT ... WHERE id IN (...)).")
	var real, est int
	for _, text := range texts {
		r, e := cl100kCount(t, text), estimateTokens(text)
		real += r
		est += e
		if r < 40 {
			continue // small counts: a token or two off is a large ratio
		}
		if ratio := float64(e) / float64(r); ratio < 0.9 || ratio > 1.4 {
			t.Errorf("estimate %d for %d cl100k tokens (%.2f×): %.80q", e, r, ratio, text)
		}
	}
	if ratio := float64(est) / float64(real); ratio < 1.0 || ratio > 1.2 {
		t.Errorf("overall %d estimated for %d cl100k tokens (%.3f×), want 1.0–1.2×", est, real, ratio)
	}
	t.Logf("overall %d estimated for %d cl100k tokens (%.3f×) over %d texts", est, real, float64(est)/float64(real), len(texts))
	for _, s := range []string{"", " ", "a"} {
		if got := estimateTokens(s); got != len(strings.TrimSpace(s)) {
			t.Errorf("estimateTokens(%q) = %d", s, got)
		}
	}
}
