package quiz

import (
	"context"
	"errors"
	"strings"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/keypoints"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/content"
)

// Open questions are answered privately with the post's Answer button (a
// form where the platform has one: Discord's modal) and discussed in the
// post's thread. Written answers are kept until the reveal and scored
// there against the question's key points, so nobody sees another's answer
// before the reveal and nothing needs the privileged MESSAGE_CONTENT intent.

// writeChoice is the choice part of the Answer button's action id
// ("quiz:<post>:w").
const writeChoice = "w"

// maxOpenAnswer bounds a written answer (runes).
const maxOpenAnswer = 1500

func writeActionID(postID string) string { return ClickPrefix + postID + ":" + writeChoice }

// openClick answers the Answer button: without text it asks for the answer
// (a form, or on platforms without forms a pointer to the thread); with
// text it records the answer until the reveal.
func (s *Service) openClick(ctx context.Context, c bot.Click, p store.Post, q content.QuizQuestion) (bot.Reply, error) {
	lang := p.Lang
	if strings.TrimSpace(c.Text) == "" {
		return bot.Reply{Ephemeral: true, Lang: lang,
			Text: lang.Pick("この投稿のスレッドに回答を書いてください。", "Write your answer as a reply in this post's thread."),
			Form: &bot.Form{ActionID: c.ActionID, Title: lang.Pick("あなたの回答", "Your answer"),
				Label:       bot.Truncate(pick(lang, q.Question), 45),
				Placeholder: lang.Pick("面接で答えるつもりで書いてください（答え合わせまで非公開）", "Answer as you would in an interview (private until the reveal)"),
				MaxLength:   maxOpenAnswer}}, nil
	}
	text := bot.Truncate(strings.TrimSpace(c.Text), maxOpenAnswer)
	replaced, err := s.store.RecordOpenAnswer(ctx, store.OpenAnswer{PostID: p.ID, UserID: c.UserID, UserName: c.UserName, Text: text, At: s.opts.Clock()})
	if errors.Is(err, store.ErrRevealed) {
		return bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick("この問題はもう答え合わせ済みです。", "This question has already been revealed.")}, nil
	}
	if err != nil {
		return bot.Reply{}, err
	}
	msg := lang.Pick("回答を受け付けました。答え合わせで採点します（それまで他の人には見えません。もう一度送ると差し替えます）。",
		"Your answer is in. It is scored at the reveal (nobody else sees it until then; sending again replaces it).")
	if replaced {
		msg = lang.Pick("回答を差し替えました。答え合わせで採点します。", "Your answer was replaced. It is scored at the reveal.")
	}
	return bot.Reply{Ephemeral: true, Lang: lang, Text: msg}, nil
}

// scoreOpenAnswers records, before the reveal closes the post, whether each
// written answer covers the question's key points, as answers to "choice
// 1", so the reveal scores them like a multiple-choice post. It returns
// the written answers and how many covered the key points; after an
// earlier reveal the answers are only counted.
func (s *Service) scoreOpenAnswers(ctx context.Context, p store.Post, q content.QuizQuestion) (written []store.OpenAnswer, right int, err error) {
	written, err = s.store.OpenAnswers(ctx, p.ID)
	if err != nil {
		return nil, 0, err
	}
	for _, a := range written {
		ok := keypoints.Covers(q, a.Text, p.Lang)
		if ok {
			right++
		}
		_, err := s.store.RecordAnswer(ctx, store.Answer{PostID: p.ID, UserID: a.UserID, UserName: a.UserName, Choice: boolChoice(ok), At: a.At})
		if errors.Is(err, store.ErrRevealed) {
			continue // revealed before: the scores stand
		}
		if err != nil {
			return nil, 0, err
		}
		platform, _ := splitChannel(p.Channel)
		if err := s.store.RecordStudy(ctx, store.StudyAnswer{Learner: platform + ":" + a.UserID, Ref: p.ID, Channel: p.Channel,
			ItemID: q.ID, Source: store.SourceQuiz, UserName: a.UserName, Correct: ok, At: a.At}); err != nil {
			s.log.Warn("review schedule not updated", "post", p.ID, "err", err)
		}
	}
	return written, right, nil
}

func boolChoice(ok bool) int {
	if ok {
		return 1
	}
	return 0
}

// Claim takes a mention made inside an open question's thread before the
// reveal (Discord: the thread started from the post has the post's message
// id): answering it from the guide could give the key points away, so the
// member gets a short note instead. After the reveal the thread is an
// ordinary place to ask.
func (s *Service) Claim(ctx context.Context, req bot.Request) (bot.Handler, bool) {
	if req.Kind != bot.KindMention {
		return nil, false
	}
	for _, id := range []string{req.ThreadID, req.ChannelID} {
		p, err := s.store.PostByMessage(ctx, req.Platform, id)
		if err != nil {
			continue // ErrNotFound, or the store is down: answer as usual
		}
		q, known := s.byID[p.QuestionID]
		if !known || q.MultipleChoice() || !p.RevealedAt.IsZero() {
			return nil, false
		}
		return func(_ context.Context, req bot.Request, _ string, st bot.Stream) error {
			lang := req.Lang
			if lang == "" {
				lang = bot.DetectLang(req.Text)
			}
			st.Done(bot.Reply{Lang: lang, Text: lang.Pick(
				"このスレッドのクイズは答え合わせ前なので、ここでは答えません。投稿の「回答する」ボタンから答えてください（答え合わせ: `/backend-tip quiz answer`）。",
				"This thread's quiz is not revealed yet, so I won't answer here. Use the post's Answer button (reveal: `/backend-tip quiz answer`).")})
			return nil
		}, true
	}
	return nil, false
}
