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
	sys, err := render("feedback_system.tmpl", data)
	if err != nil {
		return "", err
	}
	user, err := render("feedback_user.tmpl", data)
	if err != nil {
		return "", err
	}
	release, err := a.gate.acquire(ctx, func() {})
	if err != nil {
		return "", fmt.Errorf("feedback: %w", err)
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
		MaxCompletionTokens: 400,
		Temperature:         0.3,
	})
	if err != nil {
		return "", fmt.Errorf("feedback: %w", err)
	}
	if len(resp.Choices) == 0 || strings.TrimSpace(resp.Choices[0].Message.Content) == "" {
		return "", fmt.Errorf("feedback: %w", errEmptyAnswer)
	}
	return bot.DefuseMentions(strings.TrimSpace(resp.Choices[0].Message.Content)), nil
}
