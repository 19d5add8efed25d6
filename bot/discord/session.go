package discord

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/backend-tip/backend-tip/bot/retry"
)

// errStuck means a gateway handshake never returned. discordgo's Open holds
// the session lock while it reads the first packet; when Discord answers a
// RESUME with op 9 (Invalid Session) or op 7 (Reconnect) there, the opcode
// handler takes the same lock and Open never returns (discordgo PR #1694,
// open upstream). The session is abandoned and a fresh one identifies,
// which is what op 9 asks for anyway.
var errStuck = errors.New("discord gateway handshake did not return")

// errNewSession means Discord closed the connection with a code that asks
// for a new session: 4007 (the RESUME's seq was invalid) or 4009 (the
// session timed out). discordgo keeps the old session_id and seq, so every
// reconnect of that session would RESUME again and be closed again; the
// session is abandoned and a fresh one identifies.
var errNewSession = errors.New("discord gateway session ended")

// newSessionClose reports whether err is a close asking for a new session.
func newSessionClose(err error) (code int, ok bool) {
	var ce *websocket.CloseError
	if errors.As(err, &ce) && (ce.Code == 4007 || ce.Code == 4009) {
		return ce.Code, true
	}
	return 0, false
}

// runGateway keeps one gateway session connected, reconnecting with backoff
// (a resumable session resumes at Discord's resume_gateway_url), replaces a
// session whose handshake got stuck, and stops with a clear error on close
// codes that need a human.
func (a *Adapter) runGateway(ctx context.Context) error {
	defer a.gatewayUp.Store(false)
	for {
		err := a.serveSession(ctx)
		switch {
		case errors.Is(err, errStuck):
			a.log.Warn("discord gateway handshake stuck; starting a new session", "after", a.opts.OpenTimeout)
		case errors.Is(err, errNewSession):
			a.log.Warn("discord gateway asked for a new session; identifying afresh", "err", err)
			// Discord asks for a wait of 1-5 s before identifying again
			// after an invalidated session; a second also keeps a close
			// on every IDENTIFY from becoming a tight loop.
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(newSessionWait):
			}
		default:
			return err
		}
	}
}

// gatewaySession is a websocket session sharing the REST session's token,
// HTTP client and state (so READY's bot user is seen by self), with the
// adapter's event handlers.
func (a *Adapter) gatewaySession() (*discordgo.Session, error) {
	s, err := newSession(a.opts)
	if err != nil {
		return nil, err
	}
	s.Client = a.session.Client
	s.State = a.session.State
	// Handlers run in the order Discord sent the events: each only reads
	// its event and hands any work to the runtime, so none blocks the
	// websocket, and what they do before handing off (noting the bot's
	// role, skipping other bots) never overtakes an earlier event. The
	// work itself runs concurrently.
	s.SyncEvents = true
	s.AddHandler(a.onReady)
	s.AddHandler(a.onResumed)
	s.AddHandler(a.onMessageCreate)
	s.AddHandler(a.onInteractionCreate)
	s.AddHandler(a.onGuildDelete)
	s.AddHandler(a.onRawEvent)
	return s, nil
}

// newSessionWait is how long a new session waits before it identifies.
const newSessionWait = time.Second

// reopenGrace is the longest a reconnect waits for discordgo's reader to
// let go of a closed connection.
const reopenGrace = time.Second

// serveSession runs one gateway session until ctx ends, a fatal close, a
// stuck handshake (errStuck) or a close asking for a new session
// (errNewSession).
func (a *Adapter) serveSession(ctx context.Context) error {
	s, err := a.gatewaySession()
	if err != nil {
		return err
	}
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var watch connWatch
	s.Dialer = contextDialer(sctx, &watch)
	disconnects := make(chan struct{}, 1)
	remove := s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		a.gatewayDropped() // still ready while it resumes (see Ready)
		select {
		case disconnects <- struct{}{}:
		default:
		}
	})
	defer remove()

	for {
		err := retry.Do(sctx, a.gatewayPolicy(), func(context.Context) error {
			err := a.open(sctx, s)
			switch {
			case err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen):
				return nil
			case errors.Is(err, errStuck):
				return retry.Permanent(err) // a new session, not a retry of this one
			}
			if code, ok := newSessionClose(err); ok {
				return retry.Permanent(fmt.Errorf("%w: closed with %d", errNewSession, code))
			}
			if fatal := fatalClose(err); fatal != nil {
				return retry.Permanent(fatal)
			}
			return err
		})
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(err, errStuck) {
			return err // cancel closes the stuck connection; s is left behind
		}
		if errors.Is(err, errNewSession) {
			return err // Open closed the connection; s and its session id are left behind
		}
		if err != nil {
			s.Close()
			return err
		}
		a.log.Info("discord gateway connected", "shard", s.ShardID, "shards", s.ShardCount)
		wctx, stopWatch := context.WithCancel(sctx)
		go a.watchZombie(wctx, s, &watch.lastRead)
		select {
		case <-ctx.Done():
			stopWatch()
			// 1000 ends the session on Discord's side: we are leaving.
			s.Close()
			return ctx.Err()
		case <-disconnects:
			stopWatch()
			a.log.Warn("discord gateway disconnected; reconnecting")
			// The disconnect is announced from inside discordgo's reader,
			// which may still be handling the event that caused it: an
			// invalid session (op 9) resets the session's fields after
			// closing the connection, then reads the closed connection and
			// stops. Reopen once it has, or after a second when it reads no
			// more (a close frame from Discord ends its reading without a
			// read error); discordgo's own reconnect waits a second too.
			select {
			case <-watch.readEnded():
			case <-time.After(reopenGrace):
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
}

// open runs s.Open, giving up after OpenTimeout (see errStuck).
func (a *Adapter) open(ctx context.Context, s *discordgo.Session) error {
	done := make(chan error, 1)
	go func() { done <- s.Open() }()
	t := time.NewTimer(a.opts.OpenTimeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return errStuck
	case <-ctx.Done():
		// The dialer closes the connection on ctx; Open returns soon.
		select {
		case err := <-done:
			return err
		case <-time.After(time.Second):
			return ctx.Err()
		}
	}
}

// watchZombie closes a connection that has received nothing for
// ZombieAfter. Discord acknowledges every heartbeat, so silence that long
// means the connection is dead without knowing it (a "zombie"); Discord
// says to close it with a code other than 1000/1001, which keeps the
// session, and resume. The close makes serveSession reconnect and resume.
func (a *Adapter) watchZombie(ctx context.Context, s *discordgo.Session, lastRead *atomic.Int64) {
	t := time.NewTicker(max(a.opts.ZombieAfter/4, 10*time.Millisecond))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if silent := time.Since(time.Unix(0, lastRead.Load())); silent > a.opts.ZombieAfter {
			a.log.Warn("discord gateway silent; closing the zombie connection to resume", "silent", silent.Round(time.Second).String())
			_ = s.CloseWithCode(closeZombie)
			return
		}
	}
}

// closeZombie is the close code for a zombie connection: not 1000 or 1001,
// so Discord keeps the session for a resume.
const closeZombie = 4000
