// Package fakediscord is the one loopback Discord every test and the load
// tool talk to through discordgo: REST under /api/v10/ and a gateway
// websocket under /ws/ (and /resume). It records every REST call; tests
// inspect them.
//
// What it models of the real service, from Discord's documentation:
//
//   - Interaction responses (POST /interactions/{id}/{token}/callback) are
//     204; follow-ups and edits of the original response go to
//     /webhooks/{app}/{token}; a webhook DELETE is 204. A follow-up right
//     after a deferred response (before the original is edited) fails the
//     test: Discord would turn it into an edit of the loading message and
//     ignore its ephemeral flag; one after the loading message was deleted
//     is 404 Unknown Message.
//   - Unknown channels and messages are 404 with code 10003 and 10008;
//     posting in a channel the bot lost View Channel in is 403 Missing
//     Access (code 50001) (Forbidden).
//   - A message created with a nonce and enforce_nonce is created once: the
//     same nonce returns the message already created.
//   - A thread started from a message has the message's id and is a
//     channel (readable, with a history); a second one is 400 code 160004;
//     one started inside a thread or a DM is 400 code 50024 (only text and
//     announcement channels have threads started from messages); a channel
//     a test did not describe reads as a guild text channel;
//     a thread name is 1-100 characters; posting in a thread not started
//     yet is 404 Unknown Channel.
//   - Starting a thread needs Create Public Threads and Send Messages in
//     Threads: in a channel without them (NoThreads) a thread start is 403
//     Missing Permissions (code 50013). An interaction carries the bot's
//     permissions in its channel as app_permissions (a decimal string
//     bitfield): Dispatch fills it in for INTERACTION_CREATE when absent,
//     and AppPermissions gives it for interactions a test signs itself;
//     without those two bits in NoThreads channels, without Read Message
//     History in NoHistory channels.
//   - A reply (message_reference) needs Read Message History: in a channel
//     without it (NoHistory) it is 403 Missing Permissions (code 50013),
//     and the channel's history reads empty.
//   - POST /users/@me/channels opens (or returns) the DM channel with
//     recipient_id; a message to a user who refuses DMs is 403 code 50007
//     (NoDMs).
//   - A bulk overwrite of commands that breaks Discord's rules is 400
//     Invalid Form Body (code 50035); so is a guild command with
//     integration_types or contexts (global commands only). Discord adds id,
//     application_id and version to each command it stores (CommandRules),
//     and returns the defaults of fields left out: integration_types [0],
//     contexts and default_member_permissions null, nsfw false.
//   - Gateway: HELLO with heartbeat_interval, heartbeat ACKs (op 11),
//     IDENTIFY answered by READY with a session_id and resume_gateway_url,
//     RESUME answered by RESUMED (never READY) or, for an unknown or
//     invalidated session, op 9 Invalid Session; a RESUME with a seq never
//     sent is closed with 4007 Invalid seq; op 7 Reconnect and close codes
//     on demand (Opcode, Drop, CloseCode, ResumeClose).
package fakediscord

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/backend-tip/backend-tip/internal/testkit"
	"github.com/gorilla/websocket"
)

// Identities the fake answers with.
const (
	App   = "111" // the application id Discord adds to registered commands
	Bot   = "999" // the bot user's id in READY
	Guild = "G1"  // the guild threads are started in
	// NoDMs is a user who shares no guild with the bot or blocks DMs from
	// server members: their DM channel opens, sending there is 403 code
	// 50007 "Cannot send messages to this user".
	NoDMs = "UNODM"
)

// Call is one REST request the fake received.
type Call struct {
	Method string
	Path   string // without the /api/v10 prefix
	Query  string
	Body   map[string]any // nil when the body is not a JSON object
	Raw    []byte
	Agent  string // the User-Agent header
}

// Options change how the fake answers; they are fixed when it starts.
type Options struct {
	// OnCall sees every REST call after it is answered, with the status
	// the fake gave (the load tool's ledger). It runs without the lock.
	OnCall func(c Call, status int)
	// Forget keeps no calls (long load runs count them through OnCall).
	Forget bool
}

