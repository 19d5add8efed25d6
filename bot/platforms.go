package bot

import "sync"

// Platforms is the set of running platforms a service posts to outside a
// request (scheduled quizzes, reveals, interview threads). Services embed
// it, which gives them SetPlatforms: cmd calls that once the adapters run,
// while handlers read the set concurrently. The zero value is empty.
type Platforms struct {
	mu sync.Mutex
	m  map[string]Platform
}

// SetPlatforms replaces the set.
func (p *Platforms) SetPlatforms(platforms map[string]Platform) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m = platforms
}

// Platform returns the platform called name, or nil before SetPlatforms or
// when absent.
func (p *Platforms) Platform(name string) Platform {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[name]
}
