package bot

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
)

// DefaultMaxQuestionRunes caps question length: longer text is trimmed.
const DefaultMaxQuestionRunes = 2000

// Limiter decides whether a user may ask now (abuse limits). It is optional.
type Limiter interface {
	Allow(req Request) bool
}

// Observer is told about every handled request (metrics). It is optional.
type Observer interface {
	Observe(platform, command string)
}

// RouterOptions configure a Router.
type RouterOptions struct {
	Answerer Answerer
	// Commands are added after the built-in ask and help, in this order.
	Commands []Command
	// Clicks maps an ActionID prefix ("quiz:") to its handler.
	Clicks           map[string]ClickHandler
	Lang             Lang // forces the reply language when set
	MaxQuestionRunes int
	Limiter          Limiter
	Observer         Observer
	Logger           *slog.Logger
	// MaxConcurrentAsks bounds how many questions are answered at once;
	// the rest wait their turn (after the platform's ack, so acks stay
	// fast). Without a bound, a burst of thousands of questions makes
	// thousands of goroutines compete for the CPU with the HTTP handlers
	// that must acknowledge within 3 s, and the heap grows with them.
	// Zero means no bound.
	MaxConcurrentAsks int
	// Sessions, when set, may claim a member's free text (a mention or a
	// console line that names no command) before it becomes a question:
	// an open mock interview takes it as the answer.
	Sessions SessionClaimer
}

// SessionClaimer takes free text that belongs to a member's open session.
type SessionClaimer interface {
	Claim(ctx context.Context, req Request) (Handler, bool)
}

// Router parses command text and runs the matching command from its table.
type Router struct {
	opts     RouterOptions
	commands []Command
	byName   map[string]Command
	log      *slog.Logger
	askSlots chan struct{} // nil: unbounded
}

