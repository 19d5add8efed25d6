package answer

import openai "github.com/sashabaranov/go-openai"

// TokenField names the request field that caps a reply's length
// (BACKEND_TIP_MAX_TOKENS_FIELD). OpenAI deprecated max_tokens and its
// reasoning models refuse it; Ollama, vLLM and many gateways still read
// only max_tokens and ignore max_completion_tokens.
type TokenField string

const (
	MaxCompletionTokens TokenField = "max_completion_tokens"
	MaxTokens           TokenField = "max_tokens"
)

// apply moves the answerer's cap (always set as MaxCompletionTokens) to the
// field the server reads.
func (f TokenField) apply(req openai.ChatCompletionRequest) openai.ChatCompletionRequest {
	if f == MaxTokens && req.MaxCompletionTokens > 0 {
		//lint:ignore SA1019 the deprecated field is the one these servers read
		req.MaxTokens = req.MaxCompletionTokens
		req.MaxCompletionTokens = 0
	}
	return req
}
