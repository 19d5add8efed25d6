package answer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/retrieval"
	openai "github.com/sashabaranov/go-openai"
)

var (
	// ErrNoModel means no chat model is configured.
	ErrNoModel = errors.New("no chat model configured")
	// errStalled means the model stopped sending tokens for IdleTimeout.
	errStalled = errors.New("model stream stalled")
	// errEmptyAnswer means the model finished without saying anything.
	errEmptyAnswer = errors.New("model returned an empty answer")
)

// Answerer answers questions from the guide; see the package comment.
type Answerer struct {
	opts Options
	log  *slog.Logger
	gate *gate
	// cpu holds a token while an answer does CPU work (see Options.CPUSlots).
	cpu chan struct{}
	// glossary links English questions to the guide's Japanese terms
	// (nil if it failed to load: English answers then match less well).
	glossary *retrieval.Glossary
	// base caches baseTokens per language (counting needs the tokenizer,
	// loaded on first use).
	base map[bot.Lang]func() int
}

var _ bot.Answerer = (*Answerer)(nil)

// New builds an Answerer.
func New(o Options) *Answerer {
	o = o.withDefaults()
	a := &Answerer{opts: o, log: o.Logger, gate: newGate(o.Concurrency, o.Queue), cpu: make(chan struct{}, o.CPUSlots), base: map[bot.Lang]func() int{}}
	if g, err := retrieval.DefaultGlossary(); err == nil {
		a.glossary = g
	} else {
		a.log.Warn("glossary not loaded", "err", err)
	}
	if o.Chat != nil {
		// Parsing the tokenizer's ranks takes ~0.3 s; start now so the
		// first answer does not wait for it.
		go encoding()
	}
	for _, l := range []bot.Lang{bot.Japanese, bot.English} {
		a.base[l] = sync.OnceValue(func() int { return baseTokens(l) })
	}
	return a
}

// HasModel reports whether answers use a chat model.
func (a *Answerer) HasModel() bool { return a.opts.Chat != nil }

// language is the answer language: forced by configuration or the question,
// else detected from the question text.
func (a *Answerer) language(q bot.Question) bot.Lang {
	switch {
	case a.opts.Lang != "":
		return a.opts.Lang
	case q.Lang != "":
		return q.Lang
	}
	return bot.DetectLang(q.Text)
}

// Answer answers q into s and always ends s with Done. It returns an error
// only when ctx ended or the search failed; a failing model degrades to the
// extractive answer.
func (a *Answerer) Answer(ctx context.Context, q bot.Question, s bot.Stream) error {
	start := a.opts.Clock()
	lang := a.language(q)
	question := strings.TrimSpace(q.Text)
	if question == "" {
		s.Done(bot.Reply{Text: emptyQuestionText(lang), Ephemeral: true, Lang: lang})
		return nil
	}
	query := searchQuery(question, q.History)
	if a.opts.Chat == nil {
		return a.answerExtractive(ctx, question, query, lang, s, start, "")
	}
	// A queued question waits at most Timeout for a slot, then is answered
	// extractively like one that found the queue full.
	waitCtx, stopWait := context.WithTimeout(ctx, a.opts.Timeout)
	release, err := a.gate.acquire(waitCtx, func() { s.Update(waitingText(lang)) })
	stopWait()
	if err != nil {
		if ctx.Err() != nil {
			s.Done(bot.Reply{Text: cancelledText(lang), Ephemeral: true, Lang: lang})
			return fmt.Errorf("wait for model: %w", ctx.Err())
		}
		a.log.Warn("model busy, answering extractively", "err", err)
		return a.answerExtractive(ctx, question, query, lang, s, start, busyLine(lang))
	}
	defer release()
	return a.answerWithModel(ctx, question, query, q.History, lang, s, start)
}