// Server is the fake. Hold its lock (Lock, Unlock) to read or change the
// exported state fields while it runs.
type Server struct {
	URL string // base URL, http://127.0.0.1:port
	srv *httptest.Server
	mux *http.ServeMux
	tb  testing.TB // nil outside tests: problems are then only answered

	Options

	sync.Mutex
	Commands  []any            // what GET .../commands returns
	Messages  map[string]any   // GET /channels/C/messages/ID
	History   map[string][]any // GET /channels/C/messages (newest first)
	Channels  map[string]any   // GET /channels/C
	Forbidden map[string]bool  // channels where everything is 403 Missing Access
	// Refuse: channels where every call gets this error instead, e.g. 404
	// Unknown Channel (10003) for a deleted channel, 403 Missing
	// Permissions (50013), or a 500 that a retry may fix; keyed by an
	// interaction token, the follow-ups of that interaction (401 Invalid
	// Webhook Token, 50027, once its 15 minutes are over).
	Refuse map[string]Refusal
	// NoHistory: channels where the bot lacks Read Message History: a
	// reply (message_reference) there is 403 Missing Permissions (50013),
	// and the channel's history reads empty.
	NoHistory map[string]bool
	// NoThreads: channels where the bot lacks Create Public Threads and
	// Send Messages in Threads: a thread start there is 403 Missing
	// Permissions (50013), and interactions there carry app_permissions
	// without those bits.
	NoThreads   map[string]bool
	DMs         map[string]string // recipient id → DM channel id
	Threads     map[string]bool   // message ids with a thread started from them
	CloseCode   int               // gateway: close with this code after IDENTIFY/RESUME
	ResumeClose int               // gateway: close each RESUME with this code (4007 Invalid seq, 4009 Session timed out)
	NoAcks      bool              // stop acknowledging heartbeats (a zombie connection)
	HeartbeatMS int               // HELLO's heartbeat_interval; 0: Discord's usual 45000
	Identifies  []map[string]any  // IDENTIFY payloads received
	Resumes     []Resume          // RESUMEs received
	Sessions    int               // sessions started by IDENTIFY; the current one is "sess<N>"
	Invalid     bool              // the current session may not be resumed
	calls       []Call
	nonces      map[string]string // nonce → message id
	itypes      map[string]int    // interaction id → type, from INTERACTION_CREATE
	acked       map[string]bool   // interactions already answered (40060 on a second callback)
	// original is the state of each interaction token's deferred
	// response: "loading" after a type 5 callback until it is edited,
	// "deleted" when it was deleted while loading.
	original map[string]string
	nextID   int

	conn   *websocket.Conn
	connMu sync.Mutex // serialises websocket writes
	seq    int
	// Ready receives a value each time a gateway session is ready (READY
	// or RESUMED sent), when someone is waiting.
	Ready chan struct{}
}

// New starts a Server for a test: a request the real Discord would refuse
// or the fake does not know fails the test; the server closes when the
// test ends.
func New(tb testing.TB) *Server {
	tb.Helper()
	s := start(tb, Options{})
	tb.Cleanup(s.Close)
	return s
}

// Start starts a Server outside a test; Close stops it.
func Start() *Server { return start(nil, Options{}) }

// StartWith starts a Server outside a test, answering as o says.
func StartWith(o Options) *Server { return start(nil, o) }

func start(tb testing.TB, o Options) *Server {
	s := &Server{tb: tb, Options: o, Messages: map[string]any{}, History: map[string][]any{}, Channels: map[string]any{},
		Forbidden: map[string]bool{}, NoHistory: map[string]bool{}, NoThreads: map[string]bool{}, DMs: map[string]string{}, Threads: map[string]bool{},
		Refuse: map[string]Refusal{}, itypes: map[string]int{}, acked: map[string]bool{}, original: map[string]string{},
		nonces: map[string]string{}, Ready: make(chan struct{}, 8)}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("/api/v10/", s.serveREST)
	s.mux.HandleFunc("/ws/", s.serveGateway)    // discordgo adds a slash before ?v=
	s.mux.HandleFunc("/resume", s.serveGateway) // resume_gateway_url, as Discord gives it: no trailing slash
	s.srv = httptest.NewServer(s.mux)
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Handle serves pattern with h beside the fake's own routes (a test's
// stand-in for another endpoint on the same host).
func (s *Server) Handle(pattern string, h http.HandlerFunc) { s.mux.HandleFunc(pattern, h) }

// APIURL is the REST base to give discordgo (DISCORD_API_URL).
func (s *Server) APIURL() string { return s.URL + "/api/v10/" }

// errorf reports a problem to the test, if any.
func (s *Server) errorf(format string, args ...any) {
	if s.tb != nil {
		s.tb.Errorf(format, args...)
	}
}

func (s *Server) id() string {
	s.nextID++
	return "m" + strconv.Itoa(s.nextID)
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/api/v10")
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return // the client went away mid-request (its context ended): Discord acts on no half a body
	}
	var decoded any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &decoded); err != nil {
			s.errorf("%s %s: body is not JSON: %s", r.Method, path, raw)
		}
	}
	body, _ := decoded.(map[string]any)
	c := Call{Method: r.Method, Path: path, Query: r.URL.RawQuery, Body: body, Raw: raw, Agent: r.UserAgent()}
	s.Lock()
	if !s.Forget {
		s.calls = append(s.calls, c)
	}
	resp, status := s.route(r.Method, path, body, decoded)
	s.Unlock()
	if s.OnCall != nil {
		s.OnCall(c, status)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if resp != nil {
		_ = json.NewEncoder(w).Encode(resp)
	}
}

