package console

import (
	"fmt"
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
}

// NewPrinter returns a Printer writing to w.
func NewPrinter(w io.Writer) *Printer { return &Printer{w: w} }

// Update prints what is new in partial; if the text changed rather than
// grew, it starts a new line with the whole text.
func (p *Printer) Update(partial string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.final != nil {
		return
	}
	partial = bot.DefuseMentions(partial)
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
	text := bot.DefuseMentions(final.Text)
	if p.printed != "" && !strings.HasPrefix(text, p.printed) {
		io.WriteString(p.w, "\n")
		p.printed = ""
	}
	p.writeGrowth(text)
	p.printed = text
	io.WriteString(p.w, "\n")
	renderExtras(p.w, final)
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

// renderExtras prints sources and numbered buttons under a reply.
func renderExtras(w io.Writer, r bot.Reply) {
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
	if len(r.Buttons) > 0 {
		fmt.Fprintln(w)
		for i, b := range r.Buttons {
			fmt.Fprintf(w, "  %d) %s\n", i+1, bot.DefuseMentions(b.Label))
		}
		fmt.Fprintln(w, lang.Pick("（番号を入力すると選べます）", "(type a number to choose)"))
	}
}
