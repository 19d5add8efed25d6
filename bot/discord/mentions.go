package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
)

// maxHistory bounds how many earlier messages become the question's history.
const maxHistory = 10

// onMessageCreate answers messages that mention the bot, and every message
// in a DM with the bot, as a reply to that message. Discord sends the
// content of both without the privileged MESSAGE_CONTENT intent.
func (a *Adapter) onMessageCreate(_ *discordgo.Session, ev *discordgo.MessageCreate) {
	if ev == nil || ev.Message == nil || ev.Author == nil || ev.Author.Bot {
		return
	}
	self := a.self()
	dm := ev.GuildID == ""
	role := a.botRole(ev.GuildID)
	if self == "" || ev.Author.ID == self || (!dm && !mentions(ev.Message, self) && !mentionsRole(ev.Message, role)) {
		return
	}
	m := ev.Message
	a.goWork("mention", func(ctx context.Context) {
		release, err := a.rt.Acquire(ctx)
		if err != nil {
			a.log.Warn("mention dropped waiting for a free worker", "message", m.ID, "err", err)
			return
		}
		defer release()
		a.answerMention(ctx, m, self)
	})
}

func mentions(m *discordgo.Message, self string) bool {
	return slices.ContainsFunc(m.Mentions, func(u *discordgo.User) bool { return u != nil && u.ID == self })
}

// answerMention shows a typing indicator, gathers the history, and streams
// the router's answer into a reply.
func (a *Adapter) answerMention(ctx context.Context, m *discordgo.Message, self string) {
	surf := &replySurface{a: a, channelID: m.ChannelID, guildID: m.GuildID, replyTo: m.ID, asker: m.Author.ID}
	if unreadableReference(m, self) {
		// "reply + @bot explain this": without MESSAGE_CONTENT the message
		// pointed at arrives empty. Say how to ask about it instead of
		// answering a question that has lost its subject.
		lang := bot.DetectLang(stripMention(m.Content, self))
		if err := surf.Finish(ctx, bot.Reply{Lang: lang, Text: lang.Pick(
			"返信先のメッセージはボットには読めません。そのメッセージを右クリック（長押し）して「アプリ」>「"+askMessageNameJA+"」を選ぶと、その内容について答えます。",
			"I can't read the message you replied to (Discord doesn't show it to bots). Right-click (or long-press) it and pick Apps > "+askMessageName+" to ask about it.")}); err != nil {
			a.log.Warn("discord reply failed", "message", m.ID, "err", err)
		}
		return
	}
	typingCtx, stopTyping := context.WithCancel(ctx)
	defer stopTyping()
	surf.onFirstPost = stopTyping
	a.typing(typingCtx, m.ChannelID)
	go a.keepTyping(typingCtx, m.ChannelID)

	history, thread := a.history(ctx, m, self)
	req := bot.Request{
		Origin: bot.Origin{
			ID:        m.ID,
			Platform:  "discord",
			TeamID:    m.GuildID,
			ChannelID: m.ChannelID,
			UserID:    m.Author.ID,
			UserName:  displayName(m.Author),
		},
		ThreadID: thread,
		Text:     stripRole(stripMention(m.Content, self), a.botRole(m.GuildID)),
		Kind:     bot.KindMention,
		History:  history,
		DM:       m.GuildID == "", // a DM with the bot: every message is for it
	}
	st := a.newStream(surf, a.log.With("message", m.ID))
	st.Start(ctx)
	a.opts.Router.Handle(ctx, req, st)
	st.Done(bot.Apology("")) // no-op unless Handle returned without replying
	<-st.Wait()
}

// keepTyping renews "bot is typing…" until ctx ends; Discord shows it for
// about ten seconds per call. The first call is made before answering.
func (a *Adapter) keepTyping(ctx context.Context, channelID string) {
	for bot.Sleep(ctx, 8*time.Second) == nil {
		a.typing(ctx, channelID)
	}
}

func (a *Adapter) typing(ctx context.Context, channelID string) {
	if err := a.session.ChannelTyping(channelID, discordgo.WithContext(ctx)); err != nil && ctx.Err() == nil {
		a.log.Debug("discord typing indicator failed", "err", err)
	}
}

// stripMention removes the bot's own mention from the question.
func stripMention(content, self string) string {
	for _, tag := range []string{"<@" + self + ">", "<@!" + self + ">"} {
		content = strings.ReplaceAll(content, tag, " ")
	}
	return strings.TrimSpace(content)
}

