package retrieval

import (
	"context"
	"testing"
)

// A question is answered from passages in its own language, and a passage
// and its translation never both appear.
func TestSearchPrefersAskersEdition(t *testing.T) {
	ix := openGuide(t, t.TempDir())
	if len(ix.twins) == 0 {
		t.Fatal("no twin passages: both editions should be indexed")
	}
	for _, tc := range []struct{ q, lang, anchor string }{
		{"ステップ2の期間は？", "ja", "roadmap-step-2"},
		{"How long is step 2?", "en", "roadmap-step-2"},
		{"Dockerを作ったのは誰？", "ja", "pioneers-individuals"},
		{"Who created Docker?", "en", "pioneers-individuals"},
		{"What is idempotency?", "en", "interview-deep-dive"},
	} {
		t.Run(tc.q, func(t *testing.T) {
			hits, err := ix.Search(context.Background(), tc.q, 5)
			if err != nil || len(hits) == 0 {
				t.Fatalf("search: %v, %d hits", err, len(hits))
			}
			twins := map[string]string{}
			for _, h := range hits {
				if h.Chunk.Lang != tc.lang {
					t.Errorf("rank %d is %s: %.60q", h.Rank, h.Chunk.Lang, h.Chunk.Text)
				}
				if lang, ok := twins[h.Chunk.Twin]; ok && lang != h.Chunk.Lang {
					t.Errorf("passage %s listed in both editions", h.Chunk.Twin)
				}
				twins[h.Chunk.Twin] = h.Chunk.Lang
			}
			found := false
			for _, h := range hits[:min(3, len(hits))] {
				found = found || h.Chunk.Anchor == tc.anchor
			}
			if !found {
				t.Errorf("no passage of #%s in the top 3", tc.anchor)
			}
		})
	}
}

// The eval counts a passage through its translation: the Japanese phrase of
// an English passage's twin is a hit, a phrase in neither is not.
func TestFirstHitRankThroughTwin(t *testing.T) {
	ix := openGuide(t, t.TempDir())
	hits, err := ix.Search(context.Background(), "Who created Docker?", 3)
	if err != nil || len(hits) == 0 || hits[0].Chunk.Lang != "en" {
		t.Fatalf("search: %v %+v", err, hits)
	}
	if FirstHitRank(hits, []string{"Dockerの創始者"}) != 0 {
		t.Fatal("fixture: the English hits should not contain the Japanese phrase themselves")
	}
	if r := ix.firstHitRank(hits, []string{"Dockerの創始者"}); r == 0 {
		t.Error("the Japanese twin's phrase is not counted")
	}
	if r := ix.firstHitRank(hits, []string{"存在しないフレーズ"}); r != 0 {
		t.Errorf("a phrase in neither edition counted at rank %d", r)
	}
}
