package discord

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/backend-tip/backend-tip/bot/retry"
)

// ErrBadToken means Discord rejected DISCORD_BOT_TOKEN.
var ErrBadToken = errors.New("discord rejected DISCORD_BOT_TOKEN: copy a fresh token from the developer portal (Bot > Reset Token)")

// CloseError is a gateway close that no reconnect can fix; Fix says what to
// change.
type CloseError struct {
	Code int
	Fix  string
}

func (e *CloseError) Error() string {
	return fmt.Sprintf("discord gateway closed the connection with code %d: %s", e.Code, e.Fix)
}

// Is lets errors.Is(err, ErrBadToken) match a 4004 close.
func (e *CloseError) Is(target error) bool { return target == ErrBadToken && e.Code == 4004 }

// closeFix says what to change after a close code Discord says not to
// reconnect on; ok is false for codes a reconnect can fix.
func closeFix(code int) (fix string, ok bool) {
	switch code {
	case 4004:
		return "authentication failed: DISCORD_BOT_TOKEN is wrong or was reset; copy a fresh token from the developer portal (Bot > Reset Token)", true
	case 4010:
		return "invalid shard: check DISCORD_SHARD_ID and DISCORD_SHARD_COUNT", true
	case 4011:
		return "sharding required: the bot is in too many servers for one connection; set DISCORD_SHARD_COUNT and run one process per DISCORD_SHARD_ID", true
	case 4012:
		return "invalid API version: upgrade backend-tip", true
	case 4013:
		return "invalid intents: this is a bug in backend-tip's gateway intents", true
	case 4014:
		return "disallowed intents: the bot asked for a privileged intent that is not enabled; enable it in the developer portal under Bot > Privileged Gateway Intents (backend-tip itself needs none: Message Content is not required)", true
	}
	return "", false
}

// fatalClose returns a CloseError when err is a close no retry can fix.
func fatalClose(err error) error {
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		return nil
	}
	if fix, ok := closeFix(ce.Code); ok {
		return &CloseError{Code: ce.Code, Fix: fix}
	}
	return nil
}

// Run registers the slash command, then serves the gateway (when enabled)
// until ctx ends. Without the gateway it only waits: HTTP interactions come
// through InteractionsHandler. On return it drains answers in flight.
func (a *Adapter) Run(ctx context.Context) error {
	defer a.drain()
	if a.opts.BotToken != "" {
		if err := a.register(ctx); err != nil {
			return err
		}
	} else {
		a.log.Warn("DISCORD_BOT_TOKEN is not set: slash commands are not registered and mentions are not answered")
	}
	if a.opts.BotToken == "" || !a.opts.Gateway {
		<-ctx.Done()
		return ctx.Err()
	}
	return a.runGateway(ctx)
}

// register (re)writes the slash command. A rejected token stops the
// adapter; other failures (Discord unreachable) only log, so the bot still
// serves what it can.
func (a *Adapter) register(ctx context.Context) error {
	wrote, err := a.registerCommands(ctx)
	switch {
	case errors.Is(err, ErrBadToken):
		return err
	case err != nil:
		a.log.Error("discord command registration failed", "err", err)
	case wrote:
		a.log.Info("discord commands registered", "guild", a.opts.GuildID)
	default:
		a.log.Info("discord commands unchanged", "guild", a.opts.GuildID)
	}
	return nil
}

// gatewayPolicy reconnects for as long as the adapter runs, backing off
// from 1 s to a minute.
func (a *Adapter) gatewayPolicy() retry.Policy {
	return retry.Policy{Tries: math.MaxUint32, Initial: time.Second, MaxWait: time.Minute, MaxElapsed: math.MaxInt64,
		Notify: func(err error, wait time.Duration) {
			a.log.Warn("discord gateway connect failed; retrying", "err", err, "in", wait)
		}}
}

// connWatch follows the gateway connections of one session: when bytes
// last arrived (unix nanoseconds), which the zombie watchdog reads, and
// when discordgo stopped reading the latest connection.
type connWatch struct {
	lastRead atomic.Int64
	ended    atomic.Pointer[chan struct{}]
}

// readEnded is closed when discordgo's reader of the latest connection has
// seen it end; nil before the first connection.
func (w *connWatch) readEnded() <-chan struct{} {
	if c := w.ended.Load(); c != nil {
		return *c
	}
	return nil
}

// contextDialer dials the gateway so that cancelling ctx also closes a
// connection that is still handshaking (discordgo's Open takes no context),
// and notes what w follows.
func contextDialer(ctx context.Context, w *connWatch) *websocket.Dialer {
	return &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: 30 * time.Second,
		NetDialContext: func(dctx context.Context, network, addr string) (net.Conn, error) {
			var d net.Dialer
			c, err := d.DialContext(dctx, network, addr)
			if err != nil {
				return nil, err
			}
			stop := context.AfterFunc(ctx, func() { c.Close() })
			ended := make(chan struct{})
			w.lastRead.Store(time.Now().UnixNano())
			w.ended.Store(&ended)
			return &stoppingConn{Conn: c, stop: stop, watch: w, ended: ended}, nil
		},
	}
}

type stoppingConn struct {
	net.Conn
	stop  func() bool
	watch *connWatch
	ended chan struct{}
	once  sync.Once
}

// Read notes every byte received, and closes ended when the reader sees
// the connection end: discordgo's reader goroutine gets there only after
// it has finished handling the last event (an invalid session writes the
// session's fields after closing the connection), so a reconnect that
// waits for it does not race with it.
func (c *stoppingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.watch.lastRead.Store(time.Now().UnixNano())
	}
	if err != nil {
		c.once.Do(func() { close(c.ended) })
	}
	return n, err
}

func (c *stoppingConn) Close() error {
	c.stop()
	return c.Conn.Close()
}

// onResumed marks the gateway up again after a RESUME: Discord answers a
// resumed session with RESUMED (and the missed events), never with READY.
func (a *Adapter) onResumed(_ *discordgo.Session, _ *discordgo.Resumed) {
	a.gatewayConnected()
	a.log.Info("discord session resumed")
}

func (a *Adapter) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	a.gatewayConnected()
	if r != nil && r.User != nil {
		a.log.Info("discord ready", "user", r.User.Username, "guilds", len(r.Guilds))
	}
}
