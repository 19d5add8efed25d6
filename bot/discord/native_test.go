package discord

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
)

// httpAdapter is an adapter serving signed HTTP interactions against f.
func httpAdapter(t *testing.T, f *fakediscord.Server, r platform.Router, mod func(*Options)) (*Adapter, keys) {
	t.Helper()
	k := newKeys(t)
	a := testAdapter(t, f, r, func(o *Options) {
		o.PublicKey = hexKey(k)
		o.Gateway = false
		o.Commands = bot.Grammar()
		if mod != nil {
			mod(o)
		}
	})
	return a, k
}

func TestHTTPAutocompleteSuggestsZones(t *testing.T) {
	f := fakediscord.New(t)
	r := &fakeRouter{}
	a, k := httpAdapter(t, f, r, func(o *Options) { o.DefaultZone = "Europe/Berlin" })
	typing := func(id, value string, guildLocale string) map[string]any {
		in := interaction(id, 4, map[string]any{"id": "cmd", "name": commandName, "type": 1, "options": []any{
			map[string]any{"name": "quiz", "type": 2, "options": []any{map[string]any{"name": "daily", "type": 1, "options": []any{
				map[string]any{"name": "time", "type": 3, "value": "09:00"},
				map[string]any{"name": "timezone", "type": 3, "value": value, "focused": true}}}}}}})
		if guildLocale != "" {
			in["guild_locale"] = guildLocale
		}
		return in
	}
	choices := func(in map[string]any) []string {
		t.Helper()
		code, resp := serve(t, a, k.signedRequest(mustJSON(t, in), time.Now()))
		if code != http.StatusOK || resp["type"] != float64(8) {
			t.Fatalf("autocomplete: %d %v, want 200 type 8", code, resp)
		}
		data, _ := resp["data"].(map[string]any)
		list, _ := data["choices"].([]any)
		var out []string
		for _, c := range list {
			m := c.(map[string]any)
			if m["name"] != m["value"] {
				t.Errorf("choice %v: name and value differ", m)
			}
			out = append(out, m["value"].(string))
		}
		if len(out) > 25 {
			t.Errorf("%d choices, Discord allows 25", len(out))
		}
		return out
	}
	if got := choices(typing("A1", "tok", "")); !slices.Contains(got, "Asia/Tokyo") {
		t.Errorf("choices for \"tok\" = %v, want Asia/Tokyo among them", got)
	}
	if got := choices(typing("A2", "", "")); len(got) == 0 || got[0] != "Europe/Berlin" {
		t.Errorf("choices for nothing typed = %v, want the default zone first", got)
	}
	if got := choices(typing("A3", "", "ja")); len(got) == 0 || got[0] != "Asia/Tokyo" {
		t.Errorf("choices in a Japanese server = %v, want Asia/Tokyo first", got)
	}
	if n := len(r.requests()); n != 0 {
		t.Errorf("autocomplete ran %d commands", n)
	}
}

func TestHTTPContextMenuAsksAboutTheTargetMessage(t *testing.T) {
	f := fakediscord.New(t)
	r := &fakeRouter{}
	a, k := httpAdapter(t, f, r, nil)
	in := interaction("CM1", 2, map[string]any{"id": "cmd2", "name": askMessageName, "type": 3, "target_id": "M9",
		"resolved": map[string]any{"messages": map[string]any{"M9": map[string]any{"id": "M9", "channel_id": "C1",
			"author": map[string]any{"id": "U7", "username": "dave"}, "content": "Why does our ORM issue one query per row?"}}}})
	code, resp := serve(t, a, k.signedRequest(mustJSON(t, in), time.Now()))
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	f.WaitFor("the answer", func() bool { return len(r.requests()) == 1 })
	if got := r.requests()[0].Text; got != "ask Why does our ORM issue one query per row?" {
		t.Errorf("request text = %q, want an ask about the target message", got)
	}
	// What the member sees answers about the target message's text.
	shown := ""
	switch resp["type"] {
	case float64(4):
		shown, _ = resp["data"].(map[string]any)["content"].(string)
	case float64(5):
		f.WaitFor("the answer edit", func() bool { return len(f.CallsMatching("PATCH", "/webhooks/"+testApp+"/tok-CM1")) > 0 })
		calls := f.CallsMatching("PATCH", "/webhooks/"+testApp+"/tok-CM1")
		shown, _ = calls[len(calls)-1].Body["content"].(string)
	default:
		t.Fatalf("response type %v", resp["type"])
	}
	if !strings.Contains(shown, "Why does our ORM issue one query per row?") {
		t.Errorf("shown answer = %q, want one about the target message", shown)
	}
}

