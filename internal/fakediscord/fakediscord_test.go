package fakediscord

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// The fake answers as Discord's REST API does (status and JSON error code).
func TestFakeAnswersLikeDiscord(t *testing.T) {
	s := New(t)
	s.Lock()
	s.Forbidden["CGONE"] = true
	s.Unlock()
	call := func(method, path string, body any) (int, map[string]any) {
		t.Helper()
		raw, _ := json.Marshal(body)
		return callREST(t, s, method, path, string(raw))
	}
	if code, out := call("POST", "channels/CGONE/messages", map[string]any{"content": "hi"}); code != 403 || out["code"] != 50001.0 {
		t.Errorf("post where the bot lost access: %d %v, want 403 code 50001", code, out)
	}
	once := map[string]any{"content": "once", "nonce": "n1", "enforce_nonce": true}
	_, first := call("POST", "channels/C1/messages", once)
	_, again := call("POST", "channels/C1/messages", once)
	if first["id"] == nil || again["id"] != first["id"] {
		t.Errorf("same nonce: message %v, want the first one %v", again["id"], first["id"])
	}
	thread := fmt.Sprintf("channels/C1/messages/%v/threads", first["id"])
	if code, _ := call("POST", thread, map[string]any{"name": "talk"}); code != 201 {
		t.Errorf("thread: %d", code)
	}
	if code, out := call("POST", thread, map[string]any{"name": "talk again"}); code != 400 || out["code"] != 160004.0 {
		t.Errorf("second thread from one message: %d %v, want 400 code 160004", code, out)
	}
	if code, out := call("POST", "channels/DM-"+NoDMs+"/messages", map[string]any{"content": "hi"}); code != 403 || out["code"] != 50007.0 {
		t.Errorf("DM to a member who refuses DMs: %d %v, want 403 code 50007", code, out)
	}
	if n := len(s.CallsMatching("POST", "/channels/C1/messages")); n != 4 {
		t.Errorf("%d calls recorded under /channels/C1/messages, want 4", n)
	}
}

