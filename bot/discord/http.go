package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
)

// maxInteractionBody bounds what the endpoint reads; interactions are small.
const maxInteractionBody = 1 << 20

// InteractionsHandler serves POST /discord/interactions: it verifies the
// Ed25519 signature over timestamp+body, refuses stale timestamps and
// replays, answers PING with PONG and everything else like the gateway does.
func (a *Adapter) InteractionsHandler() http.Handler {
	return http.HandlerFunc(a.serveInteraction)
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request) {
	if a.rt.Protect("discord interaction endpoint", func() { a.interactionEndpoint(w, r) }) {
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}

func (a *Adapter) interactionEndpoint(w http.ResponseWriter, r *http.Request) {
	if a.pubKey == nil {
		http.Error(w, "interactions endpoint not configured (DISCORD_PUBLIC_KEY)", http.StatusServiceUnavailable)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxInteractionBody))
	if err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	if err := a.verify(r.Header, body); err != nil {
		a.log.Warn("discord interaction refused", "err", err, "remote", r.RemoteAddr)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil || i.Type == 0 || i.ID == "" {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	if i.Type == discordgo.InteractionPing {
		writeJSON(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		return
	}
	if i.Token == "" || i.AppID == "" {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	if !a.firstSeen(r.Context(), i.ID) {
		http.Error(w, "interaction already handled", http.StatusConflict)
		return
	}
	a.respondOverHTTP(w, r, &i)
}

// respondOverHTTP runs the interaction in the background and writes its
// initial response as this request's body.
func (a *Adapter) respondOverHTTP(w http.ResponseWriter, r *http.Request, i *discordgo.Interaction) {
	resps := make(chan *discordgo.InteractionResponse, 1)
	written := make(chan error, 1)
	a.goWork("interaction", func(ctx context.Context) {
		a.dispatch(ctx, i, func(ctx context.Context, resp *discordgo.InteractionResponse) error {
			resps <- resp
			if err := <-written; err != nil {
				return err
			}
			// Give Discord a moment to create the message before editing it.
			return bot.Sleep(ctx, a.opts.AckSettle)
		})
	})
	// Discord waits 3 seconds; dispatch answers within AckBudget, so this
	// timer only fires if something is badly stuck.
	t := time.NewTimer(3 * time.Second)
	defer t.Stop()
	select {
	case resp := <-resps:
		written <- writeJSON(w, resp)
	case <-r.Context().Done():
		written <- r.Context().Err()
	case <-t.C:
		written <- errNotAnswered
		a.log.Error("discord interaction not acknowledged in time", "interaction", i.ID)
		http.Error(w, "timeout", http.StatusServiceUnavailable)
	}
}

// verify checks Discord's Ed25519 signature and the timestamp's freshness.
func (a *Adapter) verify(h http.Header, body []byte) error {
	sig, err := hex.DecodeString(h.Get("X-Signature-Ed25519"))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return errors.New("missing or malformed X-Signature-Ed25519")
	}
	ts := h.Get("X-Signature-Timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("missing or malformed X-Signature-Timestamp")
	}
	msg := make([]byte, 0, len(ts)+len(body))
	msg = append(append(msg, ts...), body...)
	if !ed25519.Verify(a.pubKey, msg, sig) {
		return errors.New("signature does not match DISCORD_PUBLIC_KEY")
	}
	if skew := a.clock().Sub(time.Unix(sec, 0)); skew > a.opts.MaxSkew || skew < -a.opts.MaxSkew {
		return fmt.Errorf("stale timestamp (%s off)", skew.Round(time.Second))
	}
	return nil
}

// firstSeen records an interaction id in the store and reports whether it
// is new, so a replayed (still fresh) interaction is answered once, across
// restarts and replicas, whether it came over HTTP or the gateway.
func (a *Adapter) firstSeen(ctx context.Context, id string) bool {
	return platform.FirstSeen(ctx, a.opts.Replays, "discord:interaction:"+id, a.log)
}

func writeJSON(w http.ResponseWriter, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return fmt.Errorf("encode interaction response: %w", err)
	}
	w.Header().Set("Content-Type", "application/json")
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("write interaction response: %w", err)
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	return nil
}
