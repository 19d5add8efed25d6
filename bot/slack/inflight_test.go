package slack

import (
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot/platform"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// With every worker busy, a further command is acknowledged at once and
// waits for its turn, while a button click is still answered.
func TestMaxInFlightBoundsCommandsNotClicks(t *testing.T) {
	h := newHarness(t, "")
	h.ans.gate = make(chan struct{})
	ad := oneSlotAdapter(t, h)
	if code, _ := h.slash(ad, "ask first question"); code != http.StatusOK {
		t.Fatalf("first ack: %d", code)
	}
	testkit.WaitFor(t, "the first question to reach the answerer", func() bool { return len(h.ans.asked()) == 1 })
	if code, _ := h.slash(ad, "ask second question"); code != http.StatusOK {
		t.Fatalf("second ack: %d", code)
	}
	if code, _ := h.interaction(ad, "quiz:p1:2"); code != http.StatusOK {
		t.Fatalf("click ack: %d", code)
	}
	testkit.WaitFor(t, "the click while the worker is busy", func() bool { return len(h.clickList()) == 1 })
	if n := len(h.ans.asked()); n != 1 {
		t.Fatalf("%d questions started with one worker busy", n)
	}
	close(h.ans.gate)
	testkit.WaitFor(t, "the second question after the first", func() bool { return len(h.ans.asked()) == 2 })
	idle(ad)
}

// Commands acknowledged before shutdown but still waiting for a worker are
// answered during the drain, not dropped.
func TestDrainAnswersQueuedCommands(t *testing.T) {
	h := newHarness(t, "")
	h.ans.gate = make(chan struct{})
	ad := oneSlotAdapter(t, h)
	for _, q := range []string{"ask first", "ask second"} {
		if code, _ := h.slash(ad, q); code != http.StatusOK {
			t.Fatalf("%q ack: %d", q, code)
		}
	}
	testkit.WaitFor(t, "the first question at the answerer", func() bool { return len(h.ans.asked()) == 1 })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	stopped := make(chan error, 1)
	go func() { stopped <- ad.Run(ctx) }()
	close(h.ans.gate)
	<-stopped
	ad.rt.Drain(context.Background()) // a shared runtime is drained by its owner
	if n := len(h.ans.asked()); n != 2 {
		t.Fatalf("%d of 2 acknowledged questions answered across the drain", n)
	}
	if code, _ := h.slash(ad, "ask after shutdown"); code == http.StatusOK {
		t.Error("a command after shutdown was accepted")
	}
}

// oneSlotAdapter is an HTTP-mode adapter on h whose runtime works on one
// command at a time.
func oneSlotAdapter(t *testing.T, h *harness) *Adapter {
	t.Helper()
	ad, err := New(Options{
		BotToken: "xoxb-test", SigningSecret: testSecret, APIURL: h.slack.URL(),
		Router: h.router(), Store: h.store, Clock: func() time.Time { return h.now },
		Logger: slog.New(slog.DiscardHandler), StreamInterval: 20 * time.Millisecond,
		Runtime: platform.New(platform.Options{Budget: 1}),
	})
	if err != nil {
		t.Fatal(err)
	}
	return ad
}