func TestHTTPChannelCommandsRefusedOutsideTheInstall(t *testing.T) {
	f := fakediscord.New(t)
	r := &fakeRouter{handle: func(_ context.Context, req bot.Request, s bot.Stream) { s.Done(bot.Reply{Text: "ran " + req.Text}) }}
	a, k := httpAdapter(t, f, r, nil)
	dm := func(id string, data map[string]any) map[string]any {
		in := interaction(id, 2, data)
		delete(in, "guild_id")
		delete(in, "member")
		in["user"] = map[string]any{"id": "U1", "username": "alice"}
		in["context"] = 1 // BOT_DM
		in["authorizing_integration_owners"] = map[string]any{"1": "U1"}
		in["channel_id"] = "DM1"
		return in
	}
	quizDaily := map[string]any{"id": "cmd", "name": commandName, "type": 1, "options": []any{
		map[string]any{"name": "quiz", "type": 2, "options": []any{map[string]any{"name": "daily", "type": 1, "options": []any{
			map[string]any{"name": "time", "type": 3, "value": "09:00"}}}}}}}
	code, resp := serve(t, a, k.signedRequest(mustJSON(t, dm("O1", quizDaily)), time.Now()))
	data, _ := resp["data"].(map[string]any)
	if code != http.StatusOK || resp["type"] != float64(4) || data["flags"] != float64(64) {
		t.Errorf("quiz daily in a DM: %d %v, want a private type 4 refusal", code, resp)
	}
	code, resp = serve(t, a, k.signedRequest(mustJSON(t, dm("O2", map[string]any{"id": "cmd", "name": commandName, "type": 1,
		"options": []any{map[string]any{"name": "tip", "type": 1}}})), time.Now()))
	if code != http.StatusOK || len(r.requests()) != 1 || r.requests()[0].Text != "tip" {
		t.Errorf("tip in a DM: %d %v, requests %v; want it answered", code, resp, r.requests())
	}
}

func TestHTTPFeedbackButtonsAreStored(t *testing.T) {
	f := fakediscord.New(t)
	var got []bot.Feedback
	r := &fakeRouter{}
	a, k := httpAdapter(t, f, r, func(o *Options) {
		o.Feedback = func(_ context.Context, fb bot.Feedback) error { got = append(got, fb); return nil }
	})
	for i, id := range []string{feedbackUp, feedbackDown} {
		in := interaction(fmt.Sprint("F", i), 3, map[string]any{"custom_id": id, "component_type": 2})
		in["message"] = map[string]any{"id": "A1", "channel_id": "C1"}
		code, resp := serve(t, a, k.signedRequest(mustJSON(t, in), time.Now()))
		data, _ := resp["data"].(map[string]any)
		if code != http.StatusOK || resp["type"] != float64(4) || data["flags"] != float64(64) {
			t.Errorf("%s: %d %v, want a private thanks", id, code, resp)
		}
	}
	if len(got) != 2 || !got[0].Positive || got[1].Positive || got[0].MessageID != "A1" || got[0].UserID != "U1" || got[0].Platform != "discord" {
		t.Errorf("stored feedback = %+v", got)
	}
	if len(r.clicks) != 0 {
		t.Errorf("feedback reached the router: %v", r.clicks)
	}
}
