package answer

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/retrieval"
)

func TestZZDump(t *testing.T) {
	if os.Getenv("ZZDUMP") == "" {
		t.Skip()
	}
	docs, _ := content.LoadGuide()
	ix, err := retrieval.Open(context.Background(), retrieval.Options{DataDir: "/tmp/i10a/data", Documents: docs})
	if err != nil {
		t.Fatal(err)
	}
	a := New(Options{Searcher: ix})
	dump := func(kind, q string) {
		hits, _ := a.search(context.Background(), q)
		if len(hits) == 0 {
			fmt.Printf("%s\t0\t0\t0\t0\t0\t0\t0\t0\tNOHITS %s\n", kind, q)
			return
		}
		h := hits[0]
		var top string
		for _, h := range hits[:min(3, len(hits))] {
			top += h.Chunk.Section + "\n" + h.Chunk.Text + "\n"
		}
		cov, _ := a.coverage(q, top)
		var all string
		for _, h := range hits {
			all += h.Chunk.Section + "\n" + h.Chunk.Text + "\n"
		}
		cova, _ := a.coverage(q, all)
		fmt.Printf("%s\t%.3f\t%d\t%d\t%.2f\t%.3f\t%.3f\t%.2f\t%.2f\t%s\n", kind, h.Score, h.LexRank, h.VecRank, h.Lexical, h.Matched, h.Similarity, cov, cova, q)
	}
	fh, _ := os.Open(os.Getenv("ZZDUMP"))
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		var x struct{ Kind, Q string }
		json.Unmarshal(sc.Bytes(), &x)
		if (x.Kind == "in" || x.Kind == "out") && !injection.MatchString(x.Q) {
			dump(x.Kind, x.Q)
		}
	}
}
