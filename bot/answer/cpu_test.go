package answer

import (
	"context"
	"testing"
	"testing/synctest"

	"github.com/backend-tip/backend-tip/bot"
)

// The CPU slot covers retrieval and composing the answer, not the
// platform's delivery: a slow Done (a platform call) must not hold up the
// next answer even with a single slot.
func TestCPUSlotIsNotHeldWhileDelivering(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		a := New(Options{Searcher: &fakeSearcher{}, CPUSlots: 1})
		delivering := make(chan struct{})
		release := make(chan struct{})
		slow := bot.StreamFunc{OnDone: func(bot.Reply) {
			close(delivering)
			<-release
		}}
		go a.Answer(context.Background(), bot.Question{Text: "N+1問題とは？"}, slow)
		<-delivering

		done := make(chan bot.Reply, 1)
		go a.Answer(context.Background(), bot.Question{Text: "APIの設計は？"}, bot.StreamFunc{OnDone: func(r bot.Reply) { done <- r }})
		// Every goroutine is blocked now: the second answer is done, or
		// waits for the slot the first one still holds.
		synctest.Wait()
		select {
		case r := <-done:
			if r.Text == "" {
				t.Error("second answer is empty")
			}
		default:
			t.Error("second answer waited for the first one's delivery")
		}
		close(release)
	})
}

// A question waiting for a CPU slot whose context ends gets a reply.
func TestCPUSlotWaitHonoursContext(t *testing.T) {
	a := New(Options{Searcher: &fakeSearcher{}, CPUSlots: 1})
	a.cpu <- struct{}{} // every slot taken
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	col := bot.NewCollector()
	if err := a.Answer(ctx, bot.Question{Text: "N+1問題とは？"}, col); err == nil {
		t.Error("no error for a cancelled wait")
	}
	if r, ok := col.Final(); !ok || r.Text == "" {
		t.Errorf("cancelled question got %+v, %v", r, ok)
	}
}
