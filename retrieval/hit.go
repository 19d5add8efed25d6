package retrieval

import "github.com/backend-tip/backend-tip/content"

// Hit is one search result, best first.
type Hit struct {
	Rank  int     // 1-based
	Score float64 // fused score, higher is better
	Chunk content.Chunk
	// Signals behind the fused score, for callers that judge whether the
	// guide answers at all: the chunk's rank in the lexical (BM25) and
	// vector rankings (0: not ranked there), its BM25 score, the query's
	// best possible BM25 share matched (0..1, see Index.Search), and its
	// vector similarity.
	LexRank, VecRank int
	Lexical          float64
	Matched          float64
	Similarity       float64
}
