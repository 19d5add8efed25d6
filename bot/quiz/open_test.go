package quiz

import (
	"context"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/bot"
)

// A mention in an open question's thread before the reveal gets a short
// note, not an answer from the guide; after the reveal it is not claimed.
func TestMentionInAnOpenQuizThreadBeforeTheReveal(t *testing.T) {
	h := newHarness(t, t0)
	h.intn = func(n int) int { return n - 1 } // the last question: sd-001, open
	h.restart()
	h.svc.SetPlatforms(h.platforms())
	h.router = bot.NewRouter(bot.RouterOptions{Handlers: h.svc.Handlers(), Clicks: h.svc.Clicks(), Sessions: bot.Claimers{h.svc},
		Answerer: answerFunc(func(_ context.Context, q bot.Question, s bot.Stream) error {
			s.Done(bot.Reply{Text: "from the guide: " + q.Text})
			return nil
		})})
	h.command("C1", "quiz", bot.English)
	msg := h.pl.Messages()[0]
	mention := func() bot.Reply {
		c := bot.NewCollector()
		h.router.Handle(context.Background(), bot.Request{Origin: bot.Origin{Platform: "slack", ChannelID: "C1", UserID: "U9"},
			ThreadID: msg.ID, Text: "what are the key points?", Kind: bot.KindMention, Lang: bot.English}, c)
		r, _ := c.Final()
		return r
	}
	if r := mention(); !strings.Contains(r.Text, "not revealed yet") || strings.Contains(r.Text, "from the guide") {
		t.Errorf("mention before the reveal = %q, want the short note", r.Text)
	}
	h.command("C1", "quiz answer", bot.English)
	if r := mention(); !strings.Contains(r.Text, "from the guide") {
		t.Errorf("mention after the reveal = %q, want an answer", r.Text)
	}
}

type answerFunc func(ctx context.Context, q bot.Question, s bot.Stream) error

func (f answerFunc) Answer(ctx context.Context, q bot.Question, s bot.Stream) error {
	return f(ctx, q, s)
}
