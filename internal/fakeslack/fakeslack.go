// Package fakeslack is the one loopback Slack every test and the load tool
// talk to through slack-go: slacktest's server with the Web API methods the
// adapter uses, a response_url endpoint and a Socket Mode websocket. It
// records every call; tests inspect them.
//
// What it models of a real workspace, from Slack's documentation:
//
//   - Membership. conversations.history and conversations.replies answer
//     not_in_channel for a public channel the bot is not in
//     (chat:write.public does not change that); chat.postMessage works in a
//     public channel without joining (chat:write.public) but not in a
//     private one, which is channel_not_found to a non-member (history,
//     replies, chat.postEphemeral and chat.delete too).
//     conversations.join joins public channels; on a private channel it is
//     method_not_supported_for_channel_type when the bot is in it, and
//     channel_not_found when it is not (private channels are invisible to
//     non-members, conversations.info included).
//   - DMs. A slash command can run in any conversation, a DM between two
//     people included (its channel_id starts with D too). The bot is in
//     only its own DMs: conversations.open (Tier 3, im:write) with
//     users=<user> opens or returns the bot's DM with that user, always the
//     same id (here D+<user>); with channel=<id> it resumes one of the
//     bot's DMs and is channel_not_found for anyone else's. In a DM between
//     people chat.postMessage, chat.postEphemeral, conversations.history
//     and conversations.replies answer channel_not_found, and no
//     message.im event comes from it. A group DM (mpim) the bot is not in:
//     conversations.join is method_not_supported_for_channel_type (it is
//     not a channel), conversations.info needs mpim:read, which the bot
//     does not have (missing_scope), posting is channel_not_found.
//   - Where text lives. A bot message posted with blocks keeps its `text`
//     argument as the message's text: the short notification fallback. The
//     answer itself is only in `blocks`. A streamed message's text is built
//     by chat.startStream/appendStream/stopStream as markdown_text and comes
//     back as a markdown block.
//   - Block Kit limits (invalid_blocks): at most 50 blocks; a section's text
//     at most 3000 characters; markdown blocks at most 12 000 characters in
//     all per message; a context block at most 10 elements; an actions
//     block at most 25 elements; button labels at most 75 characters,
//     action ids 255, values 2000; no message without text or blocks
//     (no_text); markdown_text goes alone (markdown_text_conflict).
//     Message metadata comes back only with include_all_metadata.
//   - Paging. conversations.history and conversations.replies return at
//     most `limit` messages (history newest first, replies oldest first
//     with the parent), has_more and a next_cursor.
//   - Streaming. chat.startStream needs recipient_user_id and
//     recipient_team_id outside DMs (missing_recipient_user_id,
//     missing_recipient_team_id); appendStream needs markdown_text;
//     appendStream/stopStream on a stopped or unknown stream fail
//     (message_not_in_streaming_state); chat.update on a message still
//     streaming fails (streaming_state_conflict); once the asker stops the
//     stream (StopByUser), appendStream answers stopped_by_user.
//   - Assistant threads. assistant.threads.* need channel_id and thread_ts;
//     setStatus needs status and 1 to 10 loading_messages of 1 to 50
//     characters; at most four suggested prompts.
//   - Users. users.info (Tier 4, users:read) tells is_admin / is_owner, and
//     the locale with include_locale; an unknown user is user_not_found.
//   - Rate limits. A limited call is HTTP 429 with Retry-After (Limit,
//     UpdateLimited; StartLimited for chat.startStream, Tier 2: about 20 a
//     minute, where chat.appendStream is Tier 4 and chat.update Tier 3). An
//     unknown method is unknown_method.
package fakeslack

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slacktest"
)

// Identities and channels of the fake workspace. Channels not listed are
// public channels the bot is in, so tests that do not care about
// membership need no setup; ids starting with D are DMs: D+<user> is the
// bot's DM with that user (DMWith), any other D… a DM between people.
const (
	BotUser         = "UBOT"
	BotID           = "BBOT"
	Team            = "T1"
	PrivateChannel  = "GPRIVATE" // private, the bot is not in it
	PublicNotJoined = "CPUBLIC"  // public, the bot is not in it
	PrivateMember   = "GMEMBER"  // private, the bot was invited
	GroupDM         = "GMPDM"    // a group DM between people, the bot not in it
	LocaleUser      = "UENGLISH" // users.info says en-US (everyone else ja-JP)
	Admin           = "UADMIN"   // a workspace admin (users.info is_admin)
)

