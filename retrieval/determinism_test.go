package retrieval

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// determinismQueries are questions in both languages, several of them
// naming more than one glossary concept (where expansion order mattered).
var determinismQueries = []string{
	"whats a good tool for api docs",
	"What is idempotency in REST APIs?",
	"How do I prepare for a system design interview?",
	"which database should I learn first, SQL or NoSQL?",
	"how do docker and kubernetes relate to ci/cd?",
	"what should I learn about authentication and authorization with JWT?",
	"how do caching and a message queue help scaling?",
	"is python or go better for a backend web framework?",
	"what does an api gateway do in microservices?",
	"how do I monitor and log a production server?",
	"N+1問題とは？",
	"未経験から何を学べばいい？",
	"APIドキュメントを書くのにいいツールは？",
	"データベースのインデックスとトランザクションについて教えて",
	"DockerとKubernetesの違いは？",
	"認証と認可の違いは何ですか",
	"キャッシュとメッセージキューでスケールするには",
	"マイクロサービスのAPIゲートウェイの役割",
	"セキュリティ対策としてSQLインジェクションを防ぐ方法",
	"ポートフォリオには何を作ればいい？",
}

// rankingDump is every hit of every query with all its signals, exactly.
func rankingDump(t *testing.T, ix *Index, queries []string) string {
	t.Helper()
	var b strings.Builder
	for _, q := range queries {
		hits, err := ix.Search(context.Background(), q, ix.Len())
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		fmt.Fprintf(&b, "# %s\n", q)
		for _, h := range hits {
			fmt.Fprintf(&b, "%d %s score=%b lex=%d/%b vec=%d/%b matched=%b\n", h.Rank, h.Chunk.ID,
				h.Score, h.LexRank, h.Lexical, h.VecRank, h.Similarity, h.Matched)
		}
	}
	return b.String()
}

// TestRankingIsDeterministic: fresh builds of the index, a warm restart
// from a build's cache, and repeated searches of one index give the same ranking and the same scores to the
// last bit, so an answer never changes between runs or restarts.
func TestRankingIsDeterministic(t *testing.T) {
	const builds, repeats = 2, 3
	queries := slices.Clone(determinismQueries)
	for _, file := range []string{"testdata/eval.jsonl", "testdata/dev.jsonl"} {
		for _, q := range loadQs(t, file) {
			queries = append(queries, q.Q)
		}
	}
	var want string
	dir := ""
	for b := range builds + 1 {
		if b < builds {
			dir = t.TempDir() // fresh: every chunk embedded and stored
		} // else: the last build's cache, read back from disk
		ix := openGuide(t, dir)
		if fresh := ix.Embedded() == ix.Len(); fresh != (b < builds) {
			t.Fatalf("build %d embedded %d of %d chunks", b, ix.Embedded(), ix.Len())
		}
		for r := range repeats {
			got := rankingDump(t, ix, queries)
			if want == "" {
				want = got
				continue
			}
			if got != want {
				t.Fatalf("build %d search %d ranks differently:\n%s", b, r, firstDiff(want, got))
			}
		}
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	query := ""
	for i := range min(len(al), len(bl)) {
		if strings.HasPrefix(al[i], "# ") {
			query = al[i]
		}
		if al[i] != bl[i] {
			return fmt.Sprintf("%s\nwant %s\ngot  %s", query, al[i], bl[i])
		}
	}
	return "lengths differ"
}
