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
	// Score is the retrieval score it was found with.
	Score float64
}

func languageName(l bot.Lang) string { return l.Pick("Japanese", "English") }

func render(name string, data any) (string, error) {
	var b strings.Builder
	if err := prompts.execute(&b, name, data); err != nil {
		return "", fmt.Errorf("render prompt %s: %w", name, err)
	}
	return b.String(), nil
}

// quoted is another person's thread message as the model sees it.
type quoted struct {
	Author string
	Text   string
}

// answerMessages builds the chat: the bot's own rules alone in the system
// message; the asker's earlier turns and the bot's answers as chat turns;
// then one user message with the passages inside delimiters, other people's
// thread messages quoted with their author, and the question. Retrieved and
// quoted text is data, never in the system message.
func answerMessages(question, asker string, lang bot.Lang, b budget) ([]openai.ChatCompletionMessage, error) {
	sys, err := render("system.tmpl", map[string]any{"Language": languageName(lang)})
	if err != nil {
		return nil, err
	}
	msgs := []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleSystem, Content: sys}}
	var others []quoted
	for _, t := range b.history {
		switch {
		case t.FromBot:
			msgs = append(msgs, openai.ChatCompletionMessage{Role: openai.ChatMessageRoleAssistant, Content: t.Text})
		case isOther(t, asker):
			others = append(others, quoted{Author: defuseDelimiters(t.Author), Text: defuseDelimiters(t.Text)})
		default:
			msgs = append(msgs, openai.ChatCompletionMessage{Role: openai.ChatMessageRoleUser, Content: t.Text})
		}
	}
	ps := make([]passage, len(b.passages))
	for i, p := range b.passages {
		p.Text, p.Section = defuseDelimiters(p.Text), defuseDelimiters(p.Section)
		ps[i] = p
	}
	user, err := render("question.tmpl", map[string]any{"Language": languageName(lang), "Question": question,
		"Passages": ps, "Others": others})
	if err != nil {
		return nil, err
	}
	return append(msgs, openai.ChatCompletionMessage{Role: openai.ChatMessageRoleUser, Content: user}), nil
}

// isOther: a person's message that is not the asker's own.
func isOther(t bot.Turn, asker string) bool {
	return !t.FromBot && t.Author != "" && asker != "" && t.Author != asker
}

// defuseDelimiters keeps text from closing or faking a passage delimiter.
func defuseDelimiters(s string) string {
	if !strings.Contains(s, "<<<") && !strings.Contains(s, ">>>") {
		return s
	}
	return strings.NewReplacer("<<<", "‹‹‹", ">>>", "›››").Replace(s)
}

// baseTokens counts the instructions and question template without
// passages, history or question text; it is constant per language.
func baseTokens(lang bot.Lang) int {
	sys, _ := render("system.tmpl", map[string]any{"Language": languageName(lang)})
	user, _ := render("question.tmpl", map[string]any{"Language": languageName(lang)})
	return countTokens(sys) + countTokens(user) + 8 // role markers
}