// NewRouter builds a router with the built-in ask and help commands first.
func NewRouter(opts RouterOptions) *Router {
	if opts.MaxQuestionRunes <= 0 {
		opts.MaxQuestionRunes = DefaultMaxQuestionRunes
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Router{opts: opts, byName: map[string]Command{}, log: log}
	if opts.MaxConcurrentAsks > 0 {
		r.askSlots = make(chan struct{}, opts.MaxConcurrentAsks)
	}
	r.commands = append([]Command{r.askCommand()}, opts.Commands...)
	r.commands = append(r.commands, r.helpCommand())
	for _, c := range r.commands {
		r.byName[c.Name] = c
	}
	return r
}

// Commands returns the command table (for help and Discord registration).
func (r *Router) Commands() []Command { return append([]Command(nil), r.commands...) }

// Handle runs req and always ends s with exactly one Done, whatever happens
// inside the handler, a panic included.
func (r *Router) Handle(ctx context.Context, req Request, s Stream) {
	once := &onceStream{inner: s}
	req.Text = Sanitize(req.Text, r.opts.MaxQuestionRunes)
	if r.opts.Lang != "" {
		req.Lang = r.opts.Lang
	} else if req.Lang == "" {
		req.Lang = DetectLang(req.Text)
	}
	cmd, args := r.resolve(req)
	if h, ok := r.claim(ctx, req); ok {
		cmd, args = Command{Name: "session", Handler: h}, req.Text
	}
	log := r.log.With("request_id", req.ID, "platform", req.Platform, "command", cmd.Name)
	if r.opts.Observer != nil {
		r.opts.Observer.Observe(req.Platform, cmd.Name)
	}
	defer func() {
		if p := recover(); p != nil {
			log.Error("command panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			once.Done(apology(req.Lang))
		}
	}()
	if err := cmd.Handler(ctx, req, args, once); err != nil {
		log.Error("command failed", "err", err)
		once.Done(apology(req.Lang))
		return
	}
	if !once.finished() {
		log.Error("command returned without a reply")
		once.Done(apology(req.Lang))
	}
}

// resolve picks the command for req: a known first word wins; free text is
// a question when mentioned or typed in the console, else it gets help.
func (r *Router) resolve(req Request) (Command, string) {
	name, args := splitCommand(req.Text)
	if c, ok := r.byName[name]; ok {
		return c, args
	}
	if req.Kind == KindMention && strings.TrimSpace(req.Text) != "" {
		return r.byName["ask"], req.Text
	}
	return r.byName["help"], ""
}

// claim offers free text (no command word) to an open session.
func (r *Router) claim(ctx context.Context, req Request) (Handler, bool) {
	if r.opts.Sessions == nil || req.Kind != KindMention {
		return nil, false
	}
	if name, _ := splitCommand(req.Text); r.byName[name].Handler != nil {
		return nil, false
	}
	return r.opts.Sessions.Claim(ctx, req)
}

// Click routes a button press to the handler registered for its prefix.
func (r *Router) Click(ctx context.Context, c Click) (reply Reply) {
	log := r.log.With("request_id", c.ID, "platform", c.Platform, "action", c.ActionID)
	defer func() {
		if p := recover(); p != nil {
			log.Error("click panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			reply = apology("")
		}
	}()
	for prefix, h := range r.opts.Clicks {
		if strings.HasPrefix(c.ActionID, prefix) {
			rep, err := h(ctx, c)
			if err != nil {
				log.Error("click failed", "err", err)
				return apology("")
			}
			return rep
		}
	}
	log.Warn("click with unknown action")
	return Reply{Text: "This button is no longer active. / このボタンは無効です。", Ephemeral: true}
}

func (r *Router) askCommand() Command {
	return Command{
		Name:          "ask",
		Usage:         "ask <question>",
		Description:   "answer a question from the guide, with its sources",
		DescriptionJA: "ガイドに基づいて質問に答えます（出典付き）",
		Examples:      []string{"ask N+1問題とは？", "ask How should I prepare for a system design interview?"},
		Handler:       r.ask,
	}
}

func (r *Router) ask(ctx context.Context, req Request, args string, s Stream) error {
	if strings.TrimSpace(args) == "" {
		s.Done(Reply{Text: req.Lang.Pick("質問を書いてください。例: `/backend-tip ask N+1問題とは？`",
			"Please add a question, e.g. `/backend-tip ask What is the N+1 problem?`"), Ephemeral: true, Lang: req.Lang})
		return nil
	}
	if r.opts.Limiter != nil && !r.opts.Limiter.Allow(req) {
		s.Done(Reply{Text: req.Lang.Pick("少し質問が続いています。1分ほど待ってからもう一度どうぞ。",
			"You're asking a lot right now. Please wait a minute and try again."), Ephemeral: true, Lang: req.Lang})
		return nil
	}
	if r.opts.Answerer == nil {
		return fmt.Errorf("ask: no answerer configured")
	}
	if r.askSlots != nil {
		select {
		case r.askSlots <- struct{}{}:
			defer func() { <-r.askSlots }()
		case <-ctx.Done():
			return fmt.Errorf("ask: waiting for a free answer slot: %w", ctx.Err())
		}
	}
	q := Question{Text: args, Lang: req.Lang, History: req.History}
	return r.opts.Answerer.Answer(ctx, q, s)
}

func (r *Router) helpCommand() Command {
	return Command{
		Name:          "help",
		Usage:         "help",
		Description:   "show this help",
		DescriptionJA: "このヘルプを表示します",
		Handler: func(_ context.Context, req Request, _ string, s Stream) error {
			s.Done(Reply{Text: HelpText(r.commands, req.Lang), Ephemeral: true, Lang: req.Lang})
			return nil
		},
	}
}

// apology is what a user sees when something failed; logs get the detail.
func apology(lang Lang) Reply {
	text := "すみません、うまく処理できませんでした。少し待ってからもう一度お試しください。 / Sorry, something went wrong. Please try again in a moment."
	if lang != "" {
		text = lang.Pick("すみません、うまく処理できませんでした。少し待ってからもう一度お試しください。",
			"Sorry, something went wrong. Please try again in a moment.")
	}
	return Reply{Text: text, Ephemeral: true, Lang: lang}
}
