package discord

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/internal/fakediscord"
)

// The fake refuses what Discord's command rules refuse.
func TestFakeRefusesInvalidCommands(t *testing.T) {
	good := func() map[string]any {
		return map[string]any{"name": "backend-tip", "type": float64(1), "description": "d", "options": []any{
			map[string]any{"name": "ask", "type": float64(1), "description": "d", "options": []any{
				map[string]any{"name": "q", "type": float64(3), "description": "d", "required": true}}}}}
	}
	opt := func(c map[string]any) map[string]any {
		return c["options"].([]any)[0].(map[string]any)["options"].([]any)[0].(map[string]any)
	}
	tests := []struct {
		name string
		mod  func(c map[string]any)
	}{
		{"upper-case name", func(c map[string]any) { c["name"] = "Backend" }},
		{"space in name", func(c map[string]any) { c["name"] = "backend tip" }},
		{"long description", func(c map[string]any) { c["description"] = strings.Repeat("x", 101) }},
		{"unknown locale", func(c map[string]any) { c["name_localizations"] = map[string]any{"jp": "バックエンド"} }},
		{"localized name with a space", func(c map[string]any) { c["name_localizations"] = map[string]any{"ja": "質問 する"} }},
		{"autocomplete with choices", func(c map[string]any) {
			o := opt(c)
			o["autocomplete"] = true
			o["choices"] = []any{map[string]any{"name": "a", "value": "a"}}
		}},
		{"26 choices", func(c map[string]any) {
			var ch []any
			for i := range 26 {
				ch = append(ch, map[string]any{"name": fmt.Sprint(i), "value": fmt.Sprint(i)})
			}
			opt(c)["choices"] = ch
		}},
		{"context menu with a description", func(c map[string]any) { c["type"] = float64(3); c["name"] = "Ask"; delete(c, "options") }},
		{"context menu name over 32", func(c map[string]any) {
			c["type"], c["description"] = float64(3), ""
			c["name"] = "Ask backend-tip about this message"
			delete(c, "options")
		}},
		{"contexts value 3", func(c map[string]any) { c["contexts"] = []any{float64(3)} }},
	}
	if errs := fakediscord.CommandRules(good()); len(errs) != 0 {
		t.Fatalf("valid command refused: %v", errs)
	}
	for _, tc := range tests {
		c := good()
		tc.mod(c)
		if errs := fakediscord.CommandRules(c); len(errs) == 0 {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}

// What the bot registers, as Discord stores it: the slash command with
// Japanese names and descriptions on every command, subcommand and option,
// user install and DM contexts, an autocompleting time zone option and a
// days choice; and the message context menu command.
func TestRegisteredCommands(t *testing.T) {
	f := fakediscord.New(t)
	a := testAdapter(t, f, &fakeRouter{}, nil)
	if _, err := a.registerCommands(context.Background()); err != nil {
		t.Fatal(err)
	}
	f.Lock()
	cmds := append([]any(nil), f.Commands...)
	f.Unlock()
	if len(cmds) != 2 {
		t.Fatalf("%d commands registered, want the slash command and the context menu", len(cmds))
	}
	slash, menu := cmds[0].(map[string]any), cmds[1].(map[string]any)
	if menu["type"] != float64(3) || menu["name"] != askMessageName || ja(menu, "name_localizations") == "" {
		t.Errorf("context menu = %v, want a type 3 message command with a Japanese name", menu)
	}
	for _, c := range []map[string]any{slash, menu} {
		if fmt.Sprint(c["integration_types"]) != "[0 1]" || fmt.Sprint(c["contexts"]) != "[0 1 2]" {
			t.Errorf("%s: integration_types %v contexts %v, want [0 1] and [0 1 2]", c["name"], c["integration_types"], c["contexts"])
		}
	}
	var zone, days map[string]any
	var walk func(path string, opts []any)
	walk = func(path string, opts []any) {
		for _, raw := range opts {
			o := raw.(map[string]any)
			where := path + " " + o["name"].(string)
			if ja(o, "name_localizations") == "" || ja(o, "description_localizations") == "" {
				t.Errorf("%s: no Japanese name or description", where)
			}
			switch where {
			case "backend-tip quiz daily timezone":
				zone = o
			case "backend-tip quiz daily days":
				days = o
			}
			sub, _ := o["options"].([]any)
			walk(where, sub)
		}
	}
	walk("backend-tip", slash["options"].([]any))
	if zone == nil || zone["autocomplete"] != true {
		t.Errorf("quiz daily timezone = %v, want an autocomplete option", zone)
	}
	if days == nil {
		t.Fatal("quiz daily has no days option")
	}
	var got []string
	for _, raw := range days["choices"].([]any) {
		ch := raw.(map[string]any)
		got = append(got, fmt.Sprintf("%v=%v/%s", ch["value"], ch["name"], ja(ch, "name_localizations")))
	}
	if want := "everyday=every day/毎日 weekdays=weekdays (Mon–Fri)/平日（月〜金）"; strings.Join(got, " ") != want {
		t.Errorf("days choices = %v, want %s", got, want)
	}
}

func ja(m map[string]any, key string) string {
	loc, _ := m[key].(map[string]any)
	s, _ := loc["ja"].(string)
	return s
}
