package discord

// The harness: adapters wired to the shared fake Discord
// (internal/fakediscord) and a fake router.

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
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

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
)

const (
	testApp   = fakediscord.App
	testBot   = fakediscord.Bot
	testGuild = fakediscord.Guild
)

// call is one REST request the fake Discord received.
type call = fakediscord.Call

// fakeRouter stands in for bot.Router: handle decides each reply.
type fakeRouter struct {
	mu     sync.Mutex
	reqs   []bot.Request
	clicks []bot.Click
	handle func(ctx context.Context, req bot.Request, s bot.Stream)
	// hold, when set, keeps every request waiting until it is closed: a
	// reply slower than any ack budget, however fast the machine.
	hold chan struct{}
}

func (r *fakeRouter) Handle(ctx context.Context, req bot.Request, s bot.Stream) {
	r.mu.Lock()
	r.reqs = append(r.reqs, req)
	h := r.handle
	r.mu.Unlock()
	if r.hold != nil {
		<-r.hold
	}
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

// streamingAnswer streams a few partial texts back to back (the throttle
// may coalesce them: no test counts partials), then a long final answer
// with a broadcast mention and sources, like a model might.
func streamingAnswer(final string) func(context.Context, bot.Request, bot.Stream) {
	return func(_ context.Context, _ bot.Request, s bot.Stream) {
		for i := 1; i <= 3; i++ {
			s.Update(strings.Repeat("partial ", i))
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
func testAdapter(t testing.TB, f *fakediscord.Server, r platform.Router, mod func(*Options)) *Adapter {
	t.Helper()
	opts := Options{
		BotToken: "token", AppID: testApp, Gateway: true, APIURL: f.APIURL(), Router: r,
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