// apiError is Discord's error body.
func apiError(message string, code int) map[string]any {
	return map[string]any{"message": message, "code": code}
}

// route answers one REST call; the lock is held.
func (s *Server) route(method, path string, body map[string]any, decoded any) (any, int) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if resp, status, refused := s.checkPayload(method, path, parts, body); refused {
		return resp, status
	}
	switch {
	case method == "GET" && path == "/gateway":
		return map[string]any{"url": "ws" + strings.TrimPrefix(s.URL, "http") + "/ws"}, 200
	case strings.HasSuffix(path, "/commands"):
		return s.commands(method, strings.Contains(path, "/guilds/"), decoded)
	case parts[0] == "interactions":
		return nil, 204
	case parts[0] == "webhooks":
		return s.webhook(method, parts, body)
	case method == "POST" && path == "/users/@me/channels":
		return s.openDM(body)
	case parts[0] == "channels":
		if resp, status, ok := s.channelRoute(method, parts, body); ok {
			return resp, status
		}
	}
	s.errorf("fake discord: unexpected %s %s", method, path)
	return apiError("not found", 0), 404
}

// commands answers GET and PUT (bulk overwrite) of application commands,
// global or of one guild.
func (s *Server) commands(method string, guild bool, decoded any) (any, int) {
	if method == "GET" {
		if s.Commands == nil {
			return []any{}, 200
		}
		return s.Commands, 200
	}
	cmds, _ := decoded.([]any)
	var invalid []string
	for _, c := range cmds {
		m, _ := c.(map[string]any)
		invalid = append(invalid, CommandRules(m)...)
		invalid = append(invalid, CommandLimits(m)...)
		if guild && (m["integration_types"] != nil || m["contexts"] != nil) {
			invalid = append(invalid, fmt.Sprintf("guild command %v: integration_types and contexts are for global commands only", m["name"]))
		}
	}
	if len(invalid) > 0 {
		s.errorf("fake discord: invalid commands: %s", strings.Join(invalid, "; "))
		return map[string]any{"message": "Invalid Form Body", "code": 50035, "errors": invalid}, 400
	}
	for _, c := range cmds {
		if m, ok := c.(map[string]any); ok {
			m["id"], m["application_id"], m["version"] = "c1", App, "1" // Discord adds these
			storedDefaults(m, guild)
		}
	}
	s.Commands = cmds
	return cmds, 200
}

// storedDefaults fills in what Discord returns for fields a command was
// registered without (ApplicationCommandResponse in discord-api-spec):
// type 1; integration_types [0] (guild install: Discord's default for a
// command created without it, always so for a guild command,
// discord-api-docs#6744 and #7396); contexts null; default_member_permissions
// null; nsfw false; dm_permission true on a global command; description ""
// on a context menu command.
func storedDefaults(m map[string]any, guild bool) {
	if _, ok := m["type"]; !ok {
		m["type"] = float64(1)
	}
	if its, _ := m["integration_types"].([]any); len(its) == 0 {
		m["integration_types"] = []any{float64(0)}
	}
	for _, key := range []string{"contexts", "default_member_permissions"} {
		if _, ok := m[key]; !ok {
			m[key] = nil
		}
	}
	if _, ok := m["nsfw"]; !ok {
		m["nsfw"] = false
	}
	if _, ok := m["dm_permission"]; !ok && !guild {
		m["dm_permission"] = true
	}
	if _, ok := m["description"]; !ok {
		m["description"] = ""
	}
}

