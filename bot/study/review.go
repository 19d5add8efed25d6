package study

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/content"
)

// maxDueListed bounds the due items a review lists.
const maxDueListed = 10

// maxButtonLabel keeps labels inside Slack's 75 and Discord's 80 characters.
const maxButtonLabel = 70

var letters = []string{"A", "B", "C", "D", "E", "F"}

// HandleReview answers `quiz review` (the member's due items, privately),
// `quiz review daily HH:MM [zone]` (opt-in DM when items are due) and
// `quiz review stop` (no more DMs).
func (s *Service) HandleReview(ctx context.Context, req bot.Request, args string, st bot.Stream) error {
	sub, rest := bot.FirstWord(args)
	switch sub {
	case "":
		reply, err := s.dueReply(ctx, req.Platform, req.UserID, req.Lang)
		if err != nil {
			return err
		}
		st.Done(reply)
	case "daily":
		return s.remind(ctx, req, rest, st)
	case "stop", "off":
		removed, err := s.store.DeleteReminder(ctx, learner(req.Platform, req.UserID))
		if err != nil {
			return err
		}
		text := req.Lang.Pick("復習のお知らせを止めました。", "Review reminders stopped.")
		if !removed {
			text = req.Lang.Pick("復習のお知らせは登録されていません。", "You have no review reminder.")
		}
		st.Done(bot.Reply{Ephemeral: true, Lang: req.Lang, Text: text})
	default:
		st.Done(bot.Reply{Ephemeral: true, Lang: req.Lang, Text: req.Lang.Pick(
			"使い方: `/backend-tip quiz review` (期限の来た復習) · `quiz review daily 08:30 [Asia/Tokyo]` (毎日DMでお知らせ) · `quiz review stop`",
			"Usage: `/backend-tip quiz review` (your due items) · `quiz review daily 08:30 [Europe/Berlin]` (a daily DM when items are due) · `quiz review stop`")})
	}
	return nil
}

// dueReply lists the member's due items and asks the first one. It is
// ephemeral: a review is the member's own business.
func (s *Service) dueReply(ctx context.Context, platform, userID string, lang bot.Lang) (bot.Reply, error) {
	now := s.opts.Clock()
	due, err := s.store.DueReviews(ctx, learner(platform, userID), now, maxDueListed+1)
	if err != nil {
		return bot.Reply{}, err
	}
	var items []store.ReviewItem
	for _, it := range due {
		if _, ok := s.byID[it.ItemID]; ok { // items gone from the bank are skipped
			items = append(items, it)
		}
	}
	if len(items) == 0 {
		next := lang.Pick("クイズに答えると、間違えた問題がここに戻ってきます。", "Answer quizzes: the ones you miss come back here.")
		if all, err := s.store.Reviews(ctx, learner(platform, userID)); err == nil && len(all) > 0 {
			next = lang.Pick("次の復習: "+all[0].Due.In(s.zone()).Format("2006-01-02 15:04"), "Next review: "+all[0].Due.In(s.zone()).Format("Mon 2006-01-02 15:04"))
		}
		return bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick("今日の復習はありません。", "Nothing to review right now.") + " " + next}, nil
	}
	var b strings.Builder
	more := ""
	if len(items) > maxDueListed {
		items, more = items[:maxDueListed], "+"
	}
	fmt.Fprintf(&b, "%s\n", lang.Pick(fmt.Sprintf("**復習** (期限の来た問題 %d%s件)", len(items), more), fmt.Sprintf("**Review** (%d%s due)", len(items), more)))
	for i, it := range items {
		q := s.byID[it.ItemID]
		state := lang.Pick("前回は不正解", "missed last time")
		if it.Box > 0 {
			state = lang.Pick(fmt.Sprintf("定着度 %d/%d", it.Box, store.MaxBox), fmt.Sprintf("box %d of %d", it.Box, store.MaxBox))
		}
		fmt.Fprintf(&b, "%d. %s (%s)\n", i+1, bot.Truncate(pick(lang, q.Question), 90), state)
	}
	b.WriteString("\n")
	ask := s.reviewQuestion(s.byID[items[0].ItemID], items[0], lang)
	ask.Text = b.String() + ask.Text
	return ask, nil
}

