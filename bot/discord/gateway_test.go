package discord

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
)

func waitReady(t *testing.T, f *fakediscord.Server) {
	t.Helper()
	select {
	case <-f.Ready:
	case <-time.After(5 * time.Second):
		t.Fatalf("gateway never became ready; calls: %s", f.Describe())
	}
}

// gatewayUp runs an adapter on a new fake Discord until the test ends and
// waits for its gateway session.
func gatewayUp(t *testing.T, r platform.Router, mod func(*Options)) (*fakediscord.Server, *Adapter) {
	t.Helper()
	f := fakediscord.New(t)
	a := testAdapter(t, f, r, mod)
	runAdapter(t, a)
	waitReady(t, f)
	return f, a
}

func TestGatewayMentionRepliesWithHistory(t *testing.T) {
	f := fakediscord.New(t)
	f.Messages["Q0"] = map[string]any{"id": "Q0", "channel_id": "C1", "author": map[string]any{"id": "U1", "username": "alice"},
		"content": "<@999> What is N+1?"}
	r := &fakeRouter{handle: streamingAnswer(longAnswer())}
	a := testAdapter(t, f, r, nil)
	runAdapter(t, a)
	waitReady(t, f)

	user := map[string]any{"id": "U1", "username": "alice"}
	mention := []any{map[string]any{"id": testBot}}
	// Ignored: another bot, the bot itself, and a message without a mention.
	f.Dispatch("MESSAGE_CREATE", map[string]any{"id": "X1", "channel_id": "C1", "guild_id": testGuild,
		"author": map[string]any{"id": "B2", "username": "otherbot", "bot": true}, "content": "<@999> hi", "mentions": mention})
	f.Dispatch("MESSAGE_CREATE", map[string]any{"id": "X2", "channel_id": "C1", "guild_id": testGuild,
		"author": map[string]any{"id": testBot, "username": "backend-tip"}, "content": "<@999> me", "mentions": mention})
	f.Dispatch("MESSAGE_CREATE", map[string]any{"id": "X3", "channel_id": "C1", "guild_id": testGuild,
		"author": user, "content": "no mention here", "mentions": []any{}})
	f.Dispatch("MESSAGE_CREATE", map[string]any{
		"id": "M2", "channel_id": "C1", "guild_id": testGuild, "author": user,
		"content": "<@999> and how do I fix it?", "mentions": mention,
		"message_reference": map[string]any{"message_id": "A1", "channel_id": "C1"},
		"referenced_message": map[string]any{"id": "A1", "channel_id": "C1",
			"author":            map[string]any{"id": testBot, "username": "backend-tip", "bot": true},
			"content":           "It is one query per row.",
			"message_reference": map[string]any{"message_id": "Q0", "channel_id": "C1"}},
	})

	// The answer is 3 messages long: wait for the last one (with the embed).
	f.WaitFor("the final reply part", func() bool {
		for _, c := range f.CallsMatching("POST", "/channels/C1/messages") {
			if c.Body["embeds"] != nil {
				return true
			}
		}
		return false
	})
	// The ignored messages were handled before M2 (events in order); any
	// work they started is done now, so a wrong answer cannot come later.
	a.rt.Wait()
	reqs := r.requests()
	if len(reqs) != 1 {
		t.Fatalf("router got %d requests, want 1 (bots, self and unmentioned messages ignored): %+v", len(reqs), reqs)
	}
	got := reqs[0]
	if got.Text != "and how do I fix it?" || got.Kind != bot.KindMention || got.Platform != "discord" || got.UserID != "U1" {
		t.Errorf("request = %+v", got)
	}
	wantHistory := []bot.Turn{{Author: "U1", Text: "What is N+1?"}, {FromBot: true, Author: "999", Text: "It is one query per row."}}
	if !reflect.DeepEqual(got.History, wantHistory) {
		t.Errorf("history = %+v, want %+v", got.History, wantHistory)
	}
	posts := f.CallsMatching("POST", "/channels/C1/messages")
	if len(posts) != 3 {
		t.Fatalf("posted %d messages, want 3 parts", len(posts))
	}
	for _, p := range posts {
		ref, _ := p.Body["message_reference"].(map[string]any)
		if ref["message_id"] != "M2" {
			t.Errorf("reply references %v, want M2", ref)
		}
	}
	if len(f.CallsMatching("POST", "/channels/C1/typing")) == 0 {
		t.Error("no typing indicator")
	}
	checkSafe(t, f.Calls())
}

