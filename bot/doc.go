// Package bot holds the platform-neutral heart of backend-tip: the Request and
// Reply types every adapter speaks, the command table and router, help text,
// and the small interfaces the router consumes (Answerer, Clock). It imports
// only the standard library so adapters, the answerer and the quiz can all
// depend on it without depending on each other.
package bot
