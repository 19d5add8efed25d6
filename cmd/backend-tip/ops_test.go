package main

import (
	"context"
	"errors"
	"sync"

	"github.com/backend-tip/backend-tip/bot"
)

// scriptedAnswerer replies with reply (or fails with err), optionally
// waiting for release first.
type scriptedAnswerer struct {
	reply   bot.Reply
	err     error
	started chan struct{} // receives once per call when set
	release chan struct{} // the answer waits for it when set
	mu      sync.Mutex
	calls   int
}

func (s *scriptedAnswerer) Answer(ctx context.Context, q bot.Question, st bot.Stream) error {
	s.mu.Lock()
	s.calls++
	s.mu.Unlock()
	if s.started != nil {
		s.started <- struct{}{}
	}
	if s.release != nil {
		select {
		case <-s.release:
		case <-ctx.Done():
			st.Done(bot.Reply{Text: "cancelled"})
			return ctx.Err()
		}
	}
	st.Update("partial")
	st.Done(s.reply)
	return s.err
}

// fakePlatform records posts.
type fakePlatform struct {
	name string
	fail bool
}

func (f *fakePlatform) Name() string                  { return f.name }
func (f *fakePlatform) Run(ctx context.Context) error { <-ctx.Done(); return nil }
func (f *fakePlatform) Post(_ context.Context, _ string, _ bot.Reply) (string, error) {
	if f.fail {
		return "", errors.New("post failed")
	}
	return "m1", nil
}

func (f *fakePlatform) Edit(context.Context, string, string, bot.Reply) error { return nil }
func (f *fakePlatform) Ready() bool                                           { return true }
func (f *fakePlatform) DirectMessage(context.Context, string, bot.Reply) error {
	return nil
}
func (f *fakePlatform) EnsureMember(context.Context, string) error  { return nil }
func (f *fakePlatform) CanStartThread(context.Context, string) bool { return true }
func (f *fakePlatform) ThreadReplies(context.Context, string, string, int) ([]bot.Turn, error) {
	return []bot.Turn{{Text: "B"}}, nil
}
