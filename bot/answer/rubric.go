package answer

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

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
	reply, err := a.complete1(ctx, oneShot{name: "rubric", system: "rubric_system.tmpl", user: "rubric_user.tmpl",
		data: data, maxTokens: 500})
	if err != nil {
		return RubricGrade{}, err
	}
	return parseRubric(reply)
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
