package slack

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// chattyAnswerer streams a new line every few milliseconds for a while: a
// model that would happily have every partial shown.
type chattyAnswerer struct{ lines int }

func (c chattyAnswerer) Answer(ctx context.Context, q bot.Question, s bot.Stream) error {
	var b strings.Builder
	fmt.Fprintf(&b, "answer to: %s\n", q.Text)
	for i := range c.lines {
		fmt.Fprintf(&b, "line %d\n", i)
		s.Update(b.String())
		// A real sleep: a model's pace, against a budget counted in real
		// time on a loopback fake (sockets keep synctest out).
		time.Sleep(5 * time.Millisecond)
	}
	s.Done(bot.Reply{Text: b.String(), Lang: q.Lang, Sources: []bot.Source{{Section: "A"}}})
	return nil
}

// chattyHarness answers with 300 streamed lines (~1.5 s of partials) and
// sends an update every 10 ms: streams that press on their budgets.
func chattyHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, "")
	h.custom = chattyAnswerer{lines: 300}
	h.ad = h.newAdapter("")
	h.ad.opts.StreamInterval = 10 * time.Millisecond
	return h
}

// TestConcurrentStreamsStayWithinUpdateBudget: ten answers stream into
// their placeholders at once (slash asks: chat.update is the only way to
// show partials there). Whatever each stream's own interval, no window of
// the budget's length sees more chat.update calls than the budget allows,
// and every final answer still arrives. The budget is Slack's Tier 3 shape
// (50 calls per window) with the window shortened from a minute to two
// seconds so that the test runs in seconds; the default is checked apart.
func TestConcurrentStreamsStayWithinUpdateBudget(t *testing.T) {
	if defaultUpdateLimit != (Limit{N: 50, Per: time.Minute}) {
		t.Fatalf("default chat.update budget = %+v, want Tier 3's 50 a minute", defaultUpdateLimit)
	}
	h := chattyHarness(t)
	budget := Limit{N: 50, Per: 2 * time.Second}
	h.ad.updates = newMethodLimit("chat.update", budget)

	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() { h.slash(h.ad, fmt.Sprintf("ask question %d", i)) })
	}
	wg.Wait()
	idle(h.ad)

	updates := h.slack.CallsOf("chat.update", "chat.update(429)")
	finals := 0
	for _, u := range updates {
		if txt := allText(t, u); strings.Contains(txt, "line 299") && !strings.Contains(txt, "▍") {
			finals++
		}
	}
	if finals != 10 {
		t.Fatalf("%d final answers delivered, want 10", finals)
	}
	worst := busiestWindow(updates, budget.Per)
	t.Logf("%d chat.update calls in all; at most %d in any %s window (budget %d)", len(updates), worst, budget.Per, budget.N)
	if worst > budget.N {
		t.Fatalf("%d chat.update calls within %s, budget %d", worst, budget.Per, budget.N)
	}
	if len(updates) <= 10+budget.N/2 {
		t.Fatalf("only %d updates: the streams barely streamed, so the bound proves nothing", len(updates))
	}
}

// TestConcurrentNativeStreamsNeedNoUpdates: ten mentions answered at once
// stream with chat.startStream/appendStream/stopStream; none of them spends
// the workspace's chat.update budget, and the appends stay within theirs.
func TestConcurrentNativeStreamsNeedNoUpdates(t *testing.T) {
	h := chattyHarness(t)
	budget := Limit{N: 100, Per: 2 * time.Second}
	h.ad.appends = newMethodLimit("chat.appendStream", budget)
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() {
			ts := fmt.Sprintf("1700003000.%06d", i)
			h.event(h.ad, mentionEvent(fmt.Sprintf("EvN%d", i), ts, "", testUser, "", fmt.Sprintf("<@UBOT> question %d", i)), 0)
		})
	}
	wg.Wait()
	idle(h.ad)
	h.wantCalls("chat.update", 0, "natively streamed answers")
	starts := h.slack.CallsOf("chat.startStream")
	if len(starts) != 10 || len(h.slack.CallsOf("chat.stopStream")) != 10 {
		t.Fatalf("%d streams started, %d stopped; want 10 each", len(starts), len(h.slack.CallsOf("chat.stopStream")))
	}
	for _, s := range starts {
		if got := streamedText(h.slack, testChannel, s.TS); !strings.Contains(got, "line 299") {
			t.Fatalf("stream %s ended with %q…, want the whole answer", s.TS, got[max(0, len(got)-40):])
		}
	}
	appends := h.slack.CallsOf("chat.appendStream")
	worst := busiestWindow(appends, budget.Per)
	t.Logf("%d appendStream calls; at most %d in any %s window (budget %d)", len(appends), worst, budget.Per, budget.N)
	if worst > budget.N {
		t.Fatalf("%d appends within %s, budget %d", worst, budget.Per, budget.N)
	}
}

// busiestWindow is the most calls (in arrival order) within any window of
// length per.
func busiestWindow(calls []call, per time.Duration) int {
	worst := 0
	for i, u := range calls {
		n := 0
		for _, v := range calls[i:] {
			if v.At.Sub(u.At) < per {
				n++
			}
		}
		worst = max(worst, n)
	}
	return worst
}