// openDM opens (or returns) the DM channel with recipient_id.
func (s *Server) openDM(body map[string]any) (any, int) {
	rcpt, _ := body["recipient_id"].(string)
	if rcpt == "" {
		return apiError("Invalid Form Body", 50035), 400
	}
	if _, ok := s.DMs[rcpt]; !ok {
		s.DMs[rcpt] = "DM-" + rcpt
	}
	return map[string]any{"id": s.DMs[rcpt], "type": 1, "recipients": []any{map[string]any{"id": rcpt}}}, 200
}

// channelRoute answers /channels/...; ok is false for a route it does not know.
func (s *Server) channelRoute(method string, parts []string, body map[string]any) (resp any, status int, ok bool) {
	switch {
	case len(parts) == 2 && method == "GET":
		resp, status := s.getChannel(parts[1])
		return resp, status, true
	case len(parts) == 3 && parts[2] == "typing":
		return nil, 204, true
	case len(parts) == 3 && method == "GET" && s.NoHistory[parts[1]]:
		return []any{}, 200, true // "no messages will be returned"
	case len(parts) == 3 && method == "GET":
		if h, ok := s.History[parts[1]]; ok {
			return h, 200, true
		}
		return apiError("Unknown Channel", 10003), 404, true
	case len(parts) == 4 && method == "GET":
		if m, ok := s.Messages[parts[3]]; ok {
			return m, 200, true
		}
		return apiError("Unknown Message", 10008), 404, true
	case len(parts) >= 3 && s.Refuse[parts[1]].Status != 0:
		r := s.Refuse[parts[1]]
		return apiError(r.Message, r.Code), r.Status, true
	case len(parts) >= 3 && s.Forbidden[parts[1]]:
		return apiError("Missing Access", 50001), 403, true
	case len(parts) == 3 && method == "POST" && s.NoHistory[parts[1]] && body["message_reference"] != nil:
		return apiError("Missing Permissions", 50013), 403, true
	case len(parts) == 3 && method == "POST" && parts[1] == "DM-"+NoDMs:
		return apiError("Cannot send messages to this user", 50007), 403, true
	case len(parts) == 3 && method == "POST" && strings.HasPrefix(parts[1], "m") && !s.Threads[parts[1]]:
		// A thread is a channel with its starter message's id; there is
		// none before it is started.
		return apiError("Unknown Channel", 10003), 404, true
	case len(parts) == 3 && method == "POST":
		resp, status := s.createMessage(parts[1], body)
		return resp, status, true
	case len(parts) == 5 && parts[4] == "threads" && method == "POST":
		resp, status := s.startThread(parts[1], parts[3], body)
		return resp, status, true
	case len(parts) == 4 && method == "PATCH":
		return map[string]any{"id": parts[3], "channel_id": parts[1], "content": body["content"]}, 200, true
	}
	return nil, 0, false
}

// createMessage posts a message; a nonce with enforce_nonce creates it once.
func (s *Server) createMessage(channel string, body map[string]any) (any, int) {
	if n, _ := body["nonce"].(string); n != "" && body["enforce_nonce"] == true {
		if id, ok := s.nonces[n]; ok {
			return map[string]any{"id": id, "channel_id": channel}, 200
		}
		id := s.id()
		s.nonces[n] = id
		return map[string]any{"id": id, "channel_id": channel}, 200
	}
	return map[string]any{"id": s.id(), "channel_id": channel, "content": body["content"]}, 200
}

// getChannel answers GET /channels/{id}: a channel a test set in Channels
// (threads started are added there), a DM channel opened (type 1), else a
// guild text channel (type 0), the kind the fake accepts posts in. A
// thread not started yet is 404 Unknown Channel, as posting there is; a
// channel the bot cannot see is 403 Missing Access.
func (s *Server) getChannel(id string) (any, int) {
	if ch, ok := s.Channels[id]; ok {
		return ch, 200
	}
	switch {
	case s.Refuse[id].Status != 0:
		r := s.Refuse[id]
		return apiError(r.Message, r.Code), r.Status
	case s.Forbidden[id]:
		return apiError("Missing Access", 50001), 403
	case strings.HasPrefix(id, "DM-"):
		return map[string]any{"id": id, "type": 1, "recipients": []any{map[string]any{"id": strings.TrimPrefix(id, "DM-")}}}, 200
	case strings.HasPrefix(id, "m"):
		return apiError("Unknown Channel", 10003), 404
	}
	return map[string]any{"id": id, "type": 0, "guild_id": Guild, "name": id}, 200
}

