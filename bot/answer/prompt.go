package answer

import (
	"embed"
	"fmt"
	"strings"

	"github.com/backend-tip/backend-tip/bot"
	openai "github.com/sashabaranov/go-openai"
)

//go:embed prompts/*.tmpl
var promptFS embed.FS

// prompts are parsed once (tmpl.go); they are read-only afterwards.
var prompts = func() promptSet {
	set, err := parsePrompts(promptFS, "prompts/*.tmpl")
	if err != nil { // the templates are embedded: a test catches this first
		panic(err)
	}
	return set
}()

// notCovered is what the model replies when the passages do not answer.
const notCovered = "NOT_COVERED"

// passage is one numbered retrieval hit as the model sees it.
type passage struct {
	N        int
	Section  string
	Document string
	Anchor   string
	Text     string
}

func languageName(l bot.Lang) string { return l.Pick("Japanese", "English") }

func render(name string, data any) (string, error) {
	var b strings.Builder
	if err := prompts.execute(&b, name, data); err != nil {
		return "", fmt.Errorf("render prompt %s: %w", name, err)
	}
	return b.String(), nil
}

// answerMessages builds the chat: instructions with the passages, the
// earlier turns, then the question.
func answerMessages(question string, lang bot.Lang, b budget) ([]openai.ChatCompletionMessage, error) {
	sys, err := render("system.tmpl", map[string]any{"Language": languageName(lang), "Passages": b.passages})
	if err != nil {
		return nil, err
	}
	user, err := render("question.tmpl", map[string]any{"Language": languageName(lang), "Question": question})
	if err != nil {
		return nil, err
	}
	msgs := []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleSystem, Content: sys}}
	for _, t := range b.history {
		role := openai.ChatMessageRoleUser
		if t.FromBot {
			role = openai.ChatMessageRoleAssistant
		}
		msgs = append(msgs, openai.ChatCompletionMessage{Role: role, Content: t.Text})
	}
	return append(msgs, openai.ChatCompletionMessage{Role: openai.ChatMessageRoleUser, Content: user}), nil
}

// baseTokens counts the instructions and question template without
// passages, history or question text; it is constant per language.
func baseTokens(lang bot.Lang) int {
	sys, _ := render("system.tmpl", map[string]any{"Language": languageName(lang)})
	user, _ := render("question.tmpl", map[string]any{"Language": languageName(lang)})
	return countTokens(sys) + countTokens(user) + 8 // role markers
}
