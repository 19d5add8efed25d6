package console

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/backend-tip/backend-tip/bot"
)

// This file turns the platform-neutral reply (markdown-ish text, sources,
// buttons) into terminal text. Slack and Discord draw buttons; a terminal
// numbers the choices and the user types the number.

const (
	ansiBold  = "\x1b[1m"
	ansiReset = "\x1b[0m"
)

var (
	boldRe = regexp.MustCompile(`\*\*([^*\n]+)\*\*|__([^_\n]+)__`)
	codeRe = regexp.MustCompile("`([^`\n]+)`")
	linkRe = regexp.MustCompile(`\[([^\]\n]+)\]\((https?://[^)\s]+)\)`)
	// letterRe is the "A) " a quiz puts before each option, in the text
	// and on the buttons alike.
	letterRe = regexp.MustCompile(`^[A-Z][).:]\s+`)
)

// buttonWords are the platforms' words for buttons and what a terminal
// user does instead.
var buttonWords = strings.NewReplacer(
	"Answer with a button", "Type the number of your answer",
	"ボタンで回答してください", "番号を入力して回答してください",
	"This button is no longer active.", "That choice is no longer active.",
	"このボタンは無効です。", "この選択肢は無効です。",
)

// consoleText renders reply text for a terminal: **bold** and __bold__ in
// ANSI bold when ansi (plain words otherwise), `code` without its ticks,
// [text](url) as "text (url)". Lines that repeat a choice's label ("A) JOIN"
// for the first button, whole or cut) become that choice's number ("  1)
// JOIN"), so each choice is numbered once; numbered reports which buttons
// were.
func consoleText(text string, buttons []bot.Button, ansi bool) (out string, numbered map[int]bool) {
	text = buttonWords.Replace(text)
	numbered = map[int]bool{}
	if len(buttons) > 0 {
		lines := strings.Split(text, "\n")
		for i, l := range lines {
			for n, b := range buttons {
				if !numbered[n] && repeatsLabel(l, b.Label) {
					lines[i] = fmt.Sprintf("  %d) %s", n+1, letterRe.ReplaceAllString(strings.TrimSpace(l), ""))
					numbered[n] = true
					break
				}
			}
		}
		text = strings.Join(lines, "\n")
	}
	text = linkRe.ReplaceAllString(text, "$1 ($2)")
	text = codeRe.ReplaceAllString(text, "$1")
	text = boldRe.ReplaceAllStringFunc(text, func(m string) string {
		inner := m[2 : len(m)-2]
		if ansi {
			return ansiBold + inner + ansiReset
		}
		return inner
	})
	return text, numbered
}

// repeatsLabel reports whether a line of text is a button's label: the
// same words, or for a label cut to the platforms' button length ("B)
// Confirming with a password…") the line the cut label starts. The line
// keeps the whole choice, so the console prints it uncut.
func repeatsLabel(line, label string) bool {
	line, label = strings.TrimSpace(line), strings.TrimSpace(label)
	if line == label {
		return true
	}
	cut, ok := strings.CutSuffix(label, "…")
	return ok && letterRe.MatchString(cut) && strings.HasPrefix(line, cut)
}

// partialText renders a streamed partial answer, leaving out a trailing
// "**" or "`" that is not closed yet, so that what is printed only grows.
func partialText(text string, ansi bool) string {
	for _, mark := range []string{"**", "__", "`"} {
		if strings.Count(text, mark)%2 == 1 {
			text = text[:strings.LastIndex(text, mark)]
		}
	}
	out, _ := consoleText(text, nil, ansi)
	return out
}

// renderExtras prints sources and the choices not already numbered in the
// text under a reply.
func renderExtras(w io.Writer, r bot.Reply, numbered map[int]bool) {
	lang := r.Lang
	if lang == "" {
		lang = bot.DetectLang(r.Text)
	}
	if len(r.Sources) > 0 {
		fmt.Fprintln(w, lang.Pick("\n出典:", "\nSources:"))
		for i, s := range r.Sources {
			doc := ""
			if s.Document != "" && !strings.HasPrefix(s.Document, "backend_developer_guide") {
				doc = " (" + s.Document + ")"
			}
			fmt.Fprintf(w, "  [%d] %s%s\n", i+1, bot.DefuseMentions(s.Section), bot.DefuseMentions(doc))
		}
	}
	if len(r.Buttons) == 0 {
		return
	}
	if len(numbered) < len(r.Buttons) {
		fmt.Fprintln(w)
	}
	for i, b := range r.Buttons {
		if !numbered[i] {
			fmt.Fprintf(w, "  %d) %s\n", i+1, bot.DefuseMentions(b.Label))
		}
	}
	fmt.Fprintln(w, lang.Pick("（番号を入力すると選べます）", "(type the number to choose)"))
}

// isTerminal reports whether w is a terminal (a character device), looking
// through the adapter's own serialising writer.
func isTerminal(w io.Writer) bool {
	if s, ok := w.(*syncWriter); ok {
		w = s.w
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
