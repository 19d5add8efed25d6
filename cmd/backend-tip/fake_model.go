package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"

	openai "github.com/sashabaranov/go-openai"

	"github.com/backend-tip/backend-tip/content"
)

// fakeModel is a loopback OpenAI-compatible chat server for `eval -answers
// -fake-llm`: it always answers (never NOT_COVERED), citing passage 1, and
// records each answer request's prompt, so the eval can tell whether a
// question was refused before the model, whether the needed fact reached
// the prompt, and whether guide text ever sat in the system message. Like
// the real API it streams "data: {chunk}" lines ending with "data: [DONE]"
// when "stream" is true, and returns one JSON object otherwise.
type fakeModel struct {
	srv    *http.Server
	ln     net.Listener
	guide  []string // chunk openings, to find guide text in a system message
	mu     sync.Mutex
	n      int
	prompt string
	leaks  int
	total  int
}

func startFakeModel(docs []content.Document) (*fakeModel, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fake model: %w", err)
	}
	f := &fakeModel{ln: ln}
	for _, d := range docs {
		for _, c := range d.Chunks {
			if t := []rune(strings.TrimSpace(c.Text)); len(t) >= 30 {
				f.guide = append(f.guide, string(t[:30]))
			}
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /chat/completions", f.chat)
	mux.HandleFunc("POST /v1/chat/completions", f.chat)
	f.srv = &http.Server{Handler: mux}
	go f.srv.Serve(ln)
	return f, nil
}

func (f *fakeModel) URL() string { return "http://" + f.ln.Addr().String() + "/v1" }

func (f *fakeModel) Close() { f.srv.Close() }

func (f *fakeModel) chat(w http.ResponseWriter, r *http.Request) {
	var req openai.ChatCompletionRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Messages) == 0 {
		http.Error(w, `{"error":{"message":"bad request","type":"invalid_request_error"}}`, http.StatusBadRequest)
		return
	}
	var all strings.Builder
	f.mu.Lock()
	f.total++
	for _, m := range req.Messages {
		all.WriteString(m.Content + "\n")
		if m.Role == openai.ChatMessageRoleSystem && f.hasGuideText(m.Content) {
			f.leaks++
		}
	}
	if req.Stream {
		f.n++
		f.prompt = all.String()
	}
	f.mu.Unlock()
	answer := "The guide answers this in passage one [1]."
	if !req.Stream {
		// The query rewrite: echo the last question as keywords.
		last := req.Messages[len(req.Messages)-1].Content
		if i := strings.LastIndex(last, "Last question:"); i >= 0 {
			last = last[i+len("Last question:"):]
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(openai.ChatCompletionResponse{Model: req.Model,
			Choices: []openai.ChatCompletionChoice{{Message: openai.ChatCompletionMessage{Role: "assistant", Content: strings.TrimSpace(last)}, FinishReason: "stop"}}})
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	for _, part := range []string{answer[:20], answer[20:]} {
		b, _ := json.Marshal(openai.ChatCompletionStreamResponse{Model: req.Model,
			Choices: []openai.ChatCompletionStreamChoice{{Delta: openai.ChatCompletionStreamChoiceDelta{Content: part}}}})
		fmt.Fprintf(w, "data: %s\n\n", b)
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
}

func (f *fakeModel) hasGuideText(s string) bool {
	for _, g := range f.guide {
		if strings.Contains(s, g) {
			return true
		}
	}
	return false
}

// answers is how many answer (streamed) requests arrived.
func (f *fakeModel) answers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

func (f *fakeModel) lastPrompt() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.prompt
}

func (f *fakeModel) systemLeaks() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.leaks
}

func (f *fakeModel) requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.total
}
