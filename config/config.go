// Package config reads backend-tip's configuration once, from the environment
// (names in DESIGN.md) and flags, validates it with errors that say how to fix
// it, and redacts secrets whenever the configuration is printed.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the bot. Zero values are never used directly:
// Load fills defaults.
type Config struct {
	DataDir    string // BACKEND_TIP_DATA_DIR
	HTTPAddr   string // BACKEND_TIP_HTTP_ADDR
	ContentDir string // BACKEND_TIP_CONTENT_DIR
	Lang       string // BACKEND_TIP_LANG: "", "ja" or "en"
	Timezone   string // BACKEND_TIP_TIMEZONE
	LogLevel   string // BACKEND_TIP_LOG_LEVEL
	LogFormat  string // BACKEND_TIP_LOG_FORMAT: "", "json" or "text"

	OpenAIAPIKey   Secret // OPENAI_API_KEY
	OpenAIBaseURL  string // OPENAI_BASE_URL
	ChatModel      string // BACKEND_TIP_CHAT_MODEL
	EmbeddingModel string // BACKEND_TIP_EMBEDDING_MODEL
	Embedder       string // BACKEND_TIP_EMBEDDER: "local" or "openai"
	MaxTokensField string // BACKEND_TIP_MAX_TOKENS_FIELD: "max_completion_tokens" or "max_tokens"

	LLMTimeout     time.Duration // BACKEND_TIP_LLM_TIMEOUT
	LLMConcurrency int           // BACKEND_TIP_LLM_CONCURRENCY
	LLMQueue       int           // BACKEND_TIP_LLM_QUEUE
	StreamInterval time.Duration // BACKEND_TIP_STREAM_INTERVAL
	MaxAnswerBytes int           // BACKEND_TIP_MAX_ANSWER_BYTES: bytes read from the model per answer
	MaxInFlight    int           // BACKEND_TIP_MAX_IN_FLIGHT: commands and mentions worked on at once
	MetricsAddr    string        // BACKEND_TIP_METRICS_ADDR: the /metrics listener

	SlackBotToken      Secret // SLACK_BOT_TOKEN
	SlackAppToken      Secret // SLACK_APP_TOKEN
	SlackSigningSecret Secret // SLACK_SIGNING_SECRET
	SlackAPIURL        string // SLACK_API_URL

	DiscordBotToken   Secret // DISCORD_BOT_TOKEN
	DiscordAppID      string // DISCORD_APP_ID
	DiscordPublicKey  string // DISCORD_PUBLIC_KEY (hex)
	DiscordGateway    bool   // DISCORD_GATEWAY: on/off
	DiscordGuildID    string // DISCORD_GUILD_ID
	DiscordAPIURL     string // DISCORD_API_URL
	DiscordShardID    int    // DISCORD_SHARD_ID
	DiscordShardCount int    // DISCORD_SHARD_COUNT

	DatabaseURL       Secret        // BACKEND_TIP_DATABASE_URL (postgres://...)
	QuizGrace         time.Duration // BACKEND_TIP_QUIZ_GRACE
	ShutdownTimeout   time.Duration // BACKEND_TIP_SHUTDOWN_TIMEOUT
	MaxQuestionRunes  int           // BACKEND_TIP_MAX_QUESTION
	UserRatePerMin    float64       // BACKEND_TIP_USER_RATE (asks per minute per user)
	UserBurst         int           // BACKEND_TIP_USER_BURST
	ChannelRatePerMin float64       // BACKEND_TIP_CHANNEL_RATE
	ChannelBurst      int           // BACKEND_TIP_CHANNEL_BURST
	// Admins are user ids (Slack or Discord) who may schedule, change or
	// stop any channel's quiz: BACKEND_TIP_ADMINS, comma-separated.
	Admins []string
}

// Secret is a string that never prints itself.
type Secret string

// String redacts the secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// GoString redacts the secret in %#v too.
func (s Secret) GoString() string { return s.String() }

// LogValue redacts the secret in log/slog output (slog.LogValuer).
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText redacts the secret wherever it is encoded (JSON logs).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Value returns the secret itself, for the one place that needs it.
func (s Secret) Value() string { return string(s) }

