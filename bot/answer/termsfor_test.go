package answer

import (
	"testing"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/retrieval"
)

func TestTermsForWeighsSynonymsBelowOwnWords(t *testing.T) {
	a := New(Options{})
	ja := []retrieval.Hit{{Chunk: content.Chunk{Lang: string(bot.Japanese)}}}
	en := []retrieval.Hit{{Chunk: content.Chunk{Lang: string(bot.English)}}}
	tests := []struct {
		name string
		q    string
		rel  []retrieval.Hit
		want map[string]float64 // term → weight (0: absent)
	}{
		{"a Japanese word's synonym weighs less", "PHPってなんであんなに流行ったの？", ja,
			map[string]float64{"php": 1, "流行": 1, "普及": synonymWeight}},
		{"a latin name in a Japanese question brings no other names", "RESTful APIってなに？", ja,
			map[string]float64{"restful": 1, "api": 1, "エン": 0, "ドポ": 0}},
		{"an English question over Japanese passages needs the Japanese forms", "Who created PHP?", ja,
			map[string]float64{"php": 1, "創始": 1}},
		{"a concept named only in kana: its synonyms weigh as own words", "Dockerってなにがすごかったの", ja,
			map[string]float64{"docker": 1, "革命": 1, "後押": 1}},
		{"a concept also named in kanji keeps synonyms light", "Dockerの革新的なところ", ja,
			map[string]float64{"革新": 1, "革命": synonymWeight}},
		{"a katakana reading brings the latin name", "ワードプレスの隆盛に貢献した人物", ja,
			map[string]float64{"wordpress": 1}},
		{"over English passages, own words only", "Who created PHP?", en,
			map[string]float64{"php": 1, "創始": 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := a.termsFor(tt.q, tt.rel)
			for term, w := range tt.want {
				if got[term] != w {
					t.Errorf("%q: weight of %q = %v, want %v (all: %v)", tt.q, term, got[term], w, got)
				}
			}
		})
	}
}
