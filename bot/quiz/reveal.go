package quiz

import (
	"context"
	"fmt"
	"strings"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/content"
)

// maxThreadReplies bounds how many thread answers an open reveal reads.
const maxThreadReplies = 50

// revealPost closes a post and renders its reveal. Open questions read the
// thread through pl when it can (nil: no thread) and get LLM feedback when
// configured; a failing feedback call only loses the feedback.
func (s *Service) revealPost(ctx context.Context, p store.Post, pl bot.Platform) (bot.Reply, error) {
	q, known := s.byID[p.QuestionID]
	correct := -1
	if known && q.MultipleChoice() {
		correct = q.Correct()
	}
	var written []store.OpenAnswer
	if known && !q.MultipleChoice() {
		var err error
		if written, _, err = s.scoreOpenAnswers(ctx, p, q); err != nil {
			return bot.Reply{}, err
		}
		if len(written) > 0 {
			correct = 1 // scoreOpenAnswers recorded covering answers as choice 1
		}
	}
	rev, err := s.store.Reveal(ctx, p.ID, correct, s.opts.Clock())
	if err != nil {
		return bot.Reply{}, err
	}
	in := revealInput{q: q, known: known, rev: rev, written: len(written)}
	if known && !q.MultipleChoice() {
		turns := s.threadAnswers(ctx, p, pl)
		answers := make([]string, 0, len(turns))
		for _, t := range turns {
			answers = append(answers, t.Text)
		}
		in.replies = len(answers)
		for _, a := range written {
			answers = append(answers, a.Text)
		}
		if !rev.Already {
			s.scheduleOpenAnswers(ctx, p, q, turns)
		}
		if len(answers) > 0 && s.opts.Feedback != nil {
			fb, err := s.opts.Feedback(ctx, pick(p.Lang, q.Question), pickList(p.Lang, q.KeyPoints), answers, p.Lang)
			if err != nil {
				s.log.Warn("open question feedback failed", "post", p.ID, "err", err)
			} else {
				in.feedback = fb
			}
		}
	}
	return s.revealReply(in, p.Lang), nil
}

// scheduleOpenAnswers feeds each member's thread answer (all their
// replies together) into their review schedule, graded by key points.
func (s *Service) scheduleOpenAnswers(ctx context.Context, p store.Post, q content.QuizQuestion, turns []bot.Turn) {
	if s.opts.GradeOpen == nil {
		return
	}
	platform, _ := splitChannel(p.Channel)
	byUser := map[string][]string{}
	var order []string
	for _, t := range turns {
		if t.Author == "" {
			continue
		}
		if _, ok := byUser[t.Author]; !ok {
			order = append(order, t.Author)
		}
		byUser[t.Author] = append(byUser[t.Author], t.Text)
	}
	for _, user := range order {
		right := s.opts.GradeOpen(q, strings.Join(byUser[user], "\n"), p.Lang)
		err := s.store.RecordStudy(ctx, store.StudyAnswer{Learner: platform + ":" + user, Ref: p.ID, Channel: p.Channel, ItemID: q.ID,
			Source: store.SourceOpen, Correct: right, At: s.opts.Clock()})
		if err != nil {
			s.log.Warn("open answer not scheduled for review", "post", p.ID, "err", err)
		}
	}
}

// threadAnswers returns the members' replies in the post's thread.
func (s *Service) threadAnswers(ctx context.Context, p store.Post, pl bot.Platform) []bot.Turn {
	if pl == nil || p.MessageID == "" {
		return nil
	}
	_, channelID := splitChannel(p.Channel)
	turns, err := pl.ThreadReplies(ctx, channelID, p.MessageID, maxThreadReplies)
	if err != nil {
		s.log.Warn("read quiz thread failed", "post", p.ID, "err", err)
		return nil
	}
	var out []bot.Turn
	for _, t := range turns {
		if !t.FromBot && t.Text != "" {
			out = append(out, t)
		}
	}
	return out
}

// revealKey is the idempotency key of a post's reveal message (≤25 bytes
// for Discord's nonce).
func revealKey(postID string) string { return "btr-" + postID }

// revealPending posts the reveal of every open question of the channel
// through pl, each under its own idempotency key, so that a crash between
// posting and recording never shows a reveal twice.
func (s *Service) revealPending(ctx context.Context, channel string, pl bot.Platform) error {
	pending, err := s.store.PendingReveals(ctx, channel)
	if err != nil {
		return err
	}
	_, channelID := splitChannel(channel)
	for _, p := range pending {
		reply, err := s.revealPost(ctx, p, pl)
		if err != nil {
			return err
		}
		reply.IdempotencyKey = revealKey(p.ID)
		if _, err := pl.Post(ctx, channelID, reply); err != nil {
			return fmt.Errorf("post reveal of %s: %w", p.ID, err)
		}
		if err := s.store.MarkRevealPosted(ctx, p.ID); err != nil {
			return err
		}
		s.closePost(ctx, p, pl)
	}
	return nil
}

// revealAll reveals every open question of the channel for a command's
// reply and records the reveals as sent.
func (s *Service) revealAll(ctx context.Context, channel string, pl bot.Platform) ([]bot.Reply, error) {
	pending, err := s.store.PendingReveals(ctx, channel)
	if err != nil {
		return nil, err
	}
	var out []bot.Reply
	for _, p := range pending {
		reply, err := s.revealPost(ctx, p, pl)
		if err != nil {
			return nil, err
		}
		if err := s.store.MarkRevealPosted(ctx, p.ID); err != nil {
			return nil, err
		}
		s.closePost(ctx, p, pl)
		out = append(out, reply)
	}
	return out, nil
}

// closePost edits a revealed post: its buttons disabled and the tally
// shown, so nobody answers a closed question. A failed edit is only
// logged: the reveal itself is out.
func (s *Service) closePost(ctx context.Context, p store.Post, pl bot.Platform) {
	q, known := s.byID[p.QuestionID]
	if pl == nil || p.MessageID == "" || !known {
		return
	}
	rev, err := s.store.Reveal(ctx, p.ID, -1, s.opts.Clock()) // already revealed: only reads the counts
	if err != nil {
		s.log.Warn("read the reveal to close the post", "post", p.ID, "err", err)
		return
	}
	right := 1 // open questions: answers covering the key points
	if q.MultipleChoice() {
		right = q.Correct()
	}
	rev.Correct = 0
	for _, a := range rev.Answers {
		if a.Choice == right {
			rev.Correct++
		}
	}
	_, channelID := splitChannel(p.Channel)
	if err := pl.Edit(ctx, channelID, p.MessageID, closedReply(q, p, rev)); err != nil {
		s.log.Warn("close the revealed post", "post", p.ID, "err", err)
	}
}
