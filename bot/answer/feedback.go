package answer

import (
	"context"
	"fmt"
	"strings"

	"github.com/backend-tip/backend-tip/bot"
	openai "github.com/sashabaranov/go-openai"
)

// maxFeedbackAnswers bounds how many member answers go into one prompt.
const maxFeedbackAnswers = 30

// Feedback writes the model's feedback on a study group's answers to an open
// quiz question (the quiz's LLM-feedback function). It returns ErrNoModel
// without a model, and an error when the model fails; the quiz then reveals
// without feedback.
func (a *Answerer) Feedback(ctx context.Context, question string, keyPoints []string, answers []string, lang bot.Lang) (string, error) {
	if a.opts.Chat == nil {
		return "", ErrNoModel
	}
	if lang == "" {
		lang = bot.DetectLang(question)
	}
	trimmed := make([]string, 0, min(len(answers), maxFeedbackAnswers))
	for _, ans := range answers[:min(len(answers), maxFeedbackAnswers)] {
		if ans = strings.Join(strings.Fields(ans), " "); ans != "" {
			trimmed = append(trimmed, bot.Truncate(ans, 500))
		}
	}
	data := map[string]any{"Language": languageName(lang), "Question": question, "KeyPoints": keyPoints, "Answers": trimmed}
	reply, err := a.complete1(ctx, oneShot{name: "feedback", system: "feedback_system.tmpl", user: "feedback_user.tmpl",
		data: data, maxTokens: 400, temperature: 0.3})
	if err != nil {
		return "", err
	}
	return bot.DefuseMentions(reply), nil
}

// oneShot is a plain (not streamed) model call made from two prompt
// templates: the feedback on open answers and the interview rubric.
type oneShot struct {
	name         string // names the call in errors
	system, user string // prompt templates
	data         any
	maxTokens    int
	temperature  float32
}

// complete1 renders the call's prompts, waits for a model slot and returns
// the reply's text, trimmed (errEmptyAnswer when there is none).
func (a *Answerer) complete1(ctx context.Context, c oneShot) (string, error) {
	sys, err := render(c.system, c.data)
	if err != nil {
		return "", err
	}
	user, err := render(c.user, c.data)
	if err != nil {
		return "", err
	}
	release, err := a.gate.acquire(ctx, func() {})
	if err != nil {
		return "", fmt.Errorf("%s: %w", c.name, err)
	}
	defer release()
	ctx, cancel := context.WithTimeout(ctx, a.opts.Timeout)
	defer cancel()
	resp, err := a.complete(ctx, openai.ChatCompletionRequest{
		Model: a.opts.Model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: sys},
			{Role: openai.ChatMessageRoleUser, Content: user},
		},
		MaxCompletionTokens: c.maxTokens,
		Temperature:         c.temperature,
	})
	if err != nil {
		return "", fmt.Errorf("%s: %w", c.name, err)
	}
	if len(resp.Choices) == 0 || strings.TrimSpace(resp.Choices[0].Message.Content) == "" {
		return "", fmt.Errorf("%s: %w", c.name, errEmptyAnswer)
	}
	return strings.TrimSpace(resp.Choices[0].Message.Content), nil
}
