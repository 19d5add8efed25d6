package retrieval

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	chromem "github.com/philippgille/chromem-go"

	"github.com/backend-tip/backend-tip/content"
)

// ErrEmptyQuery is returned for a query with nothing to search for.
var ErrEmptyQuery = errors.New("empty query")

// MaxQueryRunes is how much of a query is searched; the rest is ignored so a
// pasted megabyte costs no more than a paragraph.
const MaxQueryRunes = 1000

// Options configure Open.
type Options struct {
	DataDir   string             // the index lives in DataDir/index
	Documents []content.Document // guide and extra documents
	Logger    *slog.Logger       // nil: discard
	Glossary  *Glossary          // nil: the embedded glossary

	// Embedder, when set, replaces the local embedder (for example the
	// OpenAI one); EmbedderName keys its cache and must change with the model.
	Embedder     Embedder
	EmbedderName string
	// StartupTimeout bounds embedding missing chunks with Embedder at Open;
	// on failure the index warns and falls back to the local embedder.
	// Default 3s, so a dead endpoint never holds start-up for long.
	StartupTimeout time.Duration

	// Weights of the fusion; zero values take the defaults measured by eval.
	Fusion Fusion

	tune *tuning // tests only: ranking knobs
}

// Fusion weighs the lexical and vector rankings in reciprocal rank fusion:
// score = Lexical/(K+rank_lexical) + Vector/(K+rank_vector).
type Fusion struct {
	Lexical, Vector, K float64
}

// DefaultFusion is what the eval sets favour (see TestSweep in sweep_test.go):
// each ranking alone loses 3-7 points of hit@3 against the fusion.
var DefaultFusion = Fusion{Lexical: 1, Vector: 0.6, K: 10}

// Index searches chunks of the loaded documents.
type Index struct {
	chunks   []indexed
	byID     map[string]int
	lex      *bm25
	glossary *Glossary
	col      *chromem.Collection
	embed    Embedder
	embedder string
	fusion   Fusion
	log      *slog.Logger
	tune     tuning
	embedded int     // chunks embedded by Open (0 on a warm restart)
	twins    [][]int // chunks that are one passage in two editions (see preferLang)
	spell    spelling
}

// indexed is a chunk with its derived search forms.
type indexed struct {
	chunk     content.Chunk
	norm      string // normalised section path and text
	embedText string // what the embedder sees
}

// Open builds the index: lexical in memory, vectors from the cache under
// DataDir/index, embedding only chunks the cache does not have.
func Open(ctx context.Context, o Options) (*Index, error) {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	g := o.Glossary
	if g == nil {
		var err error
		if g, err = DefaultGlossary(); err != nil {
			return nil, err
		}
	}
	ix := &Index{byID: map[string]int{}, glossary: g, fusion: o.Fusion, log: log}
	ix.tune = defaultTuning
	if o.tune != nil {
		ix.tune = *o.tune
	}
	if ix.fusion == (Fusion{}) {
		ix.fusion = DefaultFusion
	}
	var corpus []string
	var terms [][]string
	for _, d := range o.Documents {
		for _, c := range d.Chunks {
			if _, dup := ix.byID[c.ID]; dup {
				continue
			}
			embedText := c.Section + "\n" + c.Text
			norm := Normalize(lastLevels(c.Section, ix.tune.headingLevels) + "\n" + c.Text)
			ix.byID[c.ID] = len(ix.chunks)
			ix.chunks = append(ix.chunks, indexed{chunk: c, norm: norm, embedText: embedText})
			corpus = append(corpus, norm)
			terms = append(terms, Tokens(norm))
		}
	}
	ix.twins = twinGroups(ix.chunks)
	ix.spell = newSpelling(ix.chunks, g)
	ix.lex = newBM25(terms)
	ix.lex.k1, ix.lex.b = ix.tune.k1, ix.tune.b

	if err := ix.attachVectors(ctx, o, NewLocalEmbedder(g, corpus)); err != nil {
		return nil, err
	}
	return ix, nil
}

// attachVectors opens the cache and picks the vector side: the configured
// embedder if it works now, else the local one. If the cache on disk fails
// after the data dir passed its write check (another process rebuilding it,
// a full disk), vectors are kept in memory for this run instead of failing.
func (ix *Index) attachVectors(ctx context.Context, o Options, local *LocalEmbedder) error {
	dir := indexDir(o.DataDir)
	db, err := openStore(dir, ix.log)
	if err != nil {
		return err
	}
	dropOldLocal(db, local.Name(), ix.log)
	if o.Embedder != nil {
		name := o.EmbedderName
		if name == "" {
			name = "custom"
		}
		timeout := o.StartupTimeout
		if timeout <= 0 {
			timeout = 3 * time.Second
		}
		sctx, cancel := context.WithTimeout(ctx, timeout)
		err := ix.attach(sctx, db, o.Embedder, name, 0)
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		ix.log.Warn("embedder unavailable at start-up; using the local embedder", "embedder", name, "err", err)
	}
	err = ix.attach(ctx, db, local.Embed, local.Name(), local.Dims())
	if err == nil || !errors.Is(err, errStore) || ctx.Err() != nil {
		return err
	}
	ix.log.Warn("index cache failed; keeping vectors in memory for this run", "dir", dir, "err", err)
	return ix.attach(ctx, chromem.NewDB(), local.Embed, local.Name(), local.Dims())
}

