package bot

import (
	"fmt"
	"runtime/debug"
)

// PanicError is a panic turned into an error, with the stack where it happened.
type PanicError struct {
	Value any
	Stack []byte
}

func (p *PanicError) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

// Guard runs fn and returns a *PanicError if it panicked. It is the one
// place in the bot where a panic is recovered: the router and the platform
// runtime both go through it, so one bad event never takes the process down.
func Guard(fn func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &PanicError{Value: p, Stack: debug.Stack()}
		}
	}()
	fn()
	return nil
}

// Apology is what a user sees when something failed; logs get the detail.
// Without a language it says it in both.
func Apology(lang Lang) Reply {
	const ja, en = "すみません、うまく処理できませんでした。少し待ってからもう一度お試しください。",
		"Sorry, something went wrong. Please try again in a moment."
	text := ja + " / " + en
	if lang != "" {
		text = lang.Pick(ja, en)
	}
	return Reply{Text: text, Ephemeral: true, Lang: lang}
}
