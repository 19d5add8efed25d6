package answer

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/internal/fakeopenai"
	"github.com/backend-tip/backend-tip/retrieval"
	openai "github.com/sashabaranov/go-openai"
)

// fakeLLM is the shared OpenAI-compatible fake (internal/fakeopenai).
type fakeLLM struct{ *fakeopenai.Server }

func newFakeLLM(t testing.TB) *fakeLLM { return &fakeLLM{fakeopenai.New(t)} }

// client is a go-openai client for the fake whose retries do not sleep.
func (f *fakeLLM) client(sleeps *[]time.Duration) ChatClient {
	var mu sync.Mutex
	return NewOpenAI(OpenAIOptions{APIKey: "sk-test", BaseURL: f.URL + "/v1", Retries: 2,
		Sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			defer mu.Unlock()
			if sleeps != nil {
				*sleeps = append(*sleeps, d)
			}
			return ctx.Err()
		}})
}

// The fake's answer writers, by their short names.
var (
	sseChunk   = fakeopenai.Chunk
	sse        = fakeopenai.SSE
	completion = fakeopenai.Completion
	apiError   = fakeopenai.APIError
)

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

// mustAsk is ask for a question that must not fail.
func mustAsk(t *testing.T, a *Answerer, q bot.Question) (bot.Reply, []string) {
	t.Helper()
	reply, updates, err := ask(t, a, q)
	if err != nil {
		t.Fatal(err)
	}
	return reply, updates
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
