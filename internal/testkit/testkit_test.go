package testkit

import (
	"strings"
	"sync"
	"testing"
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
