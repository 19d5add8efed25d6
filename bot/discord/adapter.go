package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
)

// Options configure an Adapter. Router is required; BotToken or PublicKey
// must be set for the adapter to do anything.
type Options struct {
	BotToken   string // DISCORD_BOT_TOKEN, with or without the "Bot " prefix
	AppID      string // DISCORD_APP_ID
	PublicKey  string // DISCORD_PUBLIC_KEY (hex); enables HTTP interactions
	Gateway    bool   // connect to the gateway (needs BotToken)
	GuildID    string // register commands in this guild instead of globally
	APIURL     string // REST base; DefaultAPIURL when empty
	ShardID    int
	ShardCount int
	Router     platform.Router
	Logger     *slog.Logger
	Clock      bot.Clock // time.Now when nil; used to refuse stale signatures

	// StreamInterval is how often a streaming answer is edited (default 1s).
	StreamInterval time.Duration
	// AskAckBudget is how long an ask may run before the interaction is
	// deferred with a public "thinking…" (default 20ms): long enough for the
	// rate limit and a quick refusal to come back first and be answered
	// privately, short enough that acks stay fast.
	AskAckBudget time.Duration
	// AckBudget is how long a command other than ask may run before the
	// interaction is deferred (default 1s; Discord allows 3s in total).
	AckBudget time.Duration
	// AckSettle is how long to wait after answering an HTTP interaction
	// before editing it, so Discord has created the message (default 250ms;
	// negative: no wait).
	AckSettle time.Duration
	// MaxSkew refuses signed requests whose timestamp is further off than
	// this (default 5 minutes).
	MaxSkew time.Duration
	// Feedback stores a 👍/👎 on an answer, like Slack's (the store's
	// RecordFeedback); nil: the buttons say thanks and nothing is kept.
	Feedback func(ctx context.Context, f bot.Feedback) error
	// DefaultZone is the zone offered first when a member types a time
	// zone, unless the guild's language suggests another
	// (BACKEND_TIP_TIMEZONE).
	DefaultZone string
	// ChannelsGone is told the ids of channels the bot can never post in
	// again (GUILD_DELETE for a guild that removed it); the quiz drops
	// their schedules. Optional.
	ChannelsGone func(ctx context.Context, channelIDs []string)
	// ZombieAfter closes a gateway connection that received nothing for
	// this long (default 100s: Discord acknowledges heartbeats about every
	// 41s, so two missed acknowledgements), to resume on a fresh one.
	ZombieAfter time.Duration
	// OpenTimeout bounds one gateway handshake (default 45s); see
	// gatewaySession.
	OpenTimeout time.Duration
	// Runtime runs interactions and mentions: admission, deadline, panics,
	// drain. Shared with the other adapters; when nil the adapter makes its
	// own and drains it when Run returns. Commands wait for a slot after
	// their initial response, so acks stay within Discord's 3 s.
	Runtime *platform.Runtime
	// Replays remembers interaction ids so a replay is refused: the store
	// (shared by restarts and replicas); in memory when nil.
	Replays platform.Marker
	// Commands is the command table the slash command is generated from
	// and parsed with; bot.Grammar() when nil.
	Commands []bot.Command
	// Transport carries REST calls (default http.DefaultTransport); the
	// adapter wraps it to honour APIURL.
	Transport http.RoundTripper
}

// Adapter is the Discord platform: gateway, HTTP interactions, REST.
type Adapter struct {
	opts    Options
	log     *slog.Logger
	clock   bot.Clock
	session *discordgo.Session
	pubKey  ed25519.PublicKey

	rt     *platform.Runtime
	ownsRT bool // Run drains rt when it returns

	// gatewayUp is true from the gateway's READY until the gateway stops
	// for good; /readyz reads it through Ready. downSince (unix
	// nanoseconds, 0: connected) is when the connection dropped: a resume
	// within resumeGrace keeps the bot ready (see Ready).
	gatewayUp atomic.Bool
	downSince atomic.Int64

	// botRoles maps a guild id to the bot's managed role there (see
	// managedrole.go): mentioning that role mentions the bot.
	botRoles sync.Map

	// threadable caches, per channel id, whether a thread can be started
	// from a message there (see CanStartThread): a channel's type does not
	// change between kinds that matter here.
	threadable sync.Map
	// threadPerms remembers, per channel, whether the bot has the
	// permissions a thread needs (see notePermissions).
	threadPerms *platform.Bounded[string, bool]
}

// Ready reports whether Discord can reach the bot: the gateway session has
// received READY, or, without a gateway, the signed HTTP endpoint is set up.
// A dropped connection that is resuming stays ready for resumeGrace: a
// resume takes seconds, Discord keeps the session's events for it, and the
// HTTP routes this pod serves work meanwhile, so leaving the Service on
// every op 7 or network blip would only turn traffic away.
func (a *Adapter) Ready() bool {
	if a.opts.BotToken != "" && a.opts.Gateway {
		if !a.gatewayUp.Load() {
			return false
		}
		down := a.downSince.Load()
		return down == 0 || a.clock().Sub(time.Unix(0, down)) < resumeGrace
	}
	return a.pubKey != nil
}

