package console

import (
	"encoding/json"
	"io"
	"sync"

	"github.com/backend-tip/backend-tip/bot"
)

// AnswerJSON is one answer as `ask -json` and `chat -json` print it.
type AnswerJSON struct {
	Question string       `json:"question"`
	Lang     bot.Lang     `json:"lang"`
	Covered  bool         `json:"covered"`
	Mode     string       `json:"mode"`
	Answer   string       `json:"answer"`
	Sources  []SourceJSON `json:"sources"`
}

// SourceJSON is one source of an answer.
type SourceJSON struct {
	N       int    `json:"n"`
	Section string `json:"section"`
	Source  string `json:"source"`
}

// ReplyJSON is any other reply in `chat -json` (quiz, help, roadmap...).
type ReplyJSON struct {
	Answer  string   `json:"answer"`
	Buttons []string `json:"buttons,omitempty"`
}

// JSONPrinter is a bot.Stream that prints only the final reply, as one
// JSON object on one line: AnswerJSON for an answer (or for every reply
// when Ask is set), ReplyJSON otherwise. Partial updates are not printed.
type JSONPrinter struct {
	w io.Writer
	// ask makes every reply an AnswerJSON (ask -json), question is the
	// asked text used when the reply does not carry it.
	ask      bool
	question string
	mu       sync.Mutex
	done     bool
	final    bot.Reply
}

// NewJSONPrinter prints chat replies to w.
func NewJSONPrinter(w io.Writer) *JSONPrinter { return &JSONPrinter{w: w} }

// NewAskJSONPrinter prints the reply to one question to w as an AnswerJSON.
func NewAskJSONPrinter(w io.Writer, question string) *JSONPrinter {
	return &JSONPrinter{w: w, ask: true, question: question}
}

// Update ignores partial answers: a JSON line is printed once, complete.
func (p *JSONPrinter) Update(string) {}

// Done prints the final reply.
func (p *JSONPrinter) Done(r bot.Reply) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	p.done, p.final = true, r
	var v any
	if r.Answer != nil || p.ask {
		v = answerJSON(r, p.question)
	} else {
		// Like the terminal, a JSON client answers by typing the number of
		// a button, so the text says that instead of "Answer with a button".
		out := ReplyJSON{Answer: bot.DefuseMentions(buttonWords.Replace(r.Text))}
		for _, b := range r.Buttons {
			out.Buttons = append(out.Buttons, bot.DefuseMentions(b.Label))
		}
		v = out
	}
	// Encode writes the object and a newline; answers quote "<" and ">"
	// as they are, not as \u003c.
	enc := json.NewEncoder(p.w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// Final returns the final reply once Done was called.
func (p *JSONPrinter) Final() (bot.Reply, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.final, p.done
}

func answerJSON(r bot.Reply, question string) AnswerJSON {
	out := AnswerJSON{Question: question, Lang: r.Lang, Mode: "extractive", Answer: bot.DefuseMentions(r.Text), Sources: []SourceJSON{}}
	if out.Lang == "" {
		out.Lang = bot.DetectLang(r.Text)
	}
	if m := r.Answer; m != nil {
		out.Covered, out.Mode = m.Covered, m.Mode
		if m.Question != "" {
			out.Question = m.Question
		}
	} else if r.Usage.Fallback {
		out.Mode = "fallback"
	}
	for i, s := range r.Sources {
		out.Sources = append(out.Sources, SourceJSON{N: i + 1, Section: s.Section, Source: s.Document})
	}
	return out
}
