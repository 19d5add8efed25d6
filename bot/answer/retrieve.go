package answer

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/retrieval"
)

// minOverlap is the least share of a Japanese query's terms that the top
// passages must contain to count as covering the question. Retrieval always
// returns something; this keeps "今日の天気は？" from being answered from a
// random section.
const minOverlap = 0.25

// rrfK is the usual reciprocal-rank-fusion constant.
const rrfK = 60

// searchQuery is what is searched for a question: a follow-up ("それはどう
// やって防ぐの？") means little alone, so the previous user turn goes with it.
func searchQuery(question string, history []bot.Turn) string {
	for i := len(history) - 1; i >= 0; i-- {
		if !history[i].FromBot && strings.TrimSpace(history[i].Text) != "" {
			return bot.Truncate(strings.TrimSpace(history[i].Text), 300) + "\n" + question
		}
	}
	return question
}

// search runs the query and any extra queries (the Japanese rewrite of an
// English question) and fuses the rankings. Only the main query's failure is
// an error; a failed extra query is skipped.
func (a *Answerer) search(ctx context.Context, query string, extra ...string) ([]retrieval.Hit, error) {
	if a.opts.Searcher == nil {
		return nil, nil
	}
	hits, err := a.opts.Searcher.Search(ctx, query, a.opts.TopK)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", bot.Truncate(query, 40), err)
	}
	lists := [][]retrieval.Hit{hits}
	for _, q := range extra {
		if strings.TrimSpace(q) == "" {
			continue
		}
		more, err := a.opts.Searcher.Search(ctx, q, a.opts.TopK)
		if err != nil {
			a.log.Warn("extra search failed", "err", err)
			continue
		}
		lists = append(lists, more)
	}
	if len(lists) == 1 {
		return hits, nil
	}
	return fuse(lists), nil
}

// fuse merges rankings by reciprocal rank fusion. A fused hit keeps its best
// original score so that MinScore still means what retrieval meant by it.
func fuse(lists [][]retrieval.Hit) []retrieval.Hit {
	type acc struct {
		hit retrieval.Hit
		rrf float64
	}
	byID := map[string]*acc{}
	var order []string
	for _, list := range lists {
		for i, h := range list {
			id := h.Chunk.ID
			if id == "" {
				id = h.Chunk.Source + "\x00" + h.Chunk.Text
			}
			x, ok := byID[id]
			if !ok {
				x = &acc{hit: h}
				byID[id] = x
				order = append(order, id)
			}
			x.rrf += 1 / float64(rrfK+i+1)
			x.hit.Score = max(x.hit.Score, h.Score)
		}
	}
	out := make([]retrieval.Hit, 0, len(order))
	for _, id := range order {
		out = append(out, byID[id].hit)
	}
	sort.SliceStable(out, func(i, j int) bool { return byID[idOf(out[i])].rrf > byID[idOf(out[j])].rrf })
	for i := range out {
		out[i].Rank = i + 1
	}
	return out
}

func idOf(h retrieval.Hit) string {
	if h.Chunk.ID != "" {
		return h.Chunk.ID
	}
	return h.Chunk.Source + "\x00" + h.Chunk.Text
}

// relevant keeps the hits worth showing: above MinScore, without duplicates,
// and only when the best of them share enough terms with a Japanese query.
// English queries are not checked lexically (the guide is Japanese); the
// model's NOT_COVERED reply guards them when a model is configured.
func (a *Answerer) relevant(query string, hits []retrieval.Hit) []retrieval.Hit {
	seen := map[string]bool{}
	var out []retrieval.Hit
	for _, h := range hits {
		if strings.TrimSpace(h.Chunk.Text) == "" || a.opts.MinScore > 0 && h.Score < a.opts.MinScore || seen[idOf(h)] {
			continue
		}
		seen[idOf(h)] = true
		out = append(out, h)
	}
	if len(out) == 0 {
		return nil
	}
	q := terms(query)
	if !hasJapanese(q) || len(q) < 2 {
		return out
	}
	top := map[string]struct{}{}
	for _, h := range out[:min(3, len(out))] {
		for t := range terms(h.Chunk.Section + "\n" + h.Chunk.Text) {
			top[t] = struct{}{}
		}
	}
	if overlap(q, top) < minOverlap {
		return nil
	}
	return out
}

func hasJapanese(ts map[string]struct{}) bool {
	for t := range ts {
		for _, r := range t {
			if isJapanese(r) {
				return true
			}
		}
	}
	return false
}
