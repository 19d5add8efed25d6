package answer

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{"0", 0, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{now.Add(5 * time.Second).Format(time.RFC1123), 5 * time.Second, true},
		{now.Add(-time.Minute).Format(time.RFC1123), 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := retryAfter(strings.Replace(tc.in, "UTC", "GMT", 1), now)
			if got != tc.want || ok != tc.ok {
				t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		not  []string
	}{
		{"What is the N+1 problem with ORMs?", []string{"n+1", "orms"}, []string{"what", "the", "is", "problem"}},
		{"Node.js と C++ の違い", []string{"node.js", "c++", "違い"}, []string{"との"}},
		{"Ｎ＋１問題とは", []string{"n+1", "問題"}, []string{"とは"}},
		{"データベース", []string{"デー", "ース"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := terms(tc.in)
			for _, w := range tc.want {
				if _, ok := got[w]; !ok {
					t.Errorf("missing %q in %v", w, got)
				}
			}
			for _, w := range tc.not {
				if _, ok := got[w]; ok {
					t.Errorf("unexpected %q in %v", w, got)
				}
			}
		})
	}
}

func TestSentences(t *testing.T) {
	got := sentences("「引用。」最初の文。二つ目！\n- 質問例:\n1. N+1問題を説明してください。\nEnglish one. Node.js stays. Last")
	want := []string{"「引用。」", "最初の文。", "二つ目！", "質問例: 1. N+1問題を説明してください。", "English one.", "Node.js stays.", "Last"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestHoldBack(t *testing.T) {
	tests := map[string]string{
		"答え[1]": "答え[1]",
		"答え [1": "答え ",
		"答え［":   "答え",
		"配列 [a, b, c, d, e, f, g, h, i, j, k]": "配列 [a, b, c, d, e, f, g, h, i, j, k]",
	}
	for in, want := range tests {
		if got := holdBack(in); got != want {
			t.Errorf("holdBack(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBestSentencesPicksRelevant(t *testing.T) {
	text := "バックエンドは幅広い分野です。N+1問題はORMで起きやすい問題です。天気の話はしません。"
	got := bestSentences(text, terms("N+1問題"), 30)
	if got != "N+1問題はORMで起きやすい問題です。" {
		t.Errorf("got %q", got)
	}
}

func TestCovers(t *testing.T) {
	text := "N+1問題とは、一覧の各行ごとに追加のクエリを発行する問題です。マイクロサービスのメリット。キャリアパス。バックエンド開発とエンジニアの仕事。今日のAPI設計。システム設計の面接。"
	tests := []struct {
		q    string
		want bool
	}{
		{"N+1問題とは？", true},
		{"Ｎ＋１問題って？", true},
		{"マイクロサービスのメリットは？", true},
		{"バックエンドエンジニアのキャリアパスは？", true},
		{"今日の天気は？", false},
		{"量子コンピュータの作り方", false},
		{"What is the N+1 problem?", true},
		{"How should I prepare for a system design interview?", true},
		{"What's the weather like today?", false},
		{"ねえねえ", true}, // nothing to judge by
	}
	a := New(Options{})
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			if got := a.covers(tc.q, text); got != tc.want {
				t.Errorf("covers = %v, want %v (units %q)", got, tc.want, keyUnits(tc.q))
			}
		})
	}
}

func TestKeyUnits(t *testing.T) {
	got := keyUnits("dbへの問い合わせが増えるマイクロサービスの問題")
	want := []string{"db", "マイクロサービス", "問題"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
