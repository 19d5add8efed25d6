package logging

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/config"
)

func TestLogDurationsAsStrings(t *testing.T) {
	for _, format := range []string{"json", "text"} {
		var buf bytes.Buffer
		log := New(config.Config{LogLevel: "info", LogFormat: format}, &buf)
		log.Info("retrying", "backoff", 1500*time.Millisecond, slog.Group("llm", "timeout", time.Minute))
		line := buf.String()
		if format == "json" {
			var got struct {
				Backoff any `json:"backoff"`
				LLM     struct {
					Timeout any `json:"timeout"`
				} `json:"llm"`
			}
			if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got.Backoff != "1.5s" || got.LLM.Timeout != "1m0s" {
				t.Errorf("json: backoff %v, llm.timeout %v; want \"1.5s\", \"1m0s\" in %s", got.Backoff, got.LLM.Timeout, line)
			}
			continue
		}
		if !bytes.Contains(buf.Bytes(), []byte("backoff=1.5s")) || !bytes.Contains(buf.Bytes(), []byte("llm.timeout=1m0s")) {
			t.Errorf("text: %s", line)
		}
	}
}
