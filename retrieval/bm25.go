package retrieval

import (
	"maps"
	"math"
	"slices"
)

// bm25 is an Okapi BM25 index over chunk terms.
type bm25 struct {
	postings map[string][]posting
	docLen   []float64
	avgLen   float64
	k1, b    float64
}

type posting struct {
	doc int
	tf  float64
}

func newBM25(docs [][]string) *bm25 {
	ix := &bm25{postings: map[string][]posting{}, docLen: make([]float64, len(docs)), k1: 1.2, b: 0.75}
	total := 0.0
	for d, terms := range docs {
		tf := map[string]float64{}
		for _, t := range terms {
			tf[t]++
		}
		for t, n := range tf {
			ix.postings[t] = append(ix.postings[t], posting{doc: d, tf: n})
		}
		ix.docLen[d] = float64(len(terms))
		total += float64(len(terms))
	}
	if len(docs) > 0 {
		ix.avgLen = total / float64(len(docs))
	}
	if ix.avgLen == 0 {
		ix.avgLen = 1
	}
	return ix
}

// idf is the BM25+ style idf, never negative.
func (ix *bm25) idf(term string) float64 {
	n := float64(len(ix.postings[term]))
	N := float64(len(ix.docLen))
	return math.Log(1 + (N-n+0.5)/(n+0.5))
}

// score adds every weighted query term's BM25 contribution per document.
func (ix *bm25) score(query map[string]float64) []float64 {
	scores := make([]float64, len(ix.docLen))
	// Terms in a fixed order: sums of floats in map order differ in their
	// last bits from run to run, and near-ties would flip.
	for _, term := range slices.Sorted(maps.Keys(query)) {
		w := query[term]
		ps := ix.postings[term]
		if len(ps) == 0 {
			continue
		}
		idf := ix.idf(term) * w
		for _, p := range ps {
			norm := ix.k1 * (1 - ix.b + ix.b*ix.docLen[p.doc]/ix.avgLen)
			scores[p.doc] += idf * p.tf * (ix.k1 + 1) / (p.tf + norm)
		}
	}
	return scores
}

// df is the share of documents containing the term.
func (ix *bm25) df(term string) float64 {
	if len(ix.docLen) == 0 {
		return 0
	}
	return float64(len(ix.postings[term])) / float64(len(ix.docLen))
}

// matched is the share of the query's weighted idf mass that document doc
// contains: near 1 when every telling word of the query is in it, near 0
// when its rare words are found nowhere (a question the guide is silent
// on). Terms the corpus lacks count with the largest idf.
func (ix *bm25) matched(query map[string]float64, doc int) float64 {
	var total, hit float64
	for _, term := range slices.Sorted(maps.Keys(query)) {
		w := query[term]
		idf := ix.idf(term) * w
		total += idf
		for _, p := range ix.postings[term] {
			if p.doc == doc {
				hit += idf
				break
			}
		}
	}
	if total == 0 {
		return 0
	}
	return hit / total
}
