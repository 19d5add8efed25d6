package retrieval

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/internal/testkit"

	"github.com/backend-tip/backend-tip/internal/fakeopenai"
)

func cosine(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func TestLocalEmbedder(t *testing.T) {
	g, err := DefaultGlossary()
	if err != nil {
		t.Fatal(err)
	}
	e := NewLocalEmbedder(g, []string{Normalize("認証とデータベース"), Normalize("面接の準備")})
	texts := []string{"authentication", "ユーザー認証・認可", "データベースの設計", "", "🚀🔥", "\xff\xfe", "ＡＰＩ設計"}
	vecs, err := e.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vecs {
		if len(v) != e.Dims() {
			t.Fatalf("%q: %d dims, want %d", texts[i], len(v), e.Dims())
		}
		var norm float64
		for _, x := range v {
			if math.IsNaN(float64(x)) {
				t.Fatalf("%q: NaN", texts[i])
			}
			norm += float64(x) * float64(x)
		}
		if math.Abs(norm-1) > 1e-4 {
			t.Errorf("%q: norm %f, want 1", texts[i], norm)
		}
	}
	if cosine(vecs[0], vecs[1]) <= cosine(vecs[0], vecs[2]) {
		t.Errorf("authentication is not closer to 認証 (%.3f) than to データベース (%.3f)", cosine(vecs[0], vecs[1]), cosine(vecs[0], vecs[2]))
	}
	again, _ := e.Embed(context.Background(), texts[:1])
	for i := range again[0] {
		if again[0][i] != vecs[0][i] {
			t.Fatal("local embedder is not deterministic")
		}
	}
}

// fakeEmbeddings is the shared fake OpenAI answering /embeddings with
// vectors of more than unit length (the embedder normalises them), or,
// when fail, with a 500 as the real API does when it breaks.
func fakeEmbeddings(t *testing.T, fail bool) *fakeopenai.Server {
	f := fakeopenai.New(t)
	f.Embed = func(w http.ResponseWriter, inputs []string, _ int) {
		if fail {
			fakeopenai.APIError(w, http.StatusInternalServerError)
			return
		}
		vecs := make([][]float32, len(inputs))
		for i, in := range inputs {
			v := make([]float32, 8)
			for j, r := range in {
				v[(j+int(r))%8] += 1
			}
			v[7] += 1
			vecs[i] = v
		}
		fakeopenai.Embeddings(w, vecs)
	}
	return f
}

func TestOpenAIEmbedderBatches(t *testing.T) {
	srv := fakeEmbeddings(t, false)
	embed := NewOpenAIEmbedder(OpenAIOptions{BaseURL: srv.URL + "/v1", APIKey: "k", Model: "m", BatchSize: 10})
	texts := make([]string, 25)
	for i := range texts {
		texts[i] = strings.Repeat("x", i+1)
	}
	vecs, err := embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != 25 || srv.EmbedRequests() != 3 {
		t.Fatalf("got %d vectors in %d requests, want 25 in 3", len(vecs), srv.EmbedRequests())
	}
	if n := cosine(vecs[0], vecs[0]); math.Abs(n-1) > 1e-4 {
		t.Errorf("vector not normalised: %f", n)
	}
}

func TestOpenAIEmbedderErrors(t *testing.T) {
	srv := fakeEmbeddings(t, true)
	embed := NewOpenAIEmbedder(OpenAIOptions{BaseURL: srv.URL + "/v1", APIKey: "k", Model: "m"})
	_, err := embed(context.Background(), []string{"a"})
	if err == nil || !strings.Contains(err.Error(), "embed texts 0-0 with m") {
		t.Fatalf("err = %v, want wrapped error", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := embed(ctx, []string{"a"}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ctx: err = %v", err)
	}
}

func TestOpenAIIndexAndFallback(t *testing.T) {
	for _, tc := range []struct {
		name         string
		fail         bool
		wantEmbedder string
	}{
		{"server works", false, "openai-m"},
		{"server fails: local fallback", true, "local-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := fakeEmbeddings(t, tc.fail)
			log, buf := newTestLogger()
			dir := t.TempDir()
			open := func() *Index {
				ix, err := Open(context.Background(), Options{
					DataDir: dir, Documents: testkit.Guide(t), Logger: log,
					Embedder:     NewOpenAIEmbedder(OpenAIOptions{BaseURL: srv.URL + "/v1", Model: "m"}),
					EmbedderName: "openai-m",
				})
				if err != nil {
					t.Fatal(err)
				}
				return ix
			}
			ix := open()
			if !strings.HasPrefix(ix.Embedder(), tc.wantEmbedder) {
				t.Fatalf("embedder %q, want %s", ix.Embedder(), tc.wantEmbedder)
			}
			if tc.fail && !strings.Contains(buf.String(), "falls back") && !strings.Contains(buf.String(), "using the local embedder") {
				t.Errorf("no fallback warning: %s", buf.String())
			}
			hits, err := ix.Search(context.Background(), "N+1問題", 3)
			if err != nil || len(hits) != 3 {
				t.Fatalf("search: %v, %d hits", err, len(hits))
			}
			if !tc.fail {
				before := srv.EmbedRequests()
				open()
				if got := srv.EmbedRequests() - before; got != 0 {
					t.Errorf("warm restart made %d embedding requests", got)
				}
			}
		})
	}
}
