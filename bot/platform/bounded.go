package platform

import "sync"

// Bounded is a map, safe for concurrent use, that holds at most its limit
// of keys: a new key past it pushes out the earliest added. Adapters keep in
// it what they learn from the platform and may ask again (whose DM a
// channel is, where the bot may start threads), so a busy workspace cannot
// grow it without end.
type Bounded[K comparable, V any] struct {
	limit int
	mu    sync.Mutex
	m     map[K]V
	order []K // keys in the order first added, earliest first
}

// NewBounded returns an empty Bounded holding at most limit keys.
func NewBounded[K comparable, V any](limit int) *Bounded[K, V] {
	return &Bounded[K, V]{limit: limit, m: map[K]V{}}
}

// Get returns the value of k and whether it is there.
func (b *Bounded[K, V]) Get(k K) (V, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	v, ok := b.m[k]
	return v, ok
}

// Set records v for k. A key already there keeps its place in the order;
// a new one past the limit pushes out the earliest.
func (b *Bounded[K, V]) Set(k K, v V) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.m[k]; !ok {
		if len(b.order) >= b.limit {
			delete(b.m, b.order[0])
			b.order = b.order[1:]
		}
		b.order = append(b.order, k)
	}
	b.m[k] = v
}

// Len is the number of keys held.
func (b *Bounded[K, V]) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.m)
}
