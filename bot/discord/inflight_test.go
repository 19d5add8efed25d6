package discord

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
)

// With every worker busy, a further ask is still acknowledged (deferred) at
// once and waits for its turn, while a button click is answered.
func TestMaxInFlightBoundsCommandsNotClicks(t *testing.T) {
	f := fakediscord.New(t)
	k := newKeys(t)
	release := make(chan struct{})
	r := &fakeRouter{hold: release, handle: func(_ context.Context, req bot.Request, s bot.Stream) {
		s.Done(bot.Reply{Text: "answer: " + req.Text})
	}}
	a := testAdapter(t, f, r, func(o *Options) {
		o.PublicKey = hexKey(k)
		o.Runtime = platform.New(platform.Options{Budget: 1, WorkTimeout: time.Minute})
	})

	for _, id := range []string{"W1", "W2"} {
		body := mustJSON(t, interaction(id, 2, askData("question "+id)))
		if code, resp := serve(t, a, k.signedRequest(body, time.Now())); code != http.StatusOK || resp["type"] != float64(5) {
			t.Fatalf("%s initial response %d %v, want 200 type 5", id, code, resp)
		}
	}
	f.WaitFor("the first ask at the router", func() bool { return len(r.requests()) == 1 })

	click := mustJSON(t, interaction("W3", 3, map[string]any{"custom_id": "quiz:x:1", "component_type": 2}))
	if code, _ := serve(t, a, k.signedRequest(click, time.Now())); code != http.StatusOK {
		t.Fatalf("click status %d", code)
	}
	r.mu.Lock()
	clicks, asks := len(r.clicks), len(r.reqs)
	r.mu.Unlock()
	if clicks != 1 || asks != 1 {
		t.Fatalf("clicks %d, asks at the router %d; want 1 and 1 (the second ask waits)", clicks, asks)
	}
	close(release)
	f.WaitFor("the second ask after the first", func() bool { return len(r.requests()) == 2 })
}
