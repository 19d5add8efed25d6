package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/config"
)

func TestLoggerFormatAndLevel(t *testing.T) {
	tests := []struct {
		name, format, level string
		wantJSON            bool
		wantDebug           bool
	}{
		{"pipe defaults to json", "", "info", true, false},
		{"forced text", "text", "info", false, false},
		{"forced json", "json", "debug", true, true},
		{"warn hides info", "json", "warn", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			log := New(config.Config{LogFormat: tt.format, LogLevel: tt.level}, &buf)
			log.Debug("dbg")
			log.Warn("hello", "k", "v")
			out := buf.String()
			if got := strings.Contains(out, "dbg"); got != tt.wantDebug {
				t.Errorf("debug line present = %v, want %v:\n%s", got, tt.wantDebug, out)
			}
			lastLine := out[strings.LastIndex(strings.TrimSuffix(out, "\n"), "\n")+1:]
			var m map[string]any
			isJSON := json.Unmarshal([]byte(lastLine), &m) == nil
			if isJSON != tt.wantJSON {
				t.Errorf("JSON = %v, want %v: %q", isJSON, tt.wantJSON, lastLine)
			}
			if !strings.Contains(out, "hello") {
				t.Errorf("warn line missing:\n%s", out)
			}
		})
	}
}

func TestLoggerRedactsSecrets(t *testing.T) {
	slackToken := "xoxb-1234567890-abcdefghijkl"
	appToken := "xapp-1-A111-222-abcdef0123"
	openaiKey := "sk-proj-abcdefghijklmnopqrstuvwx"
	tests := []struct {
		name   string
		log    func(log interface{ Info(string, ...any) })
		secret string
	}{
		{"config.Secret attr", func(l interface{ Info(string, ...any) }) {
			l.Info("config", "token", config.Secret(slackToken))
		}, slackToken},
		{"token inside an error", func(l interface{ Info(string, ...any) }) {
			l.Info("call failed", "err", errors.New("auth.test with "+appToken+": invalid_auth"))
		}, appToken},
		{"key inside a string", func(l interface{ Info(string, ...any) }) {
			l.Info("header", "value", "Bearer "+openaiKey)
		}, openaiKey},
		{"database url password", func(l interface{ Info(string, ...any) }) {
			l.Info("db", "url", "postgres://bot:s3cretpass@db:5432/bt")
		}, "s3cretpass"},
	}
	for _, tt := range tests {
		for _, format := range []string{"json", "text"} {
			t.Run(tt.name+"/"+format, func(t *testing.T) {
				var buf bytes.Buffer
				tt.log(New(config.Config{LogFormat: format, LogLevel: "debug"}, &buf))
				if out := buf.String(); strings.Contains(out, tt.secret) || !strings.Contains(out, "redacted") {
					t.Errorf("secret not redacted:\n%s", out)
				}
			})
		}
	}
}

func TestLoggerKeepsUserTextOutOfInfo(t *testing.T) {
	question := "私のパスワードは hunter2 です、どうすればいい？"
	tests := []struct {
		name     string
		level    string
		log      func(buf *bytes.Buffer, level string)
		wantFull bool
	}{
		{"info attr", "info", func(buf *bytes.Buffer, level string) {
			New(config.Config{LogFormat: "json", LogLevel: level}, buf).Info("asked", "text", question)
		}, false},
		{"info with bound attr", "info", func(buf *bytes.Buffer, level string) {
			New(config.Config{LogFormat: "json", LogLevel: level}, buf).With("question", question).Info("asked")
		}, false},
		{"error in a group", "info", func(buf *bytes.Buffer, level string) {
			New(config.Config{LogFormat: "json", LogLevel: level}, buf).Error("failed", "req", map[string]any{}, "answer", question)
		}, false},
		{"debug shows it", "debug", func(buf *bytes.Buffer, level string) {
			New(config.Config{LogFormat: "json", LogLevel: level}, buf).Debug("asked", "text", question)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			tt.log(&buf, tt.level)
			out := buf.String()
			if got := strings.Contains(out, "hunter2"); got != tt.wantFull {
				t.Errorf("full text logged = %v, want %v:\n%s", got, tt.wantFull, out)
			}
			if !tt.wantFull && !strings.Contains(out, "chars]") {
				t.Errorf("length placeholder missing:\n%s", out)
			}
		})
	}
}
