package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/backend-tip/backend-tip/bot"
)

const (
	testApp   = "111"
	testBot   = "999"
	testGuild = "G1"
)

// call is one REST request the fake Discord received.
type call struct {
	Method string
	Path   string // without the /api/v10 prefix
	Query  string
	Body   map[string]any // nil when the body is not a JSON object
	Raw    []byte
}

// fakeDiscord is a loopback Discord: REST under /api/v10/ and a gateway
// websocket under /ws. It checks nothing itself; tests inspect calls.
type fakeDiscord struct {
	t   testing.TB
	srv *httptest.Server

	mu          sync.Mutex
	calls       []call
	commands    []any             // what GET .../commands returns
	messages    map[string]any    // GET /channels/C/messages/ID
	history     map[string][]any  // GET /channels/C/messages (newest first)
	channels    map[string]any    // GET /channels/C
	nonces      map[string]string // nonce -> message id
	nextID      int
	closeCode   int // gateway: close with this code after IDENTIFY/RESUME
	identifies  []map[string]any
	resumes     []resume // op 6 RESUMEs received
	noAcks      bool     // stop acknowledging heartbeats (a zombie connection)
	heartbeatMS int      // HELLO's heartbeat_interval; 0: Discord's usual 45000
	sessions    int      // sessions started by IDENTIFY; the current one is "sess<N>"
	invalid     bool     // the current session may not be resumed
	// forbidden: channels where posting gets 403 Missing Access (code
	// 50001), as Discord answers when the bot lost View Channel there.
	forbidden map[string]bool
	// refuse: channels where every call gets this error instead, e.g.
	// 404 Unknown Channel (10003) for a deleted channel, 403 Missing
	// Permissions (50013), or a 500 that a retry may fix.
	refuse  map[string]refusal
	dms     map[string]string // recipient id -> DM channel id
	threads map[string]bool   // message ids with a thread started from them
	itypes  map[string]int    // interaction id -> type, from INTERACTION_CREATE
	acked   map[string]bool   // interactions already answered (40060 on a second callback)
	conn    *websocket.Conn
	connMu  sync.Mutex // serialises websocket writes
	seq     int
	ready   chan struct{}
	notify  chan struct{}
}

func newFakeDiscord(t testing.TB) *fakeDiscord {
	t.Helper()
	f := &fakeDiscord{t: t, messages: map[string]any{}, history: map[string][]any{}, channels: map[string]any{},
		nonces: map[string]string{}, ready: make(chan struct{}, 8), notify: make(chan struct{}, 1)}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v10/", f.serveREST)
	mux.HandleFunc("/ws/", f.serveGateway)    // discordgo adds a slash before ?v=
	mux.HandleFunc("/resume", f.serveGateway) // resume_gateway_url, as Discord gives it: no trailing slash
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeDiscord) apiURL() string { return f.srv.URL + "/api/v10/" }

func (f *fakeDiscord) id() string {
	f.nextID++
	return "m" + strconv.Itoa(f.nextID)
}

func (f *fakeDiscord) serveREST(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/api/v10")
	raw, _ := io.ReadAll(r.Body)
	var decoded any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &decoded); err != nil {
			f.t.Errorf("%s %s: body is not JSON: %s", r.Method, path, raw)
		}
	}
	body, _ := decoded.(map[string]any)
	f.mu.Lock()
	f.calls = append(f.calls, call{Method: r.Method, Path: path, Query: r.URL.RawQuery, Body: body, Raw: raw})
	resp, status := f.route(r.Method, path, body, decoded)
	f.mu.Unlock()
	select {
	case f.notify <- struct{}{}:
	default:
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if resp != nil {
		json.NewEncoder(w).Encode(resp)
	}
}