// Call is one request the fake received.
type Call struct {
	Method  string
	Form    url.Values
	Webhook slack.WebhookMessage // response_url posts
	Path    string               // the request path (response_url posts: /response/...)
	TS      string               // ts the fake assigned (chat.postMessage, chat.startStream)
	At      time.Time            // when the fake received it
	OK      bool                 // whether the fake answered ok
	Agent   string               // the User-Agent header
}

// Blocks decodes the call's blocks (form field or webhook).
func (c Call) Blocks(tb testing.TB) []slack.Block {
	tb.Helper()
	if c.Webhook.Blocks != nil {
		return c.Webhook.Blocks.BlockSet
	}
	var b slack.Blocks
	if raw := c.Form.Get("blocks"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &b); err != nil {
			tb.Fatalf("blocks of %s: %v", c.Method, err)
		}
	}
	return b.BlockSet
}

// Options change how the fake answers; they are fixed when it starts.
type Options struct {
	// OnCall sees every call as it is answered (the load tool's ledger).
	// It runs without the lock.
	OnCall func(Call)
	// Limit answers a call to method with 429 Retry-After: 1 when it
	// returns true.
	Limit func(method string) bool
	// Forget keeps no calls (long load runs count them through OnCall).
	Forget bool
}

// Server is the fake. Hold its lock (Lock, Unlock) to read or change the
// exported state fields while it runs.
type Server struct {
	srv *slacktest.Server
	Options

	sync.Mutex
	Replies       map[string][]slack.Message // thread ts → messages beside the posted ones
	History       []slack.Message            // top-level messages beside the posted ones
	UpdateLimited int                        // answer this many chat.update calls with 429
	StartLimited  int                        // answer this many chat.startStream calls with 429 (Retry-After: 60)
	StopByUser    bool                       // the asker presses stop: appendStream answers stopped_by_user
	UpdateError   string                     // when set, chat.update fails with this Slack error
	Rejected      []string                   // errors the fake answered for invalid payloads
	seq           int
	calls         []Call
	chans         map[string]*Channel

	// Socket Mode: queue envelopes (JSON) for the bot, read its acks
	// (envelope ids). DropConnection queued closes the websocket;
	// RefreshConnection asks the client to reconnect first, as Slack does.
	Envelopes chan string
	Acks      chan string
}

// DropConnection is an envelope that makes the fake close the websocket.
const DropConnection = "DROP"

// RefreshConnection is an envelope that makes the fake do what Slack does
// every few hours: send {"type":"disconnect","reason":"refresh_requested"}
// and close the websocket; the client is expected to open a new one
// (apps.connections.open) meanwhile.
const RefreshConnection = "REFRESH"

// New starts a Server for a test; it stops when the test ends.
func New(tb testing.TB) *Server {
	tb.Helper()
	s := Start()
	tb.Cleanup(s.Close)
	return s
}

// Start starts a Server; Close stops it.
func Start() *Server { return StartWith(Options{}) }

// StartWith starts a Server answering as o says; Close stops it.
func StartWith(o Options) *Server {
	s := &Server{Options: o, Replies: map[string][]slack.Message{}, Envelopes: make(chan string, 16), Acks: make(chan string, 64)}
	s.srv = slacktest.NewTestServer(s.handlers)
	s.srv.Start()
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Stop() }

// URL is the Web API base to give slack-go (SLACK_API_URL), ending in /.
func (s *Server) URL() string { return s.srv.GetAPIURL() }

// ResponseURL is a response_url the fake records (path /response/<name>).
func (s *Server) ResponseURL(name string) string { return s.URL() + "response/" + name }

// handlers registers every method of the fake.
func (s *Server) handlers(c slacktest.Customize) {
	s.handle(c, "auth.test", func(Call) any {
		return map[string]any{"ok": true, "user_id": BotUser, "bot_id": BotID, "team_id": Team, "user": "backend-tip", "team": "fake"}
	})
	s.handle(c, "chat.postMessage", s.inChannel(s.postMessage))
	s.handle(c, "chat.update", s.inChannel(s.update))
	for _, m := range []string{"chat.delete", "chat.postEphemeral", "reactions.add", "reactions.remove"} {
		s.handle(c, m, s.inChannel(func(cl Call, ch *Channel) any {
			if ch.Private && !ch.Member {
				return slackError("channel_not_found") // invisible to a non-member
			}
			return map[string]any{"ok": true, "ts": cl.Form.Get("ts"), "message_ts": "9.9"}
		}))
	}
	s.handle(c, "conversations.history", s.inChannel(s.conversationsHistory))
	s.handle(c, "conversations.replies", s.inChannel(s.conversationsReplies))
	s.handle(c, "conversations.join", s.inChannel(s.conversationsJoin))
	s.handle(c, "conversations.info", s.inChannel(s.conversationsInfo))
	s.handle(c, "conversations.open", conversationsOpen)
	s.handle(c, "users.info", usersInfo)
	for _, m := range []string{"chat.startStream", "chat.appendStream", "chat.stopStream"} {
		s.handle(c, m, s.inChannel(s.streamMethod))
	}
	for _, m := range []string{"assistant.threads.setStatus", "assistant.threads.setSuggestedPrompts", "assistant.threads.setTitle"} {
		s.handle(c, m, assistantMethod)
	}
	c.Handle("/views.publish", s.viewsPublish)
	c.Handle("/response/", s.response)
	s.handle(c, "apps.connections.open", func(cl Call) any {
		return map[string]any{"ok": true, "url": "ws://" + s.srv.ServerAddr + "/socket"}
	})
	c.Handle("/socket", s.socket)
	c.Handle("/", func(w http.ResponseWriter, r *http.Request) {
		s.finish(w, Call{Method: strings.TrimPrefix(r.URL.Path, "/"), Path: r.URL.Path, At: time.Now(), Agent: r.UserAgent()},
			map[string]any{"ok": false, "error": "unknown_method"})
	})
}

