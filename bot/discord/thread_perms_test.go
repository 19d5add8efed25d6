package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
)

// interviewStart is `/backend-tip interview start type:behavioral` by
// member m in channel, carrying the bot's permissions there as Discord
// does (app_permissions).
func (s *quizStack) interviewStart(id string, m member, channel string) map[string]any {
	data := map[string]any{"id": "cmd", "name": commandName, "type": 1, "options": []any{
		map[string]any{"name": "interview", "type": 2, "options": []any{
			map[string]any{"name": "start", "type": 1, "options": []any{map[string]any{"name": "type", "type": 3, "value": "behavioral"}}}}}}}
	in := interaction(id, 2, data)
	in["member"] = m.json()
	in["channel_id"] = channel
	in["app_permissions"] = s.fake.AppPermissions(channel)
	return in
}

// Where the bot has the thread permissions, the interview gets its thread
// (TestInterviewWhereNoThreadCanStart covers where it does not).
func TestInterviewWithThreadPermissions(t *testing.T) {
	s := newOpenQuizStack(t, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	bob := member{"U2", "bob", "", ""}
	code, reply := s.send(s.interviewStart("I2", bob, "C2"))
	if code != http.StatusOK || !strings.Contains(contentOf(reply), "<#") {
		t.Fatalf("interview with thread permissions: %d %q, want a thread link", code, contentOf(reply))
	}
	if starts := s.threadStarts(); len(starts) != 1 || !strings.HasPrefix(starts[0].Path, "/channels/C2/") {
		t.Errorf("thread starts %v, want one in C2", starts)
	}
	checkSafe(t, s.fake.Calls())
}

// TestThreadRefusedForPermissions: a post whose thread Discord refuses
// for missing permissions (403 code 50013) stands, and the channel
// promises no thread afterwards, so the next post does not try again;
// other channels keep theirs. An interaction showing the permissions back
// lifts it.
func TestThreadRefusedForPermissions(t *testing.T) {
	f := fakediscord.New(t)
	f.Lock()
	f.NoThreads["C1"] = true
	f.Unlock()
	a := testAdapter(t, f, &fakeRouter{}, nil)
	ctx := context.Background()
	if !a.CanStartThread(ctx, "C1") {
		t.Fatal("CanStartThread(C1) = false before any refusal: nothing says the permissions are missing yet")
	}
	id, err := a.Post(ctx, "C1", bot.Reply{Text: "Question", ThreadName: "discussion"})
	if err != nil || id == "" {
		t.Fatalf("Post = %q, %v; the post stands without its thread", id, err)
	}
	if n := len(f.CallsMatching("POST", "/channels/C1/messages/"+id+"/threads")); n != 1 {
		t.Fatalf("%d thread starts, want the one refused", n)
	}
	if a.CanStartThread(ctx, "C1") {
		t.Error("CanStartThread(C1) = true after Discord refused a thread there with 50013")
	}
	if !a.CanStartThread(ctx, "C2") {
		t.Error("CanStartThread(C2) = false: a refusal in C1 says nothing of C2")
	}
	if _, err := a.Post(ctx, "C1", bot.Reply{Text: "Again", ThreadName: "discussion"}); err != nil {
		t.Fatal(err)
	}
	var starts int
	for _, c := range f.Calls() {
		if c.Method == "POST" && strings.HasSuffix(c.Path, "/threads") {
			starts++
		}
	}
	if starts != 1 {
		t.Errorf("%d thread starts after the refusal, want none beyond the first", starts-1)
	}

	f.Lock()
	delete(f.NoThreads, "C1") // an admin grants the permissions
	f.Unlock()
	a.notePermissions(interactionIn(t, "C1", f.AppPermissions("C1")))
	if !a.CanStartThread(ctx, "C1") {
		t.Error("CanStartThread(C1) = false after an interaction showed the thread permissions")
	}
}

// interactionIn decodes an interaction from channel carrying perms as its
// app_permissions, as discordgo reads one from Discord.
func interactionIn(t *testing.T, channel, perms string) *discordgo.Interaction {
	t.Helper()
	var i discordgo.Interaction
	raw := `{"id":"I9","type":1,"channel_id":"` + channel + `","app_permissions":"` + perms + `"}`
	if err := json.Unmarshal([]byte(raw), &i); err != nil {
		t.Fatal(err)
	}
	return &i
}

// TestGatewayInteractionRecordsThreadPermissions: an interaction arriving
// over the gateway carries the bot's permissions in its channel; one from
// a channel without the thread permissions makes CanStartThread false
// there before any post tries, and leaves other channels as they were.
func TestGatewayInteractionRecordsThreadPermissions(t *testing.T) {
	r := &fakeRouter{}
	f, a := gatewayUp(t, r, nil)
	f.Lock()
	f.NoThreads["C3"] = true
	f.Unlock()
	for _, ch := range []string{"C3", "C4"} {
		in := interaction("I-"+ch, 3, map[string]any{"custom_id": "quiz:x:1", "component_type": 2})
		in["channel_id"] = ch
		in["message"] = map[string]any{"id": "POST-" + ch, "channel_id": ch}
		f.Dispatch("INTERACTION_CREATE", in)
		f.WaitFor("click response", func() bool {
			return len(f.CallsMatching("POST", "/interactions/I-"+ch+"/tok-I-"+ch+"/callback")) == 1
		})
	}
	ctx := context.Background()
	if a.CanStartThread(ctx, "C3") {
		t.Error("CanStartThread(C3) = true: the interaction there said the bot lacks the thread permissions")
	}
	if !a.CanStartThread(ctx, "C4") {
		t.Error("CanStartThread(C4) = false: the interaction there carried the thread permissions")
	}
	if n := len(f.CallsMatching("POST", "/channels/")); n != 0 {
		t.Errorf("%d posts: asking CanStartThread posts nothing", n)
	}
}

// TestPermCacheIsBounded: past maxPermChannels channels the earliest
// recorded is forgotten (unknown again: the type check alone decides);
// recording a known channel again neither grows the cache nor moves it.
func TestPermCacheIsBounded(t *testing.T) {
	a := testAdapter(t, fakediscord.New(t), &fakeRouter{}, nil)
	a.threadPerms.Set("first", false)
	a.threadPerms.Set("first", false)
	for k := range maxPermChannels - 1 {
		a.threadPerms.Set(fmt.Sprint("c", k), false)
	}
	if !a.threadsDenied("first") {
		t.Fatal("first forgotten before the cache was full")
	}
	a.threadPerms.Set("one more", false)
	if a.threadsDenied("first") || !a.threadsDenied("c0") || !a.threadsDenied("one more") {
		t.Errorf("after one channel past the bound: first %v c0 %v new %v, want the earliest forgotten only",
			a.threadsDenied("first"), a.threadsDenied("c0"), a.threadsDenied("one more"))
	}
	if n := a.threadPerms.Len(); n != maxPermChannels {
		t.Errorf("cache holds %d channels, want %d", n, maxPermChannels)
	}
}
