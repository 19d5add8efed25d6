package main

import (
	"net/http"
	"strings"

	openai "github.com/sashabaranov/go-openai"

	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/internal/fakeopenai"
)

// fakeModel is the shared loopback OpenAI-compatible server
// (internal/fakeopenai) answering as `eval -answers -fake-llm` needs: it
// always answers (never NOT_COVERED), citing passage 1, and the prompts it
// received tell the eval whether a question was refused before the model,
// whether the needed fact reached the prompt, and whether guide text ever
// sat in the system message.
type fakeModel struct {
	*fakeopenai.Server
	guide []string // chunk openings, to find guide text in a system message
}

func startFakeModel(docs []content.Document) (*fakeModel, error) {
	f := &fakeModel{Server: fakeopenai.Start()}
	for _, d := range docs {
		for _, c := range d.Chunks {
			if t := []rune(strings.TrimSpace(c.Text)); len(t) >= 30 {
				f.guide = append(f.guide, string(t[:30]))
			}
		}
	}
	const answer = "The guide answers this in passage one [1]."
	f.Stream = func(w http.ResponseWriter, _ *http.Request, _ int) { fakeopenai.SSE(w, answer[:20], answer[20:]) }
	f.Complete = func(w http.ResponseWriter, _ *http.Request, n int) {
		// The query rewrite: echo the last question as keywords.
		msgs := f.Requests()[n].Messages
		last := msgs[len(msgs)-1].Content
		if i := strings.LastIndex(last, "Last question:"); i >= 0 {
			last = last[i+len("Last question:"):]
		}
		fakeopenai.Completion(w, strings.TrimSpace(last))
	}
	return f, nil
}

// URL is the base URL to give the answerer (OPENAI_BASE_URL).
func (f *fakeModel) URL() string { return f.Server.URL + "/v1" }

// answers is how many answer (streamed) requests arrived.
func (f *fakeModel) answers() int { return len(f.Streamed()) }

// lastPrompt is every message of the last answer request, one a line.
func (f *fakeModel) lastPrompt() string {
	s := f.Streamed()
	if len(s) == 0 {
		return ""
	}
	var all strings.Builder
	for _, m := range s[len(s)-1].Messages {
		all.WriteString(m.Content + "\n")
	}
	return all.String()
}

// systemLeaks is how many requests carried guide text in a system message.
func (f *fakeModel) systemLeaks() int {
	leaks := 0
	for _, r := range f.Requests() {
		for _, m := range r.Messages {
			if m.Role == openai.ChatMessageRoleSystem && f.hasGuideText(m.Content) {
				leaks++
			}
		}
	}
	return leaks
}

// requests is how many chat requests arrived.
func (f *fakeModel) requests() int { return len(f.Requests()) }

func (f *fakeModel) hasGuideText(s string) bool {
	for _, g := range f.guide {
		if strings.Contains(s, g) {
			return true
		}
	}
	return false
}
