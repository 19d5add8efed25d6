package testkit

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestClock(t *testing.T) {
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	c := NewClock(start)
	c.Add(time.Minute)
	if got := c.Now(); !got.Equal(start.Add(time.Minute)) {
		t.Errorf("after Add: %v", got)
	}
	c.Step(time.Second)
	c.Now()
	if got := c.Now(); !got.Equal(start.Add(time.Minute + 2*time.Second)) {
		t.Errorf("with a step: %v", got)
	}
}

func TestLogBufferConcurrent(t *testing.T) {
	log, buf := Logger()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() { log.Info("hello") })
	}
	wg.Wait()
	if n := strings.Count(buf.String(), "msg=hello"); n != 8 {
		t.Errorf("%d lines, want 8", n)
	}
}

func TestWaitFor(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var ready atomic.Bool
		go func() {
			time.Sleep(time.Second)
			ready.Store(true)
		}()
		start := time.Now()
		WaitFor(t, "ready", ready.Load)
		if waited := time.Since(start); waited < time.Second || waited > time.Second+10*time.Millisecond {
			t.Errorf("waited %v for a condition true after 1s", waited)
		}

		msg := fatalOf(t, func(tb testing.TB) { WaitFor(tb, "never", func() bool { return false }) })
		if !strings.Contains(msg, "timed out waiting for never") || time.Since(start) < waitLimit {
			t.Errorf("failure %q after %v", msg, time.Since(start))
		}
	})
}

func TestZone(t *testing.T) {
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).In(Zone(t, "Asia/Tokyo"))
	if name, offset := at.Zone(); name != "JST" || offset != 9*3600 {
		t.Errorf("Asia/Tokyo zone = %s %+d", name, offset)
	}
	if msg := fatalOf(t, func(tb testing.TB) { Zone(tb, "Mars/Olympus") }); !strings.Contains(msg, `time zone "Mars/Olympus"`) {
		t.Errorf("failure %q, want the zone named", msg)
	}
}

// fatalRecorder keeps the message of Fatalf and stops the goroutine, as
// testing does.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (f *fatalRecorder) Helper() {}

// fatalOf runs f on its own goroutine, as a test would, and returns the
// message f failed with ("" if it did not).
func fatalOf(t *testing.T, f func(testing.TB)) string {
	tb := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(tb)
	}()
	<-done
	return tb.msg
}

func (f *fatalRecorder) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// Errorf keeps every message, one a line, and lets the test go on.
func (f *fatalRecorder) Errorf(format string, args ...any) {
	f.msg += fmt.Sprintf(format, args...) + "\n"
}

func TestWantContains(t *testing.T) {
	tb := &fatalRecorder{TB: t}
	WantContains(tb, "reply", "N+1 is one query per row", "N+1", "JOIN", "row", "index")
	if want := "reply lacks \"JOIN\":\nN+1 is one query per row\nreply lacks \"index\":\nN+1 is one query per row\n"; tb.msg != want {
		t.Errorf("reported %q, want %q", tb.msg, want)
	}
}

func TestTokyo(t *testing.T) {
	at := Tokyo(t, "2026-12-01 09:00")
	if want := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC); !at.Equal(want) {
		t.Errorf("Tokyo 09:00 = %v, want %v", at.UTC(), want)
	}
	if msg := fatalOf(t, func(tb testing.TB) { Tokyo(tb, "9am") }); !strings.Contains(msg, `Tokyo time "9am"`) {
		t.Errorf("failure %q, want the time named", msg)
	}
}
