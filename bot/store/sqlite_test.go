package store

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func openSQLite(t *testing.T, clock func() time.Time) Store {
	t.Helper()
	s, err := Open(context.Background(), Options{DataDir: t.TempDir(), Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSQLiteStore(t *testing.T) { runStoreSuite(t, openSQLite) }

func TestReopenKeepsDataAndSkipsMigrations(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.MarkEvent(ctx, "E1", time.Hour); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(ctx, Options{DataDir: dir})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if first, _ := s.MarkEvent(ctx, "E1", time.Hour); first {
		t.Fatal("event id forgotten across restart")
	}
	var n int
	files, _ := fs.Glob(migrations, "migrations/*.sql")
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(files) || n < 3 {
		t.Fatalf("migrations recorded = %d, %v; want each of the %d files once", n, err, len(files))
	}
	var mode string
	if err := s.db.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v", mode, err)
	}
}

func TestOpenUnwritableDirNamesPath(t *testing.T) {
	// A file where the folder should be fails even for root, who ignores
	// permission bits.
	parent := t.TempDir()
	blocker := filepath.Join(parent, "file")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(blocker, "data")
	_, err := Open(context.Background(), Options{DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Fatalf("err = %v, want one naming %s", err, dir)
	}
}

func TestDollar(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b = ?", "a = $1 AND b = $2"},
	}
	for _, tt := range tests {
		if got := Dollar(tt.in); got != tt.want {
			t.Errorf("Dollar(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
