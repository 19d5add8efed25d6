package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
)

// Options configure an Adapter.
type Options struct {
	In      io.Reader
	Out     io.Writer
	Handler platform.Router
	// Interactive prints a prompt before each line (stdin is a terminal).
	Interactive bool
	// ChannelID, UserID and UserName identify the console user to the bot
	// (quiz scores and schedules are kept per channel and user).
	ChannelID string
	UserID    string
	UserName  string
	// MaxHistory is how many earlier turns go with each question.
	MaxHistory int
	// MaxLineBytes trims longer input lines (default 1 MiB).
	MaxLineBytes int
	// JSON prints each reply as one JSON object per line (chat -json):
	// answers as AnswerJSON, other replies as ReplyJSON.
	JSON bool
}

// Adapter is the console platform.
type Adapter struct {
	opts Options
	out  *syncWriter

	mu      sync.Mutex
	seq     int
	buttons []choice          // the latest numbered choices
	posted  map[string]string // idempotency key → message id
	history []bot.Turn
	// form is the form the last click opened (an open question's Answer):
	// a terminal has no modal, so the next line typed is its text.
	form *choice
	// lines are the user's plain lines, newest last, and marks where each
	// posted message's "thread" starts in them: the console has one flow of
	// text, so whatever the user types after a post answers it.
	lines    []string
	dropped  int // lines cut from the front of lines
	threadAt map[string]int
}

// maxLines bounds the lines kept for ThreadReplies.
const maxLines = 500

// choice is a button shown on one message.
type choice struct {
	bot.Button
	channelID, messageID string
}

var _ bot.Platform = (*Adapter)(nil)

// New builds a console adapter.
func New(o Options) *Adapter {
	if o.ChannelID == "" {
		o.ChannelID = "console"
	}
	if o.UserID == "" {
		o.UserID = "console-user"
	}
	if o.UserName == "" {
		o.UserName = "you"
	}
	if o.MaxHistory <= 0 {
		o.MaxHistory = 20
	}
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = 1 << 20
	}
	return &Adapter{opts: o, out: &syncWriter{w: o.Out}, posted: map[string]string{}, threadAt: map[string]int{}}
}

// Name is the platform key.
func (a *Adapter) Name() string { return "console" }

// Ready is always true: the console needs no connection.
func (a *Adapter) Ready() bool { return true }

// Edit changes nothing on the console: a terminal cannot change what it
// printed, and the reveal that closes a quiz post is printed anyway (a
// number typed for the closed question gets the quiz's "closed" reply).
func (a *Adapter) Edit(ctx context.Context, _, _ string, _ bot.Reply) error {
	return ctx.Err()
}

// Post prints a message sent outside a request (a scheduled quiz). A
// repeated IdempotencyKey prints nothing and returns the first message id.
func (a *Adapter) Post(ctx context.Context, channelID string, r bot.Reply) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	a.mu.Lock()
	if id, ok := a.posted[r.IdempotencyKey]; ok && r.IdempotencyKey != "" {
		a.mu.Unlock()
		return id, nil
	}
	id := a.nextIDLocked()
	if r.IdempotencyKey != "" {
		a.posted[r.IdempotencyKey] = id
	}
	a.rememberButtonsLocked(r.Buttons, channelID, id)
	a.threadAt[id] = a.dropped + len(a.lines)
	a.mu.Unlock()
	if !a.opts.JSON {
		fmt.Fprintf(a.out, "\n[#%s]\n", channelID)
	}
	a.printer().Done(r)
	return id, nil
}

// DirectMessage prints a private message to the console user (a review
// reminder): the console has one user, so a DM is a marked message.
func (a *Adapter) DirectMessage(ctx context.Context, userID string, r bot.Reply) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !a.opts.JSON {
		fmt.Fprintf(a.out, "\n[DM @%s]\n", userID)
	}
	a.printer().Done(r)
	return nil
}

// EnsureMember is always satisfied: the console is its only channel.
func (a *Adapter) EnsureMember(context.Context, string) error { return nil }

