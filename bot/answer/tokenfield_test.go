package answer

import (
	"context"
	"testing"

	openai "github.com/sashabaranov/go-openai"
)

// The cap reaches the server in the field it reads: max_completion_tokens
// by default (OpenAI), max_tokens when configured (Ollama, vLLM).
func TestTokenFieldOnTheWire(t *testing.T) {
	f := newFakeLLM(t)
	for _, tt := range []struct {
		field     TokenField
		want, not string
	}{
		{"", "max_completion_tokens", "max_tokens"},
		{MaxCompletionTokens, "max_completion_tokens", "max_tokens"},
		{MaxTokens, "max_tokens", "max_completion_tokens"},
	} {
		c := NewOpenAI(OpenAIOptions{BaseURL: f.URL + "/v1", TokenField: tt.field})
		req := openai.ChatCompletionRequest{Model: "m", MaxCompletionTokens: 123,
			Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "q"}}}
		before := len(f.Received())
		if _, err := c.Complete(context.Background(), req); err != nil {
			t.Fatalf("%q complete: %v", tt.field, err)
		}
		s, err := c.Stream(context.Background(), req)
		if err != nil {
			t.Fatalf("%q stream: %v", tt.field, err)
		}
		s.Close()
		got := f.Received()[before:]
		if len(got) != 2 {
			t.Fatalf("field %q: %d requests, want a plain and a streamed one", tt.field, len(got))
		}
		for i, call := range []string{"complete", "stream"} {
			//lint:ignore SA1019 max_tokens is the wire field BACKEND_TIP_MAX_TOKENS_FIELD sends to Ollama and vLLM: what this test checks.
			fields := map[string]int{"max_tokens": got[i].MaxTokens, "max_completion_tokens": got[i].MaxCompletionTokens}
			if fields[tt.want] != 123 || fields[tt.not] != 0 {
				t.Errorf("field %q, %s: %s=%v %s=%v, want only %s=123", tt.field, call, tt.want, fields[tt.want], tt.not, fields[tt.not], tt.want)
			}
		}
	}
}
