package retrieval

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"net/http"

	openai "github.com/sashabaranov/go-openai"
)

// Embedder turns texts into vectors, one per text, in order. Vectors of one
// embedder must share a dimension.
type Embedder func(ctx context.Context, texts []string) ([][]float32, error)

// hashDims is the size of the hashed lexical part of a local vector.
const hashDims = 256

// LocalEmbedder is the offline, deterministic embedder. Its vectors are
// mostly glossary concepts (so "authentication" and "認証" land on the same
// axis, which bigram BM25 cannot see) plus a small hashed-term part that
// keeps passages without glossary terms apart. Weights are idf over the
// corpus it was built with, so very common concepts ("backend") count less.
type LocalEmbedder struct {
	g          *Glossary
	conceptIDF []float64
	termIDF    map[string]float64
	defaultIDF float64
	hashWeight float64
	name       string
}

// NewLocalEmbedder builds the local embedder; corpus (the indexed texts,
// normalised) sets the idf weights and may be empty.
func NewLocalEmbedder(g *Glossary, corpus []string) *LocalEmbedder {
	e := &LocalEmbedder{g: g, conceptIDF: make([]float64, g.Len()), termIDF: map[string]float64{}, hashWeight: 0.35}
	df := make([]float64, g.Len())
	termDF := map[string]float64{}
	for _, text := range corpus {
		for _, m := range g.Concepts(text) {
			df[m.Concept]++
		}
		seen := map[string]bool{}
		for _, t := range Tokens(text) {
			if !seen[t] {
				seen[t] = true
				termDF[t]++
			}
		}
	}
	n := float64(len(corpus))
	idf := func(d float64) float64 { return math.Log(1 + (n+1)/(d+1)) }
	for i := range df {
		e.conceptIDF[i] = idf(df[i])
	}
	for t, d := range termDF {
		e.termIDF[t] = idf(d)
	}
	e.defaultIDF = idf(0)
	h := fnv.New64a()
	for _, v := range e.conceptIDF {
		fmt.Fprintf(h, "%.4f,", v)
	}
	fmt.Fprintf(h, "|%d|%.2f", len(e.termIDF), e.hashWeight)
	e.name = fmt.Sprintf("local-v1-%s-%x", g.Hash(), h.Sum64())
	return e
}

// Name identifies the embedder and its weights, for cache keys.
func (e *LocalEmbedder) Name() string { return e.name }

// Dims is the vector length.
func (e *LocalEmbedder) Dims() int { return e.g.Len() + hashDims + 1 }

// Embed implements Embedder.
func (e *LocalEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out[i] = e.vector(Normalize(t))
	}
	return out, nil
}

func (e *LocalEmbedder) vector(norm string) []float32 {
	v := make([]float64, e.Dims())
	for _, m := range e.g.Concepts(norm) {
		v[m.Concept] += (1 + math.Log(float64(m.Count))) * e.conceptIDF[m.Concept]
	}
	base := e.g.Len()
	for _, t := range Tokens(norm) {
		if isKanaOnly(t) || englishStop[t] {
			continue
		}
		idf, ok := e.termIDF[t]
		if !ok {
			idf = e.defaultIDF
		}
		h := fnv.New32a()
		h.Write([]byte(t))
		v[base+int(h.Sum32()%hashDims)] += e.hashWeight * idf
	}
	// A constant component keeps every vector non-zero: chromem-go turns a
	// zero vector into NaN when it normalises.
	v[len(v)-1] = 0.05
	return normalize(v)
}

func normalize(v []float64) []float32 {
	var sum float64
	for _, x := range v {
		sum += x * x
	}
	norm := math.Sqrt(sum)
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x / norm)
	}
	return out
}

// OpenAIOptions configure the OpenAI-compatible embedder.
type OpenAIOptions struct {
	BaseURL    string // OPENAI_BASE_URL; empty for api.openai.com
	APIKey     string
	Model      string
	BatchSize  int          // texts per request; default 64
	HTTPClient *http.Client // optional
}

// ErrBadEmbedding reports a response that cannot be used as vectors.
var ErrBadEmbedding = errors.New("unusable embedding response")

// NewOpenAIEmbedder embeds through go-openai against any OpenAI-compatible
// endpoint (OpenAI, Ollama, vLLM, LM Studio), in batches, honouring ctx.
func NewOpenAIEmbedder(o OpenAIOptions) Embedder {
	cfg := openai.DefaultConfig(o.APIKey)
	if o.BaseURL != "" {
		cfg.BaseURL = o.BaseURL
	}
	if o.HTTPClient != nil {
		cfg.HTTPClient = o.HTTPClient
	}
	client := openai.NewClientWithConfig(cfg)
	batch := o.BatchSize
	if batch <= 0 {
		batch = 64
	}
	return func(ctx context.Context, texts []string) ([][]float32, error) {
		out := make([][]float32, 0, len(texts))
		for start := 0; start < len(texts); start += batch {
			end := min(start+batch, len(texts))
			resp, err := client.CreateEmbeddings(ctx, openai.EmbeddingRequest{
				Input: texts[start:end],
				Model: openai.EmbeddingModel(o.Model),
			})
			if err != nil {
				return nil, fmt.Errorf("embed texts %d-%d with %s: %w", start, end-1, o.Model, err)
			}
			if len(resp.Data) != end-start {
				return nil, fmt.Errorf("embed texts %d-%d: got %d vectors: %w", start, end-1, len(resp.Data), ErrBadEmbedding)
			}
			vecs := make([][]float32, end-start)
			for _, d := range resp.Data {
				if d.Index < 0 || d.Index >= len(vecs) || len(d.Embedding) == 0 {
					return nil, fmt.Errorf("embed texts %d-%d: bad vector index %d: %w", start, end-1, d.Index, ErrBadEmbedding)
				}
				vecs[d.Index] = normalize32(d.Embedding)
			}
			for i, v := range vecs {
				if v == nil {
					return nil, fmt.Errorf("embed text %d: missing or zero vector: %w", start+i, ErrBadEmbedding)
				}
			}
			out = append(out, vecs...)
		}
		return out, nil
	}
}

// normalize32 L2-normalises a vector; a zero or non-finite one is nil.
func normalize32(v []float32) []float32 {
	f := make([]float64, len(v))
	var sum float64
	for i, x := range v {
		f[i] = float64(x)
		sum += f[i] * f[i]
	}
	if sum == 0 || math.IsNaN(sum) || math.IsInf(sum, 0) {
		return nil
	}
	return normalize(f)
}
