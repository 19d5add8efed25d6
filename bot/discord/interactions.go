package discord

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
)

// respondFunc sends an interaction's initial response. The adapter calls it
// exactly once per accepted interaction.
type respondFunc func(ctx context.Context, resp *discordgo.InteractionResponse) error

// onInteractionCreate handles interactions arriving over the gateway; the
// initial response goes back through REST.
func (a *Adapter) onInteractionCreate(_ *discordgo.Session, ev *discordgo.InteractionCreate) {
	if ev == nil || ev.Interaction == nil {
		return
	}
	i := ev.Interaction
	a.goWork("interaction", func(ctx context.Context) {
		if i.Type != discordgo.InteractionPing && !a.firstSeen(ctx, i.ID) {
			return // a resumed session may deliver an event again
		}
		a.dispatch(ctx, i, func(ctx context.Context, resp *discordgo.InteractionResponse) error {
			return a.session.InteractionRespond(i, resp, discordgo.WithContext(ctx))
		})
	})
}

// dispatch answers one interaction, whichever way it arrived.
func (a *Adapter) dispatch(ctx context.Context, i *discordgo.Interaction, send respondFunc) {
	responded := false // respond is only ever called on this goroutine
	respond := func(ctx context.Context, resp *discordgo.InteractionResponse) error {
		if responded {
			return errors.New("interaction already acknowledged")
		}
		responded = true
		return send(ctx, resp)
	}
	a.notePermissions(i)
	if a.rt.Protect("discord interaction", func() { a.route(ctx, i, respond) }) && !responded {
		_ = respond(ctx, messageResponse(render(bot.Apology("")), true, true))
	}
}

// route answers one interaction by its type.
func (a *Adapter) route(ctx context.Context, i *discordgo.Interaction, respond respondFunc) {
	log := a.log.With("interaction", i.ID, "type", int(i.Type))
	switch i.Type {
	case discordgo.InteractionPing:
		if err := respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}); err != nil {
			log.Warn("discord pong failed", "err", err)
		}
	case discordgo.InteractionApplicationCommand:
		req, isAsk := a.commandRequest(i)
		if outsideInstall(i) && !anywhere(a.opts.Commands, req.Text) {
			lang := req.Lang
			if lang == "" {
				lang = localeLang(i.Locale, false)
			}
			if err := respond(ctx, messageResponse(render(notHere(lang)), true, true)); err != nil {
				log.Warn("discord response failed", "err", err)
			}
			return
		}
		// An ask waits AskAckBudget (or its first streamed words) before
		// deferring: a refusal (rate limit, a quick "not in the guide")
		// comes back sooner and is answered privately, with no public
		// "thinking…" placeholder posted first.
		budget := a.opts.AckBudget
		if isAsk {
			budget = a.opts.AskAckBudget
		}
		a.answer(ctx, i, respond, budget, false, func(ctx context.Context, s bot.Stream) {
			release, err := a.rt.Acquire(ctx)
			if err != nil {
				log.Warn("gave up waiting for a free worker", "err", err)
				return // answer() ends the stream with an apology
			}
			defer release()
			a.opts.Router.Handle(ctx, req, s)
		})
	case discordgo.InteractionMessageComponent:
		c := clickFrom(i, i.MessageComponentData().CustomID)
		if strings.HasPrefix(c.ActionID, feedbackPrefix) {
			r := a.feedback(ctx, c)
			if err := respond(ctx, messageResponse(render(r), true, true)); err != nil {
				log.Warn("discord response failed", "err", err)
			}
			return
		}
		a.answer(ctx, i, respond, a.opts.AckBudget, true, func(ctx context.Context, s bot.Stream) {
			r := a.opts.Router.Click(ctx, c)
			r.Ephemeral = true // a click's answer is for the clicker only
			s.Done(r)
		})
	case discordgo.InteractionModalSubmit:
		c := formClick(i)
		a.answer(ctx, i, respond, a.opts.AckBudget, true, func(ctx context.Context, s bot.Stream) {
			r := a.opts.Router.Click(ctx, c)
			r.Ephemeral, r.Form = true, nil // the answer is for the member who wrote it
			s.Done(r)
		})
	case discordgo.InteractionApplicationCommandAutocomplete:
		if err := a.autocomplete(ctx, i, respond); err != nil {
			log.Warn("discord autocomplete response failed", "err", err)
		}
	default:
		r := bot.Reply{Text: "This action is not supported. / この操作には対応していません。", Ephemeral: true}
		if err := respond(ctx, messageResponse(render(r), true, true)); err != nil {
			log.Warn("discord response failed", "err", err)
		}
	}
}

