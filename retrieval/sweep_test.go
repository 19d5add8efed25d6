package retrieval

import (
	"context"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/backend-tip/backend-tip/internal/testkit"
)

func loadQs(t *testing.T, file string) []EvalQuestion {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := ReadEvalSet(f)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

var sweep = flag.Bool("sweep", false, "print eval scores for ranking variants (go test -run TestSweep -args -sweep)")

// TestSweep is the tuning harness behind defaultTuning and DefaultFusion: it
// prints eval scores for each variant of the ranking knobs.
func TestSweep(t *testing.T) {
	if !*sweep {
		t.Skip("tuning harness; run with -args -sweep")
	}
	docs := testkit.Guide(t)
	sets := map[string][]EvalQuestion{"eval": loadQs(t, "testdata/eval.jsonl"), "dev": loadQs(t, "testdata/dev.jsonl"), "hold": loadQs(t, "testdata/holdout.jsonl"), "hold2": loadQs(t, "testdata/holdout2.jsonl")}
	type cfg struct {
		name string
		tu   tuning
		f    Fusion
	}
	base := defaultTuning
	var cfgs []cfg
	add := func(name string, mod func(*tuning, *Fusion)) {
		tu, f := base, DefaultFusion
		mod(&tu, &f)
		cfgs = append(cfgs, cfg{name, tu, f})
	}
	add("default", func(*tuning, *Fusion) {})
	add("lexonly", func(tu *tuning, f *Fusion) { f.Vector = 0.000001 })
	add("veconly", func(tu *tuning, f *Fusion) { f.Lexical = 0.000001 })
	add("vtop5", func(tu *tuning, f *Fusion) { tu.vecTop = 5 })
	add("vtop10", func(tu *tuning, f *Fusion) { tu.vecTop = 10 })
	add("vtop20", func(tu *tuning, f *Fusion) { tu.vecTop = 20 })
	add("vtop10v1", func(tu *tuning, f *Fusion) { tu.vecTop = 10; f.Vector = 1 })
	add("common0.2", func(tu *tuning, f *Fusion) { tu.commonDF = 0.2 })
	add("common0.5", func(tu *tuning, f *Fusion) { tu.commonDF = 0.5 })
	add("commonW0.1", func(tu *tuning, f *Fusion) { tu.commonWeight = 0.1 })
	add("commonW1", func(tu *tuning, f *Fusion) { tu.commonWeight = 1 })
	add("b=0.5", func(tu *tuning, f *Fusion) { tu.b = 0.5 })
	add("b=0.3", func(tu *tuning, f *Fusion) { tu.b = 0.3 })
	add("head2", func(tu *tuning, f *Fusion) { tu.headingLevels = 2 })
	add("head1", func(tu *tuning, f *Fusion) { tu.headingLevels = 1 })
	add("head0", func(tu *tuning, f *Fusion) { tu.headingLevels = 0 })
	add("vec1", func(tu *tuning, f *Fusion) { f.Vector = 1 })
	add("vec0.3", func(tu *tuning, f *Fusion) { f.Vector = 0.3 })
	add("K=30", func(tu *tuning, f *Fusion) { f.K = 30 })
	add("K=3", func(tu *tuning, f *Fusion) { f.K = 3 })
	add("expEn1", func(tu *tuning, f *Fusion) { tu.expandEnglish = 1 })
	add("expEn0.4", func(tu *tuning, f *Fusion) { tu.expandEnglish = 0.4 })
	add("expJa0", func(tu *tuning, f *Fusion) { tu.expandJapanese = 0 })
	add("expJa0.5", func(tu *tuning, f *Fusion) { tu.expandJapanese = 0.5 })
	add("kana0.5", func(tu *tuning, f *Fusion) { tu.kanaWeight = 0.5 })
	add("kana0.05", func(tu *tuning, f *Fusion) { tu.kanaWeight = 0.05 })
	for _, c := range cfgs {
		tu := c.tu
		ix, err := Open(context.Background(), Options{DataDir: t.TempDir(), Documents: docs, Fusion: c.f, tune: &tu})
		if err != nil {
			t.Fatal(err)
		}
		line := fmt.Sprintf("%-10s", c.name)
		total := 0.0
		for _, set := range []string{"eval", "dev", "hold", "hold2"} {
			scores, _ := Evaluate(context.Background(), ix, sets[set])
			for _, s := range scores {
				line += fmt.Sprintf("|%s.%s %.2f %.2f %.2f", set, s.Lang, s.Hit1, s.Hit3, s.MRR)
				total += s.Hit3 * float64(s.N)
			}
		}
		fmt.Printf("%s| total hit@3 %.0f\n", line, total)
	}
}
