package discord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
)

// asJSON round-trips v (a discordgo payload) into what Discord receives.
func asJSON(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// The fake's payload rules accept what the adapter builds and refuse what
// Discord refuses, case by case; a rule that accepted everything would
// fail the "refused" rows.
func TestFakeRefusesPayloadsDiscordRefuses(t *testing.T) {
	form := &bot.Form{ActionID: "q:p1:w", Title: "Answer the question", Label: "Your answer", Placeholder: "…", MaxLength: 1500}
	modal := func(mod func(d map[string]any)) map[string]any {
		m := asJSON(t, modalResponse(form))
		if mod != nil {
			mod(m["data"].(map[string]any))
		}
		return m
	}
	child := func(d map[string]any) map[string]any {
		return d["components"].([]any)[0].(map[string]any)["component"].(map[string]any)
	}
	long := render(bot.Reply{Text: longAnswer(), Sources: []bot.Source{{Section: "A", Excerpt: "x"}}})
	embedAnswer := render(bot.Reply{Text: strings.Repeat("index ", 600), Sources: []bot.Source{{Section: "B", Excerpt: "y"}}})
	closed := render(bot.Reply{Text: "Revealed", Buttons: []bot.Button{{Label: "A", ActionID: "q:p1:0", Disabled: true}}})
	msg := func(ren rendered) map[string]any {
		return asJSON(t, messageResponse(ren, false, true))
	}
	button := func(b map[string]any) map[string]any {
		return map[string]any{"type": 4, "data": map[string]any{"content": "x", "components": []any{
			map[string]any{"type": 1, "components": []any{b}}}}}
	}
	field := func(n int, value string) []any {
		var out []any
		for i := range n {
			out = append(out, map[string]any{"name": fmt.Sprint(i), "value": value})
		}
		return out
	}
	tests := []struct {
		name    string
		itype   int
		body    map[string]any
		refused bool
	}{
		{"the Answer modal to a click", fakediscord.InteractionComponent, modal(nil), false},
		{"the Answer modal to a command", fakediscord.InteractionCommand, modal(nil), false},
		{"a modal to a modal submission", fakediscord.InteractionModalSubmit, modal(nil), true},
		{"a modal to a ping", fakediscord.InteractionPing, modal(nil), true},
		{"modal title of 46", fakediscord.InteractionComponent, modal(func(d map[string]any) { d["title"] = strings.Repeat("t", 46) }), true},
		{"modal without components", fakediscord.InteractionComponent, modal(func(d map[string]any) { d["components"] = []any{} }), true},
		{"label of 46", fakediscord.InteractionComponent, modal(func(d map[string]any) {
			d["components"].([]any)[0].(map[string]any)["label"] = strings.Repeat("l", 46)
		}), true},
		{"label without its input", fakediscord.InteractionComponent, modal(func(d map[string]any) { delete(d["components"].([]any)[0].(map[string]any), "component") }), true},
		{"text input style 3", fakediscord.InteractionComponent, modal(func(d map[string]any) { child(d)["style"] = 3 }), true},
		{"text input max_length 4001", fakediscord.InteractionComponent, modal(func(d map[string]any) { child(d)["max_length"] = 4001 }), true},
		{"text input min above max", fakediscord.InteractionComponent, modal(func(d map[string]any) { child(d)["min_length"] = 2000 }), true},
		{"classic action row with a labelled input", fakediscord.InteractionComponent, modal(func(d map[string]any) {
			in := child(d)
			in["label"] = "Your answer"
			d["components"] = []any{map[string]any{"type": 1, "components": []any{in}}}
		}), false},
		{"action row input without a label", fakediscord.InteractionComponent, modal(func(d map[string]any) {
			d["components"] = []any{map[string]any{"type": 1, "components": []any{child(d)}}}
		}), true},
		{"a long answer, its first part", fakediscord.InteractionCommand, msg(long), false},
		{"a long answer as an embed", fakediscord.InteractionCommand, msg(embedAnswer), false},
		{"a revealed post with a disabled button", fakediscord.InteractionComponent, msg(closed), false},
		{"type 7 to a command", fakediscord.InteractionCommand, map[string]any{"type": 7, "data": map[string]any{"content": "x"}}, true},
		{"type 6 to a click", fakediscord.InteractionComponent, map[string]any{"type": 6}, false},
		{"type 4 to an autocomplete", fakediscord.InteractionAutocomplete, map[string]any{"type": 4, "data": map[string]any{"content": "x"}}, true},
		{"deferred, ephemeral", fakediscord.InteractionCommand, map[string]any{"type": 5, "data": map[string]any{"flags": 64}}, false},
		{"deferred with suppress embeds", fakediscord.InteractionCommand, map[string]any{"type": 5, "data": map[string]any{"flags": 4}}, true},
		{"26 autocomplete choices", fakediscord.InteractionAutocomplete, map[string]any{"type": 8, "data": map[string]any{"choices": func() []any {
			var c []any
			for i := range 26 {
				c = append(c, map[string]any{"name": fmt.Sprint(i), "value": fmt.Sprint(i)})
			}
			return c
		}()}}, true},
		{"no autocomplete choices", fakediscord.InteractionAutocomplete, map[string]any{"type": 8, "data": map[string]any{}}, false},
		{"content of 2001", fakediscord.InteractionCommand, map[string]any{"type": 4, "data": map[string]any{"content": strings.Repeat("a", 2001)}}, true},
		{"empty message", fakediscord.InteractionCommand, map[string]any{"type": 4, "data": map[string]any{"content": ""}}, true},
		{"embed title of 257", fakediscord.InteractionCommand, map[string]any{"type": 4, "data": map[string]any{"embeds": []any{map[string]any{"title": strings.Repeat("t", 257)}}}}, true},
		{"embed description of 4097", fakediscord.InteractionCommand, map[string]any{"type": 4, "data": map[string]any{"embeds": []any{map[string]any{"description": strings.Repeat("d", 4097)}}}}, true},
		{"26 embed fields", fakediscord.InteractionCommand, map[string]any{"type": 4, "data": map[string]any{"embeds": []any{map[string]any{"fields": field(26, "v")}}}}, true},
		{"embed field with an empty value", fakediscord.InteractionCommand, map[string]any{"type": 4, "data": map[string]any{"embeds": []any{map[string]any{"fields": field(1, "")}}}}, true},
		{"embeds over 6000 in all", fakediscord.InteractionCommand, map[string]any{"type": 4, "data": map[string]any{"embeds": []any{
			map[string]any{"description": strings.Repeat("d", 4000)}, map[string]any{"description": strings.Repeat("d", 2001)}}}}, true},
		{"button without custom_id", fakediscord.InteractionCommand, button(map[string]any{"type": 2, "style": 1, "label": "A"}), true},
		{"button without label or emoji", fakediscord.InteractionCommand, button(map[string]any{"type": 2, "style": 1, "custom_id": "a"}), true},
		{"button label of 81", fakediscord.InteractionCommand, button(map[string]any{"type": 2, "style": 1, "custom_id": "a", "label": strings.Repeat("l", 81)}), true},
		{"link button with a custom_id", fakediscord.InteractionCommand, button(map[string]any{"type": 2, "style": 5, "custom_id": "a", "url": "https://x", "label": "A"}), true},
		{"disabled button", fakediscord.InteractionCommand, button(map[string]any{"type": 2, "style": 2, "custom_id": "a", "label": "A", "disabled": true}), false},
		{"six action rows", fakediscord.InteractionCommand, map[string]any{"type": 4, "data": map[string]any{"content": "x", "components": func() []any {
			var rows []any
			for i := range 6 {
				rows = append(rows, map[string]any{"type": 1, "components": []any{map[string]any{"type": 2, "style": 1, "custom_id": fmt.Sprint(i), "label": "x"}}})
			}
			return rows
		}()}}, true},
		{"duplicate custom_id", fakediscord.InteractionCommand, map[string]any{"type": 4, "data": map[string]any{"content": "x", "components": []any{
			map[string]any{"type": 1, "components": []any{
				map[string]any{"type": 2, "style": 1, "custom_id": "a", "label": "x"},
				map[string]any{"type": 2, "style": 1, "custom_id": "a", "label": "y"}}}}}}, true},
		{"allowed_mentions parse and users", fakediscord.InteractionCommand, map[string]any{"type": 4, "data": map[string]any{"content": "x",
			"allowed_mentions": map[string]any{"parse": []any{"users"}, "users": []any{"1"}}}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			errs := fakediscord.CallbackRules(tc.itype, tc.body)
			if got := len(errs) > 0; got != tc.refused {
				t.Errorf("refused = %v (%v), want %v\n%v", got, errs, tc.refused, tc.body)
			}
		})
	}

	threads := []struct {
		body    map[string]any
		refused bool
	}{
		{map[string]any{"name": "Q: N+1", "auto_archive_duration": 1440, "type": 11}, false},
		{map[string]any{"name": strings.Repeat("n", 101)}, true},
		{map[string]any{"name": ""}, true},
		{map[string]any{"name": "x", "auto_archive_duration": 1000}, true},
	}
	for _, tc := range threads {
		if got := len(fakediscord.ThreadRules(tc.body)) > 0; got != tc.refused {
			t.Errorf("thread %v refused = %v, want %v", tc.body, got, tc.refused)
		}
	}
}

// recordingTB keeps the fake's complaints instead of failing the test, for
// tests of the fake itself.
type recordingTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recordingTB) Errorf(format string, a ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, a...))
}

