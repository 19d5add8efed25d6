package platform

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// recSurface records what a stream shows, with the (fake) time of each call.
type recSurface struct {
	mu       sync.Mutex
	edits    []string
	at       []time.Duration
	finals   []bot.Reply
	start    time.Time
	editErr  error
	finishFn func(ctx context.Context)
}

func (r *recSurface) Edit(_ context.Context, text string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.edits = append(r.edits, text)
	r.at = append(r.at, time.Since(r.start))
	return r.editErr
}

func (r *recSurface) Finish(ctx context.Context, rep bot.Reply) error {
	if r.finishFn != nil {
		r.finishFn(ctx)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finals = append(r.finals, rep)
	return nil
}

func TestStreamThrottlesEditsAndFinishesOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		surf := &recSurface{start: time.Now()}
		s := NewStream(surf, StreamOptions{Interval: time.Second, PreviewLimit: 50})
		s.Start(t.Context())
		// 30 updates over 3 s: the first shows at once, then one per second.
		for i := range 30 {
			s.Update("text " + strings.Repeat("x", i))
			time.Sleep(100 * time.Millisecond)
		}
		s.Done(bot.Reply{Text: "final"})
		s.Done(bot.Reply{Text: "second final is ignored"})
		<-s.Wait()
		if len(surf.edits) < 3 || len(surf.edits) > 4 {
			t.Errorf("%d edits in 3 s at 1/s: %v", len(surf.edits), surf.at)
		}
		for i := 1; i < len(surf.at); i++ {
			if gap := surf.at[i] - surf.at[i-1]; gap < time.Second {
				t.Errorf("edits %d and %d only %v apart", i-1, i, gap)
			}
		}
		if len(surf.finals) != 1 || surf.finals[0].Text != "final" {
			t.Errorf("finals = %+v", surf.finals)
		}
		for _, e := range surf.edits {
			if Len(e, Runes) > 50 {
				t.Errorf("edit of %d runes, preview limit 50", Len(e, Runes))
			}
		}
	})
}

func TestStreamPlaceholderOnlyWhenSlow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		quick := &recSurface{}
		s := NewStream(quick, StreamOptions{Placeholder: "working", PlaceholderAfter: time.Second})
		s.Start(t.Context())
		time.Sleep(500 * time.Millisecond)
		s.Done(bot.Reply{Text: "refused"})
		<-s.Wait()
		time.Sleep(2 * time.Second) // a late placeholder would show now
		synctest.Wait()
		if len(quick.edits) != 0 {
			t.Errorf("a quick reply showed a placeholder: %q", quick.edits)
		}

		slow := &recSurface{}
		s = NewStream(slow, StreamOptions{Placeholder: "working", PlaceholderAfter: time.Second})
		s.Start(t.Context())
		time.Sleep(1500 * time.Millisecond)
		s.Done(bot.Reply{Text: "answer"})
		<-s.Wait()
		if len(slow.edits) != 1 || slow.edits[0] != "working" {
			t.Errorf("slow reply edits = %q, want the placeholder", slow.edits)
		}
	})
}

func TestStreamSlowsDownWhenAsked(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		surf := &recSurface{start: time.Now(), editErr: &SlowDown{After: 5 * time.Second, Err: errors.New("429")}}
		s := NewStream(surf, StreamOptions{Interval: time.Second})
		s.Start(t.Context())
		for i := range 70 {
			s.Update(strings.Repeat("y", i+1))
			time.Sleep(100 * time.Millisecond)
		}
		s.Done(bot.Reply{Text: "done"})
		<-s.Wait()
		for i := 1; i < len(surf.at); i++ {
			if gap := surf.at[i] - surf.at[i-1]; gap < 5*time.Second {
				t.Errorf("edit %d came %v after a 5 s Retry-After", i, gap)
			}
		}
	})
}

func TestStreamFinishesAfterItsContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var finishCtxErr error
		surf := &recSurface{finishFn: func(ctx context.Context) { finishCtxErr = ctx.Err() }}
		s := NewStream(surf, StreamOptions{})
		ctx, cancel := context.WithCancel(t.Context())
		s.Start(ctx)
		s.Update("partial")
		cancel()
		time.Sleep(time.Second)
		s.Done(bot.Apology(bot.English))
		<-s.Wait()
		if len(surf.finals) != 1 || finishCtxErr != nil {
			t.Errorf("finals %d, finish ctx err %v: a late apology must still be delivered", len(surf.finals), finishCtxErr)
		}
	})
}