// CanStartThread is always true: the console prints a post's thread
// replies under it.
func (a *Adapter) CanStartThread(context.Context, string) bool { return true }

// Run reads lines until EOF, "exit", or ctx ends.
func (a *Adapter) Run(ctx context.Context) error {
	lines := make(chan string)
	readErr := make(chan error, 1)
	go a.read(ctx, lines, readErr)
	for {
		a.prompt()
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				if a.opts.Interactive {
					fmt.Fprintln(a.out)
				}
				return <-readErr
			}
			if !a.handleLine(ctx, line) {
				return nil
			}
		}
	}
}

// read sends input lines, each trimmed to MaxLineBytes, until EOF.
func (a *Adapter) read(ctx context.Context, lines chan<- string, errc chan<- error) {
	defer close(lines)
	r := bufio.NewReaderSize(a.opts.In, 64<<10)
	for {
		line, err := readLine(r, a.opts.MaxLineBytes)
		if line != "" || err == nil {
			select {
			case lines <- line:
			case <-ctx.Done():
				errc <- nil
				return
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = nil
			}
			errc <- err
			return
		}
	}
}

// readLine reads one line, keeping at most max bytes of it.
func readLine(r *bufio.Reader, max int) (string, error) {
	var b strings.Builder
	for {
		chunk, isPrefix, err := r.ReadLine()
		if b.Len() < max {
			b.Write(chunk[:min(len(chunk), max-b.Len())])
		}
		if err != nil || !isPrefix {
			return b.String(), err
		}
	}
}

func (a *Adapter) prompt() {
	if a.opts.Interactive {
		io.WriteString(a.out, "\n> ")
	}
}

// handleLine runs one line; it returns false when the user wants to leave.
func (a *Adapter) handleLine(ctx context.Context, line string) bool {
	text := strings.TrimSpace(line)
	switch strings.ToLower(text) {
	case "":
		return true
	case "exit", "quit", "/exit", "/quit", ":q":
		return false
	}
	if f, ok := a.takeForm(); ok && !isCommand(text) {
		a.click(ctx, f, text)
		return true
	}
	if rest, ok := cutPrefixFold(text, "/backend-tip"); ok {
		text = strings.TrimSpace(rest)
		if text == "" {
			text = "help"
		}
	}
	if n, err := strconv.Atoi(text); err == nil {
		if c, ok := a.choice(n); ok {
			a.click(ctx, c, "")
			return true
		}
	}
	a.ask(ctx, text)
	return true
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) && (len(s) == len(prefix) || s[len(prefix)] == ' ') {
		return s[len(prefix):], true
	}
	return s, false
}