// reviewQuestion asks one item privately: its options as buttons, or for an
// open item the key points to compare with and a self-grade.
func (s *Service) reviewQuestion(q content.QuizQuestion, it store.ReviewItem, lang bot.Lang) bot.Reply {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n", lang.Pick("**復習問題**", "**Review question**"), pick(lang, q.Question))
	r := bot.Reply{Ephemeral: true, Lang: lang}
	stamp := strconv.FormatInt(it.Due.Unix(), 36)
	if q.MultipleChoice() {
		for n, c := range q.Choices {
			fmt.Fprintf(&b, "%s) %s\n", letters[n], pick(lang, c))
			r.Buttons = append(r.Buttons, bot.Button{ActionID: reviewAction(q.ID, stamp, lang, n), Label: bot.Truncate(letters[n]+") "+pick(lang, c), maxButtonLabel)})
		}
		b.WriteString(lang.Pick("ボタンで回答してください。", "Answer with a button."))
	} else {
		b.WriteString(lang.Pick("頭の中で（または紙に）答えてから、ポイントと比べてください:\n", "Answer in your head (or on paper), then compare with the key points:\n"))
		for _, p := range pickList(lang, q.KeyPoints) {
			fmt.Fprintf(&b, "• %s\n", p)
		}
		r.Buttons = []bot.Button{
			{ActionID: reviewAction(q.ID, stamp, lang, 1), Label: lang.Pick("ほぼ言えた", "I had most of it"), Style: "primary"},
			{ActionID: reviewAction(q.ID, stamp, lang, 0), Label: lang.Pick("言えなかった", "I missed points")},
		}
	}
	r.Text = strings.TrimRight(b.String(), "\n")
	return r
}

// reviewAction is "review:<item>:<due stamp>:<lang>:<n>" (well under
// Discord's 100 bytes). The stamp makes a double click on the same shown
// item one answer, not two; lang keeps the reply in the member's language.
func reviewAction(itemID, stamp string, lang bot.Lang, n int) string {
	return fmt.Sprintf("%s%s:%s:%s:%d", ClickPrefix, itemID, stamp, lang, n)
}

// ReviewClick records a review answer, says whether it was right with the
// explanation, and asks the next due item.
func (s *Service) ReviewClick(ctx context.Context, c bot.Click) (bot.Reply, error) {
	inactive := bot.Reply{Ephemeral: true, Text: "This review item is no longer active. / この復習問題は無効です。"}
	parts := strings.Split(strings.TrimPrefix(c.ActionID, ClickPrefix), ":")
	if len(parts) != 4 || c.UserID == "" {
		return inactive, nil
	}
	q, ok := s.byID[parts[0]]
	n, err := strconv.Atoi(parts[3])
	if !ok || err != nil || n < 0 || (q.MultipleChoice() && n >= len(q.Choices)) || (!q.MultipleChoice() && n > 1) {
		return inactive, nil
	}
	lang := bot.Japanese
	if parts[2] == string(bot.English) {
		lang = bot.English
	}
	right := n == 1
	if q.MultipleChoice() {
		right = n == q.Correct()
	}
	now := s.opts.Clock()
	err = s.store.RecordStudy(ctx, store.StudyAnswer{Learner: learner(c.Platform, c.UserID), Ref: "rv:" + q.ID + ":" + parts[1],
		Channel: c.ChannelKey(), ItemID: q.ID, Source: store.SourceReview, UserName: c.UserName, Correct: right, At: now})
	if err != nil {
		return bot.Reply{}, err
	}
	var b strings.Builder
	switch {
	case q.MultipleChoice() && right:
		fmt.Fprintf(&b, "✅ %s %s) %s\n", lang.Pick("正解:", "Right:"), letters[n], pick(lang, q.Choices[n]))
	case q.MultipleChoice():
		c := q.Correct()
		fmt.Fprintf(&b, "❌ %s %s) %s\n", lang.Pick("正解は", "The answer is"), letters[c], pick(lang, q.Choices[c]))
	case right:
		b.WriteString(lang.Pick("✅ 次は間隔をあけて出題します。\n", "✅ It comes back after a longer break.\n"))
	default:
		b.WriteString(lang.Pick("❌ 今日のうちにもう一度出題します。\n", "❌ It comes back later today.\n"))
	}
	if q.MultipleChoice() {
		fmt.Fprintf(&b, "%s %s\n", lang.Pick("解説:", "Why:"), pick(lang, q.Explanation))
	}
	if len(q.Sections) > 0 {
		fmt.Fprintf(&b, "📖 %s「%s」\n", lang.Pick("ガイド", "Guide"), s.sectionTitle(q.Sections[0], lang))
	}
	next, err := s.dueReply(ctx, c.Platform, c.UserID, lang)
	if err != nil {
		return bot.Reply{}, err
	}
	next.Text = b.String() + "\n" + next.Text
	return next, nil
}

func (s *Service) zone() *time.Location {
	loc, err := time.LoadLocation(s.opts.Zone)
	if err != nil {
		return time.UTC
	}
	return loc
}
