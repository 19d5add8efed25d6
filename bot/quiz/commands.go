package quiz

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/content"
)

// leaderboardSize is how many members the leaderboard shows.
const leaderboardSize = 10

var errNoQuestions = errors.New("quiz: the question bank is empty")

func (s *Service) handleQuiz(ctx context.Context, req bot.Request, args string, st bot.Stream) error {
	sub, rest := bot.FirstWord(args)
	switch sub {
	case "":
		return s.postNow(ctx, req, nil, st)
	case "daily":
		return s.subscribe(ctx, req, rest, st)
	case "stop":
		return s.unsubscribe(ctx, req, st)
	case "answer", "reveal":
		return s.revealNow(ctx, req, st)
	case "leaderboard", "scores", "ranking":
		return s.leaderboard(ctx, req, rest, st)
	}
	if cat, ok := s.category(sub); ok && len(rest) == 0 {
		return s.postNow(ctx, req, []string{cat}, st)
	}
	st.Done(bot.Reply{Ephemeral: true, Lang: req.Lang, Text: req.Lang.Pick(
		"使い方: `/backend-tip quiz [カテゴリ]` (今すぐ出題) · `quiz daily 09:00 [Asia/Tokyo] [weekdays] [カテゴリ,…]` · `quiz stop` · `quiz answer` · `quiz leaderboard [week|month|all]` · `quiz review`\nカテゴリ: "+strings.Join(s.categories, ", "),
		"Usage: `/backend-tip quiz [category]` (post now) · `quiz daily 09:00 [Asia/Tokyo] [weekdays] [category,…]` · `quiz stop` · `quiz answer` · `quiz leaderboard [week|month|all]` · `quiz review`\nCategories: "+strings.Join(s.categories, ", "))})
	return nil
}

// pickQuestion returns one of the questions the channel has seen least
// often, so nothing repeats until the whole bank has been used.
// categories, when given, limit the choice to those categories.
func (s *Service) pickQuestion(ctx context.Context, channel string, categories []string) (content.QuizQuestion, error) {
	pool := s.opts.Questions
	if len(categories) > 0 {
		want := map[string]bool{}
		for _, c := range categories {
			want[c] = true
		}
		pool = nil
		for _, q := range s.opts.Questions {
			if want[q.Category] {
				pool = append(pool, q)
			}
		}
	}
	if len(pool) == 0 {
		return content.QuizQuestion{}, errNoQuestions
	}
	counts, err := s.store.QuestionCounts(ctx, channel)
	if err != nil {
		return content.QuizQuestion{}, err
	}
	var least []content.QuizQuestion
	low := -1
	for _, q := range pool {
		n := counts[q.ID]
		switch {
		case low < 0 || n < low:
			low, least = n, []content.QuizQuestion{q}
		case n == low:
			least = append(least, q)
		}
	}
	return least[s.opts.Intn(len(least))], nil
}

