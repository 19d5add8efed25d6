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

// pinger is implemented by stores behind a network connection (PostgreSQL):
// readiness fails while the database is unreachable.
type pinger interface {
	Ping(ctx context.Context) error
}

// readyParts are the app's own parts with a readiness of their own: the
// search index and the store, when their types can tell.
func (a *app) readyParts() []readyPart {
	var parts []readyPart
	if r, ok := any(&a.knowledge).(readyChecker); ok {
		parts = append(parts, readyPart{"index", func(context.Context) bool { return r.Ready() }})
	}
	if p, ok := any(a.state.store).(pinger); ok {
		parts = append(parts, readyPart{"store", func(ctx context.Context) bool {
			ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			return p.Ping(ctx) == nil
		}})
	}
	return parts
}
