package discord

import (
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/internal/fakediscord"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// settled waits until no new READY/RESUMED arrived for a while (discordgo's
// old heartbeat goroutine may close a fresh connection once more) and the
// adapter says it is ready. A real quiet window: the gateway is a real
// websocket (no synctest), and a stray reconnect has no later event to
// wait for; the window is many fake heartbeats long.
func settled(t *testing.T, f *fakediscord.Server, a *Adapter) {
	t.Helper()
	for quiet := false; !quiet; {
		select {
		case <-f.Ready:
		case <-time.After(700 * time.Millisecond):
			quiet = true
		}
	}
	testkit.WaitFor(t, "Ready()", a.Ready)
}

// mentionAndWaitReply mentions the bot in C1 on the gateway and waits for
// its reply there.
func mentionAndWaitReply(f *fakediscord.Server, text string) {
	f.Dispatch("MESSAGE_CREATE", map[string]any{"id": "M1", "channel_id": "C1", "guild_id": testGuild,
		"author": map[string]any{"id": "U1", "username": "alice"}, "content": "<@999> " + text, "mentions": []any{map[string]any{"id": testBot}}})
	f.WaitFor("the reply to "+text, func() bool { return len(f.CallsMatching("POST", "/channels/C1/messages")) == 1 })
}

func TestGatewayResumeKeepsReadinessAndUsesTheResumeURL(t *testing.T) {
	tests := []struct {
		name  string
		cause func(f *fakediscord.Server)
	}{
		{"close 4000", func(f *fakediscord.Server) { f.Drop(4000) }},
		{"op 7 reconnect", func(f *fakediscord.Server) { f.Opcode(7, nil) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := fakediscord.New(t)
			a := testAdapter(t, f, &fakeRouter{}, nil)
			runAdapter(t, a)
			waitReady(t, f)
			testkit.WaitFor(t, "Ready() = true", a.Ready)
			tc.cause(f)
			waitReady(t, f) // RESUMED
			settled(t, f, a)
			ids, resumes := f.Handshakes()
			identifies := len(ids)
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
			mentionAndWaitReply(f, "still there?")
		})
	}
}

// A RESUME Discord refuses (op 9, not resumable) ends with a fresh IDENTIFY
// and the gateway ready again, even though discordgo's Open never returns
// from that answer (its op 9 handler takes the lock Open holds).
func TestGatewayInvalidSessionOnResumeIdentifiesAfresh(t *testing.T) {
	f, a := gatewayUp(t, &fakeRouter{}, func(o *Options) { o.OpenTimeout = time.Second })
	f.Lock()
	f.Invalid = true // the session expired while we were away
	f.Unlock()
	f.Drop(4000)
	waitReady(t, f) // READY of a new session
	settled(t, f, a)
	ids, res := f.Handshakes()
	identifies, resumes := len(ids), len(res)
	if identifies != 2 || resumes < 1 {
		t.Errorf("identifies %d, resumes %d: want a refused RESUME, then one new IDENTIFY", identifies, resumes)
	}
	mentionAndWaitReply(f, "hi")
}

// Op 9 in the middle of a session: not resumable means a new IDENTIFY.
func TestGatewayInvalidSessionMidSession(t *testing.T) {
	f, a := gatewayUp(t, &fakeRouter{}, func(o *Options) { o.OpenTimeout = time.Second })
	f.Opcode(9, false)
	waitReady(t, f)
	settled(t, f, a)
	ids, _ := f.Handshakes()
	identifies := len(ids)
	if identifies != 2 {
		t.Errorf("identifies = %d, want 2 (op 9 false: start a new session)", identifies)
	}
}

func TestGatewayAnswersDirectMessagesWithoutAMention(t *testing.T) {
	r := &fakeRouter{}
	f, _ := gatewayUp(t, r, nil)
	// No guild_id: a DM. Discord sends DM content without MESSAGE_CONTENT.
	f.Dispatch("MESSAGE_CREATE", map[string]any{"id": "D1", "channel_id": "DM1",
		"author": map[string]any{"id": "U1", "username": "alice"}, "content": "What is CAP?", "mentions": []any{}})
	f.WaitFor("DM reply", func() bool { return len(f.CallsMatching("POST", "/channels/DM1/messages")) == 1 })
	if got := r.requests()[0].Text; got != "What is CAP?" {
		t.Errorf("DM text = %q", got)
	}
}

func TestGatewayAnswersAMentionOfTheBotsManagedRole(t *testing.T) {
	r := &fakeRouter{}
	f, a := gatewayUp(t, r, nil)
	f.Dispatch("GUILD_CREATE", map[string]any{"id": testGuild, "name": "g", "channels": []any{}, "members": []any{}, "threads": []any{},
		"roles": []any{
			map[string]any{"id": "R0", "name": "mods"},
			map[string]any{"id": "R1", "name": "backend-tip", "managed": true, "tags": map[string]any{"bot_id": testBot}},
		}})
	f.WaitFor("the managed role recorded", func() bool { return a.botRole(testGuild) == "R1" })
	user := map[string]any{"id": "U1", "username": "alice"}
	// Another role's mention is not for the bot.
	f.Dispatch("MESSAGE_CREATE", map[string]any{"id": "X1", "channel_id": "C1", "guild_id": testGuild, "author": user,
		"content": "<@&R0> please look", "mentions": []any{}, "mention_roles": []any{"R0"}})
	f.Dispatch("MESSAGE_CREATE", map[string]any{"id": "M1", "channel_id": "C1", "guild_id": testGuild, "author": user,
		"content": "<@&R1> what is CAP?", "mentions": []any{}, "mention_roles": []any{"R1"}})
	f.WaitFor("reply to the role mention", func() bool { return len(f.CallsMatching("POST", "/channels/C1/messages")) == 1 })
	a.rt.Wait() // X1 came first (events in order): its work, if any, is done
	reqs := r.requests()
	if len(reqs) != 1 || reqs[0].Text != "what is CAP?" {
		t.Errorf("requests = %+v, want one for the role mention with the role stripped", reqs)
	}
}

// A connection that stops hearing from Discord (no heartbeat ACKs) is
// closed with a code that keeps the session, and the session resumes.
func TestGatewayZombieConnectionResumes(t *testing.T) {
	f := fakediscord.New(t)
	f.HeartbeatMS = 50
	a := testAdapter(t, f, &fakeRouter{}, func(o *Options) { o.ZombieAfter = 400 * time.Millisecond })
	runAdapter(t, a)
	waitReady(t, f)
	settled(t, f, a)
	if _, res := f.Handshakes(); len(res) != 0 {
		t.Fatalf("resumed %d times while Discord was acknowledging heartbeats", len(res))
	}
	f.Lock()
	f.NoAcks = true
	f.Unlock()
	waitReady(t, f) // RESUMED after the zombie close
	f.Lock()
	f.NoAcks = false
	f.Unlock()
	if ids, res := f.Handshakes(); len(res) < 1 || len(ids) != 1 {
		t.Errorf("resumes %d, identifies %d: want a resume of the same session", len(res), len(ids))
	}
	testkit.WaitFor(t, "Ready()", a.Ready)
}

// "reply + @bot explain this" to a message the bot cannot read (no
// MESSAGE_CONTENT: it arrives empty) gets a pointer to the context menu,
// not an answer to a question without its subject.
func TestGatewayReplyToAnUnreadableMessagePointsToTheContextMenu(t *testing.T) {
	r := &fakeRouter{}
	f, _ := gatewayUp(t, r, nil)
	f.Dispatch("MESSAGE_CREATE", map[string]any{"id": "M2", "channel_id": "C1", "guild_id": testGuild,
		"author": map[string]any{"id": "U1", "username": "alice"}, "content": "<@999> explain this",
		"mentions":          []any{map[string]any{"id": testBot}},
		"message_reference": map[string]any{"message_id": "M1", "channel_id": "C1"},
		"referenced_message": map[string]any{"id": "M1", "channel_id": "C1", "content": "",
			"author": map[string]any{"id": "U2", "username": "bob"}}})
	f.WaitFor("the hint", func() bool { return len(f.CallsMatching("POST", "/channels/C1/messages")) == 1 })
	c := f.CallsMatching("POST", "/channels/C1/messages")[0]
	if got, _ := c.Body["content"].(string); !strings.Contains(got, askMessageName) {
		t.Errorf("reply = %q, want a pointer to %q", got, askMessageName)
	}
	if n := len(r.requests()); n != 0 {
		t.Errorf("the router answered %d subjectless questions", n)
	}
}
