package retrieval

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/content"
)

func chunkText(s string) content.Chunk { return content.Chunk{Text: s} }

func TestSearchRanksAndClamps(t *testing.T) {
	ix := openGuide(t, t.TempDir())
	for _, tc := range []struct {
		name   string
		query  string
		k      int
		want   int
		expect string
	}{
		{"japanese", "N+1問題", 3, 3, "N+1問題"},
		{"english", "What is idempotency?", 3, 3, "idempotency"},
		{"k clamped", "データベース", 100000, -1, ""}, // every matching chunk, no error
		{"k zero", "データベース", 0, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hits, err := ix.Search(context.Background(), tc.query, tc.k)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want >= 0 && len(hits) != tc.want || tc.want < 0 && (len(hits) < 10 || len(hits) > ix.Len()) {
				t.Fatalf("got %d hits, want %d (of %d chunks)", len(hits), tc.want, ix.Len())
			}
			for i, h := range hits {
				if h.Rank != i+1 {
					t.Errorf("hit %d has rank %d", i, h.Rank)
				}
				if i > 0 && h.Score > hits[i-1].Score {
					t.Errorf("hit %d scores above hit %d", i, i-1)
				}
			}
			if tc.expect != "" && FirstHitRank(hits, []string{tc.expect}) == 0 {
				t.Errorf("no hit contains %q", tc.expect)
			}
		})
	}
}

func TestSearchBadInput(t *testing.T) {
	ix := openGuide(t, t.TempDir())
	huge := strings.Repeat("データベース設計 ", 120000) // ~1 MB
	for _, tc := range []struct {
		name    string
		query   string
		wantErr error
		anyHits bool
	}{
		{"empty", "", ErrEmptyQuery, false},
		{"whitespace", " \t\n　", ErrEmptyQuery, false},
		{"control only", "\x00\x01\x1b", ErrEmptyQuery, false},
		{"emoji only", "🚀🔥👍🏽", nil, false},
		{"invalid utf-8", "\xff\xfeデータベース\xc3", nil, true},
		{"control chars inside", "N+1\x00問題\x1b[31m", nil, true},
		{"1 MB", huge, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hits, err := ix.Search(context.Background(), tc.query, 3)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if tc.anyHits != (len(hits) > 0) {
				t.Fatalf("got %d hits, want hits: %v", len(hits), tc.anyHits)
			}
		})
	}
}

func TestCleanQuery(t *testing.T) {
	long := strings.Repeat("あ", MaxQueryRunes+50)
	if got := []rune(CleanQuery(long)); len(got) != MaxQueryRunes {
		t.Errorf("long query kept %d runes", len(got))
	}
	if got := CleanQuery("  a\x00b\xffc\u0085 "); got != "a b c" {
		t.Errorf("CleanQuery = %q", got)
	}
}

func TestSearchHonoursContext(t *testing.T) {
	ix := openGuide(t, t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, "データベース", 3); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func BenchmarkSearch(b *testing.B) {
	ix := openGuide(b, b.TempDir())
	queries := []string{"N+1問題とは？", "How do I prepare for a system design interview?", "未経験から何を学べばいい？", "What is idempotency in REST APIs?"}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := ix.Search(ctx, queries[i%len(queries)], 5); err != nil {
			b.Fatal(err)
		}
	}
}
