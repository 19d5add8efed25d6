package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// EvalQuestion is one line of an eval set (retrieval/testdata/eval.jsonl).
type EvalQuestion struct {
	Q      string   `json:"q"`
	Lang   string   `json:"lang"`
	Expect []string `json:"expect"`
}

// EvalWindow is how much of a chunk's text counts for a hit, in runes.
const EvalWindow = 800

// ReadEvalSet parses JSON lines; blank lines are skipped.
func ReadEvalSet(r io.Reader) ([]EvalQuestion, error) {
	var out []EvalQuestion
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimSpace(sc.Text())
		if l == "" {
			continue
		}
		var q EvalQuestion
		if err := json.Unmarshal([]byte(l), &q); err != nil {
			return nil, fmt.Errorf("eval line %d: %w", line, err)
		}
		if strings.TrimSpace(q.Q) == "" || len(q.Expect) == 0 {
			return nil, fmt.Errorf("eval line %d: needs q and expect", line)
		}
		out = append(out, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read eval set: %w", err)
	}
	return out, nil
}

// EvalScore is hit@1, hit@3 and MRR (over the top 10) for one language.
type EvalScore struct {
	Lang       string
	N          int
	Hit1, Hit3 float64
	MRR        float64
	Misses     []EvalQuestion // questions not answered in the top 3
}

// Evaluate searches every question and scores it per language: a hit is an
// expected phrase inside the first EvalWindow runes of a result's text or,
// for a passage of the guide, of its translation in the other edition (the
// sets' phrases are Japanese; an English question may rightly get the
// English passage).
func Evaluate(ctx context.Context, ix *Index, qs []EvalQuestion) ([]EvalScore, error) {
	byLang := map[string]*EvalScore{}
	for _, q := range qs {
		hits, err := ix.Search(ctx, q.Q, 10)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", q.Q, err)
		}
		s := byLang[q.Lang]
		if s == nil {
			s = &EvalScore{Lang: q.Lang}
			byLang[q.Lang] = s
		}
		s.N++
		rank := ix.firstHitRank(hits, q.Expect)
		if rank == 1 {
			s.Hit1++
		}
		if rank >= 1 && rank <= 3 {
			s.Hit3++
		} else {
			s.Misses = append(s.Misses, q)
		}
		if rank > 0 {
			s.MRR += 1 / float64(rank)
		}
	}
	var out []EvalScore
	for _, s := range byLang {
		n := float64(s.N)
		s.Hit1, s.Hit3, s.MRR = s.Hit1/n, s.Hit3/n, s.MRR/n
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Lang > out[j].Lang })
	return out, nil
}

// FirstHitRank is the rank of the first hit containing an expected phrase, or 0.
func FirstHitRank(hits []Hit, expect []string) int {
	for _, h := range hits {
		window := h.Chunk.Text
		if r := []rune(window); len(r) > EvalWindow {
			window = string(r[:EvalWindow])
		}
		for _, e := range expect {
			if e != "" && strings.Contains(window, e) {
				return h.Rank
			}
		}
	}
	return 0
}
