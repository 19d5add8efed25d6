package main

import (
	"context"
	"time"
)

// readyPart is one part of the app /readyz asks about.
type readyPart struct {
	name  string
	check func(ctx context.Context) bool
}

// readyParts are the app's own parts that can lose readiness after start:
// the store (a PostgreSQL server may become unreachable). The index is
// loaded before serve starts, so it has no check of its own.
func (a *app) readyParts() []readyPart {
	if a.state.store == nil {
		return nil
	}
	return []readyPart{{"store", func(ctx context.Context) bool {
		ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		return a.state.store.Ping(ctx) == nil
	}}}
}