// history returns earlier turns, oldest first: the reply chain when the
// message replies to another, else the thread's recent messages when it is
// in a thread. thread is the thread's channel id, if any.
func (a *Adapter) history(ctx context.Context, m *discordgo.Message, self string) (turns []bot.Turn, thread string) {
	if m.MessageReference != nil && m.MessageReference.MessageID != "" {
		return a.replyChain(ctx, m, self), ""
	}
	ch, err := a.channel(ctx, m.ChannelID)
	if err != nil {
		a.log.Debug("discord channel lookup failed", "err", err)
		return nil, ""
	}
	if !ch.IsThread() {
		return nil, ""
	}
	msgs, err := a.session.ChannelMessages(m.ChannelID, maxHistory, m.ID, "", "", discordgo.WithContext(ctx))
	if err != nil {
		a.log.Warn("discord thread history failed", "err", err)
		return nil, m.ChannelID
	}
	slices.Reverse(msgs) // Discord lists newest first
	return toTurns(msgs, self), m.ChannelID
}

// replyChain follows message references back from m, at most maxHistory.
func (a *Adapter) replyChain(ctx context.Context, m *discordgo.Message, self string) []bot.Turn {
	var chain []*discordgo.Message
	cur := m
	for len(chain) < maxHistory && cur.MessageReference != nil && cur.MessageReference.MessageID != "" {
		next := cur.ReferencedMessage
		if next == nil {
			ref := cur.MessageReference
			channelID := ref.ChannelID
			if channelID == "" {
				channelID = cur.ChannelID
			}
			var err error
			next, err = a.session.ChannelMessage(channelID, ref.MessageID, discordgo.WithContext(ctx))
			if err != nil {
				a.log.Debug("discord reply chain ends", "err", err)
				break
			}
		}
		chain = append(chain, next)
		cur = next
	}
	slices.Reverse(chain)
	return toTurns(chain, self)
}

// toTurns keeps messages with text; without MESSAGE_CONTENT, messages that
// do not mention the bot arrive empty and are skipped.
func toTurns(msgs []*discordgo.Message, self string) []bot.Turn {
	var turns []bot.Turn
	for _, m := range msgs {
		if m == nil || m.Author == nil || m.Type == discordgo.MessageTypeThreadStarterMessage {
			continue
		}
		text := strings.TrimSpace(stripMention(m.Content, self))
		if text == "" {
			continue
		}
		turns = append(turns, bot.Turn{FromBot: m.Author.ID == self, Author: m.Author.ID, Text: text})
	}
	return turns
}

// channel returns a channel from the gateway state, else from REST.
func (a *Adapter) channel(ctx context.Context, id string) (*discordgo.Channel, error) {
	if ch, err := a.session.State.Channel(id); err == nil {
		return ch, nil
	}
	ch, err := a.session.Channel(id, discordgo.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("channel %s: %w", id, err)
	}
	return ch, nil
}

// replySurface shows an answer as a reply message that is edited while it
// streams; parts beyond 2000 characters become further messages.
type replySurface struct {
	a           *Adapter
	channelID   string
	guildID     string
	replyTo     string
	asker       string // the user asked, named when a reply cannot be one
	messageID   string // the first reply, once posted
	onFirstPost func()
	// plain is set once Discord refused a reply (message_reference)
	// because the bot lacks Read Message History in the channel: later
	// parts go without the reference, and the first starts with the
	// asker's mention (which pings nobody: allowed_mentions is empty).
	plain bool
}

func (s *replySurface) Edit(ctx context.Context, text string) error {
	return s.put(ctx, preview(text), nil, nil)
}

func (s *replySurface) Finish(ctx context.Context, r bot.Reply) error {
	// Room for the asker's mention, should the first part go out as a
	// plain message (named): no part loses its end to it.
	ren := renderWithin(r, maxContent-maxNamePrefix)
	for k, chunk := range ren.chunks {
		var embeds []*discordgo.MessageEmbed
		var comps []discordgo.MessageComponent
		if ren.last(k) {
			embeds, comps = ren.embeds, ren.components
		}
		if k == 0 {
			if err := s.put(ctx, chunk, embeds, comps); err != nil {
				return err
			}
			continue
		}
		if _, err := s.send(ctx, chunk, embeds, comps); err != nil {
			return fmt.Errorf("reply part %d of %d: %w", k+1, len(ren.chunks), err)
		}
	}
	return nil
}

// put posts the first reply or edits it.
func (s *replySurface) put(ctx context.Context, content string, embeds []*discordgo.MessageEmbed, comps []discordgo.MessageComponent) error {
	if s.messageID == "" {
		msg, err := s.send(ctx, content, embeds, comps)
		if err != nil {
			return fmt.Errorf("post reply: %w", err)
		}
		s.messageID = msg.ID
		if s.onFirstPost != nil {
			s.onFirstPost()
		}
		return nil
	}
	content = s.named(content)
	edit := &discordgo.MessageEdit{ID: s.messageID, Channel: s.channelID, Content: &content, AllowedMentions: noMentions()}
	if embeds != nil {
		edit.Embeds = &embeds
	}
	if comps != nil {
		edit.Components = &comps
	}
	if _, err := s.a.session.ChannelMessageEditComplex(edit, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("edit reply: %w", err)
	}
	return nil
}

