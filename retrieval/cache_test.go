package retrieval

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/backend-tip/backend-tip/internal/testkit"

	"github.com/backend-tip/backend-tip/content"
)

// countingEmbedder wraps the local embedder and counts texts embedded.
func countingEmbedder(t *testing.T, texts *atomic.Int64) Embedder {
	g, err := DefaultGlossary()
	if err != nil {
		t.Fatal(err)
	}
	local := NewLocalEmbedder(g, nil)
	return func(ctx context.Context, in []string) ([][]float32, error) {
		texts.Add(int64(len(in)))
		return local.Embed(ctx, in)
	}
}

func TestRestartMakesNoEmbeddingCalls(t *testing.T) {
	dir := t.TempDir()
	docs := testkit.Guide(t)
	var texts atomic.Int64
	open := func(docs []content.Document) *Index {
		ix, err := Open(context.Background(), Options{DataDir: dir, Documents: docs, Embedder: countingEmbedder(t, &texts), EmbedderName: "counting"})
		if err != nil {
			t.Fatal(err)
		}
		return ix
	}
	first := open(docs)
	if got := texts.Load(); got != int64(first.Len()) {
		t.Fatalf("cold start embedded %d texts, want %d", got, first.Len())
	}
	texts.Store(0)
	second := open(docs)
	if texts.Load() != 0 || second.Embedded() != 0 {
		t.Fatalf("warm restart embedded %d texts (index says %d), want 0", texts.Load(), second.Embedded())
	}
	if _, err := second.Search(context.Background(), "N+1問題", 3); err != nil {
		t.Fatal(err)
	}
	// A team adds a note: only its chunks are embedded; removing it again
	// deletes them from the cache.
	note, err := content.Parse("team.md", []byte("## Deploy\n\nWe deploy on Fridays.\n\nRollback with make rollback."))
	if err != nil {
		t.Fatal(err)
	}
	texts.Store(0)
	third := open(append(docs, note))
	if texts.Load() != int64(len(note.Chunks)) {
		t.Fatalf("adding a note embedded %d texts, want %d", texts.Load(), len(note.Chunks))
	}
	if third.col.Count() != first.Len()+len(note.Chunks) {
		t.Fatalf("collection has %d, want %d", third.col.Count(), first.Len()+len(note.Chunks))
	}
	texts.Store(0)
	fourth := open(docs)
	if texts.Load() != 0 || fourth.col.Count() != first.Len() {
		t.Fatalf("removing the note: embedded %d, collection %d, want 0 and %d", texts.Load(), fourth.col.Count(), first.Len())
	}
}

func TestLocalRestartIsWarm(t *testing.T) {
	dir := t.TempDir()
	if n := openGuide(t, dir).Embedded(); n == 0 {
		t.Fatal("cold start embedded nothing")
	}
	if n := openGuide(t, dir).Embedded(); n != 0 {
		t.Fatalf("warm restart embedded %d chunks", n)
	}
}

func TestCorruptCacheIsRebuilt(t *testing.T) {
	dir := t.TempDir()
	want := openGuide(t, dir).Len()
	var corrupted int
	err := filepath.WalkDir(indexDir(dir), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".gob") && corrupted < 3 {
			corrupted++
			return os.WriteFile(p, []byte("not a gob file"), 0o600)
		}
		return err
	})
	if err != nil || corrupted == 0 {
		t.Fatalf("corrupt cache: %v (%d files)", err, corrupted)
	}
	log, buf := newTestLogger()
	ix, err := Open(context.Background(), Options{DataDir: dir, Documents: testkit.Guide(t), Logger: log})
	if err != nil {
		t.Fatalf("open over corrupt cache: %v", err)
	}
	if !strings.Contains(buf.String(), "rebuilding") {
		t.Errorf("no warning logged: %s", buf.String())
	}
	if ix.Embedded() != want || ix.col.Count() != want {
		t.Errorf("rebuilt %d chunks, collection %d, want %d", ix.Embedded(), ix.col.Count(), want)
	}
	if hits, err := ix.Search(context.Background(), "N+1問題", 3); err != nil || len(hits) != 3 {
		t.Errorf("search after rebuild: %v, %d hits", err, len(hits))
	}
}

func TestUnwritableDataDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "data")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), Options{DataDir: file, Documents: testkit.Guide(t)})
	if !errors.Is(err, ErrDataDir) || !strings.Contains(err.Error(), file) {
		t.Fatalf("err = %v, want ErrDataDir naming %s", err, file)
	}
}

func TestOldLocalCollectionsAreDropped(t *testing.T) {
	dir := t.TempDir()
	openGuide(t, dir)
	note, err := content.Parse("team.md", []byte("## Deploy\n\nWe deploy on Fridays."))
	if err != nil {
		t.Fatal(err)
	}
	// New content changes the local embedder's weights, hence its collection.
	ix, err := Open(context.Background(), Options{DataDir: dir, Documents: append(testkit.Guide(t), note)})
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(indexDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var dirs int
	for _, e := range entries {
		if e.IsDir() {
			dirs++
		}
	}
	if dirs != 1 {
		t.Errorf("index holds %d collections after a content change, want 1 (%s)", dirs, ix.Embedder())
	}
}

func TestQueryEmbeddingFailureFallsBackToLexical(t *testing.T) {
	srv := fakeEmbeddings(t, false)
	log, buf := newTestLogger()
	ix, err := Open(context.Background(), Options{
		DataDir: t.TempDir(), Documents: testkit.Guide(t), Logger: log,
		Embedder:     NewOpenAIEmbedder(OpenAIOptions{BaseURL: srv.URL + "/v1", Model: "m"}),
		EmbedderName: "openai-m",
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.Close() // the embedding server goes away after start-up
	hits, err := ix.Search(context.Background(), "N+1問題", 3)
	if err != nil || len(hits) != 3 || FirstHitRank(hits, []string{"N+1問題"}) == 0 {
		t.Fatalf("search without vectors: %v, %d hits", err, len(hits))
	}
	if !strings.Contains(buf.String(), "lexical results only") {
		t.Errorf("no warning logged: %s", buf.String())
	}
}

func TestConcurrentSearch(t *testing.T) {
	ix := openGuide(t, t.TempDir())
	done := make(chan error, 8)
	for i := range 8 {
		go func() {
			_, err := ix.Search(context.Background(), []string{"N+1問題", "interview", "面接の準備", "Docker"}[i%4], 5)
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func TestBrokenCollectionFallsBackToMemory(t *testing.T) {
	dir := t.TempDir()
	docs := testkit.Guide(t)
	g, err := DefaultGlossary()
	if err != nil {
		t.Fatal(err)
	}
	var corpus []string
	for _, d := range docs {
		for _, c := range d.Chunks {
			corpus = append(corpus, Normalize(c.Section+"\n"+c.Text))
		}
	}
	// A plain file where the collection's folder belongs: the cache cannot
	// be written although the data dir itself can.
	name := collectionName(NewLocalEmbedder(g, corpus).Name())
	sum := sha256.Sum256([]byte(name))
	if err := os.MkdirAll(indexDir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(indexDir(dir), hex.EncodeToString(sum[:4])), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	log, buf := newTestLogger()
	ix, err := Open(context.Background(), Options{DataDir: dir, Documents: docs, Logger: log})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	if !strings.Contains(buf.String(), "in memory") {
		t.Errorf("no warning: %s", buf.String())
	}
	if hits, err := ix.Search(context.Background(), "N+1問題", 3); err != nil || len(hits) != 3 {
		t.Errorf("search: %v, %d hits", err, len(hits))
	}
}
