package discord

import (
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/internal/fakediscord"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

// Op 9 with d = true mid-session: Discord says the session may be resumed,
// so the bot reconnects at resume_gateway_url and sends RESUME (answered
// with RESUMED), never a second IDENTIFY, and is ready again.
func TestGatewayResumableInvalidSessionResumes(t *testing.T) {
	f, a := gatewayUp(t, &fakeRouter{}, func(o *Options) { o.OpenTimeout = time.Second })
	testkit.WaitFor(t, "Ready()", a.Ready)
	f.Opcode(9, true)
	waitReady(t, f) // RESUMED
	settled(t, f, a)
	testkit.WaitFor(t, "Ready()", a.Ready)
	f.Lock()
	identifies, resumes := len(f.Identifies), append([]fakediscord.Resume(nil), f.Resumes...)
	f.Unlock()
	if identifies != 1 || len(resumes) == 0 {
		t.Fatalf("identifies %d, resumes %d: op 9 true must resume the session, not start a new one", identifies, len(resumes))
	}
	for _, r := range resumes {
		if r.Path != "/resume" || r.SessionID != "sess1" {
			t.Errorf("resumed %+v, want sess1 at resume_gateway_url (/resume)", r)
		}
	}
	f.Dispatch("MESSAGE_CREATE", map[string]any{"id": "M1", "channel_id": "C1", "guild_id": testGuild,
		"author": map[string]any{"id": "U1", "username": "alice"}, "content": "<@999> still there?", "mentions": []any{map[string]any{"id": testBot}}})
	f.WaitFor("reply on the resumed session", func() bool { return len(f.CallsMatching("POST", "/channels/C1/messages")) == 1 })
}

// Readiness across a drop: ready while the connection resumes, for up to
// resumeGrace; not ready when it has not come back by then; ready again on
// RESUMED.
func TestReadyStaysTrueWhileResuming(t *testing.T) {
	f := fakediscord.New(t)
	clk := testkit.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	a := testAdapter(t, f, &fakeRouter{}, func(o *Options) { o.Clock = clk.Now })
	steps := []struct {
		name string
		do   func()
		want bool
	}{
		{"before READY", func() {}, false},
		{"READY", func() { a.onReady(nil, nil) }, true},
		{"dropped", a.gatewayDropped, true},
		{"resuming for 29 s", func() { clk.Add(29 * time.Second) }, true},
		{"dropped again while down", func() { a.gatewayDropped() }, true},
		{"not back after 31 s", func() { clk.Add(2 * time.Second) }, false},
		{"RESUMED", func() { a.onResumed(nil, nil) }, true},
		{"an hour later", func() { clk.Add(time.Hour) }, true},
	}
	for _, st := range steps {
		st.do()
		if got := a.Ready(); got != st.want {
			t.Errorf("%s: Ready() = %v, want %v", st.name, got, st.want)
		}
	}
}

// Through the gateway fake: /readyz never reads false while an op 7
// reconnect resumes.
func TestReadyNeverFalseDuringAResume(t *testing.T) {
	f, a := gatewayUp(t, &fakeRouter{}, nil)
	testkit.WaitFor(t, "Ready()", a.Ready)
	var falses atomic.Int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if !a.Ready() {
				falses.Add(1)
			}
			time.Sleep(200 * time.Microsecond) // a sampling interval while real sockets resume, not a wait
		}
	}()
	for range 3 {
		f.Opcode(7, nil)
		waitReady(t, f) // RESUMED
	}
	settled(t, f, a)
	close(stop)
	<-done
	if n := falses.Load(); n != 0 {
		t.Errorf("Ready() read false %d times during resumes", n)
	}
	f.Lock()
	defer f.Unlock()
	if len(f.Identifies) != 1 || len(f.Resumes) < 3 {
		t.Errorf("identifies %d, resumes %d: want three resumes of one session", len(f.Identifies), len(f.Resumes))
	}
}

// Close 4007 (Invalid seq) or 4009 (Session timed out) in answer to a
// RESUME: Discord says reconnect and start a new session. The bot drops
// the session (discordgo would resume it again, forever) and identifies
// afresh, then answers again.
func TestGatewayNewSessionCloseCodesIdentifyAfresh(t *testing.T) {
	for _, code := range []int{4007, 4009} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			f, a := gatewayUp(t, &fakeRouter{}, nil)
			settled(t, f, a)
			f.Lock()
			f.ResumeClose = code
			f.Unlock()
			f.Drop(4000) // a resumable drop: the bot resumes, Discord closes the RESUME
			f.WaitFor("a fresh IDENTIFY", func() bool { ids, _ := f.Handshakes(); return len(ids) == 2 })
			settled(t, f, a)
			mentionAndWaitReply(f, "back?")
			ids, resumes := f.Handshakes()
			if len(ids) != 2 || len(resumes) != 1 {
				t.Errorf("identifies %d, resumes %d: want one refused RESUME, then one new session", len(ids), len(resumes))
			}
		})
	}
}
