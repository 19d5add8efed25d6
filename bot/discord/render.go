package discord

import (
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
)

// Discord's message limits. Lengths are counted in UTF-16 code units, which
// is never less than what Discord counts, so a text within them always fits.
const (
	maxContent       = 2000
	maxEmbedDesc     = 4096
	maxEmbedTitle    = 256
	maxEmbedTotal    = 6000
	maxButtonsPerRow = 5
	maxRows          = 5
	maxButtonLabel   = 80
	maxCustomID      = 100 // bytes
	maxNonce         = 25
	// maxParts caps how many messages one reply becomes, so a runaway
	// answer cannot flood a channel.
	maxParts = 5
)

// noMentions is allowed_mentions {"parse": []}: nothing in the message may
// ping. The slice must be non-nil: a nil Parse serialises as null, which
// Discord reads as "use the defaults" and would let @everyone through.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// truncate cuts s to at most limit UTF-16 units, ending with an ellipsis
// when something was cut.
func truncate(s string, limit int) string { return platform.Fit(s, limit, platform.UTF16) }

// cutNote ends an answer cut to fit maxParts messages.
const cutNote = "*… (truncated / 長すぎるため省略しました)*"

// rendered is a Reply laid out as Discord messages: the text parts in order,
// with the sources embed and the buttons belonging on the last one.
type rendered struct {
	chunks     []string
	embeds     []*discordgo.MessageEmbed
	components []discordgo.MessageComponent
}

// render lays out r for Discord. Every text passes through DefuseMentions.
// A text longer than one message but within an embed's 4 096 units becomes
// one embed, its sources as fields, instead of several messages; longer
// texts are split into messages with the sources in an embed on the last.
// Answers with sources get 👍/👎 buttons.
func render(r bot.Reply) rendered { return renderWithin(r, maxContent) }

// renderWithin is render with parts of at most limit UTF-16 units, for a
// surface that may put something before the first part.
func renderWithin(r bot.Reply, limit int) rendered {
	text := bot.DefuseMentions(r.Text)
	var out rendered
	if n := platform.Len(text, platform.UTF16); n > limit && n <= maxEmbedDesc {
		out = rendered{chunks: []string{""}, embeds: []*discordgo.MessageEmbed{answerEmbed(text, r)}}
	} else {
		chunks, _ := platform.Split(text, limit, maxParts, platform.UTF16, cutNote)
		out = rendered{chunks: chunks}
		if e := sourcesEmbed(r); e != nil {
			out.embeds = []*discordgo.MessageEmbed{e}
		}
	}
	out.components = buttonRows(r.Buttons)
	if len(r.Sources) > 0 && !r.Ephemeral && len(out.components) < maxRows {
		out.components = append(out.components, feedbackRow())
	}
	if len(out.chunks) == 0 {
		// Discord refuses a message with nothing in it.
		out.chunks = []string{"…"}
	}
	return out
}

// last reports whether part i is the last message of the layout.
func (r rendered) last(i int) bool { return i == len(r.chunks)-1 }

// preview is what a message shows while an answer is still streaming:
// the stream hands over a head that fits already; defusing mentions may
// lengthen it a little, so it is fitted again (reading only the head).
func preview(text string) string {
	if strings.TrimSpace(text) == "" {
		return "…"
	}
	return truncate(bot.DefuseMentions(text), maxContent)
}

// sourcesEmbed lists the guide sections an answer rests on.
func sourcesEmbed(r bot.Reply) *discordgo.MessageEmbed {
	if len(r.Sources) == 0 {
		return nil
	}
	lang := r.Lang
	if lang == "" {
		lang = bot.DetectLang(r.Text)
	}
	var b strings.Builder
	for i, s := range r.Sources {
		title := s.Section
		if title == "" {
			title = s.Document
		}
		fmt.Fprintf(&b, "**%d.** %s\n", i+1, truncate(oneLine(title), 200))
		if ex := oneLine(s.Excerpt); ex != "" {
			fmt.Fprintf(&b, "> %s\n", truncate(ex, 300))
		}
	}
	return &discordgo.MessageEmbed{
		Title:       truncate(lang.Pick("出典", "Sources"), maxEmbedTitle),
		Description: truncate(bot.DefuseMentions(strings.TrimSpace(b.String())), maxEmbedDesc),
		Color:       0x5865F2,
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// buttonRows lays buttons out in rows of five, at most five rows. Buttons
// whose ActionID cannot be a custom_id (empty, too long, duplicate) are
// dropped rather than making Discord refuse the whole message.
func buttonRows(buttons []bot.Button) []discordgo.MessageComponent {
	var rows []discordgo.MessageComponent
	var row []discordgo.MessageComponent
	seen := map[string]bool{}
	for _, b := range buttons {
		if b.ActionID == "" || len(b.ActionID) > maxCustomID || seen[b.ActionID] {
			continue
		}
		if len(rows) == maxRows {
			break
		}
		seen[b.ActionID] = true
		label := truncate(oneLine(bot.DefuseMentions(b.Label)), maxButtonLabel)
		if label == "" {
			label = "…"
		}
		row = append(row, discordgo.Button{Label: label, Style: buttonStyle(b.Style), CustomID: b.ActionID, Disabled: b.Disabled})
		if len(row) == maxButtonsPerRow {
			rows = append(rows, discordgo.ActionsRow{Components: row})
			row = nil
		}
	}
	if len(row) > 0 && len(rows) < maxRows {
		rows = append(rows, discordgo.ActionsRow{Components: row})
	}
	return rows
}

func buttonStyle(s string) discordgo.ButtonStyle {
	switch s {
	case "primary":
		return discordgo.PrimaryButton
	case "danger":
		return discordgo.DangerButton
	default:
		return discordgo.SecondaryButton
	}
}

// Embed field limits.
const (
	maxEmbedFields = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
)

// answerEmbed shows a long answer as an embed: the text as its description
// and each source as a field (section, excerpt), as many as fit Discord's
// 6 000 units per embed.
func answerEmbed(text string, r bot.Reply) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Description: text, Color: 0x5865F2}
	total := platform.Len(text, platform.UTF16)
	for i, s := range r.Sources {
		if len(e.Fields) == maxEmbedFields {
			break
		}
		title := s.Section
		if title == "" {
			title = s.Document
		}
		name := truncate(fmt.Sprintf("%d. %s", i+1, oneLine(bot.DefuseMentions(title))), maxFieldName)
		value := truncate(oneLine(bot.DefuseMentions(s.Excerpt)), 300)
		if value == "" {
			value = "—"
		}
		n := platform.Len(name, platform.UTF16) + platform.Len(value, platform.UTF16)
		if total+n > maxEmbedTotal {
			break
		}
		total += n
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: truncate(value, maxFieldValue)})
	}
	return e
}

// Feedback buttons: custom ids the adapter itself handles.
const (
	feedbackPrefix = "feedback:"
	feedbackUp     = feedbackPrefix + "up"
	feedbackDown   = feedbackPrefix + "down"
)

func feedbackRow() discordgo.ActionsRow {
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👍"}, Style: discordgo.SecondaryButton, CustomID: feedbackUp},
		discordgo.Button{Emoji: &discordgo.ComponentEmoji{Name: "👎"}, Style: discordgo.SecondaryButton, CustomID: feedbackDown},
	}}
}