func (a *Adapter) ask(ctx context.Context, text string) {
	a.mu.Lock()
	id := a.nextIDLocked()
	history := append([]bot.Turn(nil), a.history...)
	a.lines = append(a.lines, text)
	if extra := len(a.lines) - maxLines; extra > 0 {
		a.lines = append([]string(nil), a.lines[extra:]...)
		a.dropped += extra
	}
	a.mu.Unlock()
	req := bot.Request{Origin: a.origin(id, a.opts.ChannelID), ThreadID: a.opts.ChannelID, Text: text,
		Kind: bot.KindMention, History: history, DM: true} // one person talking to the bot: every line is for it
	p := a.printer()
	a.opts.Handler.Handle(ctx, req, p)
	final, ok := p.Final()
	if !ok {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.rememberButtonsLocked(final.Buttons, a.opts.ChannelID, id)
	// Help and error notes are ephemeral; they would only confuse a
	// follow-up question, so the history keeps real exchanges only.
	if !final.Ephemeral {
		a.history = append(a.history, bot.Turn{Author: a.opts.UserID, Text: text}, bot.Turn{FromBot: true, Text: final.Text})
		if extra := len(a.history) - a.opts.MaxHistory; extra > 0 {
			a.history = append([]bot.Turn(nil), a.history[extra:]...)
		}
	}
}

// origin is the console's user in channelID; id numbers the line.
func (a *Adapter) origin(id, channelID string) bot.Origin {
	return bot.Origin{ID: id, Platform: a.Name(), ChannelID: channelID, UserID: a.opts.UserID, UserName: a.opts.UserName}
}

func (a *Adapter) choice(n int) (choice, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if n < 1 || n > len(a.buttons) {
		return choice{}, false
	}
	return a.buttons[n-1], true
}

// click presses c's button, or with text submits the form it opened.
func (a *Adapter) click(ctx context.Context, c choice, text string) {
	a.mu.Lock()
	id := a.nextIDLocked()
	a.mu.Unlock()
	reply := a.opts.Handler.Click(ctx, bot.Click{Origin: a.origin(id, c.channelID), MessageID: c.messageID,
		ActionID: c.ActionID, Text: text})
	if f := reply.Form; f != nil && text == "" {
		// Where Slack and Discord open a form, the console asks for the
		// next line; the reply's text points at a platform's form or thread.
		a.mu.Lock()
		a.form = &choice{Button: bot.Button{ActionID: f.ActionID}, channelID: c.channelID, messageID: c.messageID}
		a.mu.Unlock()
		reply.Text = formPrompt(reply)
	}
	a.printer().Done(reply)
	a.mu.Lock()
	a.rememberButtonsLocked(reply.Buttons, c.channelID, id)
	a.mu.Unlock()
}

// takeForm returns the open form, if any, and closes it: one line answers
// it, and a command typed instead leaves it unanswered.
func (a *Adapter) takeForm() (choice, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.form == nil {
		return choice{}, false
	}
	f := *a.form
	a.form = nil
	return f, true
}

// formPrompt is what the console says instead of opening a form.
func formPrompt(r bot.Reply) string {
	lang := r.Lang
	if lang == "" {
		lang = bot.DetectLang(r.Text)
	}
	// The form's label is the question cut to a platform's 45 characters;
	// the question stands whole just above, so the prompt is enough.
	return lang.Pick("次の行に回答を入力してください（代わりにコマンドを入力すると取り消します）。",
		"Type your answer on the next line (typing a command instead cancels it).")
}

// rememberButtonsLocked makes buttons the current numbered choices; a
// message without buttons leaves the earlier choices usable.
func (a *Adapter) rememberButtonsLocked(buttons []bot.Button, channelID, messageID string) {
	if len(buttons) == 0 {
		return
	}
	a.buttons = a.buttons[:0]
	for _, b := range buttons {
		a.buttons = append(a.buttons, choice{Button: b, channelID: channelID, messageID: messageID})
	}
}

func (a *Adapter) nextIDLocked() string {
	a.seq++
	return "console-" + strconv.Itoa(a.seq)
}

// ThreadReplies returns what the user typed after the posted message
// messageID (quiz answers to an open question), oldest first.
func (a *Adapter) ThreadReplies(ctx context.Context, channelID, messageID string, limit int) ([]bot.Turn, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	start, ok := a.threadAt[messageID]
	if !ok {
		return nil, nil
	}
	var out []bot.Turn
	for _, l := range a.lines[max(start-a.dropped, 0):] {
		if limit > 0 && len(out) == limit {
			break
		}
		if isCommand(l) {
			continue
		}
		out = append(out, bot.Turn{Author: a.opts.UserID, Text: l})
	}
	return out, nil
}

// isCommand tells typed commands from answers: a thread reply is prose.
func isCommand(line string) bool {
	first := strings.ToLower(strings.Fields(line + " x")[0])
	switch first {
	case "ask", "quiz", "roadmap", "tip", "help", "interview", "progress", "/backend-tip":
		return true
	}
	_, err := strconv.Atoi(line)
	return err == nil
}

// printing is a stream that keeps its final reply.
type printing interface {
	bot.Stream
	Final() (bot.Reply, bool)
}

// printer prints one reply as text or, with Options.JSON, as a JSON line.
func (a *Adapter) printer() printing {
	if a.opts.JSON {
		return NewJSONPrinter(a.out)
	}
	return NewPrinter(a.out)
}