// channelType is the type GET /channels/{id} would give; -1 when unknown.
func (s *Server) channelType(id string) int {
	ch, status := s.getChannel(id)
	if status != 200 {
		return -1
	}
	return int(num(ch.(map[string]any)["type"]))
}

// startThread starts a thread from a message: the thread's id is the
// message's. Discord does so in text (0) and announcement (5) channels
// only: inside a thread (10, 11, 12), in a DM or a forum it is 400 code
// 50024; without the thread permissions (NoThreads) it is 403 code 50013.
func (s *Server) startThread(channel, message string, body map[string]any) (any, int) {
	name, _ := body["name"].(string)
	if n := runes(name); n < 1 || n > 100 {
		return apiError("Invalid Form Body", 50035), 400
	}
	if t := s.channelType(channel); t != 0 && t != 5 {
		return apiError("Cannot execute action on this channel type", 50024), 400
	}
	if s.NoThreads[channel] {
		return apiError("Missing Permissions", 50013), 403
	}
	if s.Threads[message] {
		return apiError("A thread has already been created for this message", 160004), 400
	}
	s.Threads[message] = true
	thread := map[string]any{"id": message, "type": 11, "parent_id": channel, "guild_id": Guild, "name": name}
	s.Channels[message] = thread // a thread is a channel: readable like one
	if _, ok := s.History[message]; !ok {
		s.History[message] = []any{}
	}
	return thread, 201
}

// CallsMatching returns the calls whose method and path prefix match.
func (s *Server) CallsMatching(method, pathPrefix string) []Call {
	return slices.DeleteFunc(s.Calls(), func(c Call) bool { return c.Method != method || !strings.HasPrefix(c.Path, pathPrefix) })
}

// Calls returns every call so far.
func (s *Server) Calls() []Call {
	s.Lock()
	defer s.Unlock()
	return append([]Call(nil), s.calls...)
}

// WaitFor waits until cond holds or fails the test after testkit's
// generous limit (a loaded machine under -race is slow, not stuck). It
// synchronises with background work, it does not time it.
func (s *Server) WaitFor(what string, cond func() bool) {
	s.tb.Helper()
	if !testkit.Eventually(cond) {
		s.tb.Fatalf("timed out waiting for %s; calls: %s", what, s.Describe())
	}
}

// Describe lists the calls so far, one per line.
func (s *Server) Describe() string {
	var b strings.Builder
	for _, c := range s.Calls() {
		fmt.Fprintf(&b, "\n  %s %s", c.Method, c.Path)
	}
	return b.String()
}

// Refusal is an error answer Discord gives for a channel.
type Refusal struct {
	Status, Code int
	Message      string
}

// refuseInvalid reports errs to the test and returns Discord's answer when
// there are any: 400 Invalid Form Body (50035), or 50006 for an empty
// message.
func (s *Server) refuseInvalid(method, path string, errs []string) (any, int, bool) {
	if len(errs) == 0 {
		return nil, 0, false
	}
	s.errorf("fake discord: %s %s refused: %s", method, path, strings.Join(errs, "; "))
	code, msg := 50035, "Invalid Form Body"
	if len(errs) == 1 && strings.HasPrefix(errs[0], "empty message") {
		code, msg = 50006, "Cannot send an empty message"
	}
	return map[string]any{"message": msg, "code": code, "errors": errs}, 400, true
}

// checkPayload applies the payload rules to one REST call; the lock is
// held. It returns Discord's refusal when the call breaks one.
func (s *Server) checkPayload(method, path string, parts []string, body map[string]any) (any, int, bool) {
	switch {
	case parts[0] == "interactions" && len(parts) == 4 && parts[3] == "callback" && method == "POST":
		if s.acked[parts[1]] {
			s.errorf("fake discord: interaction %s answered twice", parts[1])
			return apiError("Interaction has already been acknowledged.", 40060), 400, true
		}
		s.acked[parts[1]] = true
		if t, _ := body["type"].(float64); t == 5 {
			s.original[parts[2]] = "loading"
		}
		return s.refuseInvalid(method, path, CallbackRules(s.itypes[parts[1]], body))
	case parts[0] == "webhooks" && (method == "POST" || method == "PATCH"):
		return s.refuseInvalid(method, path, messageRules(body, method == "POST"))
	case parts[0] == "channels" && len(parts) == 3 && parts[2] == "messages" && method == "POST":
		return s.refuseInvalid(method, path, messageRules(body, true))
	case parts[0] == "channels" && len(parts) == 4 && parts[2] == "messages" && method == "PATCH":
		return s.refuseInvalid(method, path, messageRules(body, false))
	case parts[0] == "channels" && len(parts) == 5 && parts[4] == "threads" && method == "POST":
		return s.refuseInvalid(method, path, ThreadRules(body))
	}
	return nil, 0, false
}

