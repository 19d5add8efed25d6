package answer

import (
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// throttle forwards partial answers to a stream at most once per interval.
// The first text goes out at once (so the user sees the answer start as
// soon as the model does); later ones only when the interval has passed.
// The final text always arrives with Done, so nothing is lost by skipping.
type throttle struct {
	s     bot.Stream
	every time.Duration
	now   bot.Clock
	shape func(string) string // turns raw model text into what users see
	last  time.Time
	sent  string
}

func (t *throttle) offer(raw string) {
	if t.sent != "" && t.now().Sub(t.last) < t.every {
		return
	}
	text := t.shape(raw)
	if text == "" || text == t.sent {
		return
	}
	t.s.Update(text)
	t.sent = text
	t.last = t.now()
}
