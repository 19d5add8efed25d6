package discord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/platform"
)

// units is the length of s in UTF-16 code units, as Discord counts it.
func units(s string) int { return platform.Len(s, platform.UTF16) }

func TestRenderDefusesAndLimits(t *testing.T) {
	r := bot.Reply{
		Text: "@everyone " + strings.Repeat("x", 5000),
		Sources: []bot.Source{
			{Section: strings.Repeat("長い見出し", 100), Excerpt: strings.Repeat("本文", 3000)},
			{Section: "@here section"}, {Section: "c"}, {Section: "d"}, {Section: "e"}, {Section: "f"}, {Section: "g"}, {Section: "h"},
			{Section: "i"}, {Section: "j"}, {Section: "k"}, {Section: "l"}, {Section: "m"}, {Section: "n"}, {Section: "o"},
		},
	}
	for i := 0; i < 30; i++ {
		r.Sources = append(r.Sources, bot.Source{Section: strings.Repeat("s", 150), Excerpt: strings.Repeat("e", 400)})
	}
	ren := render(r)
	if len(ren.chunks) != 3 || strings.Contains(ren.chunks[0], "@everyone") {
		t.Errorf("chunks = %d, first starts %q", len(ren.chunks), ren.chunks[0][:20])
	}
	e := ren.embeds[0]
	if units(e.Description) > maxEmbedDesc || strings.Contains(e.Description, "@here") || e.Title != "Sources" {
		t.Errorf("embed: title %q, %d units", e.Title, units(e.Description))
	}
	ja := render(bot.Reply{Text: "答え", Sources: []bot.Source{{Section: "節"}}})
	if ja.embeds[0].Title != "出典" {
		t.Errorf("Japanese answer's embed title = %q", ja.embeds[0].Title)
	}
	huge := render(bot.Reply{Text: strings.Repeat("word ", 5000)})
	if len(huge.chunks) != maxParts || !strings.HasSuffix(huge.chunks[maxParts-1], cutNote) {
		t.Errorf("a 25000-character reply became %d parts, want %d ending in an ellipsis", len(huge.chunks), maxParts)
	}
	for i, c := range huge.chunks {
		if units(c) > maxContent {
			t.Errorf("part %d is %d units", i, units(c))
		}
	}
	if got := render(bot.Reply{}); len(got.chunks) != 1 || got.chunks[0] == "" {
		t.Errorf("an empty reply must still be a valid message, got %q", got.chunks)
	}
}

func TestButtonRows(t *testing.T) {
	var buttons []bot.Button
	for i := 0; i < 12; i++ {
		buttons = append(buttons, bot.Button{ActionID: "quiz:" + string(rune('a'+i)), Label: strings.Repeat("L", 100)})
	}
	buttons = append(buttons,
		bot.Button{ActionID: strings.Repeat("x", 101), Label: "too long id"},
		bot.Button{ActionID: "quiz:a", Label: "duplicate"},
		bot.Button{ActionID: "", Label: "no id"})
	rows := buttonRows(buttons)
	var sizes []int
	for _, r := range rows {
		row := r.(discordgo.ActionsRow)
		sizes = append(sizes, len(row.Components))
		for _, c := range row.Components {
			b := c.(discordgo.Button)
			if units(b.Label) > maxButtonLabel || len(b.CustomID) > maxCustomID {
				t.Errorf("button %q too long", b.CustomID)
			}
		}
	}
	if len(sizes) != 3 || sizes[0] != 5 || sizes[1] != 5 || sizes[2] != 2 {
		t.Errorf("row sizes = %v, want [5 5 2]", sizes)
	}
	var many []bot.Button
	for i := 0; i < 40; i++ {
		many = append(many, bot.Button{ActionID: "b" + strings.Repeat("x", i), Label: "b"})
	}
	if n := len(buttonRows(many)); n != maxRows {
		t.Errorf("%d rows for 40 buttons, want %d", n, maxRows)
	}
}

func TestNoMentionsSendsAnEmptyParseList(t *testing.T) {
	b, err := json.Marshal(noMentions())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"parse":[]`) {
		t.Errorf("allowed_mentions = %s, want an explicit empty parse list", b)
	}
}

func TestRewriteTransport(t *testing.T) {
	var got []string
	rt, err := newRewriteTransport("http://127.0.0.1:9/proxy/discord/", roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = append(got, r.URL.String())
		return &http.Response{StatusCode: 204, Body: http.NoBody, Request: r}, nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{
		"https://discord.com/api/v9/channels/1/messages?limit=5",
		"https://discord.com/api/v10/gateway",
		"https://cdn.discordapp.com/avatars/1.png",
	} {
		req, _ := http.NewRequest("GET", u, nil)
		if _, err := rt.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		"http://127.0.0.1:9/proxy/discord/channels/1/messages?limit=5",
		"http://127.0.0.1:9/proxy/discord/gateway",
		"https://cdn.discordapp.com/avatars/1.png",
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("rewrote to %s, want %s", got[i], want[i])
		}
	}
	if _, err := newRewriteTransport("not a url", nil); err == nil {
		t.Error("a relative API URL must be refused")
	}
	_ = url.URL{}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// An answer longer than a message but within 4 096 units is one embed: the
// text as its description, each source a field, 👍/👎 below.
func TestRenderLongAnswerAsAnEmbed(t *testing.T) {
	r := bot.Reply{Text: "@everyone " + strings.Repeat("インデックスの話。", 300), Lang: bot.Japanese}
	for i := range 40 {
		r.Sources = append(r.Sources, bot.Source{Section: fmt.Sprintf("節 %d @here", i), Excerpt: strings.Repeat("抜粋", 400)})
	}
	ren := render(r)
	if len(ren.chunks) != 1 || ren.chunks[0] != "" || len(ren.embeds) != 1 {
		t.Fatalf("chunks %d %q, embeds %d: want one message with only an embed", len(ren.chunks), ren.chunks, len(ren.embeds))
	}
	e := ren.embeds[0]
	if n := units(e.Description); n <= maxContent || n > maxEmbedDesc || strings.Contains(e.Description, "@everyone") {
		t.Errorf("embed description: %d units, live mention %v", n, strings.Contains(e.Description, "@everyone"))
	}
	total := units(e.Description)
	if len(e.Fields) == 0 || len(e.Fields) > 25 {
		t.Errorf("%d source fields, want 1-25", len(e.Fields))
	}
	for _, f := range e.Fields {
		total += units(f.Name) + units(f.Value)
		if units(f.Name) > 256 || units(f.Value) > 1024 || f.Value == "" || strings.Contains(f.Name, "@here") {
			t.Errorf("field %q: %d/%d units", f.Name, units(f.Name), units(f.Value))
		}
	}
	if total > maxEmbedTotal {
		t.Errorf("embed is %d units in total, over %d", total, maxEmbedTotal)
	}
	last := ren.components[len(ren.components)-1].(discordgo.ActionsRow)
	if len(last.Components) != 2 || last.Components[0].(discordgo.Button).CustomID != feedbackUp {
		t.Errorf("last row = %+v, want 👍/👎", last)
	}
	if got := render(bot.Reply{Text: "short", Sources: r.Sources[:1], Ephemeral: true}); len(got.components) != 0 {
		t.Errorf("a private reply got buttons %+v", got.components)
	}
}
