package fakeslack

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/slack-go/slack"
)

// The fake answers through slack-go as the real Web API does.
func TestFakeAnswersLikeSlack(t *testing.T) {
	ctx := context.Background()
	var limited atomic.Bool
	s := StartWith(Options{Limit: func(method string) bool {
		return method == "reactions.add" && limited.CompareAndSwap(false, true)
	}})
	defer s.Close()
	api := slack.New("xoxb-test", slack.OptionAPIURL(s.URL()))

	if _, _, err := api.PostMessageContext(ctx, PrivateChannel, slack.MsgOptionText("hi", false)); err == nil || err.Error() != "channel_not_found" {
		t.Errorf("post to a private channel the bot is not in: %v, want channel_not_found", err)
	}
	if _, _, err := api.PostMessageContext(ctx, "C1"); err == nil || err.Error() != "no_text" {
		t.Errorf("post without text or blocks: %v, want no_text", err)
	}
	var blocks []slack.Block
	for i := range 51 {
		blocks = append(blocks, slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", fmt.Sprint(i), false, false), nil, nil))
	}
	if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionBlocks(blocks...)); err == nil || err.Error() != "invalid_blocks" {
		t.Errorf("51 blocks: %v, want invalid_blocks", err)
	}
	if _, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: PublicNotJoined}); err == nil || err.Error() != "not_in_channel" {
		t.Errorf("history of a channel the bot is not in: %v, want not_in_channel", err)
	}
	var rl *slack.RateLimitedError
	if err := api.AddReactionContext(ctx, "eyes", slack.NewRefToMessage("C1", "1.1")); !errors.As(err, &rl) || rl.RetryAfter.Seconds() != 1 {
		t.Errorf("limited call: %v, want a RateLimitedError after 1s", err)
	}

	// Posted messages come back: a thread oldest first, paged.
	_, parent, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("parent", false))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText(fmt.Sprint("reply ", i), false), slack.MsgOptionTS(parent)); err != nil {
			t.Fatal(err)
		}
	}
	msgs, more, cursor, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "C1", Timestamp: parent, Limit: 2})
	if err != nil || len(msgs) != 2 || !more || cursor == "" || msgs[0].Text != "parent" || msgs[1].Text != "reply 0" {
		t.Fatalf("first page = %d messages, more %v, cursor %q, %v", len(msgs), more, cursor, err)
	}
	msgs, more, _, err = api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "C1", Timestamp: parent, Limit: 2, Cursor: cursor})
	if err != nil || len(msgs) != 2 || more || msgs[1].Text != "reply 2" {
		t.Fatalf("second page = %+v, more %v, %v", msgs, more, err)
	}
	if n := len(s.CallsOf("chat.postMessage")); n != 7 {
		t.Errorf("%d chat.postMessage calls recorded, want 7", n)
	}
	if n := len(s.CallsOf("reactions.add(429)")); n != 1 {
		t.Errorf("%d limited calls recorded, want 1", n)
	}
}

// Only the bot's own DMs (what conversations.open returns, the same id for
// the same user) take its messages; a DM between people and a group DM are
// invisible to it, as in Slack.
func TestFakeDMsLikeSlack(t *testing.T) {
	ctx := context.Background()
	s := New(t)
	api := slack.New("xoxb-test", slack.OptionAPIURL(s.URL()))

	open := func(p slack.OpenConversationParameters) (string, error) {
		ch, _, _, err := api.OpenConversationContext(ctx, &p)
		if err != nil {
			return "", err
		}
		return ch.ID, nil
	}
	first, err := open(slack.OpenConversationParameters{Users: []string{"U5"}})
	again, err2 := open(slack.OpenConversationParameters{Users: []string{"U5"}})
	if err != nil || err2 != nil || first == "" || first != again || first != DMWith("U5") {
		t.Fatalf("conversations.open users=U5: %q, %q (%v, %v), want the same DM twice", first, again, err, err2)
	}
	if id, err := open(slack.OpenConversationParameters{ChannelID: first}); err != nil || id != first {
		t.Errorf("resume the bot's DM: %q, %v", id, err)
	}
	if _, err := open(slack.OpenConversationParameters{ChannelID: "DPEOPLE"}); err == nil || err.Error() != "channel_not_found" {
		t.Errorf("resume a DM between people: %v, want channel_not_found", err)
	}
	if _, _, err := api.PostMessageContext(ctx, first, slack.MsgOptionText("hi", false)); err != nil {
		t.Errorf("post in the bot's DM: %v", err)
	}
	for _, ch := range []string{"DPEOPLE", GroupDM} {
		if _, _, err := api.PostMessageContext(ctx, ch, slack.MsgOptionText("hi", false)); err == nil || err.Error() != "channel_not_found" {
			t.Errorf("post in %s: %v, want channel_not_found", ch, err)
		}
		if _, err := api.PostEphemeralContext(ctx, ch, "U5", slack.MsgOptionText("hi", false)); err == nil || err.Error() != "channel_not_found" {
			t.Errorf("ephemeral in %s: %v, want channel_not_found", ch, err)
		}
		if _, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: ch}); err == nil || err.Error() != "channel_not_found" {
			t.Errorf("history of %s: %v, want channel_not_found", ch, err)
		}
		if _, _, _, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: ch, Timestamp: "1.1"}); err == nil || err.Error() != "channel_not_found" {
			t.Errorf("replies in %s: %v, want channel_not_found", ch, err)
		}
	}
	if _, _, _, err := api.JoinConversationContext(ctx, GroupDM); err == nil || err.Error() != "method_not_supported_for_channel_type" {
		t.Errorf("join a group DM: %v", err)
	}
	if _, err := api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: GroupDM}); err == nil || err.Error() != "missing_scope" {
		t.Errorf("conversations.info of a group DM without mpim:read: %v, want missing_scope", err)
	}
}
