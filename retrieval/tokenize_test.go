package retrieval

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokens(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"N+1問題", []string{"n+1", "問題"}},
		{"C++ と Node.js と C#", []string{"c++", "node.js", "c#"}},
		{"ＡＰＩ設計", []string{"api", "設計"}},
		{"CI/CDパイプライン", []string{"ci/cd", "ci", "cd", "パイ", "イプ", "プラ", "ライ", "イン"}},
		{"Databases and queries", []string{"database", "and", "query"}},
		{"ｶﾀｶﾅ", []string{"カタ", "タカ", "カナ"}},
		{"字", []string{"字"}},
		{"🚀 !!", nil},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := Tokens(Normalize(tc.in))
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("Tokens(%q) = %q, missing %q", tc.in, got, w)
				}
			}
			if tc.want == nil && len(got) != 0 {
				t.Errorf("Tokens(%q) = %q, want none", tc.in, got)
			}
		})
	}
}

func TestGlossary(t *testing.T) {
	g, err := DefaultGlossary()
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() < 150 {
		t.Fatalf("glossary has %d entries, want at least 150", g.Len())
	}
	concepts := func(s string) []string {
		var out []string
		for _, m := range g.Concepts(Normalize(s)) {
			out = append(out, g.Japanese(m.Concept)[0])
		}
		return out
	}
	for _, tc := range []struct{ in, want string }{
		{"How do I prepare for an interview?", "面接"},
		{"authentication", "認証"},
		{"SQL injection attacks", "SQLインジェクション"},
		{"データベースの正規化", "正規化"},
	} {
		if got := concepts(tc.in); !slices.Contains(got, Normalize(tc.want)) {
			t.Errorf("concepts(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := concepts("sql injection"); slices.Contains(got, "sql") {
		t.Errorf("longest match should win: %q", got)
	}
	// Glossary order on every call: callers weigh concepts in turn.
	many := Normalize("REST API docs with Swagger, Docker and Kubernetes, SQL and NoSQL databases, JWT authentication, caching, キャッシュとメッセージキュー")
	for range 20 {
		ms := g.Concepts(many)
		if len(ms) < 8 || !slices.IsSortedFunc(ms, func(a, b Match) int { return a.Concept - b.Concept }) {
			t.Fatalf("concepts out of glossary order (or too few): %v", ms)
		}
	}
	for _, bad := range []string{"no tab here", "a\t", "\tb"} {
		if _, err := ParseGlossary(bad); err == nil {
			t.Errorf("ParseGlossary(%q) accepted", bad)
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"N+1問題とは？", "C++ node.js ci/cd", "\xff\xfe", "ＡＰＩ 🚀", strings.Repeat("あ", 100), "a-b-c/d.e+1#"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		norm := Normalize(s)
		if !utf8.ValidString(norm) {
			t.Fatalf("Normalize(%q) is not valid UTF-8", s)
		}
		for _, tok := range Tokens(norm) {
			if tok == "" || !utf8.ValidString(tok) || strings.ContainsAny(tok, " \t\n") {
				t.Fatalf("bad token %q from %q", tok, s)
			}
		}
	})
}

func TestReadsLatinName(t *testing.T) {
	forms := []string{"wordpress", "cms", "ワードプレス"}
	for q, want := range map[string]bool{
		"ワードプレスの隆盛に貢献した人物":      true,
		"wordpress(ワードプレス)ってなに": false, // named in latin letters too
		"cmsってなに": false,
		"プレスリリース": false,
	} {
		if got := readsLatinName(Normalize(q), forms); got != want {
			t.Errorf("readsLatinName(%q) = %v, want %v", q, got, want)
		}
	}
}
