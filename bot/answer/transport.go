package answer

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// retryTransport retries requests answered with 429 (honouring Retry-After)
// or 5xx, a bounded number of times with exponential backoff. Retrying at the
// transport covers streamed and plain calls alike: a status is known before
// any token is read. Other failures (refused connection, 401, a broken
// stream) are not retried; the answerer falls back instead.
type retryTransport struct {
	next      http.RoundTripper
	retries   int
	baseDelay time.Duration
	maxDelay  time.Duration
	sleep     func(ctx context.Context, d time.Duration) error
	maxLine   int
}

func newRetryTransport(o OpenAIOptions) *retryTransport {
	t := &retryTransport{next: o.Transport, retries: o.Retries, baseDelay: o.BaseDelay, maxDelay: o.MaxDelay, sleep: o.Sleep, maxLine: o.MaxLineBytes}
	if t.maxLine <= 0 {
		t.maxLine = DefaultMaxLineBytes
	}
	if t.next == nil {
		t.next = http.DefaultTransport
	}
	if t.retries <= 0 {
		t.retries = 2
	}
	if t.baseDelay <= 0 {
		t.baseDelay = 500 * time.Millisecond
	}
	if t.maxDelay <= 0 {
		t.maxDelay = 8 * time.Second
	}
	if t.sleep == nil {
		t.sleep = bot.Sleep
	}
	return t
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		resp, err := t.next.RoundTrip(req)
		if err == nil {
			// No line of a response is buffered whole: one endless SSE
			// line would otherwise grow go-openai's reader without bound.
			resp.Body = &lineLimitBody{ReadCloser: resp.Body, max: t.maxLine}
		}
		if err != nil || !retryable(resp.StatusCode) || attempt >= t.retries || req.Body != nil && req.GetBody == nil {
			return resp, err
		}
		wait, ok := t.delay(resp, attempt)
		if !ok {
			return resp, nil
		}
		// Drain so the connection can be reused, then ask again.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if err := t.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
	}
}

func retryable(code int) bool {
	return code == http.StatusTooManyRequests || code >= 500 && code <= 599
}

// delay is Retry-After when the server sent one (refused when longer than
// maxDelay), else exponential backoff with jitter.
func (t *retryTransport) delay(resp *http.Response, attempt int) (time.Duration, bool) {
	if d, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		return d, d <= t.maxDelay
	}
	d := t.baseDelay << attempt
	d += time.Duration(rand.Int64N(int64(d)/4 + 1))
	return min(d, t.maxDelay), true
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}