// attach syncs the embedder's collection and makes it the vector side.
func (ix *Index) attach(ctx context.Context, db *chromem.DB, embed Embedder, name string, dims int) error {
	col, err := db.GetOrCreateCollection(collectionName(name), map[string]string{"embedder": name}, noEmbed)
	if err != nil {
		return fmt.Errorf("%w: open collection for %s: %w", errStore, name, err)
	}
	n, err := syncCollection(ctx, col, ix.chunks, embed, dims)
	if err != nil {
		return fmt.Errorf("index with %s: %w", name, err)
	}
	if n > 0 {
		ix.log.Info("embedded chunks", "embedder", name, "count", n)
	}
	ix.col, ix.embed, ix.embedder, ix.embedded = col, embed, name, n
	return nil
}

// Embedded is how many chunks Open had to embed: zero when the cache under
// the data dir already held every chunk.
func (ix *Index) Embedded() int { return ix.embedded }

// Len is the number of chunks searched.
func (ix *Index) Len() int { return len(ix.chunks) }

// Embedder names the embedder behind the vector ranking.
func (ix *Index) Embedder() string { return ix.embedder }

// Search returns up to k chunks for the query, best first (Rank from 1). k
// is clamped to the number of chunks. A query with no searchable words (only
// emoji or punctuation) finds nothing.
func (ix *Index) Search(ctx context.Context, query string, k int) ([]Hit, error) {
	q := CleanQuery(query)
	if q == "" {
		return nil, ErrEmptyQuery
	}
	if k <= 0 || len(ix.chunks) == 0 {
		return nil, nil
	}
	k = min(k, len(ix.chunks))
	norm := Normalize(q)
	weights, concepts := ix.queryTerms(norm)
	if len(weights) == 0 && len(concepts) == 0 {
		return nil, nil
	}
	r, err := ix.fuse(ctx, q, weights, len(concepts) > 0)
	if err != nil {
		return nil, err
	}
	ix.preferLang(r.fused, queryLang(q))
	order := rankScores(r.fused)
	if len(order) > k {
		order = order[:k]
	}
	hits := make([]Hit, len(order))
	for i, d := range order {
		hits[i] = Hit{Rank: i + 1, Score: r.fused[d], Chunk: ix.chunks[d].chunk,
			LexRank: r.lexRank[d], VecRank: r.vecRank[d], Lexical: r.lex[d], Similarity: r.sim[d],
			Matched: ix.lex.matched(weights, d)}
	}
	return hits, nil
}

// fusion is the fused score per chunk with the signals behind it: the
// chunk's rank in the lexical and vector rankings over all chunks (0: not
// ranked), its BM25 score and its vector similarity.
type fusion struct {
	fused, lex, sim  []float64
	lexRank, vecRank []int
}

// fuse merges the BM25 ranking with the vector ranking by weighted
// reciprocal rank fusion. Vectors only vote when the query matched something
// (a term or a glossary concept), so gibberish does not get "nearest" chunks.
// With both editions of the guide indexed, each edition is ranked on its own
// (see editionViews), so a translation never pushes a passage down.
func (ix *Index) fuse(ctx context.Context, q string, weights map[string]float64, concepts bool) (fusion, error) {
	n := len(ix.chunks)
	r := fusion{sim: make([]float64, n), lexRank: make([]int, n), vecRank: make([]int, n)}
	r.lex = ix.lex.score(weights)
	lexOrder := rankScores(r.lex)
	for rank, d := range lexOrder {
		r.lexRank[d] = rank + 1
	}
	var vec []int
	if len(lexOrder) > 0 || concepts {
		var sims []float64
		var err error
		vec, sims, err = ix.vectorRanking(ctx, q)
		if err != nil {
			if ctx.Err() != nil {
				return fusion{}, ctx.Err()
			}
			ix.log.Warn("vector search failed; lexical results only", "embedder", ix.embedder, "err", err)
		}
		for rank, d := range vec {
			r.sim[d], r.vecRank[d] = sims[rank], rank+1
		}
	}
	if len(ix.twins) == 0 {
		r.fused = ix.rrf(lexOrder, vec, nil)
	} else {
		r.fused = ix.editionViews(lexOrder, vec, queryLang(q))
	}
	return r, nil
}

// rrf is the weighted reciprocal rank fusion of the two rankings over the
// chunks keep accepts (all when nil).
func (ix *Index) rrf(lexOrder, vec []int, keep func(int) bool) []float64 {
	fused := make([]float64, len(ix.chunks))
	rank := 0
	for _, d := range lexOrder {
		if keep == nil || keep(d) {
			rank++
			fused[d] += ix.fusion.Lexical / (ix.fusion.K + float64(rank))
		}
	}
	// Only the best few vector matches vote: far down the vector ranking the
	// order is noise that would blur a clear lexical winner.
	rank = 0
	for _, d := range vec {
		if keep != nil && !keep(d) {
			continue
		}
		rank++
		if t := ix.tune.vecTop; t > 0 && rank > t {
			break
		}
		fused[d] += ix.fusion.Vector / (ix.fusion.K + float64(rank))
	}
	return fused
}