// postNow reveals the channel's open question and posts a new one. With the
// platform at hand the question goes out as a channel message (its id lets
// the reveal read the thread); otherwise it is the command's reply.
func (s *Service) postNow(ctx context.Context, req bot.Request, categories []string, st bot.Stream) error {
	channel := req.ChannelKey()
	q, err := s.pickQuestion(ctx, channel, categories)
	if errors.Is(err, errNoQuestions) {
		st.Done(bot.Reply{Ephemeral: true, Lang: req.Lang, Text: req.Lang.Pick("問題集が空です。", "The question bank is empty.")})
		return nil
	}
	if err != nil {
		return err
	}
	now := s.opts.Clock()
	p := store.Post{ID: s.opts.NewID(), Channel: channel, QuestionID: q.ID, Lang: req.Lang, CreatedAt: now}
	pl := s.Platform(req.Platform)
	reply := questionReply(q, p, req.Lang, pl == nil || pl.CanStartThread(ctx, req.ChannelID))
	if pl != nil {
		if err := s.revealPending(ctx, channel, pl); err != nil {
			return err
		}
		if err := s.store.CreatePost(ctx, p); err != nil {
			return err
		}
		msgID, err := pl.Post(ctx, req.ChannelID, reply)
		if err == nil {
			if err := s.store.MarkPosted(ctx, p.ID, msgID, now); err != nil {
				return err
			}
			text := req.Lang.Pick("クイズを投稿しました。", "Quiz posted.")
			if sub, err := s.currentSubscription(ctx, channel); err == nil && sub != nil && !sub.Paused.IsZero() {
				// The bot can post again: say how to resume the daily quiz.
				text += req.Lang.Pick("\nこのチャンネルの毎日のクイズは一時停止中です（ボットが投稿できなかったため）。`/backend-tip quiz daily` で再開できます。",
					"\nThe daily quiz here is paused (the bot could not post). Run `/backend-tip quiz daily` to resume it.")
			}
			st.Done(bot.Reply{Ephemeral: true, Lang: req.Lang, Text: text})
			return nil
		}
		// Not allowed to post there (e.g. the bot is not a member): answer
		// the command itself instead.
		s.log.Warn("quiz post failed, replying to the command instead", "channel", channel, "err", err)
		return s.replyWithQuestion(ctx, p, reply, nil, st)
	}
	before, err := s.revealAll(ctx, channel, nil)
	if err != nil {
		return err
	}
	if err := s.store.CreatePost(ctx, p); err != nil {
		return err
	}
	return s.replyWithQuestion(ctx, p, reply, before, st)
}

// replyWithQuestion sends the question (after any reveal texts) as the
// command's reply and records it as posted.
func (s *Service) replyWithQuestion(ctx context.Context, p store.Post, reply bot.Reply, before []bot.Reply, st bot.Stream) error {
	if err := s.store.MarkPosted(ctx, p.ID, "", s.opts.Clock()); err != nil {
		return err
	}
	var parts []string
	for _, r := range before {
		parts = append(parts, r.Text)
		reply.Sources = append(reply.Sources, r.Sources...)
	}
	reply.Text = strings.Join(append(parts, reply.Text), "\n\n")
	st.Done(reply)
	return nil
}

// revealNow answers `quiz answer`: it reveals the channel's open question
// in the command's reply.
func (s *Service) revealNow(ctx context.Context, req bot.Request, st bot.Stream) error {
	replies, err := s.revealAll(ctx, req.ChannelKey(), s.Platform(req.Platform))
	if err != nil {
		return err
	}
	if len(replies) == 0 {
		st.Done(bot.Reply{Ephemeral: true, Lang: req.Lang, Text: req.Lang.Pick(
			"答え合わせする問題がありません。`/backend-tip quiz` で出題できます。",
			"There is no open question. Post one with `/backend-tip quiz`.")})
		return nil
	}
	out := bot.Reply{Lang: replies[0].Lang}
	var texts []string
	for _, r := range replies {
		texts = append(texts, r.Text)
		out.Sources = append(out.Sources, r.Sources...)
	}
	out.Text = strings.Join(texts, "\n\n")
	st.Done(out)
	return nil
}

func (s *Service) unsubscribe(ctx context.Context, req bot.Request, st bot.Stream) error {
	if _, ok, err := s.mayChange(ctx, req, st); !ok {
		return err
	}
	removed, err := s.store.DeleteSubscription(ctx, req.ChannelKey())
	if err != nil {
		return err
	}
	text := req.Lang.Pick("毎日のクイズを停止しました。", "Daily quiz stopped for this channel.")
	if !removed {
		text = req.Lang.Pick("このチャンネルには毎日のクイズが登録されていません。", "This channel has no daily quiz.")
	}
	st.Done(bot.Reply{Lang: req.Lang, Text: text})
	return nil
}