func (a *Answerer) answerWithModel(ctx context.Context, question, query string, history []bot.Turn, lang bot.Lang, s bot.Stream, start time.Time) error {
	var rewrite string
	var usage openai.Usage
	if bot.DetectLang(question) == bot.English {
		var u openai.Usage
		rewrite, u = a.rewrite(ctx, question)
		usage = addUsage(usage, u)
	}
	var (
		hits, rel []retrieval.Hit
		b         budget
		msgs      []openai.ChatCompletionMessage
		msgErr    error
	)
	err := a.withCPU(ctx, func() error {
		var err error
		if hits, err = a.search(ctx, query, rewrite); err != nil {
			return err
		}
		if rel = a.relevant(query, hits); len(rel) == 0 {
			return nil
		}
		ps := toPassages(rel[:min(len(rel), a.opts.MaxPassages)])
		b = fitBudget(a.opts.MaxPromptTokens, a.base[lang]()+countTokens(question), ps, history)
		msgs, msgErr = answerMessages(question, lang, b)
		return nil
	})
	if err != nil {
		s.Done(a.searchFailed(ctx, lang))
		return err
	}
	if len(rel) == 0 {
		s.Done(a.notCoveredReply(lang, hits, start))
		return nil
	}
	if msgErr != nil {
		return a.fallback(ctx, question+" "+rewrite, lang, rel, s, start, msgErr)
	}
	text, u, err := a.streamAnswer(ctx, msgs, b.passages, s)
	if err != nil {
		return a.fallback(ctx, question+" "+rewrite, lang, rel, s, start, err)
	}
	if u != nil {
		usage = addUsage(usage, *u)
	} else {
		usage = addUsage(usage, openai.Usage{PromptTokens: b.tokens, CompletionTokens: countTokens(text)})
	}
	if strings.Contains(text, notCovered) {
		s.Done(a.notCoveredReply(lang, rel, start))
		return nil
	}
	final, cited := cite(text, b.passages)
	if len(cited) == 0 {
		cited = b.passages[:min(len(b.passages), extractivePassages)]
	}
	s.Done(bot.Reply{
		Text:    bot.DefuseMentions(final),
		Sources: sources(cited),
		Lang:    lang,
		Usage: bot.Usage{Model: a.opts.Model, PromptTokens: usage.PromptTokens, CompletionTokens: usage.CompletionTokens,
			Latency: a.opts.Clock().Sub(start)},
	})
	return nil
}

// fallback ends a failed model answer with the extractive one.
func (a *Answerer) fallback(ctx context.Context, question string, lang bot.Lang, rel []retrieval.Hit, s bot.Stream, start time.Time, cause error) error {
	var reply bot.Reply
	// Without a free CPU slot (ctx ended) the fallback is built anyway:
	// the user must get an answer, and it is one small piece of work.
	if a.withCPU(ctx, func() error { reply = a.extractiveReply(question, lang, rel, unavailableLine(lang), start); return nil }) != nil {
		reply = a.extractiveReply(question, lang, rel, unavailableLine(lang), start)
	}
	if ctx.Err() != nil {
		s.Done(reply)
		return fmt.Errorf("answer: %w", ctx.Err())
	}
	a.log.Warn("model failed, answering extractively", "reason", describe(cause), "err", cause)
	s.Done(reply)
	return nil
}

// answerExtractive answers without a model; note, when set, says why.
func (a *Answerer) answerExtractive(ctx context.Context, question, query string, lang bot.Lang, s bot.Stream, start time.Time, note string) error {
	var reply bot.Reply
	err := a.withCPU(ctx, func() error {
		hits, err := a.search(ctx, query)
		if err != nil {
			return err
		}
		if rel := a.relevant(query, hits); len(rel) > 0 {
			reply = a.extractiveReply(question, lang, rel, note, start)
		} else {
			reply = a.notCoveredReply(lang, hits, start)
		}
		return nil
	})
	if err != nil {
		s.Done(a.searchFailed(ctx, lang))
		return err
	}
	// Done runs outside the CPU slot: the platform's network I/O must not
	// hold up other answers.
	s.Done(reply)
	return nil
}

// withCPU runs f while holding one of the CPU slots, waiting for one as
// long as ctx allows.
func (a *Answerer) withCPU(ctx context.Context, f func() error) error {
	select {
	case a.cpu <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("wait for a cpu slot: %w", ctx.Err())
	}
	defer func() { <-a.cpu }()
	return f()
}

