package keypoints

import (
	"testing"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
)

// An answer in either language covers the key points shown in the other.
func TestCoversKeyPoints(t *testing.T) {
	q := content.QuizQuestion{KeyPoints: content.Texts{
		JA: []string{"ID生成", "キャッシュ", "スケーラビリティ"},
		EN: []string{"ID generation", "caching", "scalability"}}}
	tests := []struct {
		answer string
		want   bool
	}{
		{"Generate a short ID and add caching", true}, // 2 of 3
		{"IDを生成し、キャッシュを置きます", true},                   // Japanese, 2 of 3
		{"短いIDとキャッシュ、それにスケーラビリティのためのシャーディング", true},   // 3 of 3
		{"I would use a database", false},
		{"caching", false}, // 1 of 3
		{"", false},
	}
	for _, tc := range tests {
		for _, lang := range []bot.Lang{bot.Japanese, bot.English} {
			if got := Covers(q, tc.answer, lang); got != tc.want {
				t.Errorf("Covers(%q, %s) = %v, want %v", tc.answer, lang, got, tc.want)
			}
		}
	}
}
