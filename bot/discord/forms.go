package discord

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
)

// Discord's limits on a modal (interaction response type 9).
const (
	maxModalTitle = 45
	maxInputLabel = 45
	maxInputText  = 4000
	// formInputID is the custom_id of the one text input of a form.
	formInputID = "text"
)

// modalResponse shows f as a modal: a label (type 18) around a paragraph
// text input (type 4, style 2). The submission comes back as interaction
// type 5 with data.custom_id = f.ActionID.
func modalResponse(f *bot.Form) *discordgo.InteractionResponse {
	maxLen := f.MaxLength
	if maxLen <= 0 || maxLen > maxInputText {
		maxLen = maxInputText
	}
	title := truncate(oneLine(bot.DefuseMentions(f.Title)), maxModalTitle)
	if title == "" {
		title = "backend-tip"
	}
	label := truncate(oneLine(bot.DefuseMentions(f.Label)), maxInputLabel)
	if label == "" {
		label = "…"
	}
	required := true
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &discordgo.InteractionResponseData{
		CustomID: f.ActionID,
		Title:    title,
		Components: []discordgo.MessageComponent{discordgo.Label{Label: label, Component: discordgo.TextInput{
			CustomID: formInputID, Style: discordgo.TextInputParagraph, Placeholder: truncate(oneLine(f.Placeholder), 100),
			MaxLength: maxLen, MinLength: 1, Required: &required}}},
	}}
}

// respondWithForm answers a click whose reply asks for text with the modal.
// A modal must be the interaction's first response, so this only works for
// a reply that came within the ack budget.
func (a *Adapter) respondWithForm(ctx context.Context, i *discordgo.Interaction, respond respondFunc, f *bot.Form) {
	if f.ActionID == "" || len(f.ActionID) > maxCustomID {
		a.log.Error("form with an unusable action id", "interaction", i.ID, "action", f.ActionID)
		_ = respond(ctx, messageResponse(render(bot.Apology("")), true, true))
		return
	}
	if err := respond(ctx, modalResponse(f)); err != nil {
		a.log.Warn("discord modal response failed", "interaction", i.ID, "err", err)
	}
}

// submittedText is the text input's value in a modal submission, whether
// Discord wrapped it in a label (type 18) or an action row (type 1).
func submittedText(components []discordgo.MessageComponent) string {
	var parts []string
	var walk func(cs []discordgo.MessageComponent)
	walk = func(cs []discordgo.MessageComponent) {
		for _, c := range cs {
			switch v := c.(type) {
			case *discordgo.Label:
				walk([]discordgo.MessageComponent{v.Component})
			case discordgo.Label:
				walk([]discordgo.MessageComponent{v.Component})
			case *discordgo.ActionsRow:
				walk(v.Components)
			case discordgo.ActionsRow:
				walk(v.Components)
			case *discordgo.TextInput:
				parts = append(parts, v.Value)
			case discordgo.TextInput:
				parts = append(parts, v.Value)
			}
		}
	}
	walk(components)
	return strings.TrimSpace(strings.Join(parts, "\n"))
}

// formClick turns a modal submission into the click it answers.
func formClick(i *discordgo.Interaction) bot.Click {
	data := i.ModalSubmitData()
	c := clickFrom(i, data.CustomID)
	c.Text = submittedText(data.Components)
	return c
}

// startThread opens a public thread on a posted message (a quiz question's
// discussion). Create Public Threads is in the invite; without it, or when
// the post was repeated and the thread exists already, the post stands (a
// refusal for the channel's type or the bot's permissions is remembered:
// later posts there promise no thread).
func (a *Adapter) startThread(ctx context.Context, channelID, messageID, name string) {
	name = truncate(oneLine(bot.DefuseMentions(name)), 100)
	if name == "" {
		name = "backend-tip"
	}
	_, err := a.session.MessageThreadStartComplex(channelID, messageID, &discordgo.ThreadStart{
		Name: name, AutoArchiveDuration: 1440, Type: discordgo.ChannelTypeGuildPublicThread}, discordgo.WithContext(ctx))
	var re *discordgo.RESTError
	switch {
	case err == nil:
	case errors.As(err, &re) && re.Message != nil && re.Message.Code == codeThreadExists:
	case errors.As(err, &re) && re.Message != nil && re.Message.Code == codeWrongChannelType:
		// The channel changed type since it was looked up (or the
		// lookup was wrong): no thread here from now on.
		a.threadable.Store(channelID, false)
		a.log.Warn("discord refused a thread in this kind of channel", "channel", channelID, "err", err)
	case errors.As(err, &re) && re.Message != nil && re.Message.Code == codeMissingPermissions:
		// The bot lacks Create Public Threads (or Send Messages in
		// Threads) here: later posts promise no thread until an
		// interaction shows the permissions back.
		a.threadPerms.Set(channelID, false)
		a.log.Warn("discord refused a thread: missing permissions", "channel", channelID, "err", err)
	default:
		a.log.Warn("could not start a thread on the post", "channel", channelID, "message", messageID, "err", fmt.Errorf("start thread: %w", err))
	}
}

// codeThreadExists is Discord's "A thread has already been created for this
// message".
const codeThreadExists = 160004

// codeWrongChannelType is Discord's "Cannot execute action on this channel
// type", e.g. a thread started inside a thread or in a DM.
const codeWrongChannelType = 50024

// Edit replaces a posted message's text and buttons (a revealed quiz post:
// its buttons disabled). Only the first part of a long text fits an edit.
func (a *Adapter) Edit(ctx context.Context, channelID, messageID string, r bot.Reply) error {
	ren := render(r)
	edit := &discordgo.MessageEdit{ID: messageID, Channel: channelID, Content: &ren.chunks[0],
		Components: &ren.components, Embeds: &ren.embeds, AllowedMentions: noMentions()}
	if _, err := a.session.ChannelMessageEditComplex(edit, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("edit %s in %s: %w", messageID, channelID, permanent(err))
	}
	return nil
}

// feedback records a 👍/👎 on an answer; one vote per member and message
// (the store replaces an earlier one).
func (a *Adapter) feedback(ctx context.Context, c bot.Click) bot.Reply {
	if a.opts.Feedback != nil {
		err := a.opts.Feedback(ctx, bot.Feedback{Platform: "discord", ChannelID: c.ChannelID, MessageID: c.MessageID,
			UserID: c.UserID, Positive: c.ActionID == feedbackUp, At: a.clock()})
		if err != nil {
			a.log.Error("record feedback", "err", err)
			return bot.Reply{Ephemeral: true, Text: "すみません、フィードバックを保存できませんでした。 / Sorry, your feedback could not be saved."}
		}
	}
	return bot.Reply{Ephemeral: true, Text: "フィードバックありがとうございます！ / Thanks for the feedback!"}
}
