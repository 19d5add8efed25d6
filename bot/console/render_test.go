package console

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/bot"
)

func TestConsoleText(t *testing.T) {
	tests := []struct {
		name, in string
		ansi     bool
		want     string
	}{
		{"bold plain", "**Quiz** and __more__", false, "Quiz and more"},
		{"bold on a terminal", "**Quiz** (db)", true, "\x1b[1mQuiz\x1b[0m (db)"},
		{"code and links", "Reveal: `/backend-tip quiz answer`, see [guide](https://example.com/g)", false,
			"Reveal: /backend-tip quiz answer, see guide (https://example.com/g)"},
		{"unclosed bold stays", "2 ** 3", false, "2 ** 3"},
		{"button words", "Answer with a button (you can change it until the reveal).", false,
			"Type the number of your answer (you can change it until the reveal)."},
		{"button words ja", "ボタンで回答してください（答え合わせまで変更できます）。", false,
			"番号を入力して回答してください（答え合わせまで変更できます）。"},
	}
	for _, tt := range tests {
		got, _ := consoleText(tt.in, nil, tt.ansi)
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// A quiz lists its options in the text and as buttons: the console
// numbers each option once, in place, and lists no button twice. A choice
// longer than a button label is cut on the button ("…") but whole in the
// text: the console numbers the whole line, once.
func TestQuizChoicesNumberedOnce(t *testing.T) {
	long := "B) Confirming with a password or similar that users are who they claim to be"
	tests := []struct {
		name  string
		reply bot.Reply
		want  string
	}{
		{"choices and a skip button", bot.Reply{Lang: bot.English,
			Text:    "**Quiz** (databases)\nWhich query fixes N+1?\nA) JOIN\nB) More queries\nAnswer with a button. Reveal: `/backend-tip quiz answer`",
			Buttons: []bot.Button{{Label: "A) JOIN", ActionID: "quiz:1:0"}, {Label: "B) More queries", ActionID: "quiz:1:1"}, {Label: "Skip", ActionID: "skip"}}},
			"Quiz (databases)\nWhich query fixes N+1?\n  1) JOIN\n  2) More queries\n" +
				"Type the number of your answer. Reveal: /backend-tip quiz answer\n\n  3) Skip\n(type the number to choose)\n"},
		{"a label cut short", bot.Reply{Lang: bot.English,
			Text:    "**Quiz**\nWhich is authorisation?\nA) Deciding what a user may do\n" + long + "\nAnswer with a button.",
			Buttons: []bot.Button{{Label: "A) Deciding what a user may do", ActionID: "q:0"}, {Label: bot.Truncate(long, 40), ActionID: "q:1"}}},
			"Quiz\nWhich is authorisation?\n  1) Deciding what a user may do\n  2) Confirming with a password or similar that users are who they claim to be\n" +
				"Type the number of your answer.\n(type the number to choose)\n"},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		NewPrinter(&out).Done(tt.reply)
		if out.String() != tt.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tt.name, out.String(), tt.want)
		}
		for _, bad := range []string{"1) A)", "button", "**"} {
			if strings.Contains(out.String(), bad) {
				t.Errorf("%s: output contains %q", tt.name, bad)
			}
		}
	}
}

// chat -json prints the text a user reads: a number typed next picks a
// button, so it says so instead of "Answer with a button".
func TestJSONReplySaysTypeTheNumber(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"A) JOIN\nAnswer with a button. Reveal: `/backend-tip quiz answer`", "A) JOIN\nType the number of your answer. Reveal: `/backend-tip quiz answer`"},
		{"A) JOIN\nボタンで回答してください。", "A) JOIN\n番号を入力して回答してください。"},
	} {
		var out bytes.Buffer
		NewJSONPrinter(&out).Done(bot.Reply{Text: tt.text, Buttons: []bot.Button{{Label: "A) JOIN", ActionID: "q:0"}}})
		var got ReplyJSON
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatalf("%q: %v", out.String(), err)
		}
		if got.Answer != tt.want || len(got.Buttons) != 1 || got.Buttons[0] != "A) JOIN" {
			t.Errorf("got %+v, want answer %q and one button", got, tt.want)
		}
	}
}

// Streaming prints only growth: an unclosed "**" waits for its partner
// instead of being printed raw and then taken back.
func TestStreamingRendersBoldWithoutReprinting(t *testing.T) {
	var out bytes.Buffer
	p := NewPrinter(&out)
	for _, partial := range []string{"N+1 is **", "N+1 is **too many", "N+1 is **too many queries** [1]"} {
		p.Update(partial)
	}
	p.Done(bot.Reply{Text: "N+1 is **too many queries** [1].", Lang: bot.English})
	if got, want := out.String(), "N+1 is too many queries [1].\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
