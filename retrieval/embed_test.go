package retrieval

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
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

// fakeEmbeddings is an OpenAI-compatible /embeddings endpoint.
func fakeEmbeddings(t *testing.T, requests *atomic.Int64, fail bool) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if fail {
			http.Error(w, `{"error":{"message":"boom","type":"server_error"}}`, http.StatusInternalServerError)
			return
		}
		if !strings.HasSuffix(r.URL.Path, "/embeddings") {
			http.NotFound(w, r)
			return
		}
		var req struct {
			Input []string `json:"input"`
			Model string   `json:"model"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		type item struct {
			Object    string    `json:"object"`
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		}
		resp := struct {
			Object string `json:"object"`
			Data   []item `json:"data"`
			Model  string `json:"model"`
		}{Object: "list", Model: req.Model}
		for i, in := range req.Input {
			v := make([]float32, 8)
			for j, r := range in {
				v[(j+int(r))%8] += 1
			}
			v[7] += 1
			resp.Data = append(resp.Data, item{Object: "embedding", Index: i, Embedding: v})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(resp)
	}))
}

func TestOpenAIEmbedderBatches(t *testing.T) {
	var requests atomic.Int64
	srv := fakeEmbeddings(t, &requests, false)
	defer srv.Close()
	embed := NewOpenAIEmbedder(OpenAIOptions{BaseURL: srv.URL + "/v1", APIKey: "k", Model: "m", BatchSize: 10})
	texts := make([]string, 25)
	for i := range texts {
		texts[i] = strings.Repeat("x", i+1)
	}
	vecs, err := embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != 25 || requests.Load() != 3 {
		t.Fatalf("got %d vectors in %d requests, want 25 in 3", len(vecs), requests.Load())
	}
	if n := cosine(vecs[0], vecs[0]); math.Abs(n-1) > 1e-4 {
		t.Errorf("vector not normalised: %f", n)
	}
}

func TestOpenAIEmbedderErrors(t *testing.T) {
	var requests atomic.Int64
	srv := fakeEmbeddings(t, &requests, true)
	defer srv.Close()
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
			var requests atomic.Int64
			srv := fakeEmbeddings(t, &requests, tc.fail)
			defer srv.Close()
			log, buf := newTestLogger()
			dir := t.TempDir()
			open := func() *Index {
				ix, err := Open(context.Background(), Options{
					DataDir: dir, Documents: guideDocs(t), Logger: log,
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
				before := requests.Load()
				open()
				if got := requests.Load() - before; got != 0 {
					t.Errorf("warm restart made %d embedding requests", got)
				}
			}
		})
	}
}
