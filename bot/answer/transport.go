package answer

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/backend-tip/backend-tip/bot/retry"
)

// retryTransport retries requests answered with 429 (honouring Retry-After)
// or 5xx under the bot's one retry policy (bot/retry). Retrying at the
// transport covers streamed and plain calls alike: a status is known before
// any token is read. Other failures (refused connection, 401, a broken
// stream) are not retried; the answerer falls back instead. Every response
// body is wrapped so that no line of it is buffered beyond maxLine.
type retryTransport struct {
	next    http.RoundTripper
	policy  retry.Policy
	maxLine int
}

func newRetryTransport(o OpenAIOptions) *retryTransport {
	t := &retryTransport{next: o.Transport, maxLine: o.MaxLineBytes, policy: retry.Policy{
		Tries: uint(max(o.Retries, 0)) + 1, Initial: o.BaseDelay, MaxWait: o.MaxDelay, Sleep: o.Sleep,
	}}
	if o.Retries <= 0 {
		t.policy.Tries = 3
	}
	if t.next == nil {
		t.next = http.DefaultTransport
	}
	if t.maxLine <= 0 {
		t.maxLine = DefaultMaxLineBytes
	}
	return t
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.GetBody == nil {
		return t.send(req) // a body that cannot be replayed is sent once
	}
	var last *http.Response
	tries := uint(0)
	err := retry.Do(req.Context(), t.policy, func(ctx context.Context) error {
		tries++
		r := req
		if tries > 1 && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return retry.Permanent(err)
			}
			r = req.Clone(ctx)
			r.Body = body
		}
		resp, err := t.send(r)
		if err != nil {
			return retry.Permanent(err)
		}
		last = resp
		if !retryable(resp.StatusCode) || tries >= t.policy.Tries {
			return nil // the caller reads this response, good or bad
		}
		statusErr := fmt.Errorf("model answered %d", resp.StatusCode)
		wait, hasWait := retryAfter(resp.Header.Get("Retry-After"), time.Now())
		// Drain so the connection can be reused, then ask again.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if hasWait {
			return retry.After(wait, statusErr)
		}
		return statusErr
	})
	if err != nil && last != nil && last.Body != nil {
		// Given up (a Retry-After too long, the context): the last
		// response was drained; hand back its status with an empty body.
		last.Body = http.NoBody
		return last, nil
	}
	if err != nil {
		return nil, err
	}
	return last, nil
}

// send makes one call, bounding the response's lines.
func (t *retryTransport) send(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	// No line of a response is buffered whole: one endless SSE line would
	// otherwise grow go-openai's reader without bound.
	resp.Body = &lineLimitBody{ReadCloser: resp.Body, max: t.maxLine}
	return resp, nil
}

func retryable(code int) bool {
	return code == http.StatusTooManyRequests || code >= 500 && code <= 599
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
