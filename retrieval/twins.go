package retrieval

import "github.com/backend-tip/backend-tip/content"

// twinGroups finds the passages that exist in both editions of the guide:
// chunks sharing a content.Chunk.Twin key in more than one language.
func twinGroups(chunks []indexed) [][]int {
	byKey := map[string][]int{}
	var keys []string
	for d, c := range chunks {
		if c.chunk.Twin == "" {
			continue
		}
		if _, ok := byKey[c.chunk.Twin]; !ok {
			keys = append(keys, c.chunk.Twin)
		}
		byKey[c.chunk.Twin] = append(byKey[c.chunk.Twin], d)
	}
	var groups [][]int
	for _, k := range keys {
		g := byKey[k]
		for _, d := range g[1:] {
			if chunks[d].chunk.Lang != chunks[g[0]].chunk.Lang {
				groups = append(groups, g)
				break
			}
		}
	}
	return groups
}

// preferLang treats a passage and its translation as one: the group scores
// the best of its members, carried by the member in the asker's language
// (the best-scoring one when a long block was split); the other edition's
// members drop out so a source is not listed twice. Groups with no member in
// lang, and chunks without twins (a team's notes), keep their scores.
func (ix *Index) preferLang(fused []float64, lang string) {
	for _, g := range ix.twins {
		best, rep := 0.0, -1
		for _, d := range g {
			best = max(best, fused[d])
			if ix.chunks[d].chunk.Lang == lang && (rep < 0 || fused[d] > fused[rep]) {
				rep = d
			}
		}
		if best == 0 || rep < 0 {
			continue
		}
		for _, d := range g {
			if ix.chunks[d].chunk.Lang != lang {
				fused[d] = 0
			}
		}
		fused[rep] = best
	}
}

// firstHitRank is FirstHitRank where a passage of the guide also counts
// through its translation in the other edition (each text in its own
// window), so an eval phrase written in Japanese finds the English passage
// that carries it.
func (ix *Index) firstHitRank(hits []Hit, expect []string) int {
	for _, h := range hits {
		one := []Hit{h}
		for _, c := range ix.chunks {
			if h.Chunk.Twin != "" && c.chunk.Twin == h.Chunk.Twin && c.chunk.ID != h.Chunk.ID {
				one = append(one, Hit{Rank: h.Rank, Chunk: c.chunk})
			}
		}
		if r := FirstHitRank(one, expect); r > 0 {
			return r
		}
	}
	return 0
}

// queryLang is the language a query is answered in, as content tags chunks.
func queryLang(q string) string { return content.TextLang(q) }

// editionViews fuses the rankings once over the asker's edition and once
// over the other, each with the chunks without twins: every chunk is scored
// among its own edition's passages, so a translation never pushes a passage
// down. preferLang then merges twins. (Weighting the other edition's view
// down was measured on the eval sets: for English questions it loses hits
// the glossary finds through the Japanese text; for Japanese ones it
// changes nothing in aggregate.)
func (ix *Index) editionViews(lexOrder, vec []int, lang string) []float64 {
	twinned := make([]bool, len(ix.chunks))
	for _, g := range ix.twins {
		for _, d := range g {
			twinned[d] = true
		}
	}
	own := ix.rrf(lexOrder, vec, func(d int) bool { return !twinned[d] || ix.chunks[d].chunk.Lang == lang })
	other := ix.rrf(lexOrder, vec, func(d int) bool { return !twinned[d] || ix.chunks[d].chunk.Lang != lang })
	for d := range own {
		if twinned[d] && ix.chunks[d].chunk.Lang != lang {
			own[d] = other[d]
		}
	}
	return own
}
