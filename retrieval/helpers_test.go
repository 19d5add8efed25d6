package retrieval

import (
	"context"
	"log/slog"
	"testing"

	"github.com/backend-tip/backend-tip/internal/testkit"
)

func openGuide(t testing.TB, dir string) *Index {
	t.Helper()
	ix, err := Open(context.Background(), Options{DataDir: dir, Documents: testkit.Guide(t)})
	if err != nil {
		t.Fatalf("open index: %v", err)
	}
	return ix
}

func newTestLogger() (*slog.Logger, *testkit.LogBuffer) {
	b := &testkit.LogBuffer{}
	return slog.New(slog.NewTextHandler(b, nil)), b
}
