package answer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// ChatClient is the part of a chat model the answerer uses. OpenAI adapts a
// go-openai client to it; tests and benchmarks can use an in-process fake.
type ChatClient interface {
	// Stream starts a streamed completion.
	Stream(ctx context.Context, req openai.ChatCompletionRequest) (ChatStream, error)
	// Complete runs a completion without streaming (query rewrite, quiz
	// feedback).
	Complete(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error)
}

// ChatStream yields streamed chunks until io.EOF.
type ChatStream interface {
	Recv() (openai.ChatCompletionStreamResponse, error)
	Close() error
}

// OpenAIOptions configure NewOpenAI.
type OpenAIOptions struct {
	APIKey  string
	BaseURL string // empty: OpenAI's own API
	// Retries is how often a 429 or 5xx answer is retried (default 2).
	Retries int
	// BaseDelay is the first backoff; it doubles per retry (default 500ms).
	// MaxDelay caps any wait, Retry-After included (default 8s): a longer
	// Retry-After is not waited for, the answer falls back instead.
	BaseDelay time.Duration
	MaxDelay  time.Duration
	// Transport is the underlying round tripper (default
	// http.DefaultTransport).
	Transport http.RoundTripper
	// MaxLineBytes bounds one line of a response (default DefaultMaxLineBytes).
	MaxLineBytes int
	// Sleep waits for d or until ctx ends; tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
	// TokenField is the request field that caps a reply's length:
	// MaxCompletionTokens (default, what OpenAI's current models want) or
	// MaxTokens (Ollama, vLLM and older servers).
	TokenField TokenField
}

// NewOpenAI builds a go-openai client for any OpenAI-compatible server
// (OpenAI, Azure-style gateways, Ollama, vLLM, LM Studio) whose HTTP client
// retries 429 and 5xx answers with backoff.
func NewOpenAI(o OpenAIOptions) ChatClient {
	cfg := openai.DefaultConfig(o.APIKey)
	if o.BaseURL != "" {
		cfg.BaseURL = o.BaseURL
	}
	cfg.HTTPClient = &http.Client{Transport: newRetryTransport(o)}
	return openAIClient{c: openai.NewClientWithConfig(cfg), field: o.TokenField}
}

type openAIClient struct {
	c     *openai.Client
	field TokenField
}

func (o openAIClient) Stream(ctx context.Context, req openai.ChatCompletionRequest) (ChatStream, error) {
	req = o.field.apply(req)
	req.Stream = true
	s, err := o.c.CreateChatCompletionStream(ctx, req)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func (o openAIClient) Complete(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	req = o.field.apply(req)
	req.Stream = false
	return o.c.CreateChatCompletion(ctx, req)
}

// statusCode digs the HTTP status out of a go-openai error (0 when none).
func statusCode(err error) int {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode
	}
	return 0
}

// describe is a short, secret-free reason for logs.
func describe(err error) string {
	if code := statusCode(err); code != 0 {
		return fmt.Sprintf("http %d", code)
	}
	return err.Error()
}
