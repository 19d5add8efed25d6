package answer

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/retrieval"
	openai "github.com/sashabaranov/go-openai"
)

// BenchmarkFirstUpdate measures, through the loopback OpenAI fake, the time
// from the model flushing its first token to the stream's first Update.
func BenchmarkFirstUpdate(b *testing.B) {
	f := newFakeLLM(b)
	var mu sync.Mutex
	var sentAt time.Time
	f.Stream = func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("Content-Type", "text/event-stream")
		mu.Lock()
		sentAt = time.Now()
		mu.Unlock()
		sseChunk(w, "N+1問題は")
		sse(w, "追加のクエリが増える問題です[1]。")
	}
	a := New(Options{Searcher: staticSearcher(corpus), Chat: f.client(nil), Model: "fake"})
	countTokens("warm up the tokenizer")
	var total time.Duration
	b.ResetTimer()
	for range b.N {
		var first time.Duration
		s := bot.StreamFunc{OnUpdate: func(string) {
			if first == 0 {
				mu.Lock()
				first = time.Since(sentAt)
				mu.Unlock()
			}
		}}
		if err := a.Answer(context.Background(), bot.Question{Text: "N+1問題とは？"}, s); err != nil {
			b.Fatal(err)
		}
		if first == 0 {
			b.Fatal("no update")
		}
		total += first
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N)/1000, "ms-to-first-update")
}

// BenchmarkAnswerOverhead is the answerer's own work per answer: an
// in-process model and searcher cost next to nothing, so everything
// measured is prompt building, token budgeting, throttled updates,
// citation mapping and the reply.
func BenchmarkAnswerOverhead(b *testing.B) {
	var chunks []openai.ChatCompletionStreamResponse
	for _, part := range strings.SplitAfter(strings.Repeat("N+1問題は、一覧の各行ごとに追加クエリを発行する問題です[1]。JOINで防ぎます[2]。", 3), "。") {
		chunks = append(chunks, openai.ChatCompletionStreamResponse{Choices: []openai.ChatCompletionStreamChoice{{Delta: openai.ChatCompletionStreamChoiceDelta{Content: part}}}})
	}
	a := New(Options{Searcher: staticSearcher(corpus), Chat: memChat{chunks: chunks}, Model: "fake"})
	history := []bot.Turn{{Text: "N+1問題とは？"}, {FromBot: true, Text: "一覧の各行ごとに追加クエリを発行する問題です[1]。"}}
	countTokens("warm up the tokenizer")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		var final bot.Reply
		if err := a.Answer(context.Background(), bot.Question{Text: "それはどうやって防ぐの？", History: history}, bot.StreamFunc{OnDone: func(r bot.Reply) { final = r }}); err != nil {
			b.Fatal(err)
		}
		if final.Answer == nil || final.Answer.Mode != "llm" || !final.Answer.Covered {
			b.Fatalf("not a model answer: %+v %q", final.Answer, final.Text)
		}
	}
}

// BenchmarkExtractive is an answer without a model, retrieval excluded.
func BenchmarkExtractive(b *testing.B) {
	a := New(Options{Searcher: staticSearcher(corpus)})
	b.ReportAllocs()
	for range b.N {
		var final bot.Reply
		if err := a.Answer(context.Background(), bot.Question{Text: "N+1問題とは？"}, bot.StreamFunc{OnDone: func(r bot.Reply) { final = r }}); err != nil {
			b.Fatal(err)
		}
		if final.Answer == nil || !final.Answer.Covered {
			b.Fatalf("refused: %q", final.Text)
		}
	}
}

// staticSearcher returns the same hits for every query.
type staticSearcher []content.Chunk

func (s staticSearcher) Search(ctx context.Context, q string, k int) ([]retrieval.Hit, error) {
	hits := make([]retrieval.Hit, 0, min(k, len(s)))
	for i, c := range s[:min(k, len(s))] {
		// Evidence enough to answer: the benchmarks measure answers, not
		// refusals.
		hits = append(hits, retrieval.Hit{Rank: i + 1, Score: 1 / float64(i+1), Chunk: c, Matched: 0.6, Similarity: 0.25})
	}
	return hits, nil
}

// memChat is an in-process model that streams fixed chunks.
type memChat struct {
	chunks []openai.ChatCompletionStreamResponse
}

func (m memChat) Stream(ctx context.Context, req openai.ChatCompletionRequest) (ChatStream, error) {
	return &memStream{chunks: m.chunks}, nil
}

func (m memChat) Complete(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	return openai.ChatCompletionResponse{Choices: []openai.ChatCompletionChoice{{Message: openai.ChatCompletionMessage{Content: "N+1問題"}}}}, nil
}

type memStream struct {
	chunks []openai.ChatCompletionStreamResponse
	i      int
}

func (s *memStream) Recv() (openai.ChatCompletionStreamResponse, error) {
	if s.i >= len(s.chunks) {
		return openai.ChatCompletionStreamResponse{}, io.EOF
	}
	s.i++
	return s.chunks[s.i-1], nil
}

func (s *memStream) Close() error { return nil }