func TestGatewayMentionInThreadUsesThreadHistory(t *testing.T) {
	f := fakediscord.New(t)
	f.Channels["T1"] = map[string]any{"id": "T1", "type": 11, "guild_id": testGuild}
	f.History["T1"] = []any{ // newest first, as Discord lists them
		map[string]any{"id": "3", "author": map[string]any{"id": testBot}, "content": "Earlier answer"},
		map[string]any{"id": "2", "author": map[string]any{"id": "U1"}, "content": ""}, // no content without the intent
		map[string]any{"id": "1", "author": map[string]any{"id": "U1"}, "content": "<@999> first question"},
	}
	r := &fakeRouter{}
	a := testAdapter(t, f, r, nil)
	runAdapter(t, a)
	waitReady(t, f)
	f.Dispatch("MESSAGE_CREATE", map[string]any{"id": "M9", "channel_id": "T1", "guild_id": testGuild,
		"author": map[string]any{"id": "U1", "username": "alice"}, "content": "<@!999> follow-up", "mentions": []any{map[string]any{"id": testBot}}})
	f.WaitFor("reply in thread", func() bool { return len(f.CallsMatching("POST", "/channels/T1/messages")) == 1 })
	got := r.requests()[0]
	want := []bot.Turn{{Author: "U1", Text: "first question"}, {FromBot: true, Author: "999", Text: "Earlier answer"}}
	if !reflect.DeepEqual(got.History, want) || got.ThreadID != "T1" || got.Text != "follow-up" {
		t.Errorf("request = %+v, want history %+v in thread T1", got, want)
	}
	checkSafe(t, f.Calls())
}

func TestGatewaySlashAskDefersStreamsAndFollowsUp(t *testing.T) {
	f := fakediscord.New(t)
	final := streamingAnswer(longAnswer())
	r := &fakeRouter{handle: func(ctx context.Context, req bot.Request, s bot.Stream) {
		// Stream only once the deferred response is in, and go on only
		// once the first words are on screen, so the edits are observable.
		f.WaitFor("deferred response", func() bool { return len(f.CallsMatching("POST", "/interactions/")) == 1 })
		s.Update("first words")
		f.WaitFor("first edit", func() bool {
			return len(f.CallsMatching("PATCH", "/webhooks/"+testApp+"/tok-I1/messages/@original")) >= 1
		})
		final(ctx, req, s)
	}}
	a := testAdapter(t, f, r, nil)
	runAdapter(t, a)
	waitReady(t, f)
	f.Dispatch("INTERACTION_CREATE", interaction("I1", 2, askData("What is N+1?")))

	f.WaitFor("follow-up with sources", func() bool {
		for _, c := range f.CallsMatching("POST", "/webhooks/"+testApp+"/tok-I1") {
			if c.Body["embeds"] != nil {
				return true
			}
		}
		return false
	})
	cbs := f.CallsMatching("POST", "/interactions/I1/tok-I1/callback")
	if len(cbs) != 1 || cbs[0].Body["type"] != float64(5) {
		t.Fatalf("callbacks = %+v, want one deferred (type 5)", cbs)
	}
	edits := f.CallsMatching("PATCH", "/webhooks/"+testApp+"/tok-I1/messages/@original")
	if len(edits) < 2 {
		t.Errorf("got %d edits of the original response, want streaming edits and a final one", len(edits))
	}
	follows := f.CallsMatching("POST", "/webhooks/"+testApp+"/tok-I1")
	if len(follows) != 2 {
		t.Errorf("got %d follow-ups, want 2 for a 4500-character answer", len(follows))
	}
	all := edits[len(edits)-1].Body["content"].(string)
	for _, fu := range follows {
		all += fu.Body["content"].(string)
	}
	for _, want := range []string{"Paragraph 0 ", "Paragraph 80 ", "@\u200beveryone"} {
		if !strings.Contains(all, want) {
			t.Errorf("answer parts lack %q", want)
		}
	}
	req := r.requests()[0]
	if req.Text != "ask What is N+1?" || req.Kind != bot.KindCommand || req.Lang != "" || req.TeamID != testGuild {
		t.Errorf("request = %+v", req)
	}
	checkSafe(t, f.Calls())
}