// answer runs work and acknowledges the interaction: directly with the
// reply when it is done within budget, else with a deferred response
// (type 5) that the streamer then edits.
func (a *Adapter) answer(ctx context.Context, i *discordgo.Interaction, respond respondFunc, budget time.Duration, ephemeral bool, work func(context.Context, bot.Stream)) {
	log := a.log.With("interaction", i.ID)
	ctx, cancel := context.WithCancel(ctx) // stops the work if the ack fails
	defer cancel()
	surf := &interactionSurface{a: a, i: i, ephemeral: ephemeral}
	st := a.newStream(surf, log)
	gate := newAckGate(st)
	workDone := make(chan struct{})
	go func() {
		defer close(workDone)
		a.rt.Protect("discord command", func() { work(ctx, gate) })
		gate.Done(bot.Apology("")) // no-op unless work returned without replying
	}()
	// A handler may keep working after its reply (a quiz posts its
	// question): wait for it so its context stays alive until it is done.
	defer func() { <-workDone }()

	if budget > 0 {
		t := time.NewTimer(budget)
		defer t.Stop()
		select {
		case r := <-gate.early:
			a.answerDirectly(ctx, i, respond, r)
			return
		case <-gate.updated:
		case <-t.C:
		case <-ctx.Done():
		}
	}
	if !gate.claimDefer() {
		a.answerDirectly(ctx, i, respond, <-gate.early)
		return
	}
	deferred := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{AllowedMentions: noMentions()}}
	if ephemeral {
		deferred.Data.Flags = discordgo.MessageFlagsEphemeral
	}
	if err := respond(ctx, deferred); err != nil {
		log.Warn("discord deferred response failed", "err", err)
		cancel()
		return
	}
	st.Run(ctx)
}

// answerDirectly sends a finished reply as the interaction response, with
// follow-up messages for what does not fit in one message.
func (a *Adapter) answerDirectly(ctx context.Context, i *discordgo.Interaction, respond respondFunc, r bot.Reply) {
	if r.Form != nil && i.Type == discordgo.InteractionMessageComponent {
		a.respondWithForm(ctx, i, respond, r.Form)
		return
	}
	ren := render(r)
	if err := respond(ctx, messageResponse(ren, r.Ephemeral, ren.last(0))); err != nil {
		a.log.Warn("discord response failed", "interaction", i.ID, "err", err)
		return
	}
	for k := 1; k < len(ren.chunks); k++ {
		if err := a.followup(ctx, i, ren, k, r.Ephemeral); err != nil {
			a.log.Warn("discord follow-up failed", "interaction", i.ID, "err", err)
			return
		}
	}
}

// messageResponse is a type 4 response showing the first part of ren.
func messageResponse(ren rendered, ephemeral, withExtras bool) *discordgo.InteractionResponse {
	data := &discordgo.InteractionResponseData{Content: ren.chunks[0], AllowedMentions: noMentions()}
	if withExtras {
		data.Embeds, data.Components = ren.embeds, ren.components
	}
	if ephemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data}
}

func (a *Adapter) followup(ctx context.Context, i *discordgo.Interaction, ren rendered, k int, ephemeral bool) error {
	p := &discordgo.WebhookParams{Content: ren.chunks[k], AllowedMentions: noMentions()}
	if ren.last(k) {
		p.Embeds, p.Components = ren.embeds, ren.components
	}
	if ephemeral {
		p.Flags = discordgo.MessageFlagsEphemeral
	}
	_, err := a.session.FollowupMessageCreate(i, true, p, discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("follow-up %d of %d: %w", k+1, len(ren.chunks), err)
	}
	return nil
}

// interactionSurface shows an answer in a deferred interaction response.
type interactionSurface struct {
	a         *Adapter
	i         *discordgo.Interaction
	ephemeral bool // the deferred response was ephemeral
	shown     bool // the original response already shows text
}

func (s *interactionSurface) Edit(ctx context.Context, text string) error {
	if err := s.setText(ctx, preview(text)); err != nil {
		return fmt.Errorf("edit original response: %w", err)
	}
	s.shown = true
	return nil
}

// setText replaces the original response's text (pinging nobody).
func (s *interactionSurface) setText(ctx context.Context, text string) error {
	_, err := s.a.session.InteractionResponseEdit(s.i, &discordgo.WebhookEdit{Content: &text, AllowedMentions: noMentions()}, discordgo.WithContext(ctx))
	return err
}

// answerPrivately replaces a public "thinking…" placeholder with a private
// answer. The placeholder cannot become ephemeral, and a follow-up sent
// while it is loading would only edit it, its ephemeral flag ignored
// (Discord's "Create Followup Message"; after deleting it, a follow-up is
// Unknown Message): so it is resolved with a short note first, the answer
// follows privately, then the note is deleted.
func (s *interactionSurface) answerPrivately(ctx context.Context, ren rendered, lang bot.Lang) error {
	note := lang.Pick("🔒 非公開でお答えしました。", "🔒 Answered privately.")
	if err := s.setText(ctx, note); err != nil {
		return fmt.Errorf("resolve placeholder: %w", err)
	}
	for k := range ren.chunks {
		if err := s.a.followup(ctx, s.i, ren, k, true); err != nil {
			// The note must not claim an answer that never came.
			if eerr := s.setText(ctx, bot.Apology(lang).Text); eerr != nil {
				err = errors.Join(err, fmt.Errorf("apologise in placeholder: %w", eerr))
			}
			return err
		}
	}
	if err := s.a.session.InteractionResponseDelete(s.i, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("delete placeholder: %w", err)
	}
	return nil
}

