package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
	"github.com/backend-tip/backend-tip/bot/retry"
)

// platformName is the key used in bot.Request.Platform.
const platformName = "slack"

// Router runs commands and button presses; *bot.Router implements it.
type Router interface {
	platform.Router
	Parse(text string) (path bot.Path, args string, ok bool)
}

// Store keeps what must survive a restart: seen event ids (so a retried
// event is answered once) and 👍/👎 feedback.
type Store interface {
	MarkEvent(ctx context.Context, key string, ttl time.Duration) (first bool, err error)
	RecordFeedback(ctx context.Context, f bot.Feedback) error
}

// Options configure an Adapter. BotToken, Router and Store are required.
type Options struct {
	BotToken      string // xoxb-...
	AppToken      string // xapp-...: enables Socket Mode
	SigningSecret string // enables the HTTP routes
	APIURL        string // Web API base ending in "/"; empty means Slack's
	Router        Router
	Store         Store
	Logger        *slog.Logger
	Clock         bot.Clock
	// HTTPClient is used for the Web API and response_url; default: 30 s timeout.
	HTTPClient *http.Client
	// StreamInterval is the minimum time between two chat.update calls on
	// one message while an answer streams in (default 1 s).
	StreamInterval time.Duration
	// PlaceholderAfter is how long an ask may take before a visible
	// "working" message appears (default 1 s); quicker replies, refusals
	// included, never show one.
	PlaceholderAfter time.Duration
	// UpdateLimit is the workspace's budget for chat.update (default 50 a
	// minute, Slack's Tier 3); AppendLimit for chat.appendStream (default
	// 100 a minute, Tier 4). Streaming partials over budget are skipped;
	// final replies wait for it.
	UpdateLimit, AppendLimit Limit
	// Home fills the Home tab (optional: without it the tab shows the buttons).
	Home HomeSource
	// UseLocale lets the user's Slack locale (users.info) pick the language
	// of bare commands (`quiz`, `tip`); set it when BACKEND_TIP_LANG is not.
	UseLocale bool
	// HistoryLimit bounds the thread messages read as conversation history (default 20).
	HistoryLimit int
	// Runtime runs the work after each ack: admission, deadline, panics,
	// drain. Shared with the other adapters; when nil the adapter makes its
	// own and drains it when Run returns.
	Runtime *platform.Runtime
}

// Adapter connects the router to Slack. It implements bot.Platform and the
// optional ThreadReplies interface the quiz uses.
type Adapter struct {
	opts   Options
	rt     *platform.Runtime
	ownsRT bool // Run drains rt when it returns
	api    *slack.Client
	http   *http.Client
	log    *slog.Logger
	clock  bot.Clock

	idMu      sync.Mutex
	botUserID string
	botID     string

	joined  members // channels the bot is known to be in
	dms     dms     // the bot's own DMs, and DMs between people it saw
	locales locales // users' languages from their Slack locale

	updates, appends *methodLimit // workspace-wide budgets per method

	mounted   atomic.Bool // the HTTP routes are on a mux
	connected atomic.Bool // the Socket Mode session is up
}

var _ bot.Platform = (*Adapter)(nil)

// dedupeTTL covers Slack's retry schedule (immediately, after 1 and 5 minutes) with margin.
const dedupeTTL = time.Hour

