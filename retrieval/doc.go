// Package retrieval finds the guide passages that answer a question, offline
// and in Japanese or English. Every chunk is kept in a persistent chromem-go
// collection with its embedding (computed once, reused across restarts) and
// in an in-memory BM25 index over NFKC-normalised words and CJK bigrams;
// English queries are expanded through an English→Japanese glossary, and the
// two rankings are merged with weighted reciprocal rank fusion.
package retrieval