// Deferred tells the fake that the interaction with token was answered
// with a deferred response (type 5) in the HTTP reply to its POST, which
// the fake does not see (interactions over the gateway call back through
// the fake, which notes it itself).
func (s *Server) Deferred(token string) {
	s.Lock()
	defer s.Unlock()
	s.original[token] = "loading"
}

// webhook answers follow-ups and the original response's edits and
// deletes (/webhooks/{app}/{token}[/messages/@original]). Discord's
// "Create Followup Message": right after a deferred response (type 5) a
// follow-up edits the loading message instead and ignores its ephemeral
// flag (deprecated; the bot must edit the original first); after the
// loading message was deleted, a follow-up is 404 Unknown Message
// (discord-api-docs#2739, #3087).
func (s *Server) webhook(method string, parts []string, body map[string]any) (any, int) {
	token := ""
	if len(parts) > 2 {
		token = parts[2]
	}
	original := len(parts) == 5 && parts[4] == "@original"
	switch {
	case method == "DELETE":
		if original && s.original[token] == "loading" {
			s.original[token] = "deleted"
		}
		return nil, 204
	case method == "PATCH" && original:
		if s.original[token] == "loading" {
			delete(s.original, token)
		}
	case method == "POST" && s.Refuse[token].Status != 0:
		r := s.Refuse[token]
		return apiError(r.Message, r.Code), r.Status
	case method == "POST" && s.original[token] == "loading":
		s.errorf("fake discord: follow-up sent while the deferred response is loading: Discord would edit that message instead and ignore the follow-up's flags")
	case method == "POST" && s.original[token] == "deleted":
		return apiError("Unknown Message", 10008), 404
	}
	return map[string]any{"id": s.id(), "channel_id": "C1", "content": body["content"], "type": 0}, 200
}

// Permission bits the fake grants the bot (Discord's permission flags).
const (
	permViewChannel           = 1 << 10
	permSendMessages          = 1 << 11
	permEmbedLinks            = 1 << 14
	permReadMessageHistory    = 1 << 16
	permCreatePublicThreads   = 1 << 35
	permSendMessagesInThreads = 1 << 38
)

// AppPermissions is the app_permissions an interaction in channel carries:
// the bot's permissions there as Discord's decimal string bitfield. The
// bot can view, post, embed, read history and use threads, except what
// NoHistory and NoThreads take away. The caller holds no lock.
func (s *Server) AppPermissions(channel string) string {
	s.Lock()
	defer s.Unlock()
	return s.appPermissions(channel)
}

func (s *Server) appPermissions(channel string) string {
	p := int64(permViewChannel | permSendMessages | permEmbedLinks | permReadMessageHistory |
		permCreatePublicThreads | permSendMessagesInThreads)
	if s.NoHistory[channel] {
		p &^= permReadMessageHistory
	}
	if s.NoThreads[channel] {
		p &^= permCreatePublicThreads | permSendMessagesInThreads
	}
	return strconv.FormatInt(p, 10)
}

// noteInteraction remembers an INTERACTION_CREATE's type, so that its
// response can be checked against it, and returns the event with the
// app_permissions Discord sends with every interaction when the test left
// it out (a copy: the test's map is not changed).
func (s *Server) noteInteraction(d any) any {
	m, _ := d.(map[string]any)
	id, _ := m["id"].(string)
	s.Lock()
	defer s.Unlock()
	s.itypes[id] = int(num(m["type"]))
	if _, ok := m["app_permissions"]; ok || m == nil {
		return d
	}
	out := maps.Clone(m)
	channel, _ := m["channel_id"].(string)
	out["app_permissions"] = s.appPermissions(channel)
	return out
}
