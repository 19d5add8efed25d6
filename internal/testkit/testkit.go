// Package testkit is the shared test support of every package: one fake
// clock, one log buffer, waits for work behind real sockets, Tokyo times,
// text checks and the embedded guide and quiz bank. Time-based behaviour is
// tested with testing/synctest; this clock is for code that takes a
// bot.Clock. The real store for tests is in internal/teststore.
package testkit

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// Clock is a settable clock safe for concurrent use. With a step it moves
// forward by that much on every reading.
type Clock struct {
	mu   sync.Mutex
	now  time.Time
	step time.Duration
}

// NewClock returns a Clock reading start.
func NewClock(start time.Time) *Clock { return &Clock{now: start} }

// Now reads the clock (then advances it by the step, if any).
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(c.step)
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Add moves the clock forward by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Step makes every reading advance the clock by d.
func (c *Clock) Step(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.step = d
}

// LogBuffer is a log sink safe for concurrent writes.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything written so far.
func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Logger returns a text logger at debug level writing to a new LogBuffer.
func Logger() (*slog.Logger, *LogBuffer) {
	b := &LogBuffer{}
	return slog.New(slog.NewTextHandler(b, &slog.HandlerOptions{Level: slog.LevelDebug})), b
}

// WaitFor waits until cond holds, checking every few milliseconds, and
// fails the test after a generous deadline. It synchronises with work
// behind real sockets (loopback fakes, a served app), where
// testing/synctest cannot follow; it times nothing. Code on timers alone
// is tested in a synctest bubble instead.
func WaitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	if !Eventually(cond) {
		tb.Fatalf("timed out waiting for %s", what)
	}
}

// Eventually is WaitFor for goroutines other than the test's (a fake
// answerer, a router), where Fatal may not be called: it reports whether
// cond came to hold before the deadline, for the caller to report.
func Eventually(cond func() bool) bool {
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond) // a poll interval, not a wait for time to pass
	}
	return true
}

// waitLimit bounds WaitFor: far above any healthy wait on a loaded 2-core
// machine, so only a real hang fails.
const waitLimit = 30 * time.Second

// Zone loads an IANA time zone ("Asia/Tokyo"), failing tb when it cannot.
func Zone(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatalf("time zone %q: %v", name, err)
	}
	return loc
}

// Tokyo is the instant at a wall-clock time in Asia/Tokyo, the zone most
// schedules in the tests use: Tokyo(tb, "2026-12-01 09:00").
func Tokyo(tb testing.TB, wall string) time.Time {
	tb.Helper()
	at, err := time.ParseInLocation("2006-01-02 15:04", wall, Zone(tb, "Asia/Tokyo"))
	if err != nil {
		tb.Fatalf("Tokyo time %q: %v", wall, err)
	}
	return at
}

// WantContains reports, without stopping the test, each of wants that text
// (what the test calls it) lacks.
func WantContains(tb testing.TB, what, text string, wants ...string) {
	tb.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			tb.Errorf("%s lacks %q:\n%s", what, want, text)
		}
	}
}
