package slack

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/backend-tip/backend-tip/bot"
)

// HomeSource tells the Home tab what to show a user; the quiz service
// implements it from the store (scores, streaks, schedules, roadmap).
type HomeSource interface {
	Home(ctx context.Context, platform, userID string, lang bot.Lang) (bot.Home, error)
}

// Home tab button actions: they run the command in the user's DM with the
// bot, whose channel id is the button's value.
const (
	homePrefix = "home:"
	homeQuiz   = homePrefix + "quiz"
	homeTip    = homePrefix + "tip"
)

// homeOpened publishes the user's Home tab (views.publish) when they open it.
func (a *Adapter) homeOpened(ctx context.Context, ev *slackevents.AppHomeOpenedEvent) {
	if ev.Tab != "home" || ev.User == "" {
		return
	}
	a.seenDM(ev.User, ev.Channel) // the App Home's channel is the bot's DM with the user
	lang := a.userLang(ctx, ev.User)
	var home bot.Home
	if a.opts.Home != nil {
		h, err := a.opts.Home.Home(ctx, platformName, ev.User, lang)
		if err != nil {
			a.log.Warn("home summary unavailable; publishing the buttons only", "err", err)
		}
		home = h
	}
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: homeBlocks(home, lang, ev.Channel)}}
	err := a.retry(ctx, "views.publish", func() error {
		_, err := a.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: ev.User, View: view})
		return err
	})
	if err != nil {
		a.log.Error("publish home tab", "user", ev.User, "err", err)
	}
}

// homeBlocks renders the Home tab. Views do not take markdown blocks, so
// it is mrkdwn sections; all text is ours or escaped.
func homeBlocks(h bot.Home, lang bot.Lang, dm string) []slack.Block {
	blocks := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "backend-tip", false, false)),
		slack.NewSectionBlock(mrkdwnText(lang.Pick(
			"バックエンド開発ガイドで学ぶための場所です。DM やアシスタント画面で質問すると、ガイドの節を引用して答えます。",
			"Your place to learn from the backend developer guide. Ask in a DM or the assistant view and the answer cites the guide's sections.")), nil, nil),
		slack.NewDividerBlock(),
		slack.NewSectionBlock(mrkdwnText(lang.Pick(
			fmt.Sprintf("*クイズの成績*\n連続正解: *%d* 日（最高 %d）\n正解: %d / %d", h.Streak, h.BestStreak, h.Correct, h.Answered),
			fmt.Sprintf("*Your quiz record*\nStreak: *%d* (best %d)\nCorrect: %d of %d", h.Streak, h.BestStreak, h.Correct, h.Answered))), nil, nil),
	}
	var subs []string
	for i, s := range h.Schedules {
		if i == 20 {
			subs = append(subs, "…")
			break
		}
		subs = append(subs, fmt.Sprintf("• <#%s> %s", s.ChannelID, Escape(s.When)))
	}
	if len(subs) == 0 {
		subs = append(subs, lang.Pick("まだありません。チャンネルで `/backend-tip quiz daily 09:00` と送ると毎日クイズが届きます。",
			"None yet. Send `/backend-tip quiz daily 09:00` in a channel for a daily quiz."))
	}
	blocks = append(blocks, slack.NewSectionBlock(mrkdwnText(lang.Pick("*毎日のクイズ*\n", "*Daily quizzes*\n")+strings.Join(subs, "\n")), nil, nil))
	if h.StudyDays > 0 {
		blocks = append(blocks, slack.NewContextBlock("study", mrkdwnText(lang.Pick(
			fmt.Sprintf("📚 連続学習 %d 日", h.StudyDays), fmt.Sprintf("📚 Studied %d day(s) in a row", h.StudyDays)))))
	}
	if h.NextStep != "" {
		step := Escape(h.NextStep)
		if h.NextStepGoal != "" || h.NextStepCommand != "" {
			step = fmt.Sprintf("*%s*", step)
		}
		if h.NextStepGoal != "" {
			step += "\n" + Escape(bot.Truncate(h.NextStepGoal, 300))
		}
		if h.NextStepCommand != "" {
			step += "\n`/backend-tip " + Escape(h.NextStepCommand) + "`"
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwnText(lang.Pick("*次のロードマップ*\n", "*Next on the roadmap*\n")+step), nil, nil))
	}
	quiz := slack.NewButtonBlockElement(homeQuiz, dm, slack.NewTextBlockObject(slack.PlainTextType, lang.Pick("今日のクイズ", "Today's quiz"), true, false)).WithStyle(slack.StylePrimary)
	tip := slack.NewButtonBlockElement(homeTip, dm, slack.NewTextBlockObject(slack.PlainTextType, lang.Pick("ヒントを見る", "Get a tip"), true, false))
	return append(blocks, slack.NewActionBlock("home-actions", quiz, tip))
}

// homeAction runs a Home tab button's command in the user's DM with the bot.
func (a *Adapter) homeAction(ctx context.Context, cb slack.InteractionCallback, act *slack.BlockAction) {
	dm := act.Value
	if !strings.HasPrefix(dm, "D") {
		a.log.Warn("home button without the DM channel", "action", act.ActionID)
		return
	}
	text := strings.TrimPrefix(act.ActionID, homePrefix)
	req := bot.Request{
		Origin: callbackOrigin(cb, dm),
		Text:   text,
		Kind:   bot.KindCommand,
		Lang:   a.userLang(ctx, cb.User.ID),
	}
	a.runRequest(ctx, req, a.newStream(ctx, target{channel: dm, user: cb.User.ID, team: cb.Team.ID}, ""))
}
