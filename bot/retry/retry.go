// Package retry is the bot's one retry policy for calls to Slack, Discord,
// PostgreSQL and the model: exponential backoff with jitter
// (cenkalti/backoff), bounded tries and total time, honouring a server's
// Retry-After, and ending at once when the caller's context does.
package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/cenkalti/backoff/v5"

	"github.com/backend-tip/backend-tip/bot"
)

// Policy bounds the retries of one call. Zero fields get defaults.
type Policy struct {
	// Tries is the most calls made, the first included (default 3).
	Tries uint
	// Initial is the first backoff; it grows 1.5× per try with ±50 %
	// jitter (default 500 ms).
	Initial time.Duration
	// MaxWait caps one wait (default 8 s). A Retry-After longer than this is
	// not waited for: the call fails with the server's error, and callers
	// degrade (an extractive answer, a later tick) instead of hanging.
	MaxWait time.Duration
	// MaxElapsed caps the time spent on the call, waits included (default
	// 1 min).
	MaxElapsed time.Duration
	// Notify, when set, is told about each failure and the wait before the
	// next try (logs).
	Notify func(err error, wait time.Duration)
	// Sleep waits d or until ctx ends (default: a timer); tests inject a
	// fake clock here.
	Sleep func(ctx context.Context, d time.Duration) error
}

func (p Policy) withDefaults() Policy {
	if p.Tries == 0 {
		p.Tries = 3
	}
	if p.Initial <= 0 {
		p.Initial = 500 * time.Millisecond
	}
	if p.MaxWait <= 0 {
		p.MaxWait = 8 * time.Second
	}
	if p.MaxElapsed <= 0 {
		p.MaxElapsed = time.Minute
	}
	if p.Sleep == nil {
		p.Sleep = bot.Sleep
	}
	return p
}

// Do calls op until it succeeds, returns a Permanent error, or the policy
// or ctx ends the retries; it returns op's last error (unwrapped from After
// and Permanent). Errors not marked by After are retried with backoff.
// The waits come from backoff's jittered exponential schedule; the loop is
// ours so that the clock (Policy.Sleep) can be injected.
func Do(ctx context.Context, p Policy, op func(ctx context.Context) error) error {
	p = p.withDefaults()
	b := backoff.NewExponentialBackOff()
	b.InitialInterval, b.MaxInterval = p.Initial, p.MaxWait
	var spent time.Duration
	for try := uint(1); ; try++ {
		err := op(ctx)
		if err == nil {
			return nil
		}
		var perm *backoff.PermanentError
		if errors.As(err, &perm) {
			return unwrap(perm.Err)
		}
		wait := b.NextBackOff()
		var after *afterError
		if errors.As(err, &after) {
			if after.wait > p.MaxWait {
				return after.err // not worth waiting for: degrade instead
			}
			wait = after.wait
		}
		if try >= p.Tries || ctx.Err() != nil || spent+wait > p.MaxElapsed {
			return unwrap(err)
		}
		if p.Notify != nil {
			p.Notify(err, wait)
		}
		if serr := p.Sleep(ctx, wait); serr != nil {
			return unwrap(err)
		}
		spent += wait
	}
}

func unwrap(err error) error {
	var after *afterError
	if errors.As(err, &after) {
		return after.err
	}
	return err
}

// After marks err as retryable once wait has passed (a server's
// Retry-After). A little jitter is added so that callers told the same
// wait do not all come back in the same instant.
func After(wait time.Duration, err error) error {
	if err == nil {
		return nil
	}
	wait += time.Duration(rand.Int64N(int64(wait)/10 + 1))
	return &afterError{wait: wait, err: err}
}

// Permanent marks err as not worth retrying.
func Permanent(err error) error { return backoff.Permanent(err) }

type afterError struct {
	wait time.Duration
	err  error
}

func (e *afterError) Error() string { return e.err.Error() }
func (e *afterError) Unwrap() error { return e.err }
