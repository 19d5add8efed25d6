package discord

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
)

// serve sends req to the adapter's endpoint and decodes a JSON answer.
func serve(t *testing.T, a *Adapter, req *http.Request) (int, map[string]any) {
	t.Helper()
	raw, _ := io.ReadAll(req.Body)
	req.Body = io.NopCloser(bytes.NewReader(raw))
	rec := httptest.NewRecorder()
	a.InteractionsHandler().ServeHTTP(rec, req)
	var body map[string]any
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("response is not JSON: %s", rec.Body)
		}
	}
	if rec.Code == http.StatusOK && body != nil {
		// Discord refuses a response that breaks its rules (see
		// callbackRules) just as it refuses a REST callback.
		var in struct{ Type int }
		_ = json.Unmarshal(raw, &in)
		if errs := fakediscord.CallbackRules(in.Type, body); len(errs) > 0 {
			t.Errorf("interaction response Discord would refuse: %s\n%v", strings.Join(errs, "; "), body)
		}
	}
	return rec.Code, body
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestHTTPEndpointRefusesBadRequests(t *testing.T) {
	f := fakediscord.New(t)
	k, other := newKeys(t), newKeys(t)
	now := time.Unix(1_800_000_000, 0)
	r := &fakeRouter{}
	a := testAdapter(t, f, r, func(o *Options) {
		o.PublicKey = hexKey(k)
		o.Clock = func() time.Time { return now }
	})
	ping := `{"id":"P1","application_id":"111","type":1,"token":"t","version":1}`
	tampered := k.signedRequest(ping, now)
	tampered.Body = http.NoBody
	noHeaders := httptest.NewRequest("POST", "/discord/interactions", strings.NewReader(ping))
	badTS := k.signedRequest(ping, now)
	badTS.Header.Set("X-Signature-Timestamp", "yesterday")

	for _, tc := range []struct {
		name string
		req  *http.Request
		code int
	}{
		{"ping gets pong", k.signedRequest(ping, now), http.StatusOK},
		{"signed by another key", other.signedRequest(ping, now), http.StatusUnauthorized},
		{"body changed after signing", tampered, http.StatusUnauthorized},
		{"no signature headers", noHeaders, http.StatusUnauthorized},
		{"timestamp not a number", badTS, http.StatusUnauthorized},
		{"stale timestamp", k.signedRequest(ping, now.Add(-10*time.Minute)), http.StatusUnauthorized},
		{"timestamp from the future", k.signedRequest(ping, now.Add(10*time.Minute)), http.StatusUnauthorized},
		{"signed but not JSON", k.signedRequest(`{"id":`, now), http.StatusBadRequest},
		{"signed but no type", k.signedRequest(`{"id":"X"}`, now), http.StatusBadRequest},
		{"command without token", k.signedRequest(`{"id":"X","type":2,"application_id":"111"}`, now), http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := serve(t, a, tc.req)
			if code != tc.code {
				t.Fatalf("status = %d, want %d", code, tc.code)
			}
			if code == http.StatusOK && body["type"] != float64(1) {
				t.Errorf("ping answered %v, want {\"type\":1}", body)
			}
		})
	}
	if len(r.requests()) != 0 || len(f.Calls()) != 0 {
		t.Errorf("refused requests reached the router (%d) or Discord (%d)", len(r.requests()), len(f.Calls()))
	}
}

func hexKey(k keys) string { return hex.EncodeToString(k.pub) }

func TestHTTPSlashAskDefersThenStreamsOnce(t *testing.T) {
	f := fakediscord.New(t)
	k := newKeys(t)
	// The answer starts once the deferred response is out.
	release := make(chan struct{})
	r := &fakeRouter{handle: streamingAnswer(longAnswer()), hold: release}
	a := testAdapter(t, f, r, func(o *Options) { o.PublicKey = hexKey(k) })
	body := mustJSON(t, interaction("H1", 2, askData("N+1問題とは？ @everyone")))

	code, resp := serve(t, a, k.signedRequest(body, time.Now()))
	close(release)
	if code != http.StatusOK || resp["type"] != float64(5) {
		t.Fatalf("initial response %d %v, want 200 type 5", code, resp)
	}
	checkMessage(t, "initial response", resp["data"].(map[string]any))
	f.WaitFor("last follow-up", func() bool {
		for _, c := range f.CallsMatching("POST", "/webhooks/"+testApp+"/tok-H1") {
			if c.Body["embeds"] != nil {
				return true
			}
		}
		return false
	})
	// A replay of the same signed request is refused, not answered twice.
	if code, _ := serve(t, a, k.signedRequest(body, time.Now())); code != http.StatusConflict {
		t.Errorf("replay status = %d, want 409", code)
	}
	if n := len(r.requests()); n != 1 {
		t.Errorf("router ran %d times, want 1", n)
	}
	if n := len(f.CallsMatching("POST", "/interactions/")); n != 0 {
		t.Errorf("HTTP interactions must be answered in the HTTP response, not by %d callbacks", n)
	}
	if n := len(f.CallsMatching("POST", "/webhooks/")); n != 2 {
		t.Errorf("%d follow-ups, want 2", n)
	}
	checkSafe(t, f.Calls())
}