// searchFailed is the reply when retrieval failed or ctx ended first.
func (a *Answerer) searchFailed(ctx context.Context, lang bot.Lang) bot.Reply {
	if ctx.Err() != nil {
		return bot.Reply{Text: cancelledText(lang), Ephemeral: true, Lang: lang}
	}
	return bot.Reply{Text: searchFailedText(lang), Ephemeral: true, Lang: lang}
}

func (a *Answerer) extractiveReply(question string, lang bot.Lang, rel []retrieval.Hit, note string, start time.Time) bot.Reply {
	text, used := extractive(a.questionTerms(question), lang, toPassages(rel))
	if text == "" {
		return a.notCoveredReply(lang, rel, start)
	}
	if note != "" {
		text = note + "\n\n" + text
	}
	return bot.Reply{Text: bot.DefuseMentions(text), Sources: sources(used), Lang: lang,
		Usage: bot.Usage{Model: a.modelName(), Latency: a.opts.Clock().Sub(start), Fallback: note != ""}}
}

func (a *Answerer) notCoveredReply(lang bot.Lang, closest []retrieval.Hit, start time.Time) bot.Reply {
	var ps []passage
	seen := map[string]bool{}
	for _, p := range toPassages(closest) {
		if len(ps) == 3 {
			break
		}
		if !seen[p.Section] && p.Section != "" {
			seen[p.Section] = true
			ps = append(ps, p)
		}
	}
	return bot.Reply{Text: bot.DefuseMentions(notCoveredText(lang, ps)), Lang: lang,
		Usage: bot.Usage{Model: a.modelName(), Latency: a.opts.Clock().Sub(start)}}
}

func (a *Answerer) modelName() string {
	if a.opts.Chat == nil {
		return ""
	}
	return a.opts.Model
}

func toPassages(hits []retrieval.Hit) []passage {
	out := make([]passage, len(hits))
	for i, h := range hits {
		out[i] = passage{N: i + 1, Section: h.Chunk.Section, Document: h.Chunk.Source, Anchor: h.Chunk.Anchor, Text: h.Chunk.Text}
	}
	return out
}

func addUsage(a, b openai.Usage) openai.Usage {
	a.PromptTokens += b.PromptTokens
	a.CompletionTokens += b.CompletionTokens
	return a
}

// streamAnswer runs the streamed completion, forwarding partial answers to
// s (the platform's stream throttles them). The call is bounded by Timeout
// overall and by IdleTimeout between tokens; ctx cancellation closes the
// connection. At MaxAnswerBytes of text, or a response line longer than the
// transport allows, it stops reading, cancels the call and returns what
// fits with a note. An echo of the system prompt is an error (the caller
// falls back to the extractive answer).
func (a *Answerer) streamAnswer(ctx context.Context, msgs []openai.ChatCompletionMessage, ps []passage, s bot.Stream) (string, *openai.Usage, error) {
	ctx, cancel := context.WithTimeout(ctx, a.opts.Timeout)
	defer cancel()
	ctx, stall := context.WithCancelCause(ctx)
	defer stall(nil)
	idle := time.AfterFunc(a.opts.IdleTimeout, func() { stall(errStalled) })
	defer idle.Stop()

	req := openai.ChatCompletionRequest{
		Model:    a.opts.Model,
		Messages: msgs,
		//lint:ignore SA1019 max_tokens is what OpenAI-compatible servers (Ollama, vLLM, LM Studio, older gateways) understand; max_completion_tokens is OpenAI-only
		MaxTokens:     a.opts.MaxAnswerTokens,
		Temperature:   0.2,
		StreamOptions: &openai.StreamOptions{IncludeUsage: true},
	}
	stream, err := a.opts.Chat.Stream(ctx, req)
	if statusCode(err) == http.StatusBadRequest {
		a.log.Info("model rejected optional parameters, retrying without them", "err", err)
		stream, err = a.opts.Chat.Stream(ctx, plain(req))
	}
	if err != nil {
		return "", nil, fmt.Errorf("start stream: %w", withCause(ctx, err))
	}
	defer stream.Close()
	system := ""
	if len(msgs) > 0 && msgs[0].Role == openai.ChatMessageRoleSystem {
		system = msgs[0].Content
	}
	var text strings.Builder
	var usage *openai.Usage
	shown, sent := 0, ""
	truncated := false
	for !truncated {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, errLineTooLong) {
			a.log.Warn("model sent an oversized line; answer cut", "bytes", text.Len())
			truncated = true
			break
		}
		if err != nil {
			return "", usage, fmt.Errorf("receive stream: %w", withCause(ctx, err))
		}
		idle.Reset(a.opts.IdleTimeout)
		if chunk.Usage != nil {
			usage = chunk.Usage
		}
		for _, c := range chunk.Choices {
			if !appendBounded(&text, c.Delta.Content, a.opts.MaxAnswerBytes) {
				a.log.Warn("model answer over the byte bound; answer cut", "bytes", text.Len())
				truncated = true
				break
			}
		}
		if grown := text.Len() - shown; grown > 0 && grown >= min(shown/8, shapeEvery) {
			shown = text.Len()
			if p := shapePartial(text.String(), ps, system); p != "" && p != sent {
				s.Update(p)
				sent = p
			}
		}
	}
	if strings.TrimSpace(text.String()) == "" {
		return "", usage, errEmptyAnswer
	}
	if echoesPrompt(text.String(), system, ps) {
		return "", usage, errEchoedPrompt
	}
	if truncated {
		text.WriteString(truncatedNote)
	}
	return text.String(), usage, nil
}

