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

func TestKeyUnits(t *testing.T) {
	got := keyUnits("dbへの問い合わせが増えるマイクロサービスの問題")
	want := []string{"db", "マイクロサービス", "問題"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
