package discord

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// A mention in a channel where the bot lacks Read Message History: Discord
// refuses a reply (message_reference) with 403 code 50013, so the answer
// goes out once more without the reference, naming the asker with a
// mention that pings nobody; every later part and edit follows suit.
func TestMentionReplyWithoutReadMessageHistory(t *testing.T) {
	f := fakediscord.New(t)
	f.NoHistory["C1"] = true
	final := streamingAnswer(longAnswer())
	a := testAdapter(t, f, &fakeRouter{handle: func(ctx context.Context, req bot.Request, s bot.Stream) {
		// A partial answer first, posted (refused as a reply, then
		// plain) before the final one edits it.
		s.Update("Let me look that up")
		testkit.Eventually(func() bool { return len(f.CallsMatching("POST", "/channels/C1/messages")) >= 2 })
		final(ctx, req, s)
	}}, nil)
	runAdapter(t, a)
	waitReady(t, f)
	f.Dispatch("MESSAGE_CREATE", map[string]any{"id": "M1", "channel_id": "C1", "guild_id": testGuild,
		"author": map[string]any{"id": "U1", "username": "alice"}, "content": "<@999> What is N+1?", "mentions": []any{map[string]any{"id": testBot}}})
	f.WaitFor("the answer's last part", func() bool {
		for _, c := range f.CallsMatching("POST", "/channels/C1/messages") {
			if _, ok := c.Body["embeds"]; ok { // the sources embed rides on the last part
				return true
			}
		}
		return false
	})
	a.rt.Wait()
	posts := f.CallsMatching("POST", "/channels/C1/messages")
	if len(posts) < 3 || posts[0].Body["message_reference"] == nil {
		t.Fatalf("%d posts, want a refused reply then the answer in parts; calls: %s", len(posts), f.Describe())
	}
	for i, c := range posts[1:] {
		checkMessage(t, "plain part", c.Body)
		if c.Body["message_reference"] != nil {
			t.Errorf("part %d still replies: Discord refuses it again", i+1)
		}
		if named := strings.HasPrefix(contentOf(c.Body), "<@U1> "); named != (i == 0) {
			t.Errorf("part %d starts %q: only the first names the asker", i+1, truncate(contentOf(c.Body), 20))
		}
	}
	edits := f.CallsMatching("PATCH", "/channels/C1/messages/")
	if len(edits) == 0 {
		t.Error("no edit of the streamed first part")
	}
	for _, c := range edits {
		checkMessage(t, "edit", c.Body)
		if !strings.HasPrefix(contentOf(c.Body), "<@U1> ") {
			t.Errorf("edit of the first part drops the asker's name: %q", truncate(contentOf(c.Body), 40))
		}
	}
}

// The asker's name costs the plain answer nothing: a first part cut at
// Discord's 2000 characters still carries every word after the name.
func TestPlainReplyKeepsEveryWord(t *testing.T) {
	f := fakediscord.New(t)
	f.NoHistory["C1"] = true
	const asker = "123456789012345678" // a snowflake's length: the name is 23 characters
	var words []string
	for i := 0; len(strings.Join(words, " ")) < 4500; i++ {
		words = append(words, fmt.Sprintf("w%d", i))
	}
	a := testAdapter(t, f, &fakeRouter{handle: func(_ context.Context, _ bot.Request, s bot.Stream) {
		s.Done(bot.Reply{Text: strings.Join(words, " ")})
	}}, nil)
	runAdapter(t, a)
	waitReady(t, f)
	f.Dispatch("MESSAGE_CREATE", map[string]any{"id": "M1", "channel_id": "C1", "guild_id": testGuild,
		"author": map[string]any{"id": asker, "username": "alice"}, "content": "<@999> words?", "mentions": []any{map[string]any{"id": testBot}}})
	f.WaitFor("three parts", func() bool { return len(f.CallsMatching("POST", "/channels/C1/messages")) >= 4 })
	a.rt.Wait()
	var got []string
	for _, c := range f.CallsMatching("POST", "/channels/C1/messages")[1:] { // the first was the refused reply
		checkMessage(t, "plain part", c.Body)
		got = append(got, strings.Fields(strings.TrimPrefix(contentOf(c.Body), "<@"+asker+"> "))...)
	}
	if !slices.Equal(got, words) {
		t.Errorf("the parts carry %d words, want all %d in order (last: %q)", len(got), len(words), got[len(got)-1])
	}
}
