package script

import "testing"

func TestCount(t *testing.T) {
	tests := []struct {
		text string
		want Counts
	}{
		{"", Counts{}},
		{"N+1問題とは？", Counts{Kana: 2, Han: 2, Latin: 1}},
		{"カタカナ and ひらがな", Counts{Kana: 8, Latin: 3}},
		{"Ünïcode 123 ü", Counts{Latin: 5}},
	}
	for _, tt := range tests {
		if got := Count(tt.text); got != tt.want {
			t.Errorf("Count(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}