// route answers one REST call; f.mu is held.
func (f *fakeDiscord) route(method, path string, body map[string]any, decoded any) (any, int) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if resp, status, refused := f.checkPayload(method, path, parts, body); refused {
		return resp, status
	}
	switch {
	case method == "GET" && path == "/gateway":
		return map[string]any{"url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/ws"}, 200
	case strings.HasSuffix(path, "/commands") && method == "GET":
		if f.commands == nil {
			return []any{}, 200
		}
		return f.commands, 200
	case strings.HasSuffix(path, "/commands") && method == "PUT":
		cmds, _ := decoded.([]any)
		var invalid []string
		for _, c := range cmds {
			m, _ := c.(map[string]any)
			invalid = append(invalid, commandRules(m)...)
			invalid = append(invalid, commandLimits(m)...)
			if strings.Contains(path, "/guilds/") && (m["integration_types"] != nil || m["contexts"] != nil) {
				invalid = append(invalid, fmt.Sprintf("guild command %v: integration_types and contexts are for global commands only", m["name"]))
			}
		}
		if len(invalid) > 0 {
			f.t.Errorf("fake discord: invalid commands: %s", strings.Join(invalid, "; "))
			return map[string]any{"message": "Invalid Form Body", "code": 50035, "errors": invalid}, 400
		}
		for _, c := range cmds {
			if m, ok := c.(map[string]any); ok {
				m["id"], m["application_id"], m["version"] = "c1", testApp, "1" // Discord adds these
			}
		}
		f.commands = cmds
		return cmds, 200
	case parts[0] == "interactions":
		return nil, 204
	// POST /users/@me/channels opens (or returns) the DM channel with
	// recipient_id. Discord refuses users who share no guild with the bot
	// or block DMs from server members; sending there then fails with
	// 50007 "Cannot send messages to this user" (modelled by "UNODM").
	case method == "POST" && path == "/users/@me/channels":
		rcpt, _ := body["recipient_id"].(string)
		if rcpt == "" {
			return map[string]any{"message": "Invalid Form Body", "code": 50035}, 400
		}
		return map[string]any{"id": "DM-" + rcpt, "type": 1, "recipients": []any{map[string]any{"id": rcpt}}}, 200
	case method == "POST" && path == "/channels/DM-UNODM/messages":
		return map[string]any{"message": "Cannot send messages to this user", "code": 50007}, 403
	case parts[0] == "webhooks" && method == "DELETE":
		return nil, 204
	case parts[0] == "webhooks":
		return map[string]any{"id": f.id(), "channel_id": "C1", "content": body["content"]}, 200
	case parts[0] == "channels" && len(parts) == 2 && method == "GET":
		if ch, ok := f.channels[parts[1]]; ok {
			return ch, 200
		}
		return map[string]any{"message": "Unknown Channel", "code": 10003}, 404
	case parts[0] == "channels" && len(parts) == 3 && parts[2] == "typing":
		return nil, 204
	case parts[0] == "channels" && len(parts) == 3 && method == "GET":
		if h, ok := f.history[parts[1]]; ok {
			return h, 200
		}
		return map[string]any{"message": "Unknown Channel", "code": 10003}, 404
	case parts[0] == "channels" && len(parts) == 4 && method == "GET":
		if m, ok := f.messages[parts[3]]; ok {
			return m, 200
		}
		return map[string]any{"message": "Unknown Message", "code": 10008}, 404
	case method == "POST" && path == "/users/@me/channels":
		// Discord opens (or returns) the DM channel with recipient_id.
		rcpt, _ := body["recipient_id"].(string)
		if rcpt == "" {
			return map[string]any{"message": "Invalid Form Body", "code": 50035}, 400
		}
		if f.dms == nil {
			f.dms = map[string]string{}
		}
		if _, ok := f.dms[rcpt]; !ok {
			f.dms[rcpt] = "DM-" + rcpt
		}
		return map[string]any{"id": f.dms[rcpt], "type": 1, "recipients": []any{map[string]any{"id": rcpt}}}, 200
	case parts[0] == "channels" && len(parts) >= 3 && f.refuse[parts[1]].status != 0:
		r := f.refuse[parts[1]]
		return map[string]any{"message": r.message, "code": r.code}, r.status
	case parts[0] == "channels" && len(parts) >= 3 && f.forbidden[parts[1]]:
		return map[string]any{"message": "Missing Access", "code": 50001}, 403
	case parts[0] == "channels" && len(parts) == 3 && method == "POST" && strings.HasPrefix(parts[1], "m") && !f.threads[parts[1]]:
		// A thread is a channel with its starter message's id; there is
		// none before it is started.
		return map[string]any{"message": "Unknown Channel", "code": 10003}, 404
	case parts[0] == "channels" && len(parts) == 3 && method == "POST":
		if n, _ := body["nonce"].(string); n != "" && body["enforce_nonce"] == true {
			if id, ok := f.nonces[n]; ok {
				return map[string]any{"id": id, "channel_id": parts[1]}, 200
			}
			id := f.id()
			f.nonces[n] = id
			return map[string]any{"id": id, "channel_id": parts[1]}, 200
		}
		return map[string]any{"id": f.id(), "channel_id": parts[1], "content": body["content"]}, 200
	case parts[0] == "channels" && len(parts) == 5 && parts[4] == "threads" && method == "POST":
		// Start a thread from a message: the thread's id is the message's.
		name, _ := body["name"].(string)
		if n := len([]rune(name)); n < 1 || n > 100 {
			return map[string]any{"message": "Invalid Form Body", "code": 50035}, 400
		}
		if f.threads == nil {
			f.threads = map[string]bool{}
		}
		if f.threads[parts[3]] {
			return map[string]any{"message": "A thread has already been created for this message", "code": 160004}, 400
		}
		f.threads[parts[3]] = true
		thread := map[string]any{"id": parts[3], "type": 11, "parent_id": parts[1], "guild_id": testGuild, "name": name}
		f.channels[parts[3]] = thread // a thread is a channel: readable like one
		if _, ok := f.history[parts[3]]; !ok {
			f.history[parts[3]] = []any{}
		}
		return thread, 201
	case parts[0] == "channels" && len(parts) == 4 && method == "PATCH":
		return map[string]any{"id": parts[3], "channel_id": parts[1], "content": body["content"]}, 200
	}
	f.t.Errorf("fake discord: unexpected %s %s", method, path)
	return map[string]any{"message": "not found"}, 404
}

