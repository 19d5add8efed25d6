package discord

import (
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
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

// units is the length of s in UTF-16 code units.
func units(s string) int {
	n := 0
	for _, r := range s {
		if w := utf16.RuneLen(r); w > 0 {
			n += w
		} else {
			n++ // invalid UTF-8 byte: sent as one replacement character
		}
	}
	return n
}

// cutIndex returns the byte index where s reaches limit UTF-16 units.
func cutIndex(s string, limit int) int {
	n := 0
	for i, r := range s {
		w := utf16.RuneLen(r)
		if w < 0 {
			w = 1
		}
		if n+w > limit {
			return i
		}
		n += w
	}
	return len(s)
}

// truncate cuts s to at most limit UTF-16 units, ending with an ellipsis
// when something was cut.
func truncate(s string, limit int) string {
	if units(s) <= limit {
		return s
	}
	return s[:cutIndex(s, limit-1)] + "…"
}

// splitContent splits text into messages of at most limit units, cutting at
// paragraph, line or word boundaries when it can, and closing and reopening
// a code fence that spans a cut so every part renders on its own.
func splitContent(text string, limit int) []string {
	const fence = "```"
	reserve := len("```\n") + len("\n```")
	var chunks []string
	open := false
	rest := strings.TrimSpace(text)
	for rest != "" {
		if open && units(fence+"\n"+rest) <= limit || !open && units(rest) <= limit {
			if open {
				rest = fence + "\n" + rest
			}
			chunks = append(chunks, rest)
			break
		}
		head, tail := cutText(rest, limit-reserve)
		chunk := head
		if open {
			chunk = fence + "\n" + chunk
		}
		if strings.Count(head, fence)%2 == 1 {
			open = !open
		}
		if open && tail != "" {
			chunk += "\n" + fence
		}
		chunks = append(chunks, chunk)
		rest = strings.TrimLeft(tail, "\n")
		if strings.TrimSpace(rest) == "" {
			rest = ""
		}
	}
	return chunks
}

// cutText splits s so that head is at most limit units, preferring a
// paragraph break, then a line break, then a sentence end or a space in the
// second half of the window.
func cutText(s string, limit int) (head, tail string) {
	if units(s) <= limit {
		return s, ""
	}
	idx := cutIndex(s, limit)
	window := s[:idx]
	for _, sep := range []string{"\n\n", "\n", "。", ". ", " ", "、"} {
		if i := strings.LastIndex(window, sep); i > idx/2 {
			cut := i + len(sep)
			if sep == "\n\n" || sep == "\n" {
				cut = i
			}
			return s[:cut], s[cut:]
		}
	}
	return window, s[idx:]
}

// rendered is a Reply laid out as Discord messages: the text parts in order,
// with the sources embed and the buttons belonging on the last one.
type rendered struct {
	chunks     []string
	embeds     []*discordgo.MessageEmbed
	components []discordgo.MessageComponent
}

// render lays out r for Discord. Every text passes through DefuseMentions.
func render(r bot.Reply) rendered {
	out := rendered{chunks: splitContent(bot.DefuseMentions(r.Text), maxContent)}
	if len(out.chunks) > maxParts {
		out.chunks = out.chunks[:maxParts]
		out.chunks[maxParts-1] = truncate(out.chunks[maxParts-1], maxContent-2) + " …"
	}
	if e := sourcesEmbed(r); e != nil {
		out.embeds = []*discordgo.MessageEmbed{e}
	}
	out.components = buttonRows(r.Buttons)
	if len(out.chunks) == 0 {
		// Discord refuses a message with nothing in it.
		out.chunks = []string{"…"}
	}
	return out
}

// last reports whether part i is the last message of the layout.
func (r rendered) last(i int) bool { return i == len(r.chunks)-1 }

// preview is what a message shows while an answer is still streaming.
func preview(text string) string {
	chunks := splitContent(bot.DefuseMentions(text), maxContent)
	if len(chunks) == 0 {
		return "…"
	}
	return chunks[0]
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
		row = append(row, discordgo.Button{Label: label, Style: buttonStyle(b.Style), CustomID: b.ActionID})
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