func TestGatewayButtonClickAnswersOnlyTheClicker(t *testing.T) {
	r := &fakeRouter{}
	f, _ := gatewayUp(t, r, nil)
	in := interaction("I7", 3, map[string]any{"custom_id": "quiz:x:1", "component_type": 2})
	in["message"] = map[string]any{"id": "POST1", "channel_id": "C1"}
	f.Dispatch("INTERACTION_CREATE", in)
	f.WaitFor("click response", func() bool { return len(f.CallsMatching("POST", "/interactions/I7/tok-I7/callback")) == 1 })
	cb := f.CallsMatching("POST", "/interactions/I7/tok-I7/callback")[0]
	data, _ := cb.Body["data"].(map[string]any)
	if cb.Body["type"] != float64(4) || data["flags"] != float64(64) || !strings.Contains(data["content"].(string), "Correct!") {
		t.Errorf("callback = %v, want an ephemeral type 4 reply", cb.Body)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.clicks) != 1 || r.clicks[0].ActionID != "quiz:x:1" || r.clicks[0].MessageID != "POST1" {
		t.Errorf("clicks = %+v", r.clicks)
	}
	checkSafe(t, f.Calls())
}

func TestGatewayIdentifiesWithShardAndWithoutPrivilegedIntents(t *testing.T) {
	f, _ := gatewayUp(t, &fakeRouter{}, func(o *Options) { o.ShardID, o.ShardCount = 1, 2 })
	ids, _ := f.Handshakes()
	id := ids[0]
	if !reflect.DeepEqual(id["shard"], []any{float64(1), float64(2)}) {
		t.Errorf("shard = %v, want [1 2]", id["shard"])
	}
	intents := int(id["intents"].(float64))
	if intents&int(discordgo.IntentMessageContent) != 0 || intents&int(discordgo.IntentGuildMessages) == 0 ||
		intents&int(discordgo.IntentDirectMessages) == 0 || intents&int(discordgo.IntentGuilds) == 0 {
		t.Errorf("intents = %b: want guilds, guild messages and DMs without message content", intents)
	}
	if id["token"] != "Bot token" {
		t.Errorf("token = %v, want the Bot-prefixed token", id["token"])
	}
}

func TestGatewayFatalCloseCodesStopWithAClearError(t *testing.T) {
	for _, tc := range []struct {
		code int
		hint string
	}{
		{4014, "Privileged Gateway Intents"},
		{4004, "Reset Token"},
		{4011, "DISCORD_SHARD_COUNT"},
	} {
		t.Run(strconv.Itoa(tc.code), func(t *testing.T) {
			f := fakediscord.New(t)
			f.CloseCode = tc.code
			a := testAdapter(t, f, &fakeRouter{}, nil)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := a.Run(ctx)
			var ce *CloseError
			if !errors.As(err, &ce) || ce.Code != tc.code {
				t.Fatalf("Run = %v, want CloseError %d", err, tc.code)
			}
			if !strings.Contains(err.Error(), tc.hint) {
				t.Errorf("error %q does not name %q", err, tc.hint)
			}
			if tc.code == 4004 && !errors.Is(err, ErrBadToken) {
				t.Errorf("4004 should match ErrBadToken")
			}
			if ids, _ := f.Handshakes(); len(ids) != 1 {
				t.Errorf("identified %d times: want no reconnect loop", len(ids))
			}
		})
	}
}

func TestGatewayReconnectsAfterARecoverableClose(t *testing.T) {
	r := &fakeRouter{}
	f, a := gatewayUp(t, r, nil)
	f.Drop(4000) // "unknown error": Discord says reconnect
	waitReady(t, f)
	settled(t, f, a)
	mentionAndWaitReply(f, "still there?")
	if got := r.requests()[0].Text; got != "still there?" {
		t.Errorf("text = %q", got)
	}
}

func TestGatewayDisabledOnlyRegisters(t *testing.T) {
	f := fakediscord.New(t)
	a := testAdapter(t, f, &fakeRouter{}, func(o *Options) { o.Gateway = false })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	f.WaitFor("command registration", func() bool { return len(f.CallsMatching("PUT", "/applications/")) == 1 })
	cancel()
	<-done // Run has returned: no gateway call can still arrive late
	if n := len(f.CallsMatching("GET", "/gateway")); n != 0 {
		t.Errorf("gateway off but adapter asked for the gateway %d times", n)
	}
}
