package config

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestLoadDefaults(t *testing.T) {
	c, err := Load(MapLookup(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "./data" || c.HTTPAddr != ":8080" || c.Embedder != "local" || c.Timezone != "Asia/Tokyo" || !c.DiscordGateway {
		t.Errorf("defaults: %+v", c)
	}
	if c.AnyPlatform() || c.LLMEnabled() {
		t.Error("nothing configured, but a platform or LLM reported enabled")
	}
}

func TestEmbedderDefault(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"OPENAI_API_KEY": "sk-x"}, "openai"},
		{map[string]string{"OPENAI_API_KEY": "sk-x", "OPENAI_BASE_URL": "http://127.0.0.1:11434/v1"}, "local"},
		{map[string]string{"OPENAI_BASE_URL": "http://127.0.0.1:11434/v1", "BACKEND_TIP_EMBEDDER": "openai"}, "openai"},
	}
	for i, tc := range tests {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			c, err := Load(MapLookup(tc.env))
			if err != nil {
				t.Fatal(err)
			}
			if c.Embedder != tc.want {
				t.Errorf("embedder = %q, want %q", c.Embedder, tc.want)
			}
		})
	}
}

func TestLoadErrorsNameTheVariable(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"lang", map[string]string{"BACKEND_TIP_LANG": "fr"}, "BACKEND_TIP_LANG"},
		{"zone", map[string]string{"BACKEND_TIP_TIMEZONE": "Mars/Base"}, "BACKEND_TIP_TIMEZONE"},
		{"embedder", map[string]string{"BACKEND_TIP_EMBEDDER": "magic"}, "BACKEND_TIP_EMBEDDER"},
		{"slack url slash", map[string]string{"SLACK_API_URL": "http://127.0.0.1:1/api"}, "SLACK_API_URL"},
		{"app token without bot token", map[string]string{"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN"},
		{"bad app token", map[string]string{"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, "SLACK_APP_TOKEN"},
		{"discord key", map[string]string{"DISCORD_PUBLIC_KEY": "zz"}, "DISCORD_PUBLIC_KEY"},
		{"discord app id", map[string]string{"DISCORD_BOT_TOKEN": "t"}, "DISCORD_APP_ID"},
		{"shard", map[string]string{"DISCORD_SHARD_ID": "2", "DISCORD_SHARD_COUNT": "2"}, "DISCORD_SHARD_ID"},
		{"duration", map[string]string{"BACKEND_TIP_LLM_TIMEOUT": "soon"}, "BACKEND_TIP_LLM_TIMEOUT"},
		{"integer", map[string]string{"BACKEND_TIP_LLM_QUEUE": "many"}, "BACKEND_TIP_LLM_QUEUE"},
		{"gateway", map[string]string{"DISCORD_GATEWAY": "maybe"}, "DISCORD_GATEWAY"},
		{"database", map[string]string{"BACKEND_TIP_DATABASE_URL": "mysql://x"}, "BACKEND_TIP_DATABASE_URL"},
		{"admins", map[string]string{"BACKEND_TIP_ADMINS": "U1, <@U2>"}, "BACKEND_TIP_ADMINS"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(MapLookup(tc.env))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to name %s", err, tc.want)
			}
		})
	}
}

func TestAdmins(t *testing.T) {
	for _, tc := range []struct{ env, want string }{
		{"", ""},
		{"U012AB3CD", "U012AB3CD"},
		{" U1 ,80351110224678912,, ", "U1|80351110224678912"},
	} {
		c, err := Load(MapLookup(map[string]string{"BACKEND_TIP_ADMINS": tc.env}))
		if err != nil || strings.Join(c.Admins, "|") != tc.want {
			t.Errorf("BACKEND_TIP_ADMINS=%q: %q, %v; want %q", tc.env, c.Admins, err, tc.want)
		}
	}
}

func TestSecretsRedacted(t *testing.T) {
	env := map[string]string{
		"OPENAI_API_KEY": "sk-secret-1", "SLACK_BOT_TOKEN": "xoxb-secret-2", "SLACK_APP_TOKEN": "xapp-secret-3",
		"SLACK_SIGNING_SECRET": "secret-4", "DISCORD_BOT_TOKEN": "secret-5", "DISCORD_APP_ID": "1",
		"BACKEND_TIP_DATABASE_URL": "postgres://u:secret-6@h/db",
	}
	c, err := Load(MapLookup(env))
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{c.String(), fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c.OpenAIAPIKey)} {
		for _, s := range []string{"secret-1", "secret-2", "secret-3", "secret-4", "secret-5", "secret-6"} {
			if strings.Contains(out, s) {
				t.Errorf("%s leaked in %s", s, out)
			}
		}
	}
	if c.SlackBotToken.Value() != "xoxb-secret-2" {
		t.Error("Value() must return the secret itself")
	}
}

func TestSecretRedactedInLogs(t *testing.T) {
	var buf strings.Builder
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("configured", "key", Secret("sk-live-123"), "config", Config{SlackBotToken: "xoxb-live-456"})
	for _, s := range []string{"sk-live-123", "xoxb-live-456"} {
		if strings.Contains(buf.String(), s) {
			t.Errorf("%s leaked into the log: %s", s, buf.String())
		}
	}
	if !strings.Contains(buf.String(), "[redacted]") {
		t.Errorf("no redaction marker in %s", buf.String())
	}
}