// mayChange returns the channel's schedule (nil when it has none) and true
// when req's member may schedule, change or stop it (Moderators); when not,
// it has answered with the refusal.
func (s *Service) mayChange(ctx context.Context, req bot.Request, st bot.Stream) (*store.Subscription, bool, error) {
	sub, err := s.currentSubscription(ctx, req.ChannelKey())
	if err != nil {
		return nil, false, err
	}
	if !s.mods.MayChange(req, sub) {
		st.Done(s.mods.Refusal(req, sub))
		return nil, false, nil
	}
	return sub, true, nil
}

// currentSubscription returns the channel's schedule, nil when it has none.
func (s *Service) currentSubscription(ctx context.Context, channel string) (*store.Subscription, error) {
	sub, err := s.store.Subscription(ctx, channel)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &sub, nil
}

// periodStart is where a leaderboard period starts at now in loc: the
// week's Monday, the month's first day (local midnight), or zero for all.
func periodStart(period string, now time.Time, loc *time.Location) time.Time {
	local := now.In(loc)
	switch period {
	case "week":
		back := (int(local.Weekday()) + 6) % 7 // days since Monday
		return time.Date(local.Year(), local.Month(), local.Day()-back, 0, 0, 0, 0, loc)
	case "month":
		return time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, loc)
	}
	return time.Time{}
}

var periodWords = map[string]string{
	"": "week", "week": "week", "weekly": "week", "今週": "week", "週": "week",
	"month": "month", "monthly": "month", "今月": "month", "月": "month",
	"all": "all", "alltime": "all", "all-time": "all", "全期間": "all",
}

// leaderboard shows the channel's board for a period (default week) in the
// channel's zone: most right answers to revealed posts, ties by streak,
// then by who answered first.
func (s *Service) leaderboard(ctx context.Context, req bot.Request, args []string, st bot.Stream) error {
	lang := req.Lang
	word := ""
	if len(args) > 0 {
		word = strings.ToLower(args[0])
	}
	period, ok := periodWords[word]
	if !ok || len(args) > 1 {
		st.Done(bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick("使い方: `/backend-tip quiz leaderboard [week|month|all]`",
			"Usage: `/backend-tip quiz leaderboard [week|month|all]`")})
		return nil
	}
	zone := s.opts.Zone
	if sub, err := s.currentSubscription(ctx, req.ChannelKey()); err != nil {
		return err
	} else if sub != nil {
		zone = sub.Zone
	}
	loc, err := s.location(zone)
	if err != nil {
		return fmt.Errorf("leaderboard zone %q: %w", zone, err)
	}
	since := periodStart(period, s.opts.Clock(), loc)
	scores, err := s.store.PeriodLeaderboard(ctx, req.ChannelKey(), since, leaderboardSize)
	if err != nil {
		return err
	}
	title := map[string][2]string{
		"week":  {"今週のリーダーボード", "Leaderboard this week"},
		"month": {"今月のリーダーボード", "Leaderboard this month"},
		"all":   {"リーダーボード（全期間）", "Leaderboard, all time"},
	}[period]
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**", lang.Pick(title[0], title[1]))
	if !since.IsZero() {
		fmt.Fprintf(&b, " (%s〜, %s)", since.Format("2006-01-02"), zone)
	}
	b.WriteString("\n")
	if len(scores) == 0 {
		b.WriteString(lang.Pick("この期間の成績はまだありません。クイズに答えて答え合わせされるとここに載ります。",
			"No scores in this period yet. Answer a quiz; once it is revealed you are on the board."))
		st.Done(bot.Reply{Lang: lang, Text: b.String()})
		return nil
	}
	for i, sc := range scores {
		name := sc.UserName
		if name == "" {
			name = sc.UserID
		}
		fmt.Fprintf(&b, "%d. %s: %s\n", i+1, bot.DefuseMentions(name), lang.Pick(
			fmt.Sprintf("正解 %d/%d · 連続正解 %d (最高 %d)", sc.Correct, sc.Answered, sc.Streak, sc.BestStreak),
			fmt.Sprintf("%d/%d correct · streak %d (best %d)", sc.Correct, sc.Answered, sc.Streak, sc.BestStreak)))
	}
	b.WriteString(lang.Pick("同点は連続正解、次に早く答えた人が上です。", "Ties go to the longer streak, then to whoever answered first."))
	st.Done(bot.Reply{Lang: lang, Text: b.String()})
	return nil
}

