package slack

import (
	"bytes"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"go.yaml.in/yaml/v3"
)

func TestManifestParsesAndIsComplete(t *testing.T) {
	var m slack.Manifest
	dec := yaml.NewDecoder(bytes.NewReader(Manifest()))
	dec.KnownFields(true) // a misspelt key fails instead of being ignored
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("manifest does not parse as slack.Manifest: %v", err)
	}
	if m.Display.Name == "" || m.Features.BotUser.DisplayName == "" {
		t.Fatalf("manifest lacks a name or bot user: %+v", m.Display)
	}
	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/backend-tip" || m.Features.SlashCommands[0].UsageHint == "" {
		t.Fatalf("slash commands = %+v", m.Features.SlashCommands)
	}
	// Exactly the scopes the Web API methods the bot calls need (a bot
	// asks for no more): channels:read is not among them, since
	// conversations.join needs only channels:join and conversations.info
	// runs only on private channels (groups:read) after a refused join.
	want := []string{"commands", "chat:write", "chat:write.public", "app_mentions:read", "assistant:write",
		"channels:history", "channels:join", "groups:history", "groups:read", "im:history", "im:write", "users:read"}
	if got := slices.Sorted(slices.Values(m.OAuthConfig.Scopes.Bot)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("bot scopes = %v, want %v", got, slices.Sorted(slices.Values(want)))
	}
	for _, ev := range []string{"app_mention", "message.im", "assistant_thread_started", "app_home_opened"} {
		if m.Settings.EventSubscriptions == nil || !slices.Contains(m.Settings.EventSubscriptions.BotEvents, ev) {
			t.Errorf("%s event not subscribed", ev)
		}
	}
	if m.Settings.Interactivity == nil || !m.Settings.Interactivity.IsEnabled || !m.Settings.SocketModeEnabled {
		t.Errorf("interactivity and socket mode must be on: %+v", m.Settings)
	}
	if !m.Features.AppHome.HomeTabEnabled || !m.Features.AppHome.MessagesTabEnabled || m.Features.AppHome.MessagesTabReadOnlyEnabled {
		t.Errorf("app_home = %+v, want the Home tab and a writable Messages tab", m.Features.AppHome)
	}
	if m.Features.AssistantView == nil {
		t.Fatal("no assistant_view")
	}
	if len(m.Features.Shortcuts) != 1 || m.Features.Shortcuts[0].Type != slack.MessageShortcut || m.Features.Shortcuts[0].CallbackID != askShortcut {
		t.Errorf("shortcuts = %+v, want the message shortcut %q", m.Features.Shortcuts, askShortcut)
	}
}

// TestManifestFollowsSchema checks the rules of Slack's manifest schema
// (slackapi/manifest-schema, schemas/manifest.schema.1.0.0.json) for the
// parts this manifest uses; unknown keys are already refused above
// (the schema's additionalProperties: false). The whole file was also
// validated with a JSON Schema validator against that schema (docs/slack.md).
func TestManifestFollowsSchema(t *testing.T) {
	var m slack.Manifest
	if err := yaml.Unmarshal(Manifest(), &m); err != nil {
		t.Fatal(err)
	}
	n := utf8.RuneCountInString
	check := func(what string, ok bool) {
		t.Helper()
		if !ok {
			t.Errorf("schema rule broken: %s", what)
		}
	}
	d := m.Display
	check("display_information.name 1-35", n(d.Name) >= 1 && n(d.Name) <= 35)
	check("display_information.description 1-140", n(d.Description) >= 1 && n(d.Description) <= 140)
	check("display_information.long_description 175-4000", n(d.LongDescription) >= 175 && n(d.LongDescription) <= 4000)
	check("display_information.background_color #rgb or #rrggbb", regexp.MustCompile(`^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$`).MatchString(d.BackgroundColor))
	check("bot_user.display_name 1-80", n(m.Features.BotUser.DisplayName) >= 1 && n(m.Features.BotUser.DisplayName) <= 80)
	check("slash_commands 1-50", len(m.Features.SlashCommands) >= 1 && len(m.Features.SlashCommands) <= 50)
	for _, c := range m.Features.SlashCommands {
		check("slash command 2-32 starting with /", n(c.Command) >= 2 && n(c.Command) <= 32 && strings.HasPrefix(c.Command, "/"))
		check("slash command description 1-2000", n(c.Description) >= 1 && n(c.Description) <= 2000)
		check("slash command usage_hint 1-1000", n(c.UsageHint) >= 1 && n(c.UsageHint) <= 1000)
	}
	check("shortcuts 1-10", len(m.Features.Shortcuts) >= 1 && len(m.Features.Shortcuts) <= 10)
	for _, s := range m.Features.Shortcuts {
		check("shortcut name 1-24", n(s.Name) >= 1 && n(s.Name) <= 24)
		check("shortcut callback_id 1-255", n(s.CallbackID) >= 1 && n(s.CallbackID) <= 255)
		check("shortcut description 1-150", n(s.Description) >= 1 && n(s.Description) <= 150)
		check("shortcut type message|global", s.Type == slack.MessageShortcut || s.Type == slack.GlobalShortcut)
	}
	if av := m.Features.AssistantView; av != nil {
		check("assistant_view.assistant_description required", av.AssistantDescription != "")
		for _, p := range av.SuggestedPrompts {
			check("suggested prompt title and message required", p.Title != "" && p.Message != "")
		}
	}
	for _, s := range m.OAuthConfig.Scopes.Bot {
		check("scope at most 50 characters", n(s) <= 50)
	}
	if es := m.Settings.EventSubscriptions; es != nil {
		check("bot_events at most 100, unique", len(es.BotEvents) <= 100 && len(slices.Compact(slices.Sorted(slices.Values(es.BotEvents)))) == len(es.BotEvents))
		for _, e := range es.BotEvents {
			check("event name at most 50 characters", n(e) <= 50)
		}
	}
}

func TestDeployManifestIsTheEmbeddedOne(t *testing.T) {
	deployed, err := os.ReadFile("../../deploy/slack/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(deployed, Manifest()) {
		t.Fatal("deploy/slack/manifest.yaml differs from bot/slack/manifest.yaml; copy bot/slack/manifest.yaml over it")
	}
}
