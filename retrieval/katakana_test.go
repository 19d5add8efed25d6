package retrieval

import "testing"

func TestSkeletonsOfAKatakanaNameAndItsLatinName(t *testing.T) {
	for _, tt := range []struct{ kana, latin, want string }{
		{"スワッガー", "swagger", "swg"},
		{"デブオプス", "devops", "dbps"},
		{"ハイネマイヤー", "heinemeier", "hnm"},
		{"アットコーダー", "atcoder", "tkd"},
		{"ストライプ", "stripe", "strp"},
		{"フィールディング", "fielding", "frdng"},
		{"ダイナモ", "dynamo", "dnm"},
		{"クバネティス", "kubernetes", "kbnts"},
		{"パイソン", "python", "psn"},
		{"ウィキ", "wiki", "wk"},
	} {
		if got := kanaSkeleton(tt.kana); got != tt.want {
			t.Errorf("kanaSkeleton(%q) = %q, want %q", tt.kana, got, tt.want)
		}
		if got := latinSkeleton(tt.latin); got != tt.want {
			t.Errorf("latinSkeleton(%q) = %q, want %q", tt.latin, got, tt.want)
		}
	}
}

func TestSoundsLikeNeedsOneNameAndEnoughConsonants(t *testing.T) {
	s := newSoundsLike([]string{"rust", "rest", "swagger", "go", "docker"})
	if _, ok := s.lookup(kanaSkeleton("ラスト")); ok {
		t.Error("ラスト sounds like both rust and rest: no one name, no reading")
	}
	if name, ok := s.lookup(kanaSkeleton("スワッガー")); !ok || name != "swagger" {
		t.Errorf("スワッガー = %q, %v; want swagger", name, ok)
	}
	if _, ok := s.lookup(kanaSkeleton("ゴー")); ok {
		t.Error("a one-consonant skeleton matched a name")
	}
}
