package answer

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	openai "github.com/sashabaranov/go-openai"

	"github.com/backend-tip/backend-tip/bot"
)

// RubricInput is one mock-interview answer to grade.
type RubricInput struct {
	Question   string
	KeyPoints  []string
	Sections   []string
	Answer     string
	Behavioral bool // also judge the STAR parts
	Lang       bot.Lang
}

// RubricGrade is the model's verdict. Callers bound and check it (the
// points must be the rubric's own, the section one of the given ones).
type RubricGrade struct {
	Covered []string        `json:"covered"`
	Missing []string        `json:"missing"`
	STAR    map[string]bool `json:"star"`
	Section string          `json:"section"`
	Comment string          `json:"comment"`
}

// maxRubricAnswerRunes bounds the answer sent to the model.
const maxRubricAnswerRunes = 3000

// maxRubricBytes bounds the model's reply read back.
const maxRubricBytes = 8 << 10

// Rubric grades one interview answer with the model: key points covered
// and missing, STAR parts for behavioral answers, the section to reread.
func (a *Answerer) Rubric(ctx context.Context, in RubricInput) (RubricGrade, error) {
	if a.opts.Chat == nil {
		return RubricGrade{}, ErrNoModel
	}
	data := map[string]any{"Language": languageName(in.Lang), "Question": in.Question, "KeyPoints": in.KeyPoints,
		"Sections": in.Sections, "Behavioral": in.Behavioral,
		// The closing delimiter cannot be forged from inside the answer.
		"Answer": strings.ReplaceAll(bot.Truncate(in.Answer, maxRubricAnswerRunes), "ANSWER>>>", "ANSWER> > >")}
	sys, err := render("rubric_system.tmpl", data)
	if err != nil {
		return RubricGrade{}, err
	}
	user, err := render("rubric_user.tmpl", data)
	if err != nil {
		return RubricGrade{}, err
	}
	release, err := a.gate.acquire(ctx, func() {})
	if err != nil {
		return RubricGrade{}, fmt.Errorf("rubric: %w", err)
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
		MaxCompletionTokens: 500,
		Temperature:         0,
	})
	if err != nil {
		return RubricGrade{}, fmt.Errorf("rubric: %w", err)
	}
	if len(resp.Choices) == 0 {
		return RubricGrade{}, fmt.Errorf("rubric: %w", errEmptyAnswer)
	}
	return parseRubric(resp.Choices[0].Message.Content)
}

// parseRubric reads the JSON object out of the reply (models wrap it in
// code fences now and then).
func parseRubric(text string) (RubricGrade, error) {
	if len(text) > maxRubricBytes {
		text = text[:maxRubricBytes]
	}
	start, end := strings.Index(text, "{"), strings.LastIndex(text, "}")
	if start < 0 || end < start {
		return RubricGrade{}, fmt.Errorf("rubric: no JSON object in the reply")
	}
	var g RubricGrade
	if err := json.Unmarshal([]byte(text[start:end+1]), &g); err != nil {
		return RubricGrade{}, fmt.Errorf("rubric: %w", err)
	}
	return g, nil
}
