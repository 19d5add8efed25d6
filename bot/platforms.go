package bot

import "sync"

// Platforms is the set of running platforms a service posts to outside a
// request (scheduled quizzes, reveals, interview threads). cmd sets it once
// the adapters run; handlers read it concurrently. The zero value is empty.
type Platforms struct {
	mu sync.Mutex
	m  map[string]Platform
}

// Set replaces the set.
func (p *Platforms) Set(platforms map[string]Platform) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m = platforms
}

// Get returns the platform called name, or nil before Set or when absent.
func (p *Platforms) Get(name string) Platform {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[name]
}
