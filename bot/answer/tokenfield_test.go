package answer

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	openai "github.com/sashabaranov/go-openai"
)

// The cap reaches the server in the field it reads: max_completion_tokens
// by default (OpenAI), max_tokens when configured (Ollama, vLLM).
func TestTokenFieldOnTheWire(t *testing.T) {
	bodies := make(chan map[string]any, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &body)
		bodies <- body
		if body["stream"] == true {
			sse(w, "ok")
			return
		}
		completion(w, "ok")
	}))
	defer srv.Close()
	for _, tt := range []struct {
		field     TokenField
		want, not string
	}{
		{"", "max_completion_tokens", "max_tokens"},
		{MaxCompletionTokens, "max_completion_tokens", "max_tokens"},
		{MaxTokens, "max_tokens", "max_completion_tokens"},
	} {
		c := NewOpenAI(OpenAIOptions{BaseURL: srv.URL + "/v1", TokenField: tt.field})
		req := openai.ChatCompletionRequest{Model: "m", MaxCompletionTokens: 123,
			Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "q"}}}
		if _, err := c.Complete(context.Background(), req); err != nil {
			t.Fatalf("%q complete: %v", tt.field, err)
		}
		s, err := c.Stream(context.Background(), req)
		if err != nil {
			t.Fatalf("%q stream: %v", tt.field, err)
		}
		s.Close()
		for _, call := range []string{"complete", "stream"} {
			body := <-bodies
			if body[tt.want] != float64(123) || body[tt.not] != nil {
				t.Errorf("field %q, %s: %s=%v %s=%v, want only %s=123", tt.field, call, tt.want, body[tt.want], tt.not, body[tt.not], tt.want)
			}
		}
	}
}
