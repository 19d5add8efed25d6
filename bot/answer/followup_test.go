package answer

import (
	"testing"

	"github.com/backend-tip/backend-tip/bot"
)

func TestElliptical(t *testing.T) {
	a := guideAnswerer(t, nil)
	hist := func(q string) []bot.Turn {
		return []bot.Turn{{Author: "u", Text: q}, {FromBot: true, Text: "…"}}
	}
	tests := []struct {
		prev, q string
		want    string // "" : not elliptical
	}{
		{"ステップ1の期間は？", "ステップ3は？", "ステップ3の期間は？"},
		{"Dockerの創始者は？", "じゃあRailsは？", "Railsの創始者は？"},
		{"How long is step 1?", "what about step 3?", "How long is step 3?"},
		{"How long is step 1?", "what about the next one?", "How long is step 2?"},
		{"ステップ2ってどのくらいかかる？", "次は？", "ステップ3ってどのくらいかかる？"},
		{"Who created PHP?", "and Ruby on Rails?", "Who created Ruby on Rails?"},
		// Not a new subject for the same question.
		{"N+1問題とは？", "どうやって解決するの？", ""},
		{"Dockerの創始者は？", "それっていつ？", ""},
		{"Dockerの創始者は？", "おすすめの映画は？", ""},
		{"How long is step 3?", "what about the next one?", ""}, // the roadmap has three steps
	}
	for _, tt := range tests {
		got, ok := elliptical(tt.q, hist(tt.prev), "u", a.known)
		if !ok {
			got = ""
		}
		if got != tt.want {
			t.Errorf("elliptical(%q after %q) = %q, want %q", tt.q, tt.prev, got, tt.want)
		}
	}
}