func TestHTTPQuickCommandAnswersDirectly(t *testing.T) {
	f := fakediscord.New(t)
	k := newKeys(t)
	r := &fakeRouter{handle: func(_ context.Context, req bot.Request, s bot.Stream) {
		s.Done(bot.Reply{Text: "help for " + req.Text + " @here", Ephemeral: true,
			Buttons: []bot.Button{{ActionID: "quiz:a", Label: "A"}, {ActionID: "quiz:b", Label: "B", Style: "primary"}}})
	}}
	a := testAdapter(t, f, r, func(o *Options) { o.PublicKey = hexKey(k) })
	body := mustJSON(t, interaction("H2", 2, map[string]any{"name": "backend-tip", "type": 1,
		"options": []any{map[string]any{"name": "help", "type": 1}}}))
	code, resp := serve(t, a, k.signedRequest(body, time.Now()))
	if code != 200 || resp["type"] != float64(4) {
		t.Fatalf("response %d %v, want type 4", code, resp)
	}
	data := resp["data"].(map[string]any)
	checkMessage(t, "help response", data)
	if data["flags"] != float64(64) || !strings.HasPrefix(data["content"].(string), "help for help") {
		t.Errorf("data = %v, want ephemeral help", data)
	}
	if rows := data["components"].([]any); len(rows) != 1 {
		t.Errorf("components = %v, want one row of buttons", rows)
	}
	if req := r.requests()[0]; req.Lang != bot.English {
		t.Errorf("lang = %q, want English from the en-US locale", req.Lang)
	}
}

func TestHTTPSlowEphemeralReplyReplacesPlaceholder(t *testing.T) {
	f := fakediscord.New(t)
	k := newKeys(t)
	// The reply is held until the deferred response is out.
	release := make(chan struct{})
	r := &fakeRouter{hold: release, handle: func(_ context.Context, _ bot.Request, s bot.Stream) {
		s.Done(bot.Reply{Text: "You are asking a lot right now.", Ephemeral: true})
	}}
	a := testAdapter(t, f, r, func(o *Options) { o.PublicKey = hexKey(k) })
	body := mustJSON(t, interaction("H3", 2, map[string]any{"name": "backend-tip", "type": 1, "options": []any{
		map[string]any{"name": "quiz", "type": 2, "options": []any{map[string]any{"name": "leaderboard", "type": 1}}}}}))
	code, resp := serve(t, a, k.signedRequest(body, time.Now()))
	if code != 200 || resp["type"] != float64(5) {
		t.Fatalf("response %d %v, want deferred", code, resp)
	}
	f.Deferred("tok-H3")
	close(release)
	// The public placeholder cannot turn private, and a follow-up right
	// after a deferred response would only edit it (its ephemeral flag
	// ignored): the placeholder is resolved first, the answer follows
	// privately, then the placeholder goes.
	f.WaitFor("placeholder deleted", func() bool {
		return len(f.CallsMatching("DELETE", "/webhooks/"+testApp+"/tok-H3/messages/@original")) == 1
	})
	if n := len(f.CallsMatching("POST", "/webhooks/")); n != 1 {
		t.Errorf("%d follow-ups, want the one private answer", n)
	}
	if n := len(f.CallsMatching("PATCH", "/webhooks/"+testApp+"/tok-H3/messages/@original")); n != 1 {
		t.Errorf("placeholder edited %d times before the follow-up, want 1", n)
	}
	if fu := f.CallsMatching("POST", "/webhooks/")[0]; fu.Body["flags"] != float64(64) {
		t.Errorf("follow-up flags = %v, want ephemeral", fu.Body["flags"])
	}
	if got := r.requests()[0].Text; got != "quiz leaderboard" {
		t.Errorf("text = %q", got)
	}
	checkSafe(t, f.Calls())
}

