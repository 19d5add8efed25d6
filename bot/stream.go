package bot

import "sync"

// Collector is a Stream that keeps what it receives; the CLI and tests use it.
type Collector struct {
	mu      sync.Mutex
	updates []string
	final   *Reply
	done    chan struct{}
}

// NewCollector returns an empty Collector.
func NewCollector() *Collector { return &Collector{done: make(chan struct{})} }

// Update records a partial text.
func (c *Collector) Update(partial string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.updates = append(c.updates, partial)
}

// Done records the final reply; later calls are ignored.
func (c *Collector) Done(final Reply) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.final != nil {
		return
	}
	c.final = &final
	close(c.done)
}

// Wait returns a channel closed when Done has been called.
func (c *Collector) Wait() <-chan struct{} { return c.done }

// Final returns the final reply and whether Done was called.
func (c *Collector) Final() (Reply, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.final == nil {
		return Reply{}, false
	}
	return *c.final, true
}

// Updates returns a copy of the partial texts received so far.
func (c *Collector) Updates() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.updates...)
}

// StreamFunc adapts two functions to a Stream.
type StreamFunc struct {
	OnUpdate func(partial string)
	OnDone   func(final Reply)
}

// Update calls OnUpdate when set.
func (f StreamFunc) Update(partial string) {
	if f.OnUpdate != nil {
		f.OnUpdate(partial)
	}
}

// Done calls OnDone when set.
func (f StreamFunc) Done(final Reply) {
	if f.OnDone != nil {
		f.OnDone(final)
	}
}

// onceStream makes sure Done reaches the wrapped stream once, so the router
// can send an apology after a handler failed without risking a second reply.
type onceStream struct {
	inner Stream
	once  sync.Once
	done  bool
	mu    sync.Mutex
}

func (o *onceStream) Update(partial string) {
	o.mu.Lock()
	done := o.done
	o.mu.Unlock()
	if !done {
		o.inner.Update(partial)
	}
}

func (o *onceStream) Done(final Reply) {
	o.once.Do(func() {
		o.mu.Lock()
		o.done = true
		o.mu.Unlock()
		o.inner.Done(final)
	})
}

func (o *onceStream) finished() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.done
}
