package main

// OWNER: operations helper (issue 7).

// readyPart is one part of the app /readyz asks about.
type readyPart struct {
	name  string
	check func() bool
}

// readyParts are the app's own parts with a readiness of their own: the
// search index and the store, when their types implement Ready() bool.
func (a *app) readyParts() []readyPart {
	var parts []readyPart
	if r, ok := any(&a.knowledge).(readyChecker); ok {
		parts = append(parts, readyPart{"index", r.Ready})
	}
	if r, ok := any(&a.state).(readyChecker); ok {
		parts = append(parts, readyPart{"store", r.Ready})
	}
	return parts
}
