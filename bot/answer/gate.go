package answer

import (
	"context"
	"errors"
	"sync/atomic"
)

// errBusy means every model slot is taken and the waiting queue is full.
var errBusy = errors.New("model busy: queue full")

// gate caps concurrent model calls; up to queue callers may wait for a slot.
type gate struct {
	slots   chan struct{}
	waiting atomic.Int64
	queue   int64
}

func newGate(concurrency, queue int) *gate {
	return &gate{slots: make(chan struct{}, concurrency), queue: int64(queue)}
}

// acquire takes a slot, calling onWait once if it has to wait for one. The
// returned release must be called when the call is over.
func (g *gate) acquire(ctx context.Context, onWait func()) (release func(), err error) {
	release = func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	if g.waiting.Add(1) > g.queue {
		g.waiting.Add(-1)
		return nil, errBusy
	}
	defer g.waiting.Add(-1)
	onWait()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