func (s *interactionSurface) Finish(ctx context.Context, r bot.Reply) error {
	ren := render(r)
	if r.Ephemeral && !s.ephemeral && !s.shown {
		return s.answerPrivately(ctx, ren, r.Lang)
	}
	edit := &discordgo.WebhookEdit{Content: &ren.chunks[0], AllowedMentions: noMentions()}
	if ren.last(0) {
		edit.Embeds, edit.Components = &ren.embeds, &ren.components
	}
	if _, err := s.a.session.InteractionResponseEdit(s.i, edit, discordgo.WithContext(ctx)); err != nil {
		return fmt.Errorf("final edit: %w", err)
	}
	for k := 1; k < len(ren.chunks); k++ {
		if err := s.a.followup(ctx, s.i, ren, k, s.ephemeral); err != nil {
			return err
		}
	}
	return nil
}

// commandRequest turns a /backend-tip interaction into the router's
// grammar text (commandText); isAsk says whether it is a question for the
// answerer.
func (a *Adapter) commandRequest(i *discordgo.Interaction) (req bot.Request, isAsk bool) {
	data := i.ApplicationCommandData()
	text := "help"
	switch {
	case data.CommandType == discordgo.MessageApplicationCommand:
		if q, ok := messageQuestion(i); ok {
			text = q
		}
	case data.Name == commandName:
		text = commandText(a.opts.Commands, data.Options)
	}
	isAsk = strings.HasPrefix(text, "ask ")
	return bot.Request{
		Origin: interactionOrigin(i),
		Text:   text,
		Kind:   bot.KindCommand,
		Lang:   localeLang(i.Locale, isAsk),
		Role:   memberRole(i),
	}, isAsk
}

// memberRole reads the member's rights from the interaction: Discord sends
// member.permissions computed for this channel (overwrites included), so no
// REST call and no members intent are needed. Outside a guild (DMs, group
// DMs) there is no member and nobody manages the channel.
func memberRole(i *discordgo.Interaction) bot.Role {
	if i.Member == nil {
		return bot.RoleMember
	}
	const manage = discordgo.PermissionManageChannels | discordgo.PermissionAdministrator
	if i.Member.Permissions&manage != 0 {
		return bot.RoleChannelManager
	}
	return bot.RoleMember
}

// optionValue returns an option's value as text; integer options arrive as
// JSON numbers (float64).
func optionValue(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	for _, o := range opts {
		if o == nil || o.Name != name {
			continue
		}
		switch v := o.Value.(type) {
		case string:
			return v
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		case bool:
			return strconv.FormatBool(v)
		}
	}
	return ""
}

// localeLang picks the reply language for commands without free text from
// the user's client locale; questions are answered in their own language.
func localeLang(locale discordgo.Locale, isAsk bool) bot.Lang {
	switch {
	case isAsk || locale == "":
		return ""
	case strings.HasPrefix(string(locale), "ja"):
		return bot.Japanese
	default:
		return bot.English
	}
}

// clickFrom is the click an interaction carries; actionID is the custom id
// of the pressed button or of the submitted form.
func clickFrom(i *discordgo.Interaction, actionID string) bot.Click {
	c := bot.Click{Origin: interactionOrigin(i), ActionID: actionID}
	if i.Message != nil {
		c.MessageID = i.Message.ID
	}
	return c
}

// interactionOrigin is who sent interaction i, and where: the same for a
// command's Request and a component's or modal's Click.
func interactionOrigin(i *discordgo.Interaction) bot.Origin {
	u := interactionUser(i)
	return bot.Origin{
		ID:        i.ID,
		Platform:  "discord",
		TeamID:    i.GuildID,
		ChannelID: i.ChannelID,
		UserID:    u.ID,
		UserName:  displayName(u),
	}
}

// interactionUser is the member's user in a guild, the user in a DM.
func interactionUser(i *discordgo.Interaction) *discordgo.User {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User
	case i.User != nil:
		return i.User
	}
	return &discordgo.User{}
}

func displayName(u *discordgo.User) string {
	if u.GlobalName != "" {
		return u.GlobalName
	}
	return u.Username
}

// errNotAnswered says an HTTP interaction's response could not be written.
var errNotAnswered = errors.New("interaction response not delivered")
