// Package teststore opens the real SQLite store for the tests of the
// services and adapters. It lives apart from internal/testkit because the
// store's own tests use testkit.
package teststore

import (
	"context"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot/store"
)

// Open opens the SQLite store in dir on clock (nil: the real time),
// failing tb when it cannot. Opening the same dir again is a restart on
// the same database; the caller closes it.
func Open(tb testing.TB, dir string, clock func() time.Time) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), store.Options{DataDir: dir, Clock: clock})
	if err != nil {
		tb.Fatalf("open the store in %s: %v", dir, err)
	}
	return db
}

// Process is a store in a temp dir that a test stops and starts again like
// the bot's process: each start opens the same database and calls wire to
// build the services on it afresh (empty in-memory state).
type Process struct {
	tb    testing.TB
	dir   string
	clock func() time.Time
	wire  func(*store.DB)
	db    *store.DB
}

// Start opens a new store in a temp dir on clock and wires it; the store
// is closed when the test ends.
func Start(tb testing.TB, clock func() time.Time, wire func(*store.DB)) *Process {
	tb.Helper()
	p := &Process{tb: tb, dir: tb.TempDir(), clock: clock, wire: wire}
	p.start()
	tb.Cleanup(func() { p.db.Close() })
	return p
}

func (p *Process) start() {
	p.tb.Helper()
	p.db = Open(p.tb, p.dir, p.clock)
	p.wire(p.db)
}

// Restart closes the store and starts again on the same database.
func (p *Process) Restart() {
	p.tb.Helper()
	p.db.Close()
	p.start()
}