// resumeGrace is how long a dropped gateway connection may take to resume
// before the bot reports itself not ready.
const resumeGrace = 30 * time.Second

// gatewayDropped notes that the connection dropped (a resume follows).
func (a *Adapter) gatewayDropped() {
	a.downSince.CompareAndSwap(0, a.clock().UnixNano())
}

// gatewayConnected notes READY or RESUMED.
func (a *Adapter) gatewayConnected() {
	a.downSince.Store(0)
	a.gatewayUp.Store(true)
}

var (
	_ bot.Platform      = (*Adapter)(nil)
	_ bot.ThreadStarter = (*Adapter)(nil)
)

// New builds an Adapter. It does no network I/O; Run connects.
func New(opts Options) (*Adapter, error) {
	if opts.Router == nil {
		return nil, errors.New("discord: Options.Router is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.StreamInterval <= 0 {
		opts.StreamInterval = time.Second
	}
	if opts.AckBudget <= 0 {
		opts.AckBudget = time.Second
	}
	if opts.AskAckBudget <= 0 {
		opts.AskAckBudget = 20 * time.Millisecond
	}
	if opts.AckSettle < 0 {
		opts.AckSettle = 0
	} else if opts.AckSettle == 0 {
		opts.AckSettle = 250 * time.Millisecond
	}
	if opts.MaxSkew <= 0 {
		opts.MaxSkew = 5 * time.Minute
	}
	if opts.ZombieAfter <= 0 {
		opts.ZombieAfter = 100 * time.Second
	}
	if opts.OpenTimeout <= 0 {
		opts.OpenTimeout = 45 * time.Second
	}
	if opts.ShardCount < 1 {
		opts.ShardCount = 1
	}
	if opts.Replays == nil {
		opts.Replays = platform.NewMemMarker(opts.Clock)
	}
	if opts.Commands == nil {
		opts.Commands = bot.Grammar()
	}
	a := &Adapter{opts: opts, log: opts.Logger.With("platform", "discord"), clock: opts.Clock, rt: opts.Runtime,
		threadPerms: platform.NewBounded[string, bool](maxPermChannels)}
	if a.rt == nil {
		a.rt, a.ownsRT = platform.New(platform.Options{Logger: opts.Logger, WorkTimeout: 14 * time.Minute}), true
	}
	if opts.PublicKey != "" {
		key, err := hex.DecodeString(opts.PublicKey)
		if err != nil || len(key) != ed25519.PublicKeySize {
			return nil, errors.New("discord: DISCORD_PUBLIC_KEY must be 64 hex characters (General Information in the developer portal)")
		}
		a.pubKey = key
	}
	s, err := newSession(opts)
	if err != nil {
		return nil, err
	}
	a.session = s
	return a, nil
}

// newSession makes a discordgo session whose REST calls go to opts.APIURL.
func newSession(opts Options) (*discordgo.Session, error) {
	token := strings.TrimSpace(opts.BotToken)
	if token != "" && !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	s, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	rt, err := newRewriteTransport(opts.APIURL, opts.Transport)
	if err != nil {
		return nil, fmt.Errorf("DISCORD_API_URL: %w", err)
	}
	s.Client = &http.Client{Transport: rt, Timeout: 20 * time.Second}
	s.ShardID, s.ShardCount = opts.ShardID, opts.ShardCount
	// Non-privileged intents only: Discord includes the content of messages
	// that mention the bot, of DMs and of a context-menu command's target
	// message, so MESSAGE_CONTENT is not needed (open quiz answers come in
	// through a modal). GUILDS brings GUILD_DELETE and the channel list it
	// needs.
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
	s.StateEnabled = true
	s.State.MaxMessageCount = 0
	s.State.TrackPresences = false
	s.State.TrackMembers = false
	s.State.TrackVoice = false
	s.State.TrackEmojis = false
	s.State.TrackStickers = false
	s.State.TrackRoles = false
	// Run owns reconnecting so it can stop on close codes that no retry fixes.
	s.ShouldReconnectOnError = false
	s.ShouldReconnectVoiceOnSessionError = false
	s.MaxRestRetries = 2
	return s, nil
}

// Name is the platform key.
func (a *Adapter) Name() string { return "discord" }

// self is the bot user's id: from READY (discordgo's state records it
// before any handler runs), else the application id, which is the same for
// every bot created since 2021.
func (a *Adapter) self() string {
	st := a.session.State
	st.RLock()
	defer st.RUnlock()
	if st.User != nil && st.User.ID != "" {
		return st.User.ID
	}
	return a.opts.AppID
}

// goWork runs f in the runtime as quick work: interactions must be
// acknowledged at once, so a command waits for a slot (acquire) only after
// its initial response.
func (a *Adapter) goWork(name string, f func(ctx context.Context)) {
	if err := a.rt.GoQuick("discord "+name, f); err != nil {
		a.log.Warn("discord work refused", "what", name, "err", err)
	}
}

// drain drains the adapter's own runtime; a shared one is drained by its owner.
func (a *Adapter) drain() {
	if !a.ownsRT {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	a.rt.Drain(ctx)
}
