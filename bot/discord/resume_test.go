package discord

import (
	"strings"
	"testing"
	"time"
)

// waitReadyFlag waits until a.Ready() is want.
func waitReadyFlag(t *testing.T, a *Adapter, want bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for a.Ready() != want {
		if time.Now().After(deadline) {
			t.Fatalf("Ready() stayed %v", !want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// settle waits until no new READY/RESUMED arrived for a while.
func settle(f *fakeDiscord) {
	for {
		select {
		case <-f.ready:
		case <-time.After(700 * time.Millisecond):
			return
		}
	}
}

func TestGatewayResumeKeepsReadinessAndUsesTheResumeURL(t *testing.T) {
	tests := []struct {
		name  string
		cause func(f *fakeDiscord)
	}{
		{"close 4000", func(f *fakeDiscord) { f.drop(4000) }},
		{"op 7 reconnect", func(f *fakeDiscord) { f.opcode(7, nil) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeDiscord(t)
			a := testAdapter(t, f, &fakeRouter{}, nil)
			runAdapter(t, a)
			waitReady(t, f)
			waitReadyFlag(t, a, true)
			tc.cause(f)
			waitReady(t, f) // RESUMED
			settle(f)
			waitReadyFlag(t, a, true)
			f.mu.Lock()
			resumes, identifies := append([]resume(nil), f.resumes...), len(f.identifies)
			f.mu.Unlock()
			if len(resumes) == 0 {
				t.Fatal("no RESUME was sent")
			}
			for _, r := range resumes {
				if r.Path != "/resume" {
					t.Errorf("resumed at %q: want resume_gateway_url (/resume)", r.Path)
				}
				if r.SessionID != "sess1" {
					t.Errorf("resumed session %q, want sess1", r.SessionID)
				}
			}
			if identifies != 1 {
				t.Errorf("identified %d times: a resumable session must not IDENTIFY again", identifies)
			}
			// Still serving events on the resumed session.
			f.dispatch("MESSAGE_CREATE", map[string]any{"id": "M1", "channel_id": "C1", "guild_id": testGuild,
				"author": map[string]any{"id": "U1", "username": "alice"}, "content": "<@999> still there?", "mentions": []any{map[string]any{"id": testBot}}})
			f.waitFor("reply after resume", func() bool { return len(f.callsMatching("POST", "/channels/C1/messages")) == 1 })
		})
	}
}

// A RESUME Discord refuses (op 9, not resumable) ends with a fresh IDENTIFY
// and the gateway ready again, even though discordgo's Open never returns
// from that answer (its op 9 handler takes the lock Open holds).
func TestGatewayInvalidSessionOnResumeIdentifiesAfresh(t *testing.T) {
	f := newFakeDiscord(t)
	a := testAdapter(t, f, &fakeRouter{}, func(o *Options) { o.OpenTimeout = time.Second })
	runAdapter(t, a)
	waitReady(t, f)
	f.mu.Lock()
	f.invalid = true // the session expired while we were away
	f.mu.Unlock()
	f.drop(4000)
	waitReady(t, f) // READY of a new session
	settle(f)
	waitReadyFlag(t, a, true)
	f.mu.Lock()
	identifies, resumes := len(f.identifies), len(f.resumes)
	f.mu.Unlock()
	if identifies != 2 || resumes < 1 {
		t.Errorf("identifies %d, resumes %d: want a refused RESUME, then one new IDENTIFY", identifies, resumes)
	}
	f.dispatch("MESSAGE_CREATE", map[string]any{"id": "M1", "channel_id": "C1", "guild_id": testGuild,
		"author": map[string]any{"id": "U1", "username": "alice"}, "content": "<@999> hi", "mentions": []any{map[string]any{"id": testBot}}})
	f.waitFor("reply on the new session", func() bool { return len(f.callsMatching("POST", "/channels/C1/messages")) == 1 })
}

// Op 9 in the middle of a session: not resumable means a new IDENTIFY.
func TestGatewayInvalidSessionMidSession(t *testing.T) {
	f := newFakeDiscord(t)
	a := testAdapter(t, f, &fakeRouter{}, func(o *Options) { o.OpenTimeout = time.Second })
	runAdapter(t, a)
	waitReady(t, f)
	f.opcode(9, false)
	waitReady(t, f)
	settle(f)
	waitReadyFlag(t, a, true)
	f.mu.Lock()
	identifies := len(f.identifies)
	f.mu.Unlock()
	if identifies != 2 {
		t.Errorf("identifies = %d, want 2 (op 9 false: start a new session)", identifies)
	}
}

func TestGatewayAnswersDirectMessagesWithoutAMention(t *testing.T) {
	f := newFakeDiscord(t)
	r := &fakeRouter{}
	a := testAdapter(t, f, r, nil)
	runAdapter(t, a)
	waitReady(t, f)
	// No guild_id: a DM. Discord sends DM content without MESSAGE_CONTENT.
	f.dispatch("MESSAGE_CREATE", map[string]any{"id": "D1", "channel_id": "DM1",
		"author": map[string]any{"id": "U1", "username": "alice"}, "content": "What is CAP?", "mentions": []any{}})
	f.waitFor("DM reply", func() bool { return len(f.callsMatching("POST", "/channels/DM1/messages")) == 1 })
	if got := r.requests()[0].Text; got != "What is CAP?" {
		t.Errorf("DM text = %q", got)
	}
}

func TestGatewayAnswersAMentionOfTheBotsManagedRole(t *testing.T) {
	f := newFakeDiscord(t)
	r := &fakeRouter{}
	a := testAdapter(t, f, r, nil)
	runAdapter(t, a)
	waitReady(t, f)
	f.dispatch("GUILD_CREATE", map[string]any{"id": testGuild, "name": "g", "channels": []any{}, "members": []any{}, "threads": []any{},
		"roles": []any{
			map[string]any{"id": "R0", "name": "mods"},
			map[string]any{"id": "R1", "name": "backend-tip", "managed": true, "tags": map[string]any{"bot_id": testBot}},
		}})
	f.waitFor("the managed role recorded", func() bool { return a.botRole(testGuild) == "R1" })
	user := map[string]any{"id": "U1", "username": "alice"}
	// Another role's mention is not for the bot.
	f.dispatch("MESSAGE_CREATE", map[string]any{"id": "X1", "channel_id": "C1", "guild_id": testGuild, "author": user,
		"content": "<@&R0> please look", "mentions": []any{}, "mention_roles": []any{"R0"}})
	f.dispatch("MESSAGE_CREATE", map[string]any{"id": "M1", "channel_id": "C1", "guild_id": testGuild, "author": user,
		"content": "<@&R1> what is CAP?", "mentions": []any{}, "mention_roles": []any{"R1"}})
	f.waitFor("reply to the role mention", func() bool { return len(f.callsMatching("POST", "/channels/C1/messages")) == 1 })
	reqs := r.requests()
	if len(reqs) != 1 || reqs[0].Text != "what is CAP?" {
		t.Errorf("requests = %+v, want one for the role mention with the role stripped", reqs)
	}
}

// A connection that stops hearing from Discord (no heartbeat ACKs) is
// closed with a code that keeps the session, and the session resumes.
func TestGatewayZombieConnectionResumes(t *testing.T) {
	f := newFakeDiscord(t)
	f.heartbeatMS = 50
	a := testAdapter(t, f, &fakeRouter{}, func(o *Options) { o.ZombieAfter = 400 * time.Millisecond })
	runAdapter(t, a)
	waitReady(t, f)
	settle(f)
	f.mu.Lock()
	if len(f.resumes) != 0 {
		t.Fatalf("resumed %d times while Discord was acknowledging heartbeats", len(f.resumes))
	}
	f.noAcks = true
	f.mu.Unlock()
	waitReady(t, f) // RESUMED after the zombie close
	f.mu.Lock()
	f.noAcks = false
	resumes, identifies := len(f.resumes), len(f.identifies)
	f.mu.Unlock()
	if resumes < 1 || identifies != 1 {
		t.Errorf("resumes %d, identifies %d: want a resume of the same session", resumes, identifies)
	}
	waitReadyFlag(t, a, true)
}

// "reply + @bot explain this" to a message the bot cannot read (no
// MESSAGE_CONTENT: it arrives empty) gets a pointer to the context menu,
// not an answer to a question without its subject.
func TestGatewayReplyToAnUnreadableMessagePointsToTheContextMenu(t *testing.T) {
	f := newFakeDiscord(t)
	r := &fakeRouter{}
	a := testAdapter(t, f, r, nil)
	runAdapter(t, a)
	waitReady(t, f)
	f.dispatch("MESSAGE_CREATE", map[string]any{"id": "M2", "channel_id": "C1", "guild_id": testGuild,
		"author": map[string]any{"id": "U1", "username": "alice"}, "content": "<@999> explain this",
		"mentions":          []any{map[string]any{"id": testBot}},
		"message_reference": map[string]any{"message_id": "M1", "channel_id": "C1"},
		"referenced_message": map[string]any{"id": "M1", "channel_id": "C1", "content": "",
			"author": map[string]any{"id": "U2", "username": "bob"}}})
	f.waitFor("the hint", func() bool { return len(f.callsMatching("POST", "/channels/C1/messages")) == 1 })
	c := f.callsMatching("POST", "/channels/C1/messages")[0]
	if got, _ := c.Body["content"].(string); !strings.Contains(got, askMessageName) {
		t.Errorf("reply = %q, want a pointer to %q", got, askMessageName)
	}
	if n := len(r.requests()); n != 0 {
		t.Errorf("the router answered %d subjectless questions", n)
	}
}
