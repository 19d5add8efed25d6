package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/retrieval"
)

// knowledge is the guide and extra documents, and the index over them.
type knowledge struct {
	docs  []content.Document
	index *retrieval.Index
}

// loadKnowledge parses the embedded guide and BACKEND_TIP_CONTENT_DIR, then
// opens the index under BACKEND_TIP_DATA_DIR. With a warm data dir this makes
// no embedding calls and no network requests.
func (a *app) loadKnowledge(ctx context.Context) error {
	docs, err := content.LoadGuide()
	if err != nil {
		return fmt.Errorf("embedded guide: %w", err)
	}
	if dir := a.cfg.ContentDir; dir != "" {
		extra, err := content.LoadDir(dir)
		switch {
		case errors.Is(err, content.ErrNoDir):
			// A typo in the path would otherwise run the bot without the
			// team's notes and only a log line saying so.
			return fmt.Errorf("BACKEND_TIP_CONTENT_DIR: %w", err)
		case err != nil:
			// One broken note does not hide the rest: index what parsed
			// and say what did not.
			a.log.Warn("extra content skipped", "dir", dir, "err", err)
		}
		docs = append(docs, extra...)
	}
	opts := retrieval.Options{DataDir: a.cfg.DataDir, Documents: docs, Logger: a.log}
	if a.cfg.Embedder == "openai" {
		opts.Embedder = retrieval.NewOpenAIEmbedder(retrieval.OpenAIOptions{
			BaseURL: a.cfg.OpenAIBaseURL,
			APIKey:  a.cfg.OpenAIAPIKey.Value(),
			Model:   a.cfg.EmbeddingModel,
			// The embedder's own client has no timeout: each call is bounded by its context.
			HTTPClient: &http.Client{Transport: a.userAgent(nil)},
		})
		opts.EmbedderName = "openai-" + a.cfg.EmbeddingModel + "-" + endpointHost(a.cfg.OpenAIBaseURL)
	}
	idx, err := retrieval.Open(ctx, opts)
	if err != nil {
		return fmt.Errorf("open index: %w", err)
	}
	a.docs, a.index = docs, idx
	return nil
}

// endpointHost names the embedding server in the cache key: the same model
// name on two servers may not give the same vectors.
func endpointHost(baseURL string) string {
	if baseURL == "" {
		return "api.openai.com"
	}
	if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
		return u.Host
	}
	return "custom"
}