// Lookup is os.LookupEnv's shape; tests pass a map-backed one.
type Lookup func(key string) (string, bool)

// MapLookup makes a Lookup from a map.
func MapLookup(m map[string]string) Lookup {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// Load reads the configuration and validates it. Every error names the
// variable and what to put there.
func Load(lookup Lookup) (Config, error) {
	r := reader{lookup: lookup}
	c := Config{
		DataDir:    r.str("BACKEND_TIP_DATA_DIR", "./data"),
		HTTPAddr:   r.str("BACKEND_TIP_HTTP_ADDR", ":8080"),
		ContentDir: r.str("BACKEND_TIP_CONTENT_DIR", ""),
		Lang:       strings.ToLower(r.str("BACKEND_TIP_LANG", "")),
		Timezone:   r.str("BACKEND_TIP_TIMEZONE", "Asia/Tokyo"),
		LogLevel:   strings.ToLower(r.str("BACKEND_TIP_LOG_LEVEL", "info")),
		LogFormat:  strings.ToLower(r.str("BACKEND_TIP_LOG_FORMAT", "")),

		OpenAIAPIKey:   Secret(r.str("OPENAI_API_KEY", "")),
		OpenAIBaseURL:  r.str("OPENAI_BASE_URL", ""),
		ChatModel:      r.str("BACKEND_TIP_CHAT_MODEL", "gpt-4o-mini"),
		EmbeddingModel: r.str("BACKEND_TIP_EMBEDDING_MODEL", "text-embedding-3-small"),
		Embedder:       strings.ToLower(r.str("BACKEND_TIP_EMBEDDER", "")),
		MaxTokensField: strings.ToLower(r.str("BACKEND_TIP_MAX_TOKENS_FIELD", "max_completion_tokens")),

		LLMTimeout:     r.duration("BACKEND_TIP_LLM_TIMEOUT", 60*time.Second),
		LLMConcurrency: r.integer("BACKEND_TIP_LLM_CONCURRENCY", 4),
		LLMQueue:       r.integer("BACKEND_TIP_LLM_QUEUE", 32),
		StreamInterval: r.duration("BACKEND_TIP_STREAM_INTERVAL", time.Second),
		MaxAnswerBytes: r.integer("BACKEND_TIP_MAX_ANSWER_BYTES", 24<<10),
		MaxInFlight:    r.integer("BACKEND_TIP_MAX_IN_FLIGHT", 64),
		MetricsAddr:    r.str("BACKEND_TIP_METRICS_ADDR", ":9090"),

		SlackBotToken:      Secret(r.str("SLACK_BOT_TOKEN", "")),
		SlackAppToken:      Secret(r.str("SLACK_APP_TOKEN", "")),
		SlackSigningSecret: Secret(r.str("SLACK_SIGNING_SECRET", "")),
		SlackAPIURL:        r.str("SLACK_API_URL", ""),

		DiscordBotToken:   Secret(r.str("DISCORD_BOT_TOKEN", "")),
		DiscordAppID:      r.str("DISCORD_APP_ID", ""),
		DiscordPublicKey:  r.str("DISCORD_PUBLIC_KEY", ""),
		DiscordGateway:    r.onOff("DISCORD_GATEWAY", true),
		DiscordGuildID:    r.str("DISCORD_GUILD_ID", ""),
		DiscordAPIURL:     r.str("DISCORD_API_URL", ""),
		DiscordShardID:    r.integer("DISCORD_SHARD_ID", 0),
		DiscordShardCount: r.integer("DISCORD_SHARD_COUNT", 1),

		DatabaseURL:       Secret(r.str("BACKEND_TIP_DATABASE_URL", "")),
		QuizGrace:         r.duration("BACKEND_TIP_QUIZ_GRACE", time.Hour),
		ShutdownTimeout:   r.duration("BACKEND_TIP_SHUTDOWN_TIMEOUT", 25*time.Second),
		MaxQuestionRunes:  r.integer("BACKEND_TIP_MAX_QUESTION", 2000),
		UserRatePerMin:    r.float("BACKEND_TIP_USER_RATE", 6),
		UserBurst:         r.integer("BACKEND_TIP_USER_BURST", 3),
		ChannelRatePerMin: r.float("BACKEND_TIP_CHANNEL_RATE", 30),
		ChannelBurst:      r.integer("BACKEND_TIP_CHANNEL_BURST", 10),
		Admins:            r.ids("BACKEND_TIP_ADMINS"),
	}
	if c.Embedder == "" {
		c.Embedder = "local"
		if c.OpenAIAPIKey != "" && c.OpenAIBaseURL == "" {
			c.Embedder = "openai"
		}
	}
	r.errs = append(r.errs, c.validate()...)
	return c, errors.Join(r.errs...)
}

func (c Config) validate() []error {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
	}
	if c.Lang != "" && c.Lang != "ja" && c.Lang != "en" {
		bad("BACKEND_TIP_LANG", "%q is not supported; use ja, en, or leave it empty to answer in the question's language", c.Lang)
	}
	if c.Embedder != "local" && c.Embedder != "openai" {
		bad("BACKEND_TIP_EMBEDDER", "%q is not an embedder; use local or openai", c.Embedder)
	}
	if c.Embedder == "openai" && c.OpenAIAPIKey == "" && c.OpenAIBaseURL == "" {
		bad("BACKEND_TIP_EMBEDDER", "openai needs OPENAI_API_KEY or OPENAI_BASE_URL; set one or use local")
	}
	if _, err := time.LoadLocation(c.Timezone); err != nil {
		bad("BACKEND_TIP_TIMEZONE", "%q is not an IANA time zone such as Asia/Tokyo or Europe/Berlin", c.Timezone)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		bad("BACKEND_TIP_LOG_LEVEL", "%q is not a level; use debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != "" && c.LogFormat != "json" && c.LogFormat != "text" {
		bad("BACKEND_TIP_LOG_FORMAT", "%q is not a format; use json or text", c.LogFormat)
	}
	for name, u := range map[string]string{"OPENAI_BASE_URL": c.OpenAIBaseURL, "SLACK_API_URL": c.SlackAPIURL, "DISCORD_API_URL": c.DiscordAPIURL} {
		if u == "" {
			continue
		}
		if p, err := url.Parse(u); err != nil || p.Scheme == "" || p.Host == "" {
			bad(name, "%q is not an absolute URL such as http://127.0.0.1:11434/v1", RedactURL(u))
		}
	}
	if _, port, err := net.SplitHostPort(c.HTTPAddr); err != nil || port == "" {
		bad("BACKEND_TIP_HTTP_ADDR", "%q is not a listen address such as :8080 or 127.0.0.1:8080", c.HTTPAddr)
	}
	switch c.MaxTokensField {
	case "max_completion_tokens", "max_tokens":
	default:
		bad("BACKEND_TIP_MAX_TOKENS_FIELD", "%q is not a field; use max_completion_tokens (OpenAI) or max_tokens (Ollama, vLLM, older servers)", c.MaxTokensField)
	}
	if c.SlackAPIURL != "" && !strings.HasSuffix(c.SlackAPIURL, "/") {
		bad("SLACK_API_URL", "must end in / (for example https://slack.com/api/)")
	}
	if (c.SlackAppToken != "" || c.SlackSigningSecret != "") && c.SlackBotToken == "" {
		bad("SLACK_BOT_TOKEN", "is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set (the xoxb- token from OAuth & Permissions)")
	}
	if c.SlackAppToken != "" && !strings.HasPrefix(string(c.SlackAppToken), "xapp-") {
		bad("SLACK_APP_TOKEN", "must be an app-level token starting with xapp- (Basic Information > App-Level Tokens, scope connections:write)")
	}
	if c.DiscordPublicKey != "" && !isHex(c.DiscordPublicKey, 64) {
		bad("DISCORD_PUBLIC_KEY", "must be the 64 hex characters of the application's public key (General Information in the developer portal)")
	}
	if c.DiscordBotToken != "" && c.DiscordAppID == "" {
		bad("DISCORD_APP_ID", "is required with DISCORD_BOT_TOKEN (the Application ID on the General Information page)")
	}
	if c.DiscordShardCount < 1 || c.DiscordShardID < 0 || c.DiscordShardID >= c.DiscordShardCount {
		bad("DISCORD_SHARD_ID", "must be between 0 and DISCORD_SHARD_COUNT-1 (got %d of %d)", c.DiscordShardID, c.DiscordShardCount)
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(string(c.DatabaseURL), "postgres://") && !strings.HasPrefix(string(c.DatabaseURL), "postgresql://") {
		bad("BACKEND_TIP_DATABASE_URL", "must be a postgres:// URL, or empty for SQLite in BACKEND_TIP_DATA_DIR")
	}
	if c.LLMConcurrency < 1 || c.LLMQueue < 0 {
		bad("BACKEND_TIP_LLM_CONCURRENCY", "must be at least 1 (and BACKEND_TIP_LLM_QUEUE at least 0)")
	}
	if c.MaxQuestionRunes < 10 {
		bad("BACKEND_TIP_MAX_QUESTION", "must be at least 10 characters")
	}
	if c.MaxAnswerBytes < 1024 {
		bad("BACKEND_TIP_MAX_ANSWER_BYTES", "must be at least 1024 bytes")
	}
	if c.MaxInFlight < 1 {
		bad("BACKEND_TIP_MAX_IN_FLIGHT", "must be at least 1")
	}
	return errs
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// SlackEnabled reports whether Slack is configured.
func (c Config) SlackEnabled() bool { return c.SlackBotToken != "" }

// DiscordEnabled reports whether Discord is configured.
func (c Config) DiscordEnabled() bool { return c.DiscordBotToken != "" || c.DiscordPublicKey != "" }

// AnyPlatform reports whether serve has something to connect to.
func (c Config) AnyPlatform() bool { return c.SlackEnabled() || c.DiscordEnabled() }

// LLMEnabled reports whether a chat model is reachable in principle.
func (c Config) LLMEnabled() bool { return c.OpenAIAPIKey != "" || c.OpenAIBaseURL != "" }

// String prints the configuration with secrets redacted.
func (c Config) String() string {
	type plain Config // same fields, no String method: avoids recursion; Secret fields still redact
	return fmt.Sprintf("%+v", plain(c))
}

// LogValue logs the configuration with secrets redacted.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

// reader collects parse errors so all of them are reported at once.
type reader struct {
	lookup Lookup
	errs   []error
}

func (r *reader) str(key, def string) string {
	if v, ok := r.lookup(key); ok && strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v)
	}
	return def
}

func (r *reader) integer(key string, def int) int {
	v := r.str(key, "")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		r.errs = append(r.errs, fmt.Errorf("%s: %q is not a whole number", key, v))
		return def
	}
	return n
}

