package answer

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/retrieval"
	openai "github.com/sashabaranov/go-openai"
)

// fakeLLM is an OpenAI-compatible server on loopback: /v1/chat/completions
// with and without SSE streaming, and /v1/embeddings.
type fakeLLM struct {
	srv *httptest.Server
	mu  sync.Mutex
	// requests holds every decoded chat request, in arrival order.
	requests []openai.ChatCompletionRequest
	// stream answers a streamed request; complete a plain one. n counts
	// chat requests from 0.
	stream   func(w http.ResponseWriter, r *http.Request, n int)
	complete func(w http.ResponseWriter, r *http.Request, n int)
}

func newFakeLLM(t testing.TB) *fakeLLM {
	f := &fakeLLM{}
	f.stream = func(w http.ResponseWriter, r *http.Request, _ int) {
		sse(w, "N+1問題は", "追加のクエリが", "増える問題です[1]。")
	}
	f.complete = func(w http.ResponseWriter, r *http.Request, _ int) { completion(w, "N+1問題 クエリ") }
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", func(w http.ResponseWriter, r *http.Request) {
		var req openai.ChatCompletionRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		n := len(f.requests)
		f.requests = append(f.requests, req)
		stream, complete := f.stream, f.complete
		f.mu.Unlock()
		if req.Stream {
			stream(w, r, n)
			return
		}
		complete(w, r, n)
	})
	mux.HandleFunc("POST /v1/embeddings", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Input []string `json:"input"`
		}
		_ = json.NewDecoder(r.Body).Decode(&req)
		var data []map[string]any
		for i := range req.Input {
			data = append(data, map[string]any{"object": "embedding", "index": i, "embedding": []float32{0.6, 0.8}})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data, "model": "fake"})
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeLLM) requestsCopy() []openai.ChatCompletionRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]openai.ChatCompletionRequest(nil), f.requests...)
}

// lastStream returns the last streamed request.
func (f *fakeLLM) lastStream(t *testing.T) openai.ChatCompletionRequest {
	t.Helper()
	reqs := f.requestsCopy()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Stream {
			return reqs[i]
		}
	}
	t.Fatalf("no streamed request among %d", len(reqs))
	return openai.ChatCompletionRequest{}
}

// client is a go-openai client for the fake whose retries do not sleep.
func (f *fakeLLM) client(sleeps *[]time.Duration) ChatClient {
	var mu sync.Mutex
	return NewOpenAI(OpenAIOptions{APIKey: "sk-test", BaseURL: f.srv.URL + "/v1", Retries: 2,
		Sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			defer mu.Unlock()
			if sleeps != nil {
				*sleeps = append(*sleeps, d)
			}
			return ctx.Err()
		}})
}

func sseChunk(w http.ResponseWriter, content string) {
	b, _ := json.Marshal(map[string]any{"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "fake",
		"choices": []map[string]any{{"index": 0, "delta": map[string]any{"content": content}}}})
	fmt.Fprintf(w, "data: %s\n\n", b)
	w.(http.Flusher).Flush()
}

// sse streams the parts as chunks, then usage and [DONE].
func sse(w http.ResponseWriter, parts ...string) {
	w.Header().Set("Content-Type", "text/event-stream")
	for _, p := range parts {
		sseChunk(w, p)
	}
	fmt.Fprint(w, `data: {"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":120,"completion_tokens":9,"total_tokens":129}}`+"\n\n")
	fmt.Fprint(w, "data: [DONE]\n\n")
	w.(http.Flusher).Flush()
}

func completion(w http.ResponseWriter, text string) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"id": "c2", "object": "chat.completion", "created": 1, "model": "fake",
		"choices": []map[string]any{{"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant", "content": text}}},
		"usage":   map[string]any{"prompt_tokens": 30, "completion_tokens": 5, "total_tokens": 35}})
}

func apiError(w http.ResponseWriter, code int) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	fmt.Fprintf(w, `{"error":{"message":"fake %d","type":"server_error"}}`, code)
}

// corpus is a few guide-like passages.
var corpus = []content.Chunk{
	{ID: "n1", Source: "backend_developer_guide.md", Section: "必須スキル > データベース", Anchor: "db",
		Text: "N+1問題とは、一覧を取得した後に各行ごとに追加のクエリを発行してしまい、クエリ数が爆発する問題です。ORMを使うときに起きやすく、JOINやEager Loadingで防ぎます。"},
	{ID: "sd", Source: "backend_developer_guide.md", Section: "面接はこう準備しよう！ > システム設計 (System Design)", Anchor: "sd",
		Text: "システム設計の面接では、要件の確認から始めます。スケーラビリティ、データベースの選択、キャッシュ戦略を説明できるように準備しましょう。"},
	{ID: "api", Source: "backend_developer_guide.md", Section: "4つの核心的役割 > API設計", Anchor: "api",
		Text: "APIはフロントエンドとバックエンドをつなぐ契約です。RESTful APIの設計では、リソース指向のURLと適切なHTTPメソッドを使います。"},
	{ID: "auth", Source: "team-notes.md", Section: "セキュリティ > 認証", Anchor: "auth",
		Text: "認証と認可を区別し、パスワードはハッシュ化して保存します。"},
}

// fakeSearcher ranks the corpus by shared terms, like a tiny lexical index,
// and records the queries it got.
type fakeSearcher struct {
	mu      sync.Mutex
	queries []string
	err     error
}

func (s *fakeSearcher) Search(ctx context.Context, q string, k int) ([]retrieval.Hit, error) {
	s.mu.Lock()
	s.queries = append(s.queries, q)
	s.mu.Unlock()
	if s.err != nil {
		return nil, s.err
	}
	qt := terms(q)
	type sc struct {
		c content.Chunk
		s float64
	}
	var all []sc
	for _, c := range corpus {
		all = append(all, sc{c, overlap(qt, terms(c.Section+" "+c.Text))})
	}
	for i := range all { // stable selection sort, best first
		for j := i + 1; j < len(all); j++ {
			if all[j].s > all[i].s {
				all[i], all[j] = all[j], all[i]
			}
		}
	}
	var hits []retrieval.Hit
	for i, x := range all[:min(k, len(all))] {
		// The signals the answerer judges coverage by: the share of the
		// query's terms the chunk holds stands in for both.
		hits = append(hits, retrieval.Hit{Rank: i + 1, Score: x.s + 0.01, Chunk: x.c, Matched: x.s, Similarity: 0.3 * x.s})
	}
	return hits, nil
}

func (s *fakeSearcher) got() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.queries...)
}

// ask runs one answer and returns the final reply and the updates.
func ask(t *testing.T, a *Answerer, q bot.Question) (bot.Reply, []string, error) {
	t.Helper()
	col := bot.NewCollector()
	err := a.Answer(context.Background(), q, col)
	final, ok := col.Final()
	if !ok {
		t.Fatalf("Answer returned without Done (err %v)", err)
	}
	return final, col.Updates(), err
}

func systemPrompt(req openai.ChatCompletionRequest) string {
	if len(req.Messages) == 0 {
		return ""
	}
	return req.Messages[0].Content
}

func lastUser(req openai.ChatCompletionRequest) string {
	for i := len(req.Messages) - 1; i >= 0; i-- {
		if req.Messages[i].Role == openai.ChatMessageRoleUser {
			return req.Messages[i].Content
		}
	}
	return ""
}

func containsAll(t *testing.T, what, text string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(text, s) {
			t.Errorf("%s does not contain %q:\n%s", what, s, text)
		}
	}
}