// send posts a message replying to the user's message. A reply needs Read
// Message History in the channel; without it Discord refuses the reference
// (403, code 50013), and the message goes out once more as a plain one.
func (s *replySurface) send(ctx context.Context, content string, embeds []*discordgo.MessageEmbed, comps []discordgo.MessageComponent) (*discordgo.Message, error) {
	msg := &discordgo.MessageSend{Content: content, Embeds: embeds, Components: comps, AllowedMentions: noMentions()}
	if !s.plain {
		msg.Reference = &discordgo.MessageReference{MessageID: s.replyTo, ChannelID: s.channelID, GuildID: s.guildID, FailIfNotExists: new(false)}
		sent, err := s.a.session.ChannelMessageSendComplex(s.channelID, msg, discordgo.WithContext(ctx))
		if !isMissingPermissions(err) {
			return sent, err
		}
		s.a.log.Info("discord refused a reply (no Read Message History?); answering without the reference", "channel", s.channelID, "err", err)
		s.plain, msg.Reference = true, nil
	}
	if s.messageID == "" {
		msg.Content = s.named(content)
	}
	return s.a.session.ChannelMessageSendComplex(s.channelID, msg, discordgo.WithContext(ctx))
}

// maxNamePrefix is the longest "<@id> " named puts before a first part
// (a snowflake id has at most 20 digits).
const maxNamePrefix = len("<@> ") + 20

// named starts the first message with the asker's mention when it is not
// a reply, so the answer still says whom it is for; the mention pings
// nobody (allowed_mentions parse is empty).
func (s *replySurface) named(content string) string {
	if !s.plain || s.asker == "" {
		return content
	}
	prefix := "<@" + s.asker + "> "
	return prefix + truncate(content, maxContent-platform.Len(prefix, platform.UTF16))
}

// isMissingPermissions reports a 403 "You lack permissions to perform that
// action" (code 50013).
func isMissingPermissions(err error) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusForbidden &&
		re.Message != nil && re.Message.Code == codeMissingPermissions
}

// ThreadReplies returns the answers to a posted message, oldest first: the
// messages in the thread started from it (such a thread has the message's
// id) and the channel messages that reply to it. Without the
// MESSAGE_CONTENT intent only answers that mention the bot carry text (a
// reply with its ping on does); empty ones are skipped.
func (a *Adapter) ThreadReplies(ctx context.Context, channelID, messageID string, limit int) ([]bot.Turn, error) {
	limit = max(1, min(limit, 100))
	inThread, err := a.session.ChannelMessages(messageID, limit, "", "", "", discordgo.WithContext(ctx))
	if err != nil && !isNotFound(err) {
		return nil, fmt.Errorf("thread of %s: %w", messageID, err)
	}
	later, err := a.session.ChannelMessages(channelID, 100, "", messageID, "", discordgo.WithContext(ctx))
	if err != nil && !isNotFound(err) {
		return nil, fmt.Errorf("replies to %s in %s: %w", messageID, channelID, err)
	}
	msgs := inThread
	for _, m := range later {
		if m != nil && m.MessageReference != nil && m.MessageReference.MessageID == messageID {
			msgs = append(msgs, m)
		}
	}
	slices.SortFunc(msgs, func(x, y *discordgo.Message) int { return compareSnowflakes(x.ID, y.ID) })
	msgs = slices.CompactFunc(msgs, func(x, y *discordgo.Message) bool { return x.ID == y.ID })
	if len(msgs) > limit {
		msgs = msgs[:limit]
	}
	return toTurns(msgs, a.self()), nil
}

// compareSnowflakes orders Discord ids by creation time: they are decimal
// numbers, so a shorter one is older.
func compareSnowflakes(x, y string) int {
	if len(x) != len(y) {
		return len(x) - len(y)
	}
	return strings.Compare(x, y)
}

func isNotFound(err error) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusNotFound
}

// maxSubjectlessRunes is how short a question must be to need the message
// it replies to ("explain this", "これは何？").
const maxSubjectlessRunes = 40

// unreadableReference reports whether m is a short question replying to
// someone else's message whose text the bot cannot see (no content, no
// embeds, no attachments: what a message looks like without the intent).
func unreadableReference(m *discordgo.Message, self string) bool {
	ref := m.ReferencedMessage
	if ref == nil || ref.Author == nil || ref.Author.ID == self || ref.Author.Bot {
		return false
	}
	if strings.TrimSpace(ref.Content) != "" || len(ref.Embeds) > 0 || len(ref.Attachments) > 0 {
		return false
	}
	return len([]rune(strings.TrimSpace(stripMention(m.Content, self)))) <= maxSubjectlessRunes
}
