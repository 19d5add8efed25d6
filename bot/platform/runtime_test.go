package platform

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

func TestRuntimeBoundsWorkAndRecoversPanics(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := New(Options{Budget: 1, Queue: 1})
		release := make(chan struct{})
		var ran []string
		if err := rt.Go("first", 0, func(context.Context) { ran = append(ran, "first"); <-release }); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if err := rt.Go("second", 0, func(context.Context) { ran = append(ran, "second") }); err != nil {
			t.Fatal(err)
		}
		if err := rt.Go("third", 0, func(context.Context) {}); !errors.Is(err, ErrBusy) {
			t.Errorf("third beyond budget and queue: err %v, want ErrBusy", err)
		}
		if err := rt.GoQuick("click", func(context.Context) { ran = append(ran, "click") }); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if len(ran) != 2 || ran[1] != "click" {
			t.Fatalf("ran %v: the second command must wait, the click must not", ran)
		}
		close(release)
		synctest.Wait()
		if len(ran) != 3 || ran[2] != "second" {
			t.Fatalf("ran %v", ran)
		}
		if !rt.Protect("boom", func() { panic("boom") }) {
			t.Error("Protect did not report the panic")
		}
		_ = rt.GoQuick("panics", func(context.Context) { panic("in the background") })
		synctest.Wait() // the process is still here
	})
}

func TestRuntimeDrain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rt := New(Options{Budget: 1})
		finished := 0
		for range 2 { // one runs, one waits for the slot: both finish in the drain
			_ = rt.Go("job", 0, func(ctx context.Context) {
				if time.Sleep(time.Second); ctx.Err() == nil {
					finished++
				}
			})
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if !rt.Drain(ctx) || finished != 2 {
			t.Errorf("drain: finished %d of 2", finished)
		}
		if err := rt.Go("late", 0, func(context.Context) {}); !errors.Is(err, ErrClosed) {
			t.Errorf("work after drain: err %v, want ErrClosed", err)
		}

		stuck := New(Options{})
		var cancelled bool
		_ = stuck.Go("stuck", 0, func(ctx context.Context) { <-ctx.Done(); cancelled = true })
		ctx, cancel = context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if stuck.Drain(ctx) || !cancelled {
			t.Errorf("a stuck job must be cancelled at the drain deadline (cancelled %v)", cancelled)
		}
	})
}