// A second response to one interaction is 400 code 40060, as Discord
// answers it; an invalid message is 400 Invalid Form Body; an empty one is
// 50006.
func TestFakeAnswersRefusalsWithDiscordsCodes(t *testing.T) {
	rec := &recordingTB{TB: t}
	f := fakediscord.New(rec)
	post := func(path, body string) (int, float64) {
		t.Helper()
		resp, err := http.Post(f.APIURL()+strings.TrimPrefix(path, "/"), "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct{ Code float64 }
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out.Code
	}
	steps := []struct {
		path, body string
		status     int
		code       float64
	}{
		{"/interactions/I1/tok/callback", `{"type":4,"data":{"content":"hi","allowed_mentions":{"parse":[]}}}`, 204, 0},
		{"/interactions/I1/tok/callback", `{"type":4,"data":{"content":"again"}}`, 400, 40060},
		{"/channels/C1/messages", `{"content":""}`, 400, 50006},
		{"/channels/C1/messages", `{"content":"` + strings.Repeat("a", 2001) + `"}`, 400, 50035},
		{"/channels/C1/messages/m1/threads", `{"name":"x","auto_archive_duration":5}`, 400, 50035},
		{"/channels/C1/messages", `{"content":"fine","allowed_mentions":{"parse":[]}}`, 200, 0},
	}
	for i, st := range steps {
		status, code := post(st.path, st.body)
		if status != st.status || code != st.code {
			t.Errorf("step %d: POST %s = %d code %v, want %d code %v", i, st.path, status, code, st.status, st.code)
		}
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.errs) != 4 {
		t.Errorf("the fake reported %d problems, want 4 (each refusal fails the test that caused it): %v", len(rec.errs), rec.errs)
	}
}

// The command limits beyond names: what the adapter registers passes; each
// broken copy is refused.
func TestFakeRefusesCommandLimits(t *testing.T) {
	good := func() map[string]any {
		return asJSON(t, Commands(bot.Grammar(), true)[0])
	}
	if errs := append(fakediscord.CommandRules(good()), fakediscord.CommandLimits(good())...); len(errs) != 0 {
		t.Fatalf("the registered command is refused: %v", errs)
	}
	ask := func(c map[string]any) map[string]any {
		for _, o := range c["options"].([]any) {
			if o.(map[string]any)["name"] == "ask" {
				return o.(map[string]any)["options"].([]any)[0].(map[string]any)
			}
		}
		t.Fatal("no ask subcommand")
		return nil
	}
	tests := []struct {
		name string
		mod  func(c map[string]any)
	}{
		{"empty contexts", func(c map[string]any) { c["contexts"] = []any{} }},
		{"repeated integration type", func(c map[string]any) { c["integration_types"] = []any{0.0, 0.0} }},
		{"max_length 6001", func(c map[string]any) { ask(c)["max_length"] = 6001.0 }},
		{"min_length above max_length", func(c map[string]any) { ask(c)["min_length"] = 3000.0 }},
		{"max_length on a subcommand", func(c map[string]any) { c["options"].([]any)[0].(map[string]any)["max_length"] = 10.0 }},
	}
	for _, tc := range tests {
		c := good()
		tc.mod(c)
		if errs := fakediscord.CommandLimits(c); len(errs) == 0 {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}