// withCause adds why ctx ended (stall, timeout) to err.
func withCause(ctx context.Context, err error) error {
	if c := context.Cause(ctx); c != nil && !errors.Is(err, c) {
		return fmt.Errorf("%w (%w)", err, c)
	}
	return err
}

// rewrite asks the model for Japanese search terms for an English question.
// It is bounded by RewriteTimeout and returns "" on any failure: the search
// then runs on the question alone.
func (a *Answerer) rewrite(ctx context.Context, question string) (string, openai.Usage) {
	ctx, cancel := context.WithTimeout(ctx, a.opts.RewriteTimeout)
	defer cancel()
	prompt, err := render("rewrite.tmpl", map[string]any{"Question": question})
	if err != nil {
		a.log.Error("rewrite prompt", "err", err)
		return "", openai.Usage{}
	}
	resp, err := a.complete(ctx, openai.ChatCompletionRequest{
		Model:    a.opts.Model,
		Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: prompt}},
		//lint:ignore SA1019 max_tokens is what OpenAI-compatible servers (Ollama, vLLM, LM Studio, older gateways) understand; max_completion_tokens is OpenAI-only
		MaxTokens: 60,
	})
	if err != nil || len(resp.Choices) == 0 {
		a.log.Info("query rewrite skipped", "reason", describeOrEmpty(err))
		return "", resp.Usage
	}
	out := strings.Join(strings.Fields(resp.Choices[0].Message.Content), " ")
	return bot.Truncate(out, 200), resp.Usage
}

func describeOrEmpty(err error) string {
	if err == nil {
		return "no choices"
	}
	return describe(err)
}

// complete runs a plain completion, once more without the optional
// parameters if the server rejects the request as malformed.
func (a *Answerer) complete(ctx context.Context, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
	resp, err := a.opts.Chat.Complete(ctx, req)
	if statusCode(err) == http.StatusBadRequest {
		a.log.Info("model rejected optional parameters, retrying without them", "err", err)
		return a.opts.Chat.Complete(ctx, plain(req))
	}
	return resp, err
}

// plain drops the parameters that some servers and models refuse with a
// 400: stream_options (older Azure API versions, some local servers),
// max_tokens and temperature (reasoning models).
func plain(req openai.ChatCompletionRequest) openai.ChatCompletionRequest {
	//lint:ignore SA1019 max_tokens is what OpenAI-compatible servers (Ollama, vLLM, LM Studio, older gateways) understand; max_completion_tokens is OpenAI-only
	req.MaxTokens, req.Temperature, req.StreamOptions = 0, 0, nil
	return req
}