// refusal is an error answer Discord gives for a channel.
type refusal struct {
	status, code int
	message      string
}

// callsMatching returns the calls whose method and path match.
func (f *fakeDiscord) callsMatching(method, pathPrefix string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if c.Method == method && strings.HasPrefix(c.Path, pathPrefix) {
			out = append(out, c)
		}
	}
	return out
}

func (f *fakeDiscord) allCalls() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

// waitFor polls until cond holds or fails the test after a few seconds.
func (f *fakeDiscord) waitFor(what string, cond func() bool) {
	f.t.Helper()
	deadline := time.After(5 * time.Second)
	for !cond() {
		select {
		case <-f.notify:
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			f.t.Fatalf("timed out waiting for %s; calls: %s", what, f.describe())
		}
	}
}

func (f *fakeDiscord) describe() string {
	var b strings.Builder
	for _, c := range f.allCalls() {
		fmt.Fprintf(&b, "\n  %s %s", c.Method, c.Path)
	}
	return b.String()
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveGateway speaks enough of the gateway protocol for discordgo:
// HELLO, IDENTIFY/RESUME, READY, heartbeats, then events from dispatch.
func (f *fakeDiscord) serveGateway(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	f.mu.Lock()
	interval := f.heartbeatMS
	f.mu.Unlock()
	if interval == 0 {
		interval = 45000
	}
	f.send(conn, map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": interval}})
	for {
		_, raw, err := conn.ReadMessage()
		if err != nil {
			return
		}
		var msg struct {
			Op int            `json:"op"`
			D  map[string]any `json:"d"`
		}
		if json.Unmarshal(raw, &msg) != nil {
			continue
		}
		switch msg.Op {
		case 1:
			f.mu.Lock()
			zombie := f.noAcks
			f.mu.Unlock()
			if !zombie {
				f.send(conn, map[string]any{"op": 11})
			}
		case 2, 6:
			if !f.start(conn, r.URL.Path, msg.Op, msg.D) {
				return
			}
		}
	}
}

// resume is one RESUME the fake received.
type resume struct {
	Path      string // "/ws/" or "/resume": where the client connected
	SessionID string
	Seq       int
}

// start answers IDENTIFY (op 2) with READY and RESUME (op 6) with RESUMED,
// as Discord does: a RESUME never gets READY; one for an unknown or
// invalidated session gets op 9 (not resumable). It reports whether the
// connection stays open.
func (f *fakeDiscord) start(conn *websocket.Conn, path string, op int, d map[string]any) bool {
	f.mu.Lock()
	code := f.closeCode
	session := "sess" + strconv.Itoa(f.sessions)
	if op == 2 {
		f.identifies = append(f.identifies, d)
		f.sessions++
		session = "sess" + strconv.Itoa(f.sessions)
		f.invalid = false
	}
	var r resume
	if op == 6 {
		r = resume{Path: path, SessionID: fmt.Sprint(d["session_id"]), Seq: int(toFloat(d["seq"]))}
		f.resumes = append(f.resumes, r)
	}
	resumable := op == 6 && r.SessionID == session && !f.invalid && f.sessions > 0
	f.mu.Unlock()
	if code != 0 {
		f.connMu.Lock()
		conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, "closing"), time.Now().Add(time.Second))
		f.connMu.Unlock()
		return false
	}
	if op == 6 && !resumable {
		f.send(conn, map[string]any{"op": 9, "d": false})
		return true // the client closes and identifies afresh
	}
	f.connMu.Lock()
	f.conn = conn
	f.connMu.Unlock()
	if op == 6 {
		f.dispatch("RESUMED", map[string]any{})
	} else {
		f.dispatch("READY", map[string]any{"v": 10, "session_id": session,
			"resume_gateway_url": "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/resume",
			"user":               map[string]any{"id": testBot, "username": "backend-tip", "bot": true}, "guilds": []any{}})
	}
	select {
	case f.ready <- struct{}{}:
	default: // nobody is counting
	}
	return true
}