func (r *reader) float(key string, def float64) float64 {
	v := r.str(key, "")
	if v == "" {
		return def
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 {
		r.errs = append(r.errs, fmt.Errorf("%s: %q is not a non-negative number", key, v))
		return def
	}
	return f
}

func (r *reader) duration(key string, def time.Duration) time.Duration {
	v := r.str(key, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		r.errs = append(r.errs, fmt.Errorf("%s: %q is not a duration such as 30s or 1h", key, v))
		return def
	}
	return d
}

// ids reads a comma-separated list of user ids (U012AB3CD, 80351110224678912).
func (r *reader) ids(key string) []string {
	var out []string
	for _, id := range strings.Split(r.str(key, ""), ",") {
		id = strings.TrimSpace(id)
		switch {
		case id == "":
		case strings.ContainsFunc(id, func(c rune) bool {
			return !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')
		}):
			r.errs = append(r.errs, fmt.Errorf("%s: %q is not a user id (comma-separated Slack or Discord user ids such as U012AB3CD)", key, id))
		default:
			out = append(out, id)
		}
	}
	return out
}

func (r *reader) onOff(key string, def bool) bool {
	switch strings.ToLower(r.str(key, "")) {
	case "":
		return def
	case "on", "true", "1", "yes":
		return true
	case "off", "false", "0", "no":
		return false
	default:
		r.errs = append(r.errs, fmt.Errorf("%s: use on or off", key))
		return def
	}
}
