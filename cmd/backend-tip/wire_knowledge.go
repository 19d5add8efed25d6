package main

import "context"

// knowledge is the guide and extra documents, and the index over them.
// OWNER: knowledge-core helper (issue 2). Stub until then.
type knowledge struct{}

func (a *app) loadKnowledge(ctx context.Context) error { return nil }