func toFloat(v any) float64 {
	n, _ := v.(float64)
	return n
}

// opcode sends a bare gateway opcode on the current connection: 7
// (Reconnect) or 9 (Invalid Session, d = resumable).
func (f *fakeDiscord) opcode(op int, d any) {
	f.connMu.Lock()
	defer f.connMu.Unlock()
	if f.conn == nil {
		f.t.Fatalf("op %d: no gateway connection", op)
	}
	f.conn.WriteJSON(map[string]any{"op": op, "d": d})
	if op == 9 {
		f.mu.Lock()
		f.invalid = f.invalid || d == false
		f.mu.Unlock()
	}
}

func (f *fakeDiscord) send(conn *websocket.Conn, v any) {
	f.connMu.Lock()
	defer f.connMu.Unlock()
	conn.WriteJSON(v)
}

// drop closes the current gateway connection with code, as Discord does
// when it restarts or resets a session.
func (f *fakeDiscord) drop(code int) {
	f.connMu.Lock()
	defer f.connMu.Unlock()
	f.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, "bye"), time.Now().Add(time.Second))
	f.conn.Close()
	f.conn = nil
}

// dispatch sends a gateway event (op 0) on the current connection.
func (f *fakeDiscord) dispatch(event string, d any) {
	f.connMu.Lock()
	defer f.connMu.Unlock()
	f.seq++
	if f.conn == nil {
		f.t.Fatalf("dispatch %s: no gateway connection", event)
	}
	if event == "INTERACTION_CREATE" {
		f.noteInteraction(d)
	}
	f.conn.WriteJSON(map[string]any{"op": 0, "t": event, "s": f.seq, "d": d})
}

// fakeRouter stands in for bot.Router: handle decides each reply.
type fakeRouter struct {
	mu     sync.Mutex
	reqs   []bot.Request
	clicks []bot.Click
	handle func(ctx context.Context, req bot.Request, s bot.Stream)
}