// When the private answer cannot be delivered (the interaction's token
// expired during a slow answer), the public placeholder apologises rather
// than claim an answer was sent.
func TestHTTPPrivateAnswerThatFailsApologises(t *testing.T) {
	f := fakediscord.New(t)
	f.Refuse["tok-H5"] = fakediscord.Refusal{Status: 401, Code: 50027, Message: "Invalid Webhook Token"}
	k := newKeys(t)
	release := make(chan struct{})
	r := &fakeRouter{hold: release, handle: func(_ context.Context, _ bot.Request, s bot.Stream) {
		s.Done(bot.Reply{Text: "You are asking a lot right now.", Ephemeral: true, Lang: bot.English})
	}}
	a := testAdapter(t, f, r, func(o *Options) { o.PublicKey = hexKey(k) })
	body := mustJSON(t, interaction("H5", 2, map[string]any{"name": "backend-tip", "type": 1, "options": []any{
		map[string]any{"name": "quiz", "type": 2, "options": []any{map[string]any{"name": "leaderboard", "type": 1}}}}}))
	if code, resp := serve(t, a, k.signedRequest(body, time.Now())); code != 200 || resp["type"] != float64(5) {
		t.Fatalf("response %d %v, want deferred", code, resp)
	}
	f.Deferred("tok-H5")
	close(release)
	edits := func() []fakediscord.Call {
		return f.CallsMatching("PATCH", "/webhooks/"+testApp+"/tok-H5/messages/@original")
	}
	f.WaitFor("the apology", func() bool { return len(edits()) == 2 })
	a.rt.Wait()
	if got := contentOf(edits()[1].Body); !strings.Contains(got, "Sorry") {
		t.Errorf("placeholder after a failed private answer = %q, want the apology", got)
	}
	if n := len(f.CallsMatching("DELETE", "/webhooks/")); n != 0 {
		t.Errorf("placeholder deleted %d times: the apology must stay", n)
	}
}

func TestHTTPButtonClickRepliesEphemerally(t *testing.T) {
	f := fakediscord.New(t)
	k := newKeys(t)
	r := &fakeRouter{}
	a := testAdapter(t, f, r, func(o *Options) { o.PublicKey = hexKey(k) })
	in := interaction("H4", 3, map[string]any{"custom_id": "quiz:answer:42:b", "component_type": 2})
	in["message"] = map[string]any{"id": "MSG", "channel_id": "C1"}
	code, resp := serve(t, a, k.signedRequest(mustJSON(t, in), time.Now()))
	if code != 200 || resp["type"] != float64(4) {
		t.Fatalf("response %d %v", code, resp)
	}
	data := resp["data"].(map[string]any)
	checkMessage(t, "click response", data)
	if data["flags"] != float64(64) {
		t.Errorf("click reply not ephemeral: %v", data)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.clicks) != 1 || r.clicks[0].ActionID != "quiz:answer:42:b" || r.clicks[0].MessageID != "MSG" || r.clicks[0].UserID != "U1" {
		t.Errorf("clicks = %+v", r.clicks)
	}
}

func TestHTTPPanicInCommandIsAnsweredAndSurvived(t *testing.T) {
	f := fakediscord.New(t)
	k := newKeys(t)
	r := &fakeRouter{handle: func(context.Context, bot.Request, bot.Stream) { panic("boom") }}
	a := testAdapter(t, f, r, func(o *Options) { o.PublicKey = hexKey(k) })
	for _, id := range []string{"H5", "H6"} {
		body := mustJSON(t, interaction(id, 2, map[string]any{"name": "backend-tip", "type": 1,
			"options": []any{map[string]any{"name": "tip", "type": 1}}}))
		code, resp := serve(t, a, k.signedRequest(body, time.Now()))
		if code != 200 || resp["type"] != float64(4) {
			t.Fatalf("%s: response %d %v, want an apology", id, code, resp)
		}
		if c := resp["data"].(map[string]any)["content"].(string); !strings.Contains(c, "Sorry") {
			t.Errorf("%s: content = %q", id, c)
		}
	}
}

// A refused question (rate limit, nothing in the guide) is answered
// privately in the interaction response itself: no public "thinking…"
// placeholder is posted and deleted first.
func TestRefusedAskLeavesNoPublicPlaceholder(t *testing.T) {
	f := fakediscord.New(t)
	k := newKeys(t)
	r := &fakeRouter{handle: func(_ context.Context, _ bot.Request, s bot.Stream) {
		s.Done(bot.Reply{Text: "You're asking a lot right now.", Ephemeral: true})
	}}
	a := testAdapter(t, f, r, func(o *Options) { o.PublicKey = hexKey(k) })
	code, resp := serve(t, a, k.signedRequest(mustJSON(t, interaction("RF1", 2, askData("N+1?"))), time.Now()))
	if code != http.StatusOK || resp["type"] != float64(4) {
		t.Fatalf("initial response %d %v, want 200 type 4 (answered directly)", code, resp)
	}
	if flags, _ := resp["data"].(map[string]any)["flags"].(float64); int(flags)&64 == 0 {
		t.Errorf("refusal not ephemeral: %v", resp["data"])
	}
	a.rt.Wait()
	if n := len(f.CallsMatching("DELETE", "/webhooks/")) + len(f.CallsMatching("PATCH", "/webhooks/")); n != 0 {
		t.Errorf("%d edits or deletes of a placeholder", n)
	}
}
