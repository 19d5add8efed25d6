package retrieval

import "testing"

func TestContainsWord(t *testing.T) {
	for _, c := range []struct {
		text, w string
		want    bool
	}{
		{"use go for servers", "go", true},
		{"google search", "go", false},
		{"golang and go", "go", true}, // a later whole-word match counts
		{"n+1問題とは", "n", true},
		{"cargo", "go", false},
		{"go1", "go", false}, // digits are word bytes
		{"キャッシュ戦略", "キャッシュ", true},
		{"キャッシュ戦略", "戦略", true}, // non-latin: anywhere
		{"データベース", "ベース", true},
		{"anything", "", true},
		{"", "go", false},
	} {
		if got := ContainsWord(c.text, c.w); got != c.want {
			t.Errorf("ContainsWord(%q, %q) = %v, want %v", c.text, c.w, got, c.want)
		}
	}
}
