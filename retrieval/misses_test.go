package retrieval

import (
	"context"
	"flag"
	"fmt"
	"testing"
)

var missesOf = flag.String("misses", "", "print the misses of this eval set (go test -run TestMisses -args -misses FILE)")

// TestMisses prints what an eval set misses and what ranked instead.
func TestMisses(t *testing.T) {
	if *missesOf == "" {
		t.Skip("diagnostic; run with -args -misses FILE")
	}
	ix := openGuide(t, t.TempDir())
	qs := loadQs(t, *missesOf)
	scores, err := Evaluate(context.Background(), ix, qs)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range scores {
		fmt.Printf("%s n=%d hit@1=%.3f hit@3=%.3f MRR=%.3f\n", s.Lang, s.N, s.Hit1, s.Hit3, s.MRR)
		for _, m := range s.Misses {
			hits, _ := ix.Search(context.Background(), m.Q, 3)
			fmt.Printf("  MISS %q %q\n", m.Q, m.Expect)
			for _, h := range hits {
				fmt.Printf("     %d %.4f %.50s | %.50s\n", h.Rank, h.Score, h.Chunk.Section, h.Chunk.Text)
			}
		}
	}
}