// handle serves a form-encoded Web API method: the call is recorded (with
// a ts for the methods that create a message), limited when Limit says so,
// and answered with what answer returns.
func (s *Server) handle(c slacktest.Customize, method string, answer func(Call) any) {
	c.Handle("/"+method, func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return // the client went away mid-request: Slack acts on no half a form
		}
		form, _ := url.ParseQuery(string(body))
		cl := Call{Method: method, Form: form, Path: r.URL.Path, At: time.Now(), Agent: r.UserAgent()}
		if after := s.limited(method); after != "" {
			cl.Method += "(429)"
			w.Header().Set("Retry-After", after)
			s.finish(w, cl, nil)
			return
		}
		if method == "chat.postMessage" || method == "chat.startStream" {
			s.Lock()
			s.seq++
			cl.TS = fmt.Sprintf("1700000000.%06d", s.seq)
			s.Unlock()
		}
		s.finish(w, cl, answer(cl))
	})
}

// limited returns the Retry-After of a call to method answered 429, or "".
func (s *Server) limited(method string) string {
	if s.Limit != nil && s.Limit(method) {
		return "1"
	}
	s.Lock()
	defer s.Unlock()
	switch {
	case method == "chat.update" && s.UpdateLimited > 0:
		s.UpdateLimited--
		return "1"
	case method == "chat.startStream" && s.StartLimited > 0:
		s.StartLimited--
		return "60"
	}
	return ""
}

// finish records the call, shows it to OnCall, and writes the answer; a
// nil answer is a 429. The call is recorded before the client sees the
// answer, so a test that waited for the bot sees every call it made.
func (s *Server) finish(w http.ResponseWriter, cl Call, answer any) {
	m, _ := answer.(map[string]any)
	cl.OK = m["ok"] == true
	s.record(cl)
	if answer == nil {
		if w.Header().Get("Retry-After") == "" {
			w.Header().Set("Retry-After", "1")
		}
		w.WriteHeader(http.StatusTooManyRequests)
		writeJSON(w, slackError("ratelimited"))
		return
	}
	writeJSON(w, answer)
}

func writeJSON(w http.ResponseWriter, v any) {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	_ = json.NewEncoder(w).Encode(v)
}

func slackError(code string) map[string]any { return map[string]any{"ok": false, "error": code} }

// response is the response_url endpoint: a JSON message, answered "ok".
func (s *Server) response(w http.ResponseWriter, r *http.Request) {
	var m slack.WebhookMessage
	_ = json.NewDecoder(r.Body).Decode(&m)
	s.record(Call{Method: "response_url", Webhook: m, Path: r.URL.Path, At: time.Now(), OK: true, Agent: r.UserAgent()})
	_, _ = w.Write([]byte("ok"))
}

// record keeps the call (unless Forget) and shows it to OnCall.
func (s *Server) record(cl Call) {
	s.Lock()
	if !s.Forget {
		s.calls = append(s.calls, cl)
	}
	s.Unlock()
	if s.OnCall != nil {
		s.OnCall(cl)
	}
}

// CallsOf returns the calls of the given methods ("chat.update(429)" for
// limited ones), in arrival order.
func (s *Server) CallsOf(methods ...string) []Call {
	return slices.DeleteFunc(s.Calls(), func(c Call) bool { return !slices.Contains(methods, c.Method) })
}

// Calls returns every call so far.
func (s *Server) Calls() []Call {
	s.Lock()
	defer s.Unlock()
	return append([]Call(nil), s.calls...)
}
