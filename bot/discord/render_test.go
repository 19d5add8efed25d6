package discord

import (
	"encoding/json"
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
		Text: "@everyone " + strings.Repeat("x", 3000),
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
	if len(ren.chunks) != 2 || strings.Contains(ren.chunks[0], "@everyone") {
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
