package retrieval

import "github.com/backend-tip/backend-tip/content"

// Hit is one search result, best first.
type Hit struct {
	Rank  int     // 1-based
	Score float64 // fused score, higher is better
	Chunk content.Chunk
}
