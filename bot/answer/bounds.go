package answer

import (
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
)

// Bounds on what a model sends. Whatever an OpenAI-compatible endpoint
// streams (a runaway answer, one endless SSE line, an echo of the system
// prompt), the answer stays small, the memory bounded and the prompt hidden.
const (
	// DefaultMaxAnswerBytes caps the answer text read from the model.
	DefaultMaxAnswerBytes = 24 << 10
	// DefaultMaxLineBytes caps one line of the model's HTTP response (one
	// SSE event, or a whole non-streamed JSON body).
	DefaultMaxLineBytes = 64 << 10
	// shapeEvery caps how much text must arrive before the partial answer
	// is shaped and offered again (an eighth of the text so far, at most
	// this), so shaping stays linear in the answer; the platform stream
	// does the time throttle.
	shapeEvery = 512
)

var (
	// errLineTooLong ends a model response whose line exceeds the bound.
	errLineTooLong = errors.New("model response line too long")
	// errEchoedPrompt means the model repeated the system prompt.
	errEchoedPrompt = errors.New("model echoed the system prompt")
)

// truncatedNote ends an answer that was cut at a bound.
const truncatedNote = "\n\n_…(長すぎるため途中までを表示しています / the answer was too long and is cut here)_"

// lineLimitBody fails a read once the current line is longer than max, so
// that no line of a response is ever buffered whole.
type lineLimitBody struct {
	io.ReadCloser
	max, line int
}

func (b *lineLimitBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	for _, c := range p[:n] {
		if c == '\n' {
			b.line = 0
			continue
		}
		b.line++
		if b.line > b.max {
			return 0, errLineTooLong
		}
	}
	return n, err
}

// appendBounded adds delta to text up to limit bytes (cut at a rune
// boundary) and reports whether all of it fitted.
func appendBounded(text *strings.Builder, delta string, limit int) bool {
	room := limit - text.Len()
	if len(delta) <= room {
		text.WriteString(delta)
		return true
	}
	cut := max(room, 0)
	for cut > 0 && !utf8.RuneStart(delta[cut]) {
		cut--
	}
	text.WriteString(delta[:cut])
	return false
}

// echoesPrompt reports whether text repeats the system prompt's
// instructions: any longer line of it verbatim that is not passage text
// (quoting the guide is fine). Such text is never shown, streamed or final.
func echoesPrompt(text, system string, ps []passage) bool {
	for line := range strings.SplitSeq(system, "\n") {
		line = strings.TrimSpace(line)
		if len(line) < 24 || !strings.Contains(text, line) {
			continue
		}
		quoted := false
		for _, p := range ps {
			if strings.Contains(p.Text, line) || strings.Contains(line, p.Text) {
				quoted = true
				break
			}
		}
		if !quoted {
			return true
		}
	}
	return false
}

// shapePartial turns raw model text into a partial answer a user may see,
// or "" when nothing should show yet: NOT_COVERED (which the final reply
// replaces) and an echo of the system prompt are never shown.
func shapePartial(raw string, ps []passage, system string) string {
	t := strings.TrimSpace(raw)
	if strings.HasPrefix(notCovered, t) || strings.Contains(t, notCovered) || echoesPrompt(t, system, ps) {
		return ""
	}
	t, _ = cite(holdBack(t), ps)
	return bot.DefuseMentions(t)
}
