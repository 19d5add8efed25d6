package quiz

import (
	"context"
	"errors"
	"fmt"

	"github.com/backend-tip/backend-tip/bot"
)

// handleTip gives a random tip with its section, never the one the channel
// saw last. The section is cited in the asker's language: an English reader
// gets the English edition's twin of the tip's section.
func (s *Service) handleTip(ctx context.Context, req bot.Request, _ string, st bot.Stream) error {
	tips := s.opts.Tips
	if len(tips) == 0 {
		return errors.New("tip: no tips loaded")
	}
	channel := req.ChannelKey()
	last, err := s.store.LastTip(ctx, channel)
	if err != nil {
		return err
	}
	i := s.opts.Intn(len(tips))
	if tips[i].ID == last && len(tips) > 1 {
		// shift to any other tip, uniformly among the rest
		i = (i + 1 + s.opts.Intn(len(tips)-1)) % len(tips)
	}
	tip := tips[i]
	if err := s.store.SetLastTip(ctx, channel, tip.ID); err != nil {
		return err
	}
	reply := bot.Reply{Lang: req.Lang, Text: fmt.Sprintf("💡 %s", req.Lang.Pick(tip.JA, tip.EN))}
	if src, ok := s.passageIn(tip.Section, tip.JA+"\n"+tip.EN, req.Lang); ok {
		reply.Sources = []bot.Source{src}
		reply.Text += fmt.Sprintf("\n%s「%s」", req.Lang.Pick("📖 ガイド", "📖 Guide"), src.Section)
	} else {
		reply.Text += fmt.Sprintf("\n📖 %s", tip.Section)
	}
	st.Done(reply)
	return nil
}
