package discord

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
	"github.com/backend-tip/backend-tip/internal/teststore"
)

// A signed interaction replayed to a restarted adapter (or another
// replica on the same database) is refused: the ids live in the store.
func TestInteractionReplayAfterRestartRefused(t *testing.T) {
	dir := t.TempDir()
	f := fakediscord.New(t)
	k := newKeys(t)
	r := &fakeRouter{handle: func(_ context.Context, req bot.Request, s bot.Stream) { s.Done(bot.Reply{Text: "tip"}) }}
	body := mustJSON(t, interaction("R1", 2, map[string]any{"name": commandName, "type": 1,
		"options": []map[string]any{{"name": "tip", "type": 1}}}))

	for run, want := range []int{http.StatusOK, http.StatusConflict} {
		db := teststore.Open(t, dir, nil)
		a := testAdapter(t, f, r, func(o *Options) { o.PublicKey = hexKey(k); o.Replays = db })
		if code, _ := serve(t, a, k.signedRequest(body, time.Now())); code != want {
			t.Errorf("run %d: status %d, want %d", run, code, want)
		}
		a.rt.Wait()
		db.Close()
	}
	if n := len(r.requests()); n != 1 {
		t.Errorf("router ran %d times across the restart, want 1", n)
	}
}
