// Package platform is the one runtime under every chat adapter: admission
// (one budget for work in flight), work lifetime and drain on shutdown,
// panic recovery with the apology, throttled streaming to a Surface, and
// splitting text by a Measure. Adapters verify and parse requests, implement
// a Surface, post, and read threads; everything else lives here once.
package platform
