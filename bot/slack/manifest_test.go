package slack

import (
	"bytes"
	"os"
	"slices"
	"testing"

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
	for _, scope := range []string{"commands", "chat:write", "chat:write.public", "app_mentions:read", "channels:history", "groups:history", "reactions:write", "users:read", "im:write"} {
		if !slices.Contains(m.OAuthConfig.Scopes.Bot, scope) {
			t.Errorf("bot scope %s missing", scope)
		}
	}
	if m.Settings.EventSubscriptions == nil || !slices.Contains(m.Settings.EventSubscriptions.BotEvents, "app_mention") {
		t.Errorf("app_mention event not subscribed")
	}
	if m.Settings.Interactivity == nil || !m.Settings.Interactivity.IsEnabled || !m.Settings.SocketModeEnabled {
		t.Errorf("interactivity and socket mode must be on: %+v", m.Settings)
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
