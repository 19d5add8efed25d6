// Package fakeopenai is the one OpenAI-compatible server on loopback that
// every test and the load tool talk to through go-openai:
// /v1/chat/completions, streamed (SSE) and plain, and /v1/embeddings. Like
// the real API it answers a malformed body with 400 and ends a stream with
// "data: [DONE]"; how each call is answered is up to the caller.
package fakeopenai

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	openai "github.com/sashabaranov/go-openai"
)

// Server is the fake. Set Stream and Complete before the first call.
type Server struct {
	URL string // base URL without /v1
	srv *httptest.Server

	// Stream answers a streamed chat request, Complete a plain one; n counts
	// chat requests from 0. Defaults: a short grounded answer.
	Stream   func(w http.ResponseWriter, r *http.Request, n int)
	Complete func(w http.ResponseWriter, r *http.Request, n int)
	// Embed answers an embeddings request for inputs; n counts embeddings
	// requests from 0. Default: Embeddings of each input's Vector.
	Embed func(w http.ResponseWriter, inputs []string, n int)

	mu         sync.Mutex
	requests   []Request
	embedded   int
	embedCalls int
}

// Request is one chat request the fake received.
type Request struct {
	openai.ChatCompletionRequest
	UserAgent string
}

// New starts a Server for a test and closes it when the test ends.
func New(tb testing.TB) *Server {
	s := Start()
	tb.Cleanup(s.Close)
	return s
}

// Start starts a Server; Close stops it.
func Start() *Server {
	s := &Server{
		Stream: func(w http.ResponseWriter, _ *http.Request, _ int) {
			SSE(w, "N+1問題は", "追加のクエリが", "増える問題です[1]。")
		},
		Complete: func(w http.ResponseWriter, _ *http.Request, _ int) { Completion(w, "N+1問題 クエリ") },
		Embed: func(w http.ResponseWriter, inputs []string, _ int) {
			vecs := make([][]float32, len(inputs))
			for i, text := range inputs {
				vecs[i] = Vector(text)
			}
			Embeddings(w, vecs)
		},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.chat)
	mux.HandleFunc("POST /v1/embeddings", s.embeddings)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	var req openai.ChatCompletionRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	n := len(s.requests)
	s.requests = append(s.requests, Request{ChatCompletionRequest: req, UserAgent: r.UserAgent()})
	stream, complete := s.Stream, s.Complete
	s.mu.Unlock()
	if req.Stream {
		stream(w, r, n)
		return
	}
	complete(w, r, n)
}

func (s *Server) embeddings(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Input []string `json:"input"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.embedded += len(req.Input)
	n := s.embedCalls
	s.embedCalls++
	embed := s.Embed
	s.mu.Unlock()
	embed(w, req.Input, n)
}

// Embeddings writes an embeddings answer, one vector an input in order.
func Embeddings(w http.ResponseWriter, vecs [][]float32) {
	data := make([]map[string]any, len(vecs))
	for i, v := range vecs {
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": v}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data, "model": "fake-embed"})
}

// Requests returns the chat requests so far, in arrival order.
func (s *Server) Requests() []openai.ChatCompletionRequest {
	var out []openai.ChatCompletionRequest
	for _, r := range s.Received() {
		out = append(out, r.ChatCompletionRequest)
	}
	return out
}

// Received returns the chat requests so far with their User-Agent.
func (s *Server) Received() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Streamed returns the streamed chat requests so far with their User-Agent.
func (s *Server) Streamed() []Request {
	var out []Request
	for _, r := range s.Received() {
		if r.Stream {
			out = append(out, r)
		}
	}
	return out
}

// LastStream returns the last streamed chat request.
func (s *Server) LastStream(tb testing.TB) openai.ChatCompletionRequest {
	tb.Helper()
	reqs := s.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Stream {
			return reqs[i]
		}
	}
	tb.Fatalf("no streamed request among %d", len(reqs))
	return openai.ChatCompletionRequest{}
}

// Embedded is how many texts were embedded.
func (s *Server) Embedded() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.embedded
}

// EmbedRequests is how many embeddings requests arrived, answered or not.
func (s *Server) EmbedRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.embedCalls
}

// Chunk writes one streamed chunk carrying content.
func Chunk(w http.ResponseWriter, content string) {
	b, _ := json.Marshal(map[string]any{"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "fake",
		"choices": []map[string]any{{"index": 0, "delta": map[string]any{"content": content}}}})
	fmt.Fprintf(w, "data: %s\n\n", b)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}

// SSE streams the parts as chunks, then usage and [DONE].
func SSE(w http.ResponseWriter, parts ...string) {
	w.Header().Set("Content-Type", "text/event-stream")
	for _, p := range parts {
		Chunk(w, p)
	}
	End(w)
}

// End ends a stream: the usage chunk, then [DONE].
func End(w http.ResponseWriter) {
	fmt.Fprint(w, `data: {"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":120,"completion_tokens":9,"total_tokens":129}}`+"\n\n")
	fmt.Fprint(w, "data: [DONE]\n\n")
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
}

// SSESentences streams text one sentence (up to 。) per chunk.
func SSESentences(w http.ResponseWriter, text string) { SSE(w, strings.SplitAfter(text, "。")...) }

// Completion writes a plain (non-streamed) answer.
func Completion(w http.ResponseWriter, text string) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"id": "c2", "object": "chat.completion", "created": 1, "model": "fake",
		"choices": []map[string]any{{"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant", "content": text}}},
		"usage":   map[string]any{"prompt_tokens": 30, "completion_tokens": 5, "total_tokens": 35}})
}

// APIError answers with an OpenAI-style error and status code.
func APIError(w http.ResponseWriter, code int) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	fmt.Fprintf(w, `{"error":{"message":"fake %d","type":"server_error"}}`, code)
}

// Vector is a deterministic unit vector from the text's bytes.
func Vector(text string) []float32 {
	v := make([]float64, 8)
	for i, b := range []byte(text) {
		v[i%8] += float64(b)
	}
	var n float64
	for _, x := range v {
		n += x * x
	}
	out := make([]float32, 8)
	for i, x := range v {
		out[i] = float32(x / math.Sqrt(n+1e-9))
		if n == 0 {
			out[i] = 1 / float32(math.Sqrt(8))
		}
	}
	return out
}