func TestCommandRules(t *testing.T) {
	good := map[string]any{"name": "backend-tip", "description": "study helper", "type": float64(1),
		"options": []any{map[string]any{"name": "ask", "description": "ask", "type": float64(1)}}}
	if errs := CommandRules(good); len(errs) != 0 {
		t.Errorf("a valid command: %v", errs)
	}
	for name, c := range map[string]map[string]any{
		"upper case name":  {"name": "Backend", "description": "x", "type": float64(1)},
		"no description":   {"name": "tip", "description": "", "type": float64(1)},
		"menu with a text": {"name": "Ask about this", "description": "x", "type": float64(3)},
	} {
		if errs := CommandRules(c); len(errs) == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
}

// A RESUME whose seq the fake never sent is closed with 4007 (Invalid
// seq), as Discord does.
func TestFakeClosesAResumeWithAnUnknownSeq(t *testing.T) {
	s := New(t)
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(s.URL, "http")+"/ws/", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var hello map[string]any
	if err := conn.ReadJSON(&hello); err != nil {
		t.Fatal(err)
	}
	if err := conn.WriteJSON(map[string]any{"op": 6, "d": map[string]any{"token": "Bot t", "session_id": "sess0", "seq": 42}}); err != nil {
		t.Fatal(err)
	}
	_, _, err = conn.ReadMessage()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4007 {
		t.Fatalf("RESUME with seq 42 never sent: %v, want close 4007", err)
	}
}

// Discord starts threads from messages in text and announcement channels
// only: inside a thread or in a DM it is 400 code 50024.
func TestFakeRefusesThreadsInThreadsAndDMs(t *testing.T) {
	s := New(t)
	s.Lock()
	s.Channels["T1"] = map[string]any{"id": "T1", "type": 11, "parent_id": "C1"}
	s.Channels["N1"] = map[string]any{"id": "N1", "type": 5}
	s.Unlock()
	for _, tc := range []struct {
		channel string
		want    int
	}{{"C1", 201}, {"N1", 201}, {"T1", 400}, {"DM-U1", 400}} {
		code, out := callREST(t, s, "POST", "channels/"+tc.channel+"/messages/x"+tc.channel+"/threads", `{"name":"talk"}`)
		if code != tc.want || (tc.want == 400 && out["code"] != 50024.0) {
			t.Errorf("thread from a message in %s: %d %v, want %d", tc.channel, code, out, tc.want)
		}
	}
}

// Starting a thread needs Create Public Threads and Send Messages in
// Threads: where the bot lacks them (NoThreads) it is 403 code 50013, and
// an interaction there carries app_permissions without those bits (with
// them elsewhere).
func TestFakeRefusesThreadsWithoutThreadPermissions(t *testing.T) {
	s := New(t)
	s.Lock()
	s.NoThreads["C3"] = true
	s.NoHistory["C4"] = true
	s.Unlock()
	const threads = 1<<35 | 1<<38
	for _, tc := range []struct {
		channel     string
		want        int
		threadPerms bool
	}{{"C1", 201, true}, {"C3", 403, false}, {"C4", 201, true}} {
		code, out := callREST(t, s, "POST", "channels/"+tc.channel+"/messages/x"+tc.channel+"/threads", `{"name":"talk"}`)
		if code != tc.want || (tc.want == 403 && out["code"] != 50013.0) {
			t.Errorf("thread from a message in %s: %d %v, want %d", tc.channel, code, out, tc.want)
		}
		ev, _ := s.noteInteraction(map[string]any{"id": "I-" + tc.channel, "type": 2, "channel_id": tc.channel}).(map[string]any)
		perms, err := strconv.ParseInt(fmt.Sprint(ev["app_permissions"]), 10, 64)
		if err != nil {
			t.Fatalf("app_permissions in %s = %v: %v", tc.channel, ev["app_permissions"], err)
		}
		if got := perms&threads == threads; got != tc.threadPerms || perms&(1<<11) == 0 {
			t.Errorf("app_permissions in %s = %b: thread permissions %v, want %v (and Send Messages)", tc.channel, perms, got, tc.threadPerms)
		}
		if history := perms&(1<<16) != 0; history != (tc.channel != "C4") {
			t.Errorf("app_permissions in %s = %b: Read Message History %v", tc.channel, perms, history)
		}
	}
	given := map[string]any{"id": "I-given", "type": 2, "channel_id": "C3", "app_permissions": "8"}
	if ev := s.noteInteraction(given).(map[string]any); ev["app_permissions"] != "8" {
		t.Errorf("app_permissions a test set = %v, want it kept", ev["app_permissions"])
	}
}

// A reply needs Read Message History: without it Discord refuses the
// message_reference (403 code 50013); a plain message still goes.
func TestFakeRefusesRepliesWithoutReadMessageHistory(t *testing.T) {
	s := New(t)
	s.Lock()
	s.NoHistory["C2"] = true
	s.Unlock()
	post := func(body string) (int, map[string]any) {
		return callREST(t, s, "POST", "channels/C2/messages", body)
	}
	if code, out := post(`{"content":"hi","allowed_mentions":{"parse":[]},"message_reference":{"message_id":"M1"}}`); code != 403 || out["code"] != 50013.0 {
		t.Errorf("reply without Read Message History: %d %v, want 403 code 50013", code, out)
	}
	if code, _ := post(`{"content":"hi","allowed_mentions":{"parse":[]}}`); code != 200 {
		t.Errorf("plain message: %d, want 200", code)
	}
}

// callREST sends body (JSON) to the fake's REST API and returns the status
// and the decoded JSON answer.
func callREST(t *testing.T, s *Server, method, path, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, s.APIURL()+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// After a deferred response's loading message is deleted, Discord answers
// a follow-up with Unknown Message; once the loading message was edited,
// follow-ups are new messages.
func TestFakeFollowUpsAfterADeferredResponse(t *testing.T) {
	s := New(t)
	s.Deferred("tok-A")
	if code, _ := callREST(t, s, "PATCH", "webhooks/app/tok-A/messages/@original", `{"content":"done"}`); code != 200 {
		t.Fatalf("edit original: %d", code)
	}
	if code, _ := callREST(t, s, "POST", "webhooks/app/tok-A", `{"content":"more","flags":64}`); code != 200 {
		t.Errorf("follow-up after the edit: %d, want 200", code)
	}
	s.Deferred("tok-B")
	if code, _ := callREST(t, s, "DELETE", "webhooks/app/tok-B/messages/@original", ``); code != 204 {
		t.Fatalf("delete original: %d", code)
	}
	if code, out := callREST(t, s, "POST", "webhooks/app/tok-B", `{"content":"private","flags":64}`); code != 404 || out["code"] != 10008.0 {
		t.Errorf("follow-up after deleting the loading message: %d %v, want 404 code 10008", code, out)
	}
}
