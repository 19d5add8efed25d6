// Package limit is the bot's abuse limit: a token bucket per user and one
// per channel (golang.org/x/time/rate), with idle eviction and a cap on the
// buckets held. It implements bot.Limiter.
package limit

import (
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/backend-tip/backend-tip/bot"
)

// maxBuckets is the default bound on each bucket map; past it the least recently used bucket
// is dropped, so a flood of fresh user ids cannot grow memory without end.
const maxBuckets = 50_000

// sweepEvery is how often (in clock time) idle buckets are evicted.
const sweepEvery = time.Minute

// Options configure a Limiter.
type Options struct {
	UserPerMin    float64 // commands per minute per user; 0 disables
	UserBurst     int
	ChannelPerMin float64 // commands per minute per channel; 0 disables
	ChannelBurst  int
	MaxBuckets    int // per map; default maxBuckets
	Clock         bot.Clock
	// OnRefused, when set, is told the scope ("user", "channel") of each
	// refusal (metrics).
	OnRefused func(scope string)
}

// Limiter is the abuse limit on commands: a token bucket per user and one
// per channel; a command needs a token from both.
type Limiter struct {
	mu        sync.Mutex
	user      *buckets
	channel   *buckets
	clock     bot.Clock
	onRefused func(scope string)
}

var _ bot.Limiter = (*Limiter)(nil)

// New returns a Limiter.
func New(o Options) *Limiter {
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.MaxBuckets <= 0 {
		o.MaxBuckets = maxBuckets
	}
	return &Limiter{
		user:      newBuckets(o.UserPerMin, o.UserBurst, o.MaxBuckets),
		channel:   newBuckets(o.ChannelPerMin, o.ChannelBurst, o.MaxBuckets),
		clock:     o.Clock,
		onRefused: o.OnRefused,
	}
}

// Allow takes a token from the user's and the channel's bucket, or from
// neither: a question refused by the channel limit does not cost the user.
// The console has one local user and is never limited.
func (l *Limiter) Allow(req bot.Request) bool {
	if req.Platform == "console" {
		return true
	}
	now := l.clock()
	l.mu.Lock()
	defer l.mu.Unlock()
	userRes, ok := l.user.take(req.Platform+":"+req.TeamID+":"+req.UserID, now)
	if !ok {
		l.refused("user")
		return false
	}
	if _, ok := l.channel.take(req.ChannelKey(), now); !ok {
		if userRes != nil {
			userRes.CancelAt(now)
		}
		l.refused("channel")
		return false
	}
	return true
}

func (l *Limiter) refused(scope string) {
	if l.onRefused != nil {
		l.onRefused(scope)
	}
}

// Size returns how many buckets are held.
func (l *Limiter) Size() (users, channels int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.user.m), len(l.channel.m)
}

// buckets is one keyed set of token buckets with idle eviction.
type buckets struct {
	limit     rate.Limit
	burst     int
	refill    time.Duration // time for an empty bucket to fill up again
	max       int
	m         map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newBuckets(perMin float64, burst, maxKeys int) *buckets {
	b := &buckets{burst: max(burst, 1), max: maxKeys, m: map[string]*bucket{}}
	if perMin > 0 {
		b.limit = rate.Limit(perMin / 60)
		b.refill = time.Duration(float64(b.burst) / float64(b.limit) * float64(time.Second))
	}
	return b
}

// take reserves one token for key now; ok is false (and nothing is taken)
// when the bucket is empty. A zero rate means no limit.
func (b *buckets) take(key string, now time.Time) (*rate.Reservation, bool) {
	if b.limit <= 0 {
		return nil, true
	}
	b.sweep(now)
	bk := b.m[key]
	if bk == nil {
		bk = &bucket{lim: rate.NewLimiter(b.limit, b.burst)}
		b.m[key] = bk
	}
	bk.seen = now
	r := bk.lim.ReserveN(now, 1)
	if !r.OK() || r.DelayFrom(now) > 0 {
		r.CancelAt(now)
		return nil, false
	}
	return r, true
}

// sweep drops buckets idle long enough to be full again (a full bucket is
// the same as a new one, so eviction changes no decision), at most once per
// sweepEvery unless the map is at its cap; then, if still at the cap, the
// least recently seen bucket goes.
func (b *buckets) sweep(now time.Time) {
	full := len(b.m) >= b.max
	if !full && now.Sub(b.lastSweep) < sweepEvery {
		return
	}
	b.lastSweep = now
	for k, bk := range b.m {
		if now.Sub(bk.seen) >= b.refill {
			delete(b.m, k)
		}
	}
	if len(b.m) < b.max {
		return
	}
	var oldest string
	var oldestSeen time.Time
	for k, bk := range b.m {
		if oldest == "" || bk.seen.Before(oldestSeen) {
			oldest, oldestSeen = k, bk.seen
		}
	}
	delete(b.m, oldest)
}