// Click records a member's answer from a button ("quiz:<post>:<n>") and
// tells only them; changing the answer before the reveal is allowed.
func (s *Service) Click(ctx context.Context, c bot.Click) (bot.Reply, error) {
	inactive := bot.Reply{Ephemeral: true, Text: "This question is closed. / この問題は締め切られました。"}
	rest, ok := strings.CutPrefix(c.ActionID, ClickPrefix)
	postID, choiceText, ok2 := strings.Cut(rest, ":")
	if ok && ok2 && choiceText == writeChoice && c.UserID != "" {
		return s.writeClick(ctx, c, postID, inactive)
	}
	choice, err := strconv.Atoi(choiceText)
	if !ok || !ok2 || err != nil || choice < 0 || c.UserID == "" {
		return inactive, nil
	}
	p, q, ok, err := s.clickedPost(ctx, c, postID)
	if err != nil {
		return bot.Reply{}, err
	}
	if !ok || choice >= len(q.Choices) {
		return inactive, nil
	}
	lang := p.Lang
	prev, err := s.store.RecordAnswer(ctx, store.Answer{PostID: p.ID, UserID: c.UserID, UserName: c.UserName, Choice: choice, At: s.opts.Clock()})
	if errors.Is(err, store.ErrRevealed) {
		return bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick("この問題はもう答え合わせ済みです。", "This question has already been revealed.")}, nil
	}
	if err != nil {
		return bot.Reply{}, err
	}
	// The answer also feeds the member's review schedule (same post: a
	// changed answer replaces the earlier one there too).
	if err := s.store.RecordStudy(ctx, store.StudyAnswer{Learner: c.Platform + ":" + c.UserID, Ref: p.ID, Channel: p.Channel,
		ItemID: q.ID, Source: store.SourceQuiz, UserName: c.UserName, Correct: choice == q.Correct(), At: s.opts.Clock()}); err != nil {
		s.log.Warn("review schedule not updated", "post", p.ID, "err", err)
	}
	text := lang.Pick(fmt.Sprintf("回答 %s を記録しました。答え合わせまで変更できます。", letter(choice)),
		fmt.Sprintf("Your answer %s is recorded. You can change it until the reveal.", letter(choice)))
	if prev >= 0 && prev != choice {
		text = lang.Pick(fmt.Sprintf("回答を %s から %s に変更しました。", letter(prev), letter(choice)),
			fmt.Sprintf("Changed your answer from %s to %s.", letter(prev), letter(choice)))
	}
	return bot.Reply{Ephemeral: true, Lang: lang, Text: text}, nil
}

// writeClick routes the Answer button of an open question (and its form's
// submission) from the post's own channel.
func (s *Service) writeClick(ctx context.Context, c bot.Click, postID string, inactive bot.Reply) (bot.Reply, error) {
	p, q, ok, err := s.clickedPost(ctx, c, postID)
	if err != nil {
		return bot.Reply{}, err
	}
	if !ok || q.MultipleChoice() {
		return inactive, nil
	}
	return s.openClick(ctx, c, p, q)
}

// clickedPost finds the post a click names and its question. ok is false
// when there is none, or when the click comes from another channel than
// the post's: forged ids from elsewhere change nothing.
func (s *Service) clickedPost(ctx context.Context, c bot.Click, postID string) (p store.Post, q content.QuizQuestion, ok bool, err error) {
	p, err = s.store.Post(ctx, postID)
	if errors.Is(err, store.ErrNotFound) {
		return p, q, false, nil
	}
	if err != nil {
		return p, q, false, err
	}
	q, known := s.byID[p.QuestionID]
	return p, q, known && p.Channel == c.ChannelKey(), nil
}
