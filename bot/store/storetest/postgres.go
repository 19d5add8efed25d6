// Package storetest holds helpers for tests that need a real database:
// the store's own suite and the replica tests in cmd share them.
package storetest

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/lib/pq" // registers the "postgres" driver
)

// PostgresEnv names the test database; .ci/run starts one on loopback and
// sets it. Without it the PostgreSQL tests skip.
const PostgresEnv = "BACKEND_TIP_TEST_POSTGRES_URL"

// PostgresSchema creates a schema of its own for one test (dropped at the
// end) and returns a URL whose connections use it, so tests and packages
// can share one database in parallel. It skips the test when PostgresEnv
// is not set.
func PostgresSchema(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("%s not set: PostgreSQL tests skipped (.ci/run sets it)", PostgresEnv)
	}
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	schema := fmt.Sprintf("t_%d", time.Now().UnixNano())
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() { admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`) })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
