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
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/retrieval"
	openai "github.com/sashabaranov/go-openai"
	"golang.org/x/time/rate"
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
	// shed counts answers sent extractively because the model queue was
	// full; shedLog logs them at most once a minute, so a burst is one
	// warning with a count, not one per question
	// (backend_tip_llm_busy_total counts each).
	shed    atomic.Int64
	shedLog rate.Sometimes
}

var _ bot.Answerer = (*Answerer)(nil)

// New builds an Answerer.
func New(o Options) *Answerer {
	o = o.withDefaults()
	a := &Answerer{opts: o, log: o.Logger, gate: newGate(o.Concurrency, o.Queue), cpu: make(chan struct{}, o.CPUSlots), base: map[bot.Lang]func() int{},
		shedLog: rate.Sometimes{First: 1, Interval: time.Minute}}
	if g, err := retrieval.DefaultGlossary(); err == nil {
		a.glossary = g
	} else {
		a.log.Warn("glossary not loaded", "err", err)
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
	q.Text = strings.TrimSpace(q.Text)
	if q.Text == "" {
		s.Done(bot.Reply{Text: emptyQuestionText(lang), Ephemeral: true, Lang: lang})
		return nil
	}
	if injection.MatchString(q.Text) {
		// Never obeyed, never sent to a model: refused like a question the
		// guide is silent on.
		mode := modeExtractive
		if a.opts.Chat != nil {
			mode = modeLLM
		}
		s.Done(a.notCoveredReply(q.Text, lang, nil, start, mode))
		return nil
	}
	if a.opts.Chat == nil {
		return a.answerExtractive(ctx, q, lang, s, start, "")
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
		a.shed.Add(1)
		a.shedLog.Do(func() {
			a.log.Warn("model busy, answering extractively", "err", err, "answers_since_last_warning", a.shed.Swap(0))
		})
		return a.answerExtractive(ctx, q, lang, busyStream{s}, start, busyLine(lang))
	}
	defer release()
	return a.answerWithModel(ctx, q, lang, s, start)
}

// busyStream marks the final reply of an answer shed from a full model
// queue, so metrics tell load from a failing model.
type busyStream struct{ bot.Stream }

func (b busyStream) Done(r bot.Reply) {
	r.Usage.Busy = true
	b.Stream.Done(r)
}

func (a *Answerer) answerWithModel(ctx context.Context, q bot.Question, lang bot.Lang, s bot.Stream, start time.Time) error {
	question := q.Text
	var rewrite string
	var usage openai.Usage
	if bot.DetectLang(question) == bot.English || len(q.History) > 0 {
		var u openai.Usage
		rewrite, u = a.rewrite(ctx, question, q.History, q.Asker)
		usage = addUsage(usage, u)
	}
	ask, history := a.spelled(question), a.thread(question, q.History)
	if e, ok := elliptical(ask, q.History, q.Asker, a.known); ok {
		ask, history = e, nil
	}
	query, _ := standaloneQuery(ask, history, q.Asker)
	var (
		rel    []retrieval.Hit
		ok     bool
		b      budget
		msgs   []openai.ChatCompletionMessage
		msgErr error
	)
	err := a.withCPU(ctx, func() error {
		extra := append([]string{rewrite}, splitParts(question)...)
		// The model reads more passages than an extractive answer quotes:
		// as many as the prompt budget holds (fitBudget), from a wider
		// search, so the needed fact is in the prompt even when it ranks
		// below the first few.
		hits, err := a.searchK(ctx, max(a.opts.TopK, a.opts.MaxPassages+4), query, extra...)
		if err != nil {
			return err
		}
		fact, hasFact := a.factPassage(ask, query, lang)
		// A question a structured fact answers is never refused before
		// the model, however few of its words the passages share.
		if rel, ok = a.judge(query+" "+rewrite, hits, true); !ok && !hasFact {
			return nil
		}
		ok = true
		rel = a.inLang(rel, lang)
		ps := toPassages(rel[:min(len(rel), a.opts.MaxPassages)])
		if p, ok := a.topicPassage(ask, lang); ok && !hasFact {
			// The section the question names goes first, whole (topics.go).
			if len(ps) >= a.opts.MaxPassages {
				ps = ps[:len(ps)-1]
			}
			ps = append([]passage{p}, ps...)
		}
		if p := fact; hasFact {
			// The structured fact goes first: it answers "how long", "who"
			// directly, from the section it cites.
			if len(ps) >= a.opts.MaxPassages {
				ps = ps[:len(ps)-1]
			}
			ps = append([]passage{p}, ps...)
		}
		b = fitBudget(a.opts.MaxPromptTokens, a.base[lang]()+countTokens(question), ps, q.History)
		msgs, msgErr = answerMessages(question, q.Asker, lang, b)
		return nil
	})
	if err != nil {
		s.Done(a.searchFailed(ctx, lang))
		return err
	}
	if !ok {
		s.Done(a.notCoveredReply(question, lang, rel, start, modeLLM))
		return nil
	}
	if msgErr != nil {
		return a.fallback(ctx, q, lang, rel, s, start, msgErr)
	}
	text, u, err := a.streamAnswer(ctx, msgs, b.passages, s)
	if err != nil {
		return a.fallback(ctx, q, lang, rel, s, start, err)
	}
	if u != nil {
		usage = addUsage(usage, *u)
	} else {
		usage = addUsage(usage, openai.Usage{PromptTokens: b.tokens, CompletionTokens: countTokens(text)})
	}
	text, covered := modelVerdict(text)
	if !covered {
		s.Done(a.notCoveredReply(question, lang, rel, start, modeLLM))
		return nil
	}
	final, cited := cite(text, b.passages)
	if len(cited) == 0 {
		// No passage cited: say so rather than attach sources the model
		// did not use.
		final += "\n\n" + ungroundedLine(lang)
	}
	a.count(OutcomeLLM)
	s.Done(bot.Reply{
		Text:    bot.DefuseMentions(final),
		Sources: sources(cited),
		Lang:    lang,
		Answer:  &bot.AnswerMeta{Question: question, Covered: true, Mode: modeLLM},
		Usage: bot.Usage{Model: a.opts.Model, PromptTokens: usage.PromptTokens, CompletionTokens: usage.CompletionTokens,
			Latency: a.opts.Clock().Sub(start)},
	})
	return nil
}

// modelVerdict reads the model's reply: exactly NOT_COVERED (or little
// more) means the guide is silent; NOT_COVERED inside a longer answer is
// dropped and the rest kept, a partial answer.
func modelVerdict(text string) (string, bool) {
	t := strings.TrimSpace(text)
	if !strings.Contains(t, notCovered) {
		return t, true
	}
	rest := strings.TrimSpace(strings.ReplaceAll(t, notCovered, ""))
	rest = strings.Trim(rest, " .。:：-")
	if utf8.RuneCountInString(rest) < 20 {
		return "", false
	}
	return rest, true
}

// fallback ends a failed model answer with the extractive one.
func (a *Answerer) fallback(ctx context.Context, q bot.Question, lang bot.Lang, rel []retrieval.Hit, s bot.Stream, start time.Time, cause error) error {
	var reply bot.Reply
	build := func() error {
		reply = a.extractiveReply(q.Text, a.termsFor(q.Text, rel), lang, a.inLang(rel, lang), unavailableLine(lang), start)
		return nil
	}
	// Without a free CPU slot (ctx ended) the fallback is built anyway:
	// the user must get an answer, and it is one small piece of work.
	if a.withCPU(ctx, build) != nil {
		build()
	}
	if ctx.Err() != nil {
		s.Done(reply)
		return fmt.Errorf("answer: %w", ctx.Err())
	}
	a.log.Warn("model failed, answering extractively", "reason", describe(cause), "err", cause)
	s.Done(reply)
	return nil
}

// answerExtractive answers without a model; note, when set, says why (the
// model is busy). A long question of several parts is answered part by part.
func (a *Answerer) answerExtractive(ctx context.Context, q bot.Question, lang bot.Lang, s bot.Stream, start time.Time, note string) error {
	var reply bot.Reply
	err := a.withCPU(ctx, func() error {
		text := a.spelled(q.Text)
		if parts := splitParts(text); len(parts) > 1 {
			var err error
			reply, err = a.multiPart(ctx, text, parts, lang, note, start)
			return err
		}
		ask, history := text, a.thread(text, q.History)
		if e, ok := elliptical(text, q.History, q.Asker, a.known); ok {
			// "ステップ3は？" after "ステップ1の期間は？" is a question of its own.
			ask, history = e, nil
		}
		query, focus := standaloneQuery(ask, history, q.Asker)
		r, ok, held := a.factReply(ask, query, lang, note, start)
		if ok {
			reply = r
			return nil
		}
		hits, err := a.search(ctx, query)
		if err != nil {
			return err
		}
		if rel, ok := a.judge(query, hits, false); ok {
			rel = a.inLang(rel, lang)
			if image, p, ok := a.imageReply(ask, rel); ok {
				reply = a.passageReply(text, image, p, lang, note, start)
				return nil
			}
			// A question naming a section's topic is answered from that
			// section (topics.go). A follow-up asks about the earlier
			// topic, not for a list.
			if topic, p, ok := a.topicReply(ask, lang); ok && focus == ask {
				reply = a.passageReply(text, topic, p, lang, note, start)
				return nil
			}
			if list, p, ok := a.listReply(focus, lang, rel); ok && focus == ask {
				reply = a.passageReply(text, list, p, lang, note, start)
				return nil
			}
			reply = a.extractiveReply(text, a.termsFor(focus, rel), lang, rel, note, start)
		} else if novel, total, _ := a.novelty(query); held && (total == 0 || novel < total) {
			// The passages cannot answer: the fact, though it leaves out a
			// word of the question, is better than a refusal, unless every
			// word of its topic is one the guide never uses ("Unityでスマホ
			// ゲーム作りたいけど何から始めれば": not its roadmap).
			a.count(Outcome(extractiveMode(note)))
			reply = r
		} else {
			reply = a.notCoveredReply(q.Text, lang, rel, start, extractiveMode(note))
		}
		return nil
	})
	if err != nil {
		s.Done(a.searchFailed(ctx, lang))
		return err
	}
	if reply.Answer != nil {
		reply.Answer.Question = q.Text // the asker's words, not the resolved follow-up
	}
	// Done runs outside the CPU slot: the platform's network I/O must not
	// hold up other answers.
	s.Done(reply)
	return nil
}

// spelled is the question with its misspelt technical names corrected
// ("kubernets" → "kubernetes"), when the index can tell.
func (a *Answerer) spelled(text string) string {
	if a.opts.Spell == nil {
		return text
	}
	return a.opts.Spell(text)
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

func (a *Answerer) extractiveReply(question string, terms qterms, lang bot.Lang, rel []retrieval.Hit, note string, start time.Time) bot.Reply {
	text, used := extractiveFor(question, terms, lang, toPassages(rel))
	if text == "" {
		return a.notCoveredReply(question, lang, rel, start, extractiveMode(note))
	}
	if note != "" {
		text = note + "\n\n" + text
	}
	mode := extractiveMode(note)
	a.count(Outcome(mode))
	return bot.Reply{Text: bot.DefuseMentions(text), Sources: sources(used), Lang: lang,
		Answer: &bot.AnswerMeta{Question: question, Covered: true, Mode: mode},
		Usage:  bot.Usage{Model: a.modelName(), Latency: a.opts.Clock().Sub(start), Fallback: note != ""}}
}

// passageReply is an answer written from one passage (a section's list).
func (a *Answerer) passageReply(question, text string, p passage, lang bot.Lang, note string, start time.Time) bot.Reply {
	if note != "" {
		text = note + "\n\n" + text
	}
	mode := extractiveMode(note)
	a.count(Outcome(mode))
	return bot.Reply{Text: bot.DefuseMentions(text), Sources: sources([]passage{p}), Lang: lang,
		Answer: &bot.AnswerMeta{Question: question, Covered: true, Mode: mode},
		Usage:  bot.Usage{Model: a.modelName(), Latency: a.opts.Clock().Sub(start), Fallback: note != ""}}
}

// notCoveredReply says the guide is silent on question, offers the closest
// sections, counts the refusal and logs the question so a team can see
// what the guide lacks.
func (a *Answerer) notCoveredReply(question string, lang bot.Lang, closest []retrieval.Hit, start time.Time, mode string) bot.Reply {
	a.count(OutcomeNotCovered)
	// Logged in full on purpose (key "uncovered_question", not the private
	// "question" the logger shortens): what the guide lacks is what a team
	// needs to see. Secrets in it are still redacted by the logger.
	a.log.Info("question not covered by the guide", "uncovered_question", bot.Truncate(question, 300), "mode", mode)
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
		Answer: &bot.AnswerMeta{Question: question, Covered: false, Mode: mode},
		Usage:  bot.Usage{Model: a.modelName(), Latency: a.opts.Clock().Sub(start), Fallback: mode == modeFallback}}
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
		out[i] = passage{N: i + 1, Section: h.Chunk.Section, Document: h.Chunk.Source, Anchor: h.Chunk.Anchor, Text: h.Chunk.Text, Score: h.Score}
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
		Model:               a.opts.Model,
		Messages:            msgs,
		MaxCompletionTokens: a.opts.MaxAnswerTokens,
		Temperature:         0.2,
		StreamOptions:       &openai.StreamOptions{IncludeUsage: true},
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

// rewrite asks the model for a standalone search query for the question:
// Japanese keywords with the English terms, follow-ups resolved from the
// conversation's history. It is bounded by RewriteTimeout and returns "" on
// any failure: the search then runs on the offline standalone query.
func (a *Answerer) rewrite(ctx context.Context, question string, history []bot.Turn, asker string) (string, openai.Usage) {
	ctx, cancel := context.WithTimeout(ctx, a.opts.RewriteTimeout)
	defer cancel()
	type line struct{ Who, Text string }
	var lines []line
	for _, t := range history[max(0, len(history)-6):] {
		who := "asker"
		switch {
		case t.FromBot:
			who = "assistant"
		case isOther(t, asker):
			who = "other person"
		}
		lines = append(lines, line{Who: who, Text: defuseDelimiters(bot.Truncate(strings.TrimSpace(t.Text), 400))})
	}
	prompt, err := render("rewrite.tmpl", map[string]any{"Question": question, "History": lines})
	if err != nil {
		a.log.Error("rewrite prompt", "err", err)
		return "", openai.Usage{}
	}
	resp, err := a.complete(ctx, openai.ChatCompletionRequest{
		Model:               a.opts.Model,
		Messages:            []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: prompt}},
		MaxCompletionTokens: 80,
	})
	if err != nil || len(resp.Choices) == 0 {
		a.log.Info("query rewrite skipped", "reason", describeOrEmpty(err))
		return "", resp.Usage
	}
	out := strings.Join(strings.Fields(resp.Choices[0].Message.Content), " ")
	if strings.Contains(out, notCovered) {
		return "", resp.Usage
	}
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
// the token cap and temperature (reasoning models).
func plain(req openai.ChatCompletionRequest) openai.ChatCompletionRequest {
	req.MaxCompletionTokens, req.Temperature, req.StreamOptions = 0, 0, nil
	return req
}