func (r *fakeRouter) Handle(ctx context.Context, req bot.Request, s bot.Stream) {
	r.mu.Lock()
	r.reqs = append(r.reqs, req)
	h := r.handle
	r.mu.Unlock()
	if h == nil {
		s.Done(bot.Reply{Text: "ok: " + req.Text})
		return
	}
	h(ctx, req, s)
}

func (r *fakeRouter) Click(_ context.Context, c bot.Click) bot.Reply {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clicks = append(r.clicks, c)
	return bot.Reply{Text: "Correct! @here"}
}

func (r *fakeRouter) requests() []bot.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Request(nil), r.reqs...)
}

// streamingAnswer streams a few partial texts, then a long final answer
// with a broadcast mention and sources, like a model might.
func streamingAnswer(final string) func(context.Context, bot.Request, bot.Stream) {
	return func(_ context.Context, _ bot.Request, s bot.Stream) {
		for i := 1; i <= 3; i++ {
			s.Update(strings.Repeat("partial ", i))
			time.Sleep(5 * time.Millisecond)
		}
		s.Done(bot.Reply{Text: final, Lang: bot.English, Sources: []bot.Source{
			{Section: "面接はこう準備しよう！ > システム設計", Excerpt: strings.Repeat("設計の話。", 400)},
			{Section: "N+1 @everyone", Excerpt: "short"},
		}})
	}
}

// longAnswer is over two messages long and tries to ping everyone.
func longAnswer() string {
	var b strings.Builder
	b.WriteString("@everyone listen up <@&123> @here\n\n")
	for i := 0; b.Len() < 4500; i++ {
		fmt.Fprintf(&b, "Paragraph %d about N+1 queries and indexes.\n\n", i)
	}
	return b.String()
}

type keys struct {
	pub  ed25519.PublicKey
	priv ed25519.PrivateKey
}

func newKeys(t testing.TB) keys {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return keys{pub: pub, priv: priv}
}

// signedRequest builds a request signed like Discord signs interactions.
func (k keys) signedRequest(body string, ts time.Time) *http.Request {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	sig := ed25519.Sign(k.priv, []byte(stamp+body))
	req := httptest.NewRequest("POST", "/discord/interactions", strings.NewReader(body))
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	req.Header.Set("X-Signature-Timestamp", stamp)
	req.Header.Set("Content-Type", "application/json")
	return req
}

// testAdapter builds an adapter against the fake with fast timings.
func testAdapter(t testing.TB, f *fakeDiscord, r Router, mod func(*Options)) *Adapter {
	t.Helper()
	opts := Options{
		BotToken: "token", AppID: testApp, Gateway: true, APIURL: f.apiURL(), Router: r,
		Logger:         slog.New(slog.NewTextHandler(io.Discard, nil)),
		StreamInterval: 20 * time.Millisecond, AckBudget: 200 * time.Millisecond, AckSettle: 5 * time.Millisecond,
	}
	if mod != nil {
		mod(&opts)
	}
	a, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// runAdapter runs a until the test ends and returns Run's result channel.
func runAdapter(t *testing.T, a *Adapter) <-chan error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-errc:
		case <-time.After(10 * time.Second):
			t.Error("Run did not return after cancel")
		}
	})
	return errc
}

// interaction builds an interaction JSON payload.
func interaction(id string, typ int, data any) map[string]any {
	return map[string]any{
		"id": id, "application_id": testApp, "type": typ, "token": "tok-" + id, "guild_id": testGuild,
		"channel_id": "C1", "locale": "en-US", "version": 1, "data": data,
		"member": map[string]any{"user": map[string]any{"id": "U1", "username": "alice"}},
	}
}

func askData(question string) map[string]any {
	return map[string]any{"id": "cmd", "name": "backend-tip", "type": 1, "options": []any{
		map[string]any{"name": "ask", "type": 1, "options": []any{
			map[string]any{"name": "question", "type": 3, "value": question}}}}}
}
