package discord

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
)

func TestPostIsIdempotentWithAKey(t *testing.T) {
	for _, tc := range []struct {
		name, key string
	}{
		{"short key used as nonce", "quiz:C1:2026-11-26"},
		{"long key hashed", "quiz:daily:channel-1234567890:2026-11-26T09:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fakediscord.New(t)
			a := testAdapter(t, f, &fakeRouter{}, nil)
			reply := bot.Reply{Text: "Today's quiz @everyone", IdempotencyKey: tc.key,
				Buttons: []bot.Button{{ActionID: "quiz:1:a", Label: "A"}, {ActionID: "quiz:1:b", Label: "B"}}}
			id1, err := a.Post(context.Background(), "C1", reply)
			if err != nil {
				t.Fatal(err)
			}
			id2, err := a.Post(context.Background(), "C1", reply)
			if err != nil {
				t.Fatal(err)
			}
			if id1 == "" || id1 != id2 {
				t.Errorf("ids %q and %q: a repeated Post must return the same message", id1, id2)
			}
			posts := f.CallsMatching("POST", "/channels/C1/messages")
			for _, p := range posts {
				n, _ := p.Body["nonce"].(string)
				if n == "" || len(n) > maxNonce || p.Body["enforce_nonce"] != true {
					t.Errorf("nonce %q enforce %v", n, p.Body["enforce_nonce"])
				}
			}
			if rows, _ := posts[0].Body["components"].([]any); len(rows) != 1 {
				t.Errorf("buttons not rendered as one row: %v", posts[0].Body["components"])
			}
			checkSafe(t, f.Calls())
		})
	}
}

func TestPostSplitsLongTextWithoutKey(t *testing.T) {
	f := fakediscord.New(t)
	a := testAdapter(t, f, &fakeRouter{}, nil)
	id, err := a.Post(context.Background(), "C2", bot.Reply{Text: longAnswer(), Sources: []bot.Source{{Section: "s"}}})
	if err != nil || id == "" {
		t.Fatalf("Post = %q, %v", id, err)
	}
	posts := f.CallsMatching("POST", "/channels/C2/messages")
	if len(posts) != 3 {
		t.Fatalf("%d messages, want 3", len(posts))
	}
	if _, ok := posts[0].Body["nonce"]; ok {
		t.Error("nonce sent without an idempotency key")
	}
	if posts[2].Body["embeds"] == nil || posts[0].Body["embeds"] != nil {
		t.Error("sources embed belongs on the last part only")
	}
	checkSafe(t, f.Calls())
}

func TestThreadReplies(t *testing.T) {
	f := fakediscord.New(t)
	f.History["M5"] = []any{ // newest first
		map[string]any{"id": "4", "author": map[string]any{"id": "U2"}, "content": "<@999> B is right"},
		map[string]any{"id": "3", "author": map[string]any{"id": "U3"}, "content": ""},
		map[string]any{"id": "2", "author": map[string]any{"id": testBot}, "content": "Hint: think of indexes"},
		map[string]any{"id": "1", "type": 21, "author": map[string]any{"id": testBot}, "content": "starter"},
	}
	f.History["C1"] = []any{ // channel messages after the post, newest first
		map[string]any{"id": "6", "author": map[string]any{"id": "U5"}, "content": "<@999> unrelated"},
		map[string]any{"id": "5", "author": map[string]any{"id": "U4"}, "content": "<@999> C, I think",
			"message_reference": map[string]any{"message_id": "M5"}},
	}
	a := testAdapter(t, f, &fakeRouter{}, nil)
	a.session.State.User = &discordgo.User{ID: testBot} // as READY does
	turns, err := a.ThreadReplies(context.Background(), "C1", "M5", 50)
	if err != nil {
		t.Fatal(err)
	}
	want := []bot.Turn{{FromBot: true, Author: "999", Text: "Hint: think of indexes"}, {Author: "U2", Text: "B is right"}, {Author: "U4", Text: "C, I think"}}
	if !reflect.DeepEqual(turns, want) {
		t.Errorf("turns = %+v, want %+v", turns, want)
	}
	if q := f.CallsMatching("GET", "/channels/M5/messages")[0].Query; !strings.Contains(q, "limit=50") {
		t.Errorf("query = %q", q)
	}
	none, err := a.ThreadReplies(context.Background(), "C9", "NOTHREAD", 20)
	if err != nil || none != nil {
		t.Errorf("no thread: %v, %v; want nil, nil", none, err)
	}
}

func TestDirectMessage(t *testing.T) {
	f := fakediscord.New(t)
	a := testAdapter(t, f, &fakeRouter{}, nil)
	err := a.DirectMessage(context.Background(), "U2", bot.Reply{Text: "📚 You have 3 items to review. @everyone"})
	if err != nil {
		t.Fatal(err)
	}
	opens := f.CallsMatching("POST", "/users/@me/channels")
	if len(opens) != 1 || opens[0].Body["recipient_id"] != "U2" {
		t.Fatalf("DM channel calls %+v", opens)
	}
	sent := f.CallsMatching("POST", "/channels/DM-U2/messages")
	if len(sent) != 1 || !strings.Contains(fmt.Sprint(sent[0].Body["content"]), "3 items to review") {
		t.Fatalf("DM messages %+v", sent)
	}
	checkSafe(t, f.Calls())
	// A member who blocks DMs from server members: the error says so.
	if err := a.DirectMessage(context.Background(), "UNODM", bot.Reply{Text: "x"}); err == nil || !strings.Contains(err.Error(), "Cannot send messages") {
		t.Errorf("blocked DM: %v", err)
	}
}
