package retrieval

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"regexp"

	chromem "github.com/philippgille/chromem-go"
)

// ErrDataDir reports a data directory the index cannot be written to.
var ErrDataDir = errors.New("data dir not writable")

// errStore marks a failure of the cache on disk (as opposed to the
// embedder), after which the index can still work from memory.
var errStore = errors.New("index cache")

// openStore opens (or creates) the chromem-go database under dir. A cache
// that cannot be read is deleted and rebuilt with a warning: it only holds
// derived data.
func openStore(dir string, log *slog.Logger) (*chromem.DB, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrDataDir, dir, err)
	}
	probe, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrDataDir, dir, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	db, err := chromem.NewPersistentDB(dir, false)
	if err == nil {
		return db, nil
	}
	log.Warn("index cache is unreadable; rebuilding it", "dir", dir, "err", err)
	if rmErr := os.RemoveAll(dir); rmErr != nil {
		return nil, fmt.Errorf("remove corrupt index %s: %w", dir, rmErr)
	}
	db, err = chromem.NewPersistentDB(dir, false)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrDataDir, dir, err)
	}
	return db, nil
}

var unsafeName = regexp.MustCompile(`[^a-zA-Z0-9._-]+`)

// collectionName keys the cache by embedder, so switching embedders or
// models never mixes vector spaces.
func collectionName(embedder string) string {
	return "chunks-" + unsafeName.ReplaceAllString(embedder, "_")
}

// noEmbed is the collection's own embedding function: the index always
// passes vectors in, so chromem must never call out on its own.
func noEmbed(context.Context, string) ([]float32, error) {
	return nil, errors.New("retrieval: collection embeds only through the index")
}

// syncCollection makes the collection hold exactly the given chunks: it
// embeds only the chunks it does not have yet (or whose cached vector is
// unusable) and deletes chunks that are gone. It returns how many chunks it
// embedded.
func syncCollection(ctx context.Context, col *chromem.Collection, chunks []indexed, embed Embedder, dims int) (int, error) {
	var missing []indexed
	have := map[string]bool{}
	for _, c := range chunks {
		doc, err := col.GetByID(ctx, c.chunk.ID)
		if err == nil && usable(doc.Embedding, dims) {
			if dims == 0 {
				dims = len(doc.Embedding)
			}
			have[c.chunk.ID] = true
			continue
		}
		missing = append(missing, c)
	}
	if err := deleteStale(ctx, col, have, dims); err != nil {
		return 0, err
	}
	if len(missing) == 0 {
		return 0, nil
	}
	texts := make([]string, len(missing))
	for i, c := range missing {
		texts[i] = c.embedText
	}
	vecs, err := embed(ctx, texts)
	if err != nil {
		return 0, fmt.Errorf("embed %d chunks: %w", len(missing), err)
	}
	if len(vecs) != len(missing) {
		return 0, fmt.Errorf("embed %d chunks: got %d vectors: %w", len(missing), len(vecs), ErrBadEmbedding)
	}
	docs := make([]chromem.Document, len(missing))
	for i, c := range missing {
		if !usable(vecs[i], len(vecs[0])) {
			return 0, fmt.Errorf("embed chunk %s: %w", c.chunk.ID, ErrBadEmbedding)
		}
		docs[i] = chromem.Document{
			ID:        c.chunk.ID,
			Embedding: vecs[i],
			Content:   c.chunk.Text,
			Metadata:  map[string]string{"source": c.chunk.Source, "section": c.chunk.Section},
		}
	}
	if err := col.AddDocuments(ctx, docs, 4); err != nil {
		return 0, fmt.Errorf("%w: store %d chunks: %w", errStore, len(docs), err)
	}
	return len(missing), nil
}

// deleteStale removes cached chunks that are no longer in the content. The
// collection cannot list its IDs, so one query over everything finds them.
func deleteStale(ctx context.Context, col *chromem.Collection, keep map[string]bool, dims int) error {
	n := col.Count()
	if n <= len(keep) || dims == 0 {
		return nil
	}
	probe := make([]float32, dims)
	probe[dims-1] = 1
	res, err := col.QueryEmbedding(ctx, probe, n, nil, nil)
	if err != nil {
		// Vectors of another size: the cache is useless, start over.
		if err := col.Delete(ctx, nil, map[string]string{"$contains": ""}); err != nil {
			return fmt.Errorf("%w: clear mismatched vectors: %w", errStore, err)
		}
		return nil
	}
	var stale []string
	for _, r := range res {
		if !keep[r.ID] {
			stale = append(stale, r.ID)
		}
	}
	if len(stale) == 0 {
		return nil
	}
	if err := col.Delete(ctx, nil, nil, stale...); err != nil {
		return fmt.Errorf("%w: delete %d stale chunks: %w", errStore, len(stale), err)
	}
	return nil
}

// usable reports a finite, non-zero vector of the expected size (0: any).
func usable(v []float32, dims int) bool {
	if len(v) == 0 || dims > 0 && len(v) != dims {
		return false
	}
	var sum float64
	for _, x := range v {
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
		sum += f * f
	}
	return sum > 0
}

func indexDir(dataDir string) string { return filepath.Join(dataDir, "index") }
