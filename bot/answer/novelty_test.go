package answer

import (
	"context"
	"slices"
	"testing"

	"github.com/backend-tip/backend-tip/retrieval"
)

func TestTopicWordsByScript(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"京都で一番おいしい抹茶パフェの店は？", []string{"京都", "抹茶", "パフェ"}},
		{"what's a good name for my cat", []string{"name", "cat"}},
		{"ステップ2の期間は？", []string{}}, // ステップ and 期間 say how it asks
		{"N+1問題って何が困るの？", []string{"n+1", "問題"}},
	}
	for _, tt := range tests {
		got := topicWords(normalizeForTest(tt.q))
		if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("topicWords(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestNoveltyAgainstTheGuide(t *testing.T) {
	a := guideAnswerer(t, nil)
	tests := []struct {
		q            string
		novel, total int
	}{
		{"今日の東京の天気どう？", 2, 2},
		{"How do I lose 5kg before summer?", 4, 4},
		{"name some relational DBs", 1, 3}, // "DBs" is "DB" with a plural
		{"AWSが出てきて何が一番変わったの？", 0, 1},       // 一番 is how it asks; 変 alone is too short
		{"Dockerの創始者は？", 0, 1},             // 創始者 asks who
	}
	for _, tt := range tests {
		novel, total, words := a.novelty(tt.q)
		if novel != tt.novel || total != tt.total {
			t.Errorf("novelty(%q) = %d/%d %q, want %d/%d", tt.q, novel, total, words, tt.novel, tt.total)
		}
	}
}

// A question whose topic words the guide never uses is refused offline,
// whatever retrieval found; one that names a glossary concept is not.
func TestJudgeRefusesQuestionsInWordsTheGuideNeverUses(t *testing.T) {
	a := guideAnswerer(t, nil)
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{"京都で一番おいしい抹茶パフェの店は？", false},
		{"Can you give me a recipe for banana bread?", false},
		{"有給の申請ってどうやるの", false},
		{"N+1問題って何が困るの？", true},
		{"Dockerが出てきて何の問題が解決したの？", true},
		// Naming something the guide never mentions needs much more.
		{"Goのgoroutineリークの調べ方", false},                 // a glossary word, but not the guide's
		{"Redisのクラスタ構成ってどう組む？", false},                 // "クラスタ" is not "クラス"
		{"How do I configure CORS in Express?", false}, // "CORS" is not "core"
		{"ソーシャルログインみたいなやつは何て技術", true},                 // the glossary's other name for SNSアカウント連携
	} {
		hits, err := a.search(context.Background(), tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := a.judge(tt.q, hits, false); ok != tt.want {
			t.Errorf("judge(%q) = %v, want %v (evidence %.2f)", tt.q, ok, tt.want, a.evidence(tt.q, hits))
		}
	}
}

func normalizeForTest(q string) string { return retrieval.Normalize(q) }

func TestExpandDecades(t *testing.T) {
	for in, want := range map[string]string{
		"what did people use back in the 90s": "what did people use back in the 1990s",
		"in the '80s?":                        "in the 1980s?",
		"90年代のWebは？":                          "1990年代のWebは？",
		"1990年代と2000s はそのまま":                  "1990年代と2000s はそのまま",
		"the nineties":                        "the 1990s",
		"N+1問題を90秒で":                          "N+1問題を90秒で",
	} {
		if got := expandDecades(in); got != want {
			t.Errorf("expandDecades(%q) = %q, want %q", in, got, want)
		}
	}
}