// vectorRanking returns chunk positions by vector similarity, best first,
// with their similarities.
func (ix *Index) vectorRanking(ctx context.Context, q string) ([]int, []float64, error) {
	vecs, err := ix.embed(ctx, []string{q})
	if err != nil {
		return nil, nil, fmt.Errorf("embed query: %w", err)
	}
	if len(vecs) != 1 || !usable(vecs[0], 0) {
		return nil, nil, fmt.Errorf("embed query: %w", ErrBadEmbedding)
	}
	n := ix.col.Count()
	if n == 0 {
		return nil, nil, nil
	}
	res, err := ix.col.QueryEmbedding(ctx, vecs[0], n, nil, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("query vectors: %w", err)
	}
	// chromem-go compares in parallel: equal similarities come back in any
	// order. Ties go in document order, so one question ranks the same on
	// every run.
	slices.SortStableFunc(res, func(a, b chromem.Result) int {
		if c := cmp.Compare(b.Similarity, a.Similarity); c != 0 {
			return c
		}
		return cmp.Compare(ix.byID[a.ID], ix.byID[b.ID])
	})
	out := make([]int, 0, len(res))
	sims := make([]float64, 0, len(res))
	for _, r := range res {
		if d, ok := ix.byID[r.ID]; ok && r.Similarity > 0 {
			out = append(out, d)
			sims = append(sims, float64(r.Similarity))
		}
	}
	return out, sims, nil
}

// rankScores orders positive scores, best first; ties keep document order.
func rankScores(scores []float64) []int {
	var order []int
	for d, s := range scores {
		if s > 0 {
			order = append(order, d)
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return scores[order[i]] > scores[order[j]] })
	return order
}

// CleanQuery makes any input searchable: invalid UTF-8 and control
// characters become spaces, and only the first MaxQueryRunes runes are kept.
func CleanQuery(q string) string {
	if len(q) > 4*MaxQueryRunes {
		q = q[:4*MaxQueryRunes]
	}
	q = strings.ToValidUTF8(q, " ")
	var b strings.Builder
	n := 0
	for _, r := range q {
		if n == MaxQueryRunes {
			break
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

// lastLevels keeps the last n levels of a "A > B > C" heading path.
func lastLevels(path string, n int) string {
	parts := strings.Split(path, " > ")
	if len(parts) > n {
		parts = parts[len(parts)-n:]
	}
	return strings.Join(parts, " > ")
}

// dropOldLocal deletes local-embedder collections from earlier glossaries or
// content: they can never be used again and would slow every start-up, which
// reads all collections. Other embedders' caches are kept for when they are
// reachable again.
func dropOldLocal(db *chromem.DB, current string, log *slog.Logger) {
	keep := collectionName(current)
	for name := range db.ListCollections() {
		if strings.HasPrefix(name, collectionName("local-")) && name != keep {
			if err := db.DeleteCollection(name); err != nil {
				log.Warn("drop old index collection", "collection", name, "err", err)
			}
		}
	}
}

// Mentions reports whether any indexed chunk (its text or headings)
// contains word, normalised; a latin word only as a whole word. The
// answerer uses it to tell a question about something the documents never
// name ("goroutine", "リモートワーク") from one phrased in other words.
func (ix *Index) Mentions(word string) bool {
	w := Normalize(strings.TrimSpace(word))
	if w == "" {
		return false
	}
	for _, c := range ix.chunks {
		if ContainsWord(c.norm, w) {
			return true
		}
	}
	return false
}

// MentionShare is the share of indexed chunks that mention word (matched
// as Mentions does): near 1 for the guide's own subject ("バックエンド"),
// 0 for a word it never uses.
func (ix *Index) MentionShare(word string) float64 {
	w := Normalize(strings.TrimSpace(word))
	if w == "" || len(ix.chunks) == 0 {
		return 0
	}
	n := 0
	for _, c := range ix.chunks {
		if ContainsWord(c.norm, w) {
			n++
		}
	}
	return float64(n) / float64(len(ix.chunks))
}

// ContainsWord finds w in text, both normalised (Normalize); a latin word
// (w starting with an ASCII character) only as a whole word, so that
// "go" is not found in "google".
func ContainsWord(text, w string) bool { return IndexWord(text, w) >= 0 }

// IndexWord is where w first stands in text as ContainsWord finds it, or -1.
func IndexWord(text, w string) int {
	if w == "" || w[0] >= utf8.RuneSelf {
		return strings.Index(text, w)
	}
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return -1
		}
		start, end := i+j, i+j+len(w)
		if !wordByte(text, start-1) && !wordByte(text, end) {
			return start
		}
		i = start + 1
	}
}

func wordByte(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}
