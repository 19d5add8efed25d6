package answer

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
)

func TestSplitUnitsKeepsHeadsWithDescriptions(t *testing.T) {
	text := "- ラスマス・ラードフ (Rasmus Lerdorf)\nPHPの生みの親。 彼は当初、個人的なツールとしてPHPを開発しました。\n" +
		"- Go: Google開発。シンプルで高速、並行処理に強い。\n" +
		"- 質問例:\n  - 「配列から重複を見つける方法は何ですか？その計算量も説明してください。」\n" +
		"- The period of innovation (late 2000s–2010s): the age of MVC frameworks and APIs\n" +
		"  As applications grew more complex, organizing code became a challenge.\n" +
		"- A last item without a full stop that runs on for longer than any short head would ever be"
	got := splitUnits(text)
	type view struct {
		head, text string
		dangling   bool
	}
	var views []view
	for _, u := range got {
		views = append(views, view{u.head, u.text, u.dangling})
	}
	want := []view{
		{"ラスマス・ラードフ (Rasmus Lerdorf)", "PHPの生みの親。", false},
		{"ラスマス・ラードフ (Rasmus Lerdorf)", "彼は当初、個人的なツールとしてPHPを開発しました。", true},
		{"", "Go: Google開発。", false},
		{"Go", "シンプルで高速、並行処理に強い。", false},
		// A quoted question with a ？ inside its brackets stays whole.
		{"質問例", "「配列から重複を見つける方法は何ですか？その計算量も説明してください。」", false},
		// A long item title over its description is a head, never an
		// answer by itself; an item with nothing under it is content.
		{"The period of innovation (late 2000s–2010s): the age of MVC frameworks and APIs", "As applications grew more complex, organizing code became a challenge.", false},
		{"The period of innovation (late 2000s–2010s): the age of MVC frameworks and APIs", "A last item without a full stop that runs on for longer than any short head would ever be", false},
	}
	if !slices.Equal(views, want) {
		t.Errorf("units\n got %+v\nwant %+v", views, want)
	}
}

func TestQuotableBalancesAndClips(t *testing.T) {
	u := unit{text: "「" + strings.Repeat("とても長い説明、", 40) + "」", head: "見出し"}
	got := quotable(u, true, 60)
	if !strings.HasPrefix(got, "見出し: 「") || !strings.HasSuffix(got, "…」") || utf8.RuneCountInString(got) > 70 {
		t.Errorf("quotable = %q", got)
	}
	for in, want := range map[string]string{"（開く": "（開く）", "閉じる）だけ": "閉じるだけ", "[1] ok": "[1] ok"} {
		if got := balance(in); got != want {
			t.Errorf("balance(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExtractiveLeadsWithTheAnswer(t *testing.T) {
	ps := []passage{
		{N: 1, Section: "先駆者たち > 人物", Document: "backend_developer_guide.md", Score: 0.15,
			Text: "- ラスマス・ラードフ (Rasmus Lerdorf)\nPHPの生みの親。 彼は当初、自身のWebサイトのアクセス履歴を管理するための個人的なツールとしてPHPを開発しました。\n" +
				"- ソロモン・ハイクス (Solomon Hykes)\nDockerの創始者。 彼は「コンテナ」という技術を誰もが簡単に使える形にパッケージングしました。"},
		{N: 2, Section: "ロードマップ > Step 2: 中級スキル習得 (Intermediate) - 6〜12ヶ月", Document: "backend_developer_guide.md", Score: 0.05,
			Text: "目標: Webフレームワークを使い、簡単なWebアプリケーションを自力で開発・公開できるようになる。"},
	}
	tests := []struct {
		name, q, lead string
		used          int
	}{
		// The name on the line above its description is kept.
		{"name kept with description", "PHPを作った人は？", "ラスマス・ラードフ (Rasmus Lerdorf): PHPの生みの親。 [1]", 1},
		{"second person", "Dockerの創始者は誰？", "ソロモン・ハイクス (Solomon Hykes): Dockerの創始者。 [1]", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text, used := extractive(ownTerms(tc.q), bot.Japanese, ps)
			if !strings.HasPrefix(text, tc.lead) {
				t.Errorf("answer does not lead with %q:\n%s", tc.lead, text)
			}
			if len(used) != tc.used {
				t.Errorf("used %d passages, want %d", len(used), tc.used)
			}
			if strings.Count(text, "\n> ") > maxQuotes {
				t.Errorf("more than %d quotes:\n%s", maxQuotes, text)
			}
		})
	}
	t.Run("heading carries the duration", func(t *testing.T) {
		text, _ := extractive(ownTerms("How many months is the Intermediate step?"), bot.English, ps[1:])
		if !strings.Contains(text, "6〜12ヶ月") {
			t.Errorf("duration only in the heading was dropped:\n%s", text)
		}
	})
	t.Run("dangling sentence brings the one before it", func(t *testing.T) {
		text, _ := extractive(ownTerms("ツールとして開発した経緯"), bot.Japanese, ps[:1])
		if !strings.HasPrefix(text, "ラスマス・ラードフ (Rasmus Lerdorf): PHPの生みの親。彼は当初") {
			t.Errorf("dangling lead without its antecedent:\n%s", text)
		}
	})
}

func TestNestedItemsKnowTheirParent(t *testing.T) {
	text := "- [学習項目]\n" +
		"  1. ポートフォリオ開発: アプリを作ります。就職に効きます。\n" +
		"  - 例: 書評SNSなど。\n" +
		"  2. テスト: 書きます。\n" +
		"    - 単体テスト: まず書く。\n" +
		"- 次の項目: 別の話。"
	units := splitUnits(text)
	parents := map[string]string{}
	for _, u := range units {
		if u.parent >= 0 {
			parents[u.text] = units[u.parent].text
		} else {
			parents[u.text] = ""
		}
	}
	want := map[string]string{
		"ポートフォリオ開発: アプリを作ります。": "",
		"就職に効きます。":             "",
		"例: 書評SNSなど。":          "ポートフォリオ開発: アプリを作ります。", // a bullet under a numbered item
		"テスト: 書きます。":           "",
		"単体テスト: まず書く。":         "テスト: 書きます。", // nested deeper
		"次の項目: 別の話。":           "",
	}
	for text, p := range want {
		if got, ok := parents[text]; !ok || got != p {
			t.Errorf("parent of %q = %q (found %v), want %q", text, got, ok, p)
		}
	}
}
