package retrieval

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"

	"github.com/backend-tip/backend-tip/content"
)

func guideDocs(t testing.TB) []content.Document {
	t.Helper()
	docs, err := content.LoadGuide()
	if err != nil {
		t.Fatalf("load guide: %v", err)
	}
	return docs
}

func openGuide(t testing.TB, dir string) *Index {
	t.Helper()
	ix, err := Open(context.Background(), Options{DataDir: dir, Documents: guideDocs(t)})
	if err != nil {
		t.Fatalf("open index: %v", err)
	}
	return ix
}

// logBuffer is a concurrency-safe log sink for asserting warnings.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newTestLogger() (*slog.Logger, *logBuffer) {
	b := &logBuffer{}
	return slog.New(slog.NewTextHandler(b, nil)), b
}
