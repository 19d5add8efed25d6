package platform

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"sync"
	"time"
)

// Marker records a key once for ttl and reports whether it was new. The
// store implements it (MarkEvent) in a table every replica shares, so a
// replay is refused after a restart and on another replica too.
type Marker interface {
	MarkEvent(ctx context.Context, key string, ttl time.Duration) (first bool, err error)
}

// ReplayWindow is how long a signed request is remembered: the 5 minutes
// in which Slack's and Discord's signature timestamps are accepted, with
// margin for clock skew.
const ReplayWindow = 15 * time.Minute

// FirstSeen reports whether key is seen for the first time. When the
// store fails it lets the request through (logged): refusing every
// command while the database hiccups would be worse than a rare duplicate.
func FirstSeen(ctx context.Context, m Marker, key string, log *slog.Logger) bool {
	first, err := m.MarkEvent(ctx, key, ReplayWindow)
	if err != nil {
		log.Warn("replay check failed; accepting the request", "err", err)
		return true
	}
	if !first {
		log.Warn("replayed request refused", "key", key)
	}
	return first
}

// BodyKey is a replay key for a signed request: its id (Slack's trigger_id)
// and a hash of the whole signed body.
func BodyKey(prefix, id string, body []byte) string {
	sum := sha256.Sum256(body)
	return prefix + id + ":" + hex.EncodeToString(sum[:16])
}

// MemMarker is a Marker in memory, for one process without a store (tests,
// the console). Expired keys are dropped as new ones arrive.
type MemMarker struct {
	mu   sync.Mutex
	seen map[string]time.Time // key → expiry
	now  func() time.Time
}

// NewMemMarker returns an empty MemMarker telling time by now (time.Now when nil).
func NewMemMarker(now func() time.Time) *MemMarker {
	if now == nil {
		now = time.Now
	}
	return &MemMarker{seen: map[string]time.Time{}, now: now}
}

// MarkEvent records key until ttl from now.
func (m *MemMarker) MarkEvent(_ context.Context, key string, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if exp, ok := m.seen[key]; ok && now.Before(exp) {
		return false, nil
	}
	if len(m.seen) >= 1024 && len(m.seen)%256 == 0 {
		for k, exp := range m.seen {
			if !now.Before(exp) {
				delete(m.seen, k)
			}
		}
	}
	m.seen[key] = now.Add(ttl)
	return true, nil
}
