// Package quiztest provides a fake chat platform for quiz tests: it records
// posts, honours Reply.IdempotencyKey like the real adapters (at most one
// message per key), serves thread replies, and can fail or "crash" around a
// post to test exactly-once scheduling.
package quiztest

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/backend-tip/backend-tip/bot"
)

// ErrCrash is returned by a post that was made to fail.
var ErrCrash = errors.New("quiztest: simulated crash")

// Message is one posted message; Edited is its latest edit, if any.
type Message struct {
	ID        string
	ChannelID string
	Reply     bot.Reply
	Edited    *bot.Reply
}

// Platform is a fake bot.Platform. The zero value is not usable; call New.
type Platform struct {
	name    string
	mu      sync.Mutex
	msgs    []Message
	byKey   map[string]string
	threads map[string][]bot.Turn
	dms     []Message
	calls   int
	// failBefore / failAfter: the next post whose reply matches fails
	// before delivering it, or after delivering it (a crash between the
	// platform call and recording its result).
	failBefore, failAfter func(bot.Reply) bool
	unreachable           map[string]error // channels EnsureMember refuses, with why
}

// New returns a fake platform with the given name ("slack").
func New(name string) *Platform {
	return &Platform{name: name, byKey: map[string]string{}, threads: map[string][]bot.Turn{}}
}

// Name is the platform key.
func (p *Platform) Name() string { return p.name }

// Run waits for ctx.
func (p *Platform) Run(ctx context.Context) error {
	<-ctx.Done()
	return nil
}

// Post records the message, or returns the earlier message's id when the
// reply's idempotency key was posted before.
func (p *Platform) Post(ctx context.Context, channelID string, r bot.Reply) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.failBefore != nil && p.failBefore(r) {
		p.failBefore = nil
		return "", ErrCrash
	}
	if id, ok := p.byKey[r.IdempotencyKey]; ok && r.IdempotencyKey != "" {
		return id, nil
	}
	id := fmt.Sprintf("m%d", len(p.msgs)+1)
	p.msgs = append(p.msgs, Message{ID: id, ChannelID: channelID, Reply: r})
	if r.IdempotencyKey != "" {
		p.byKey[r.IdempotencyKey] = id
	}
	if p.failAfter != nil && p.failAfter(r) {
		p.failAfter = nil
		return "", ErrCrash
	}
	return id, nil
}

// FailBefore makes the next post matching match fail without posting.
func (p *Platform) FailBefore(match func(bot.Reply) bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failBefore = match
}

// FailAfter makes the next post matching match go out and then fail.
func (p *Platform) FailAfter(match func(bot.Reply) bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failAfter = match
}

// Messages returns a copy of the posted messages, oldest first.
func (p *Platform) Messages() []Message {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Message(nil), p.msgs...)
}

// Calls is how many times Post was called (including deduplicated ones).
func (p *Platform) Calls() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls
}

// AddThreadReply adds a reply under a message's thread.
func (p *Platform) AddThreadReply(messageID string, t bot.Turn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.threads[messageID] = append(p.threads[messageID], t)
}

// Edit records r as the message's latest edit.
func (p *Platform) Edit(ctx context.Context, channelID, messageID string, r bot.Reply) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range p.msgs {
		if p.msgs[i].ID == messageID && p.msgs[i].ChannelID == channelID {
			edited := r
			p.msgs[i].Edited = &edited
			return nil
		}
	}
	return fmt.Errorf("quiztest: edit %s in %s: no such message", messageID, channelID)
}

// Ready is always true: the fake needs no connection.
func (p *Platform) Ready() bool { return true }

// DirectMessage records a private message to userID.
func (p *Platform) DirectMessage(ctx context.Context, userID string, r bot.Reply) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dms = append(p.dms, Message{ID: userID, ChannelID: "DM-" + userID, Reply: r})
	return nil
}

// NotMemberOf makes channelID a private channel the bot was not invited to:
// EnsureMember refuses it with a *bot.NotMemberError, as Slack does.
func (p *Platform) NotMemberOf(channelID string) {
	p.refuse(channelID, &bot.NotMemberError{ChannelID: channelID, Invite: "/invite @backend-tip"})
}

// PeopleDM makes channelID a DM between people, where Slack lets a slash
// command run but the bot can post nothing and nobody can add it:
// EnsureMember refuses it with bot.ErrPeopleDM.
func (p *Platform) PeopleDM(channelID string) {
	p.refuse(channelID, fmt.Errorf("channel %s: %w", channelID, bot.ErrPeopleDM))
}

func (p *Platform) refuse(channelID string, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.unreachable == nil {
		p.unreachable = map[string]error{}
	}
	p.unreachable[channelID] = err
}

// CanStartThread is true: the fake's posts can always have a thread (the
// Discord adapter's own tests cover places without one).
func (p *Platform) CanStartThread(context.Context, string) bool { return true }

// EnsureMember refuses the channels given to NotMemberOf and PeopleDM;
// others pass.
func (p *Platform) EnsureMember(ctx context.Context, channelID string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.unreachable[channelID]
}

// DirectMessages returns the private messages sent, oldest first.
func (p *Platform) DirectMessages() []Message {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Message(nil), p.dms...)
}

// ThreadReplies returns up to limit replies of a message's thread.
func (p *Platform) ThreadReplies(ctx context.Context, channelID, messageID string, limit int) ([]bot.Turn, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	turns := p.threads[messageID]
	return append([]bot.Turn(nil), turns[:min(limit, len(turns))]...), nil
}

var _ bot.Platform = (*Platform)(nil)
