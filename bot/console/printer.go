package console

import (
	"io"
	"strings"
	"sync"

	"github.com/backend-tip/backend-tip/bot"
)

// syncWriter serialises writes from the REPL and from scheduled posts.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// Printer is a bot.Stream that prints to a terminal: partial answers as
// they grow (only the new part), then the final text, sources and buttons.
type Printer struct {
	w       io.Writer
	mu      sync.Mutex
	printed string
	final   *bot.Reply
	// ansi renders bold in ANSI escapes (w is a terminal).
	ansi bool
}

// NewPrinter returns a Printer writing to w, with terminal styling when w
// is a terminal (render.go).
func NewPrinter(w io.Writer) *Printer { return &Printer{w: w, ansi: isTerminal(w)} }

// Update prints what is new in partial; if the text changed rather than
// grew, it starts a new line with the whole text.
func (p *Printer) Update(partial string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.final != nil {
		return
	}
	partial = partialText(bot.DefuseMentions(partial), p.ansi)
	p.writeGrowth(partial)
	p.printed = partial
}

func (p *Printer) writeGrowth(text string) {
	switch {
	case p.printed == "":
		io.WriteString(p.w, text)
	case strings.HasPrefix(text, p.printed):
		io.WriteString(p.w, text[len(p.printed):])
	default:
		io.WriteString(p.w, "\n"+text)
	}
}

// Done prints the rest of the final reply with its sources and buttons.
func (p *Printer) Done(final bot.Reply) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.final != nil {
		return
	}
	p.final = &final
	text, numbered := consoleText(bot.DefuseMentions(final.Text), final.Buttons, p.ansi)
	if p.printed != "" && !strings.HasPrefix(text, p.printed) {
		io.WriteString(p.w, "\n")
		p.printed = ""
	}
	p.writeGrowth(text)
	p.printed = text
	io.WriteString(p.w, "\n")
	renderExtras(p.w, final, numbered)
}

// Final returns the final reply once Done was called.
func (p *Printer) Final() (bot.Reply, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.final == nil {
		return bot.Reply{}, false
	}
	return *p.final, true
}
