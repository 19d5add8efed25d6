package main

import (
	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/answer"
	"github.com/backend-tip/backend-tip/content"
)

// buildAnswerer wires the grounded answerer: the knowledge index for
// retrieval and, when OPENAI_API_KEY or OPENAI_BASE_URL is set, the chat
// model. Without a model answers are extractive.
func (a *app) buildAnswerer() *answer.Answerer {
	return answer.New(answer.Options{
		Searcher:       a.searcher(),
		Chat:           a.chatClient(),
		Model:          a.cfg.ChatModel,
		Lang:           bot.Lang(a.cfg.Lang),
		Clock:          a.clock,
		MaxAnswerBytes: a.cfg.MaxAnswerBytes,
		Timeout:        a.cfg.LLMTimeout,
		Concurrency:    a.cfg.LLMConcurrency,
		Queue:          a.cfg.LLMQueue,
		Logger:         a.log.With("component", "answer"),
		Count:          a.ops.metrics.CountAnswer,
		Facts:          a.facts(),
		Sections:       answer.NewSectionLookup(a.docs),
		Twins:          answer.NewTwinLookup(a.docs),
		Topics:         answer.NewTopics(a.docs),
		Known:          a.known(),
		Share:          a.share(),
		Spell:          a.spell(),
	})
}

// facts are the guide's structured facts for direct answers; nil (answers
// from retrieval only) if the guide's shape no longer yields them.
func (a *app) facts() *answer.Facts {
	f, err := content.FactsFrom(a.docs)
	if err != nil {
		a.log.Warn("guide facts not available; answering from passages only", "err", err)
		return nil
	}
	return answer.NewFacts(f, a.docs)
}

// chatClient is the OpenAI-compatible model, or nil when none is configured.
func (a *app) chatClient() answer.ChatClient {
	if !a.cfg.LLMEnabled() {
		return nil
	}
	return answer.NewOpenAI(answer.OpenAIOptions{
		APIKey:     a.cfg.OpenAIAPIKey.Value(),
		BaseURL:    a.cfg.OpenAIBaseURL,
		Transport:  a.userAgent(nil),
		TokenField: answer.TokenField(a.cfg.MaxTokensField),
	})
}

// searcher is the knowledge index; a nil index stays a nil interface so the
// answerer sees "no index" rather than a typed nil.
func (a *app) searcher() answer.Searcher {
	if a.index == nil {
		return nil
	}
	return a.index
}

// known says whether the indexed documents mention a word (nil without an
// index).
func (a *app) share() func(string) float64 {
	if a.index == nil {
		return nil
	}
	return a.index.MentionShare
}

// spell corrects misspelt guide names in a question (nil without an index).
func (a *app) spell() func(string) string {
	if a.index == nil {
		return nil
	}
	return a.index.Spell
}

func (a *app) known() func(string) bool {
	if a.index == nil {
		return nil
	}
	return a.index.Mentions
}
