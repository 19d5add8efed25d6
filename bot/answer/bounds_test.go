package answer

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/bot"
)

func TestModelOutputIsBounded(t *testing.T) {
	for _, tc := range []struct {
		name   string
		stream func(w http.ResponseWriter, r *http.Request)
	}{
		{"4 MiB answer", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/event-stream")
			part := strings.Repeat("N+1問題は一覧の各行で追加クエリを出す問題です[1]。\n", 40) // ~2.7 KiB
			for sent := 0; sent < 4<<20 && r.Context().Err() == nil; sent += len(part) {
				sseChunk(w, part)
			}
		}},
		{"one 16 MiB SSE line", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/event-stream")
			sseChunk(w, "N+1問題は追加クエリの問題です[1]。")
			fmt.Fprint(w, `data: {"choices":[{"index":0,"delta":{"content":"`)
			chunk := strings.Repeat("x", 64<<10)
			for sent := 0; sent < 16<<20 && r.Context().Err() == nil; sent += len(chunk) {
				fmt.Fprint(w, chunk)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeLLM(t)
			f.Stream = func(w http.ResponseWriter, r *http.Request, _ int) { tc.stream(w, r) }
			reply, updates, err := ask(t, newTestAnswerer(f, &fakeSearcher{}, nil), bot.Question{Text: "N+1問題とは？"})
			if err != nil {
				t.Fatal(err)
			}
			if reply.Usage.Fallback || !strings.HasSuffix(reply.Text, strings.TrimSpace(truncatedNote)) {
				t.Errorf("reply (fallback %v) does not end with the note: …%q", reply.Usage.Fallback, tail(reply.Text))
			}
			if len(reply.Text) > DefaultMaxAnswerBytes+len(truncatedNote)+1024 {
				t.Errorf("reply is %d bytes, bound %d", len(reply.Text), DefaultMaxAnswerBytes)
			}
			for _, u := range updates {
				if len(u) > DefaultMaxAnswerBytes+1024 {
					t.Errorf("an update of %d bytes", len(u))
				}
			}
			if len(updates) > 200 {
				t.Errorf("%d updates: shaping is not bounded", len(updates))
			}
		})
	}
}

func tail(s string) string { return s[max(0, len(s)-80):] }

func TestPromptEchoNeverShows(t *testing.T) {
	f := newFakeLLM(t)
	f.Stream = func(w http.ResponseWriter, r *http.Request, _ int) {
		req := f.LastStream(t)
		sys := systemPrompt(req)
		sse(w, "はい。", sys[:len(sys)/2], sys[len(sys)/2:])
	}
	reply, updates, err := ask(t, newTestAnswerer(f, &fakeSearcher{}, nil), bot.Question{Text: "N+1問題とは？"})
	if err != nil {
		t.Fatal(err)
	}
	sys := systemPrompt(f.LastStream(t))
	var long []string // instruction lines; passage lines may be quoted
	for line := range strings.SplitSeq(sys, "\n") {
		if line = strings.TrimSpace(line); len(line) >= 24 && !strings.Contains(line, "[") && !strings.ContainsAny(line, "。") {
			long = append(long, line)
		}
	}
	if len(long) == 0 {
		t.Fatal("the system prompt has no line to recognise")
	}
	for _, text := range append(updates, reply.Text) {
		for _, line := range long {
			if strings.Contains(text, line) {
				t.Fatalf("the system prompt showed: %q", line)
			}
		}
	}
	if !reply.Usage.Fallback {
		t.Error("an echoed prompt must fall back to the extractive answer")
	}
}

func TestNotCoveredNeverStreams(t *testing.T) {
	f := newFakeLLM(t)
	f.Stream = func(w http.ResponseWriter, r *http.Request, _ int) {
		sse(w, "ガイドには", "ありません。", notCovered)
	}
	_, updates, _ := ask(t, newTestAnswerer(f, &fakeSearcher{}, nil), bot.Question{Text: "N+1問題とは？"})
	for _, u := range updates {
		if strings.Contains(u, notCovered) {
			t.Errorf("update shows %q", u)
		}
	}
}

// BenchmarkCountTokensLetterRun counts a 128 KiB run of letters without a
// break (25 s with the BPE tokenizer; the estimate is linear).
func BenchmarkCountTokensLetterRun(b *testing.B) {
	run := strings.Repeat("a", 128<<10)
	for b.Loop() {
		countTokens(run)
	}
}
