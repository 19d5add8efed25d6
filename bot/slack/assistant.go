package slack

import (
	"context"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/backend-tip/backend-tip/bot"
)

// directMessage answers a message in the bot's DM (the Messages tab, and
// the assistant view's threads, which live there too) like a mention,
// without needing an @. Edits, joins, bot messages and the bot's own are
// ignored; a message that also arrived as an app_mention is answered once.
func (a *Adapter) directMessage(ctx context.Context, eventID, teamID string, ev *slackevents.MessageEvent) {
	if ev.ChannelType != "im" || !personMessage[ev.SubType] || ev.BotID != "" || ev.User == "" {
		return
	}
	if _, err := a.identity(ctx); err != nil {
		a.log.Warn("unknown bot identity", "err", err)
	}
	if a.isSelf(ev.User, ev.BotID) || strings.TrimSpace(ev.Text) == "" || !a.firstAnswer(ctx, ev.Channel, ev.TimeStamp) {
		return
	}
	a.seenDM(ev.User, ev.Channel) // message.im comes only from the bot's own DMs
	c := conversation{
		eventID: eventID, team: teamID, channel: ev.Channel, user: ev.User,
		ts: ev.TimeStamp, threadTS: ev.ThreadTimeStamp, text: ev.Text, dm: true,
	}
	if ev.ThreadTimeStamp != "" && ev.ThreadTimeStamp != ev.TimeStamp {
		// One read of the thread (conversations.replies is Tier 3) serves
		// both the history and whether this is the thread's first question,
		// which names it in the assistant's history list.
		c.history, c.historyRead = a.history(ctx, ev.Channel, ev.ThreadTimeStamp, ev.TimeStamp), true
		if !hasQuestion(c.history) {
			a.setTitle(ctx, ev.Channel, ev.ThreadTimeStamp, a.questionText(ev.Text))
		}
	}
	a.converse(ctx, c)
}

// personMessage are the message subtypes a person asks with: a plain
// message (""), one with a file or screenshot attached (file_share: its
// text is the question), a thread reply also sent to the conversation
// (thread_broadcast). Every other subtype is an edit, a deletion, a bot's
// message or a conversation event.
var personMessage = map[string]bool{"": true, "file_share": true, "thread_broadcast": true}

// hasQuestion reports whether someone other than the bot wrote in the thread.
func hasQuestion(history []bot.Turn) bool {
	for _, t := range history {
		if !t.FromBot {
			return true
		}
	}
	return false
}

// maxTitleRunes keeps a thread title to one line of the history list.
const maxTitleRunes = 60

func (a *Adapter) setTitle(ctx context.Context, channel, threadTS, question string) {
	title := bot.Truncate(strings.Join(strings.Fields(bot.DefuseMentions(question)), " "), maxTitleRunes)
	if title == "" {
		return
	}
	err := a.api.SetAssistantThreadsTitleContext(ctx, slack.AssistantThreadsSetTitleParameters{
		ChannelID: channel, ThreadTS: threadTS, Title: title,
	})
	if err != nil {
		a.log.Warn("assistant.threads.setTitle", "err", err)
	}
}

// assistantThreadStarted offers suggested prompts when someone opens a new
// assistant thread (Slack shows at most four), in the user's language.
func (a *Adapter) assistantThreadStarted(ctx context.Context, ev *slackevents.AssistantThreadStartedEvent) {
	th := ev.AssistantThread
	if th.ChannelID == "" || th.ThreadTimeStamp == "" {
		return
	}
	lang := a.userLang(ctx, th.UserID)
	params := slack.AssistantThreadsSetSuggestedPromptsParameters{
		ChannelID: th.ChannelID, ThreadTS: th.ThreadTimeStamp,
		Title: lang.Pick("バックエンド開発ガイドに質問してみましょう", "Ask the backend developer guide"),
	}
	for _, p := range suggestedPrompts(lang) {
		params.AddPrompt(p.title, p.message)
	}
	if err := a.api.SetAssistantThreadsSuggestedPromptsContext(ctx, params); err != nil {
		a.log.Warn("assistant.threads.setSuggestedPrompts", "err", err)
	}
}

type prompt struct{ title, message string }

// suggestedPrompts are the four starting points of a new assistant thread.
// Each message is what the user sends by picking it: commands the router
// knows, or a question.
func suggestedPrompts(lang bot.Lang) []prompt {
	return []prompt{
		{lang.Pick("今日のクイズ", "Today's quiz"), "quiz"},
		{lang.Pick("学習ロードマップ Step 1", "Learning roadmap, step 1"), "roadmap 1"},
		{lang.Pick("今日のヒント", "A tip for today"), "tip"},
		{lang.Pick("システム設計面接の準備", "System design interviews"),
			lang.Pick("システム設計面接はどう準備すればいいですか？", "How do I prepare for a system design interview?")},
	}
}
