package bot

import (
	"context"
	"errors"
	"log/slog"
	"strings"
)

// DefaultMaxQuestionRunes caps question length: longer text is trimmed.
const DefaultMaxQuestionRunes = 2000

// Limiter decides whether a user may run a command now (abuse limits). It
// is optional.
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
	// Table is the command grammar; Grammar() when nil.
	Table []Command
	// Handlers run commands by path ("quiz daily"); a command with a
	// Handler of its own in the table uses that. ask and help are built in.
	// A command with neither gets a short "coming soon" reply.
	Handlers map[string]Handler
	// Clicks maps an ActionID prefix ("quiz:") to its handler.
	Clicks           map[string]ClickHandler
	Lang             Lang // forces the reply language when set
	MaxQuestionRunes int
	// Limiter is asked before any command but help runs, before the
	// command has any side effect (a post, a placeholder, a model call).
	Limiter  Limiter
	Observer Observer
	Logger   *slog.Logger
	// Sessions, when set, may claim a member's free text (a mention or a
	// console line that names no command) before it becomes a question:
	// an open mock interview takes it as the answer.
	Sessions SessionClaimer
}

// SessionClaimer takes free text that belongs to a member's open session.
type SessionClaimer interface {
	Claim(ctx context.Context, req Request) (Handler, bool)
}

// Router parses command text with the command table and runs the matching
// handler.
type Router struct {
	opts  RouterOptions
	table []Command
	log   *slog.Logger
}

// NewRouter builds a router over opts.Table (default Grammar()).
func NewRouter(opts RouterOptions) *Router {
	if opts.MaxQuestionRunes <= 0 {
		opts.MaxQuestionRunes = DefaultMaxQuestionRunes
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	table := opts.Table
	if table == nil {
		table = Grammar()
	}
	return &Router{opts: opts, table: table, log: log}
}

// Commands returns the command table (for help and Discord registration).
func (r *Router) Commands() []Command { return r.table }

// Parse returns the command path text selects and the text after it.
func (r *Router) Parse(text string) (Path, string, bool) { return Parse(r.table, text) }

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
	path, args := r.resolve(req)
	claimed, isSession := r.claim(ctx, req)
	if isSession {
		path, args = Path{"session"}, req.Text
	}
	log := r.log.With("request_id", req.ID, "platform", req.Platform, "command", path.String())
	if r.opts.Observer != nil {
		r.opts.Observer.Observe(req.Platform, path[0])
	}
	if path[0] != "help" && r.opts.Limiter != nil && !r.opts.Limiter.Allow(req) {
		once.Done(Reply{Text: req.Lang.Pick("少しリクエストが続いています。1分ほど待ってからもう一度どうぞ。",
			"You're asking a lot right now. Please wait a minute and try again."), Ephemeral: true, Lang: req.Lang})
		return
	}
	h := r.handler(path)
	if isSession {
		h = claimed
	}
	var err error
	if perr := Guard(func() { err = h(ctx, req, args, once) }); perr != nil {
		var p *PanicError
		errors.As(perr, &p)
		log.Error("command panicked", "panic", p.Error(), "stack", string(p.Stack))
		once.Done(Apology(req.Lang))
		return
	}
	if err != nil {
		log.Error("command failed", "err", err)
		once.Done(Apology(req.Lang))
		return
	}
	if !once.finished() {
		log.Error("command returned without a reply")
		once.Done(Apology(req.Lang))
	}
}

// resolve picks the command path for req: known command words win; free
// text is a question when mentioned or typed in the console, else it gets
// help.
func (r *Router) resolve(req Request) (Path, string) {
	if path, args, ok := Parse(r.table, req.Text); ok {
		return path, args
	}
	if req.Kind == KindMention && strings.TrimSpace(req.Text) != "" {
		return Path{"ask"}, req.Text
	}
	return Path{"help"}, ""
}

// claim offers free text (no command word) to an open session.
func (r *Router) claim(ctx context.Context, req Request) (Handler, bool) {
	if r.opts.Sessions == nil || req.Kind != KindMention || strings.TrimSpace(req.Text) == "" {
		return nil, false
	}
	if _, _, ok := Parse(r.table, req.Text); ok {
		return nil, false
	}
	return r.opts.Sessions.Claim(ctx, req)
}

// handler finds what runs path: the table's own handler, the handler map,
// the built-ins, else "coming soon".
func (r *Router) handler(path Path) Handler {
	if c, ok := Lookup(r.table, path); ok && c.Handler != nil {
		return c.Handler
	}
	if h, ok := r.opts.Handlers[path.String()]; ok && h != nil {
		return h
	}
	switch path.String() {
	case "ask":
		return r.ask
	case "help":
		return r.help
	}
	return r.comingSoon
}

// Click routes a button press to the handler registered for its prefix.
func (r *Router) Click(ctx context.Context, c Click) (reply Reply) {
	log := r.log.With("request_id", c.ID, "platform", c.Platform, "action", c.ActionID)
	for prefix, h := range r.opts.Clicks {
		if !strings.HasPrefix(c.ActionID, prefix) {
			continue
		}
		var err error
		if perr := Guard(func() { reply, err = h(ctx, c) }); perr != nil {
			var p *PanicError
			errors.As(perr, &p)
			log.Error("click panicked", "panic", p.Error(), "stack", string(p.Stack))
			return Apology("")
		}
		if err != nil {
			log.Error("click failed", "err", err)
			return Apology("")
		}
		return reply
	}
	log.Warn("click with unknown action")
	return Reply{Text: "This button is no longer active. / このボタンは無効です。", Ephemeral: true}
}

func (r *Router) ask(ctx context.Context, req Request, args string, s Stream) error {
	if strings.TrimSpace(args) == "" {
		s.Done(Reply{Text: req.Lang.Pick("質問を書いてください。例: `/backend-tip ask N+1問題とは？`",
			"Please add a question, e.g. `/backend-tip ask What is the N+1 problem?`"), Ephemeral: true, Lang: req.Lang})
		return nil
	}
	if r.opts.Answerer == nil {
		return errors.New("ask: no answerer configured")
	}
	q := Question{Text: args, Lang: req.Lang, History: req.History, Asker: req.UserID}
	return r.opts.Answerer.Answer(ctx, q, s)
}

func (r *Router) help(_ context.Context, req Request, _ string, s Stream) error {
	s.Done(Reply{Text: HelpText(r.table, req.Lang), Ephemeral: true, Lang: req.Lang})
	return nil
}

func (r *Router) comingSoon(_ context.Context, req Request, _ string, s Stream) error {
	s.Done(Reply{Text: req.Lang.Pick("このコマンドは準備中です。`/backend-tip help` で使えるコマンドを確認できます。",
		"This command is coming soon. `/backend-tip help` lists what works today."), Ephemeral: true, Lang: req.Lang})
	return nil
}