// New builds an Adapter; it does not connect until Run.
func New(opts Options) (*Adapter, error) {
	switch {
	case opts.BotToken == "":
		return nil, errors.New("slack adapter: bot token is required")
	case opts.Router == nil:
		return nil, errors.New("slack adapter: router is required")
	case opts.Store == nil:
		return nil, errors.New("slack adapter: store is required (event dedupe and feedback)")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.StreamInterval <= 0 {
		opts.StreamInterval = time.Second
	}
	if opts.HistoryLimit <= 0 {
		opts.HistoryLimit = 20
	}
	clientOpts := []slack.Option{slack.OptionHTTPClient(opts.HTTPClient)}
	if opts.APIURL != "" {
		clientOpts = append(clientOpts, slack.OptionAPIURL(opts.APIURL))
	}
	if opts.AppToken != "" {
		clientOpts = append(clientOpts, slack.OptionAppLevelToken(opts.AppToken))
	}
	if opts.UpdateLimit.N <= 0 || opts.UpdateLimit.Per <= 0 {
		opts.UpdateLimit = defaultUpdateLimit
	}
	if opts.AppendLimit.N <= 0 || opts.AppendLimit.Per <= 0 {
		opts.AppendLimit = defaultAppendLimit
	}
	rt, owns := opts.Runtime, false
	if rt == nil {
		rt, owns = platform.New(platform.Options{Logger: opts.Logger}), true
	}
	return &Adapter{
		opts:   opts,
		rt:     rt,
		ownsRT: owns,
		api:    slack.New(opts.BotToken, clientOpts...),
		http:   opts.HTTPClient,
		dms:    newDMs(),
		log:    opts.Logger.With("platform", platformName),
		clock:  opts.Clock,

		updates: newMethodLimit("chat.update", opts.UpdateLimit),
		appends: newMethodLimit("chat.appendStream", opts.AppendLimit),
	}, nil
}

// Name is the platform key.
func (a *Adapter) Name() string { return platformName }

// Ready reports whether Slack can reach the bot: with an app token, when the
// Socket Mode session is up; otherwise when the HTTP routes are mounted.
// serve's /readyz asks it.
func (a *Adapter) Ready() bool {
	if a.opts.AppToken != "" {
		return a.connected.Load()
	}
	return a.mounted.Load()
}

// Run connects over Socket Mode when an app token is set (HTTP requests are
// served by the handlers meanwhile) and returns when ctx ends, after the
// work in flight has finished or DrainTimeout has passed.
func (a *Adapter) Run(ctx context.Context) error {
	if _, err := a.identity(ctx); err != nil {
		a.log.Warn("auth.test failed; will retry on the first mention", "err", err)
	}
	var err error
	if a.opts.AppToken != "" {
		err = a.runSocket(ctx)
	} else {
		<-ctx.Done()
		err = ctx.Err()
	}
	if a.ownsRT {
		drainCtx, cancel := context.WithTimeout(context.Background(), drainTimeout)
		defer cancel()
		a.rt.Drain(drainCtx)
	}
	return err
}

// drainTimeout bounds the drain of an adapter's own runtime; a shared one
// is drained by its owner within the shutdown deadline.
const drainTimeout = 20 * time.Second

// spawn runs fn after the ack within the runtime's budget; it reports
// false, running nothing, when the runtime refuses (shutdown, overload).
func (a *Adapter) spawn(what string, fn func(ctx context.Context)) bool {
	return a.rt.Go(platformName+" "+what, 0, fn) == nil
}

// spawnQuick is spawn for work that is quick by nature (button clicks).
func (a *Adapter) spawnQuick(what string, fn func(ctx context.Context)) bool {
	return a.rt.GoQuick(platformName+" "+what, fn) == nil
}

// identity returns the bot's user id (and bot id), asking auth.test once.
func (a *Adapter) identity(ctx context.Context) (string, error) {
	a.idMu.Lock()
	defer a.idMu.Unlock()
	if a.botUserID != "" {
		return a.botUserID, nil
	}
	resp, err := a.api.AuthTestContext(ctx)
	if err != nil {
		return "", fmt.Errorf("auth.test: %w", err)
	}
	a.botUserID, a.botID = resp.UserID, resp.BotID
	return a.botUserID, nil
}

func (a *Adapter) isSelf(userID, botID string) bool {
	a.idMu.Lock()
	defer a.idMu.Unlock()
	return userID != "" && userID == a.botUserID || botID != "" && botID == a.botID
}

// retry runs call under the bot's retry policy, waiting out Slack's rate
// limits for as long as Slack asks (Retry-After, up to a minute) and ctx
// allows. Other errors are returned at once: Slack's own errors
// (not_in_channel, ...) do not change by asking again.
func (a *Adapter) retry(ctx context.Context, what string, call func() error) error {
	err := retry.Do(ctx, slackPolicy(a.log, what), func(context.Context) error {
		err := call()
		var rl *slack.RateLimitedError
		if errors.As(err, &rl) {
			return retry.After(max(rl.RetryAfter, time.Second), err)
		}
		return retry.Permanent(err)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// slackPolicy is the retry policy for one Web API call.
func slackPolicy(log *slog.Logger, what string) retry.Policy {
	return retry.Policy{Tries: 10, MaxWait: time.Minute, MaxElapsed: 3 * time.Minute,
		Notify: func(err error, wait time.Duration) {
			log.Warn("slack rate limited; waiting", "call", what, "retry_after", wait)
		}}
}
