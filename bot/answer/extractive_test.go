package answer

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/retrieval"
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

func TestJapaneseNameBonus(t *testing.T) {
	w := func(q string) map[string]float64 {
		out := map[string]float64{}
		for t := range terms(q) {
			out[t] = 1
		}
		return out
	}
	tests := []struct {
		q, name string
		want    bool
	}{
		{"ビジネスロジックって具体的にはどんなもの？", "ビジネスロジック", true},
		{"データベースの選定について", "データベースの選定と運用", false},              // partly named
		{"Dockerってなにがすごかったの", "Docker入門", false},              // 入門 is not asked about
		{"SREってなに", "SRE (Site Reliability Engineer)", false}, // latin names: itemBonus
		{"モノリスってなに", "モノリス (一枚岩)", true},                      // the bracket is not the name
		{"プロダクトマネージャーになれる？", "エンジニアリングマネージャー", false},         // half a name
	}
	for _, tt := range tests {
		if got := japaneseNameBonus(w(tt.q), ownTerms(tt.q), tt.name) > 0; got != tt.want {
			t.Errorf("japaneseNameBonus(%q, %q) > 0 = %v, want %v", tt.q, tt.name, got, tt.want)
		}
	}
}

// TestQuestionPredicates: the yes/no tests the extractive answer asks of
// a question, a name or a term.
func TestQuestionPredicates(t *testing.T) {
	for _, p := range []struct {
		name  string
		test  func(string) bool
		cases map[string]bool
	}{
		{"namesLatin", func(q string) bool { return namesLatin(retrieval.Normalize(q)) }, map[string]bool{
			"SREってどこの会社が言い出した役割":    true,
			"バックエンドエンジニアの4つの役割は？":   false,
			"What roles are there?": false, // English: not this check
		}},
		{"asksMetaphor", func(q string) bool { return asksMetaphor(terms(q)) }, map[string]bool{
			"データベースの役割をたとえると何番？ガイドの比喩で":                     true,
			"the guide compares the database role to what?": true,
			"データベースの役割は？":                                   false,
		}},
		{"asksWho", func(q string) bool { return asksWho(ownTerms(q)) }, map[string]bool{
			"コンテナを誰でも使えるようにした人って誰だっけ":              true,
			"Which person brought DRY into Rails?": true,
			"Dockerってなにがすごかったの":                    false,
		}},
		{"personName", personName.MatchString, map[string]bool{"ソロモン・ハイクス (Solomon Hykes)": true, "Solomon Hykes": true, "Ruby on Rails": false, "サーバー環境構築": false}},
		{"isVerbStem", isVerbStem, map[string]bool{"使え": true, "作っ": true, "って": false, "の技": false, "コン": false}},
		{"quotedQuestion", quotedQuestion.MatchString, map[string]bool{
			"(データベース): 「N+1問題とは何か、具体的なコード例を交えて説明し、その解決策をいくつか挙げてください。」":                                 true,
			`Example questions: "Have you ever had a technical disagreement? How did you resolve it?"`: true,
			"情報の「金庫番」としての役割":                        false,
			"パフォーマンスチューニング: N+1問題の解決、適切なインデックスの付与。": false,
		}},
		{"asksForQuestions", func(q string) bool { return asksForQuestions(ownTerms(q)) }, map[string]bool{"N+1問題ってなに": false, "面接でN+1問題について聞かれたら？": true, "What do they ask in the interview?": true}},
		// A noun of kind after a demonstrative names the earlier topic; a
		// name after one is a topic of its own.
		{"isFollowUp", isFollowUp, map[string]bool{
			"could you tell me what that role does?":  true,
			"それでその人は結局のところ何を作ったんでしたっけ？":               true,
			"could you tell me what this Kafka does?": false,
			"それでこのガイドの目的は結局のところ何なんでしたっけ？":             false,
		}},
		// "line | word": the line spells the abbreviation out.
		{"definesWord", func(c string) bool { line, w, _ := strings.Cut(c, " | "); return definesWord(line, w) }, map[string]bool{
			"- REST (Representational State Transfer) | REST":             true,
			"Infrastructure as Code (IaC) has become mainstream | IaC":    true,
			"(CI/CD: continuous integration/continuous delivery) | CI/CD": true,
			"Building CI/CD pipelines | CI/CD":                            false,
			"a PR is reviewed | PR":                                       false,
		}},
		// "short = long": long's words spell short out.
		{"spellsOut", func(c string) bool { short, long, _ := strings.Cut(c, " = "); return spellsOut(short, long) }, map[string]bool{
			"VPoE = Vice President of Engineering":   true,
			"REST = Representational State Transfer": true,
			"IaC = Infrastructure as Code":           true,
			"API = Big O notation":                   false,
			"GCP = Google":                           false,
		}},
	} {
		for in, want := range p.cases {
			if got := p.test(in); got != want {
				t.Errorf("%s(%q) = %v, want %v", p.name, in, got, want)
			}
		}
	}
}

func TestKatakanaRuns(t *testing.T) {
	q := qterms{}
	for t := range terms("Djangoってどの言語のフレームワーク？") {
		q[t] = 1
	}
	q["マネ"], q["ネー"] = synonymWeight, synonymWeight // a synonym's bigrams are a word of their own
	runs := katakanaRuns(q)
	for term, want := range map[string]int{"フレ": 6, "ーク": 6, "マネ": 2, "ネー": 2} {
		if runs[term] != want {
			t.Errorf("run of %q = %d, want %d (all: %v)", term, runs[term], want, runs)
		}
	}
}

func TestWhyQuestionsPreferReasons(t *testing.T) {
	a := guideAnswerer(t, nil)
	for q, want := range map[string]string{
		"PHPってなんで人気になったの":                "手軽さ",         // not "PHP: Laravelフレームワークが人気。"
		"Why did PHP become so popular?": "explosively", // not "The Laravel framework is popular."
	} {
		r, _ := mustAsk(t, a, bot.Question{Text: q})
		if !strings.Contains(r.Text, want) {
			t.Errorf("%q: the answer gives no reason (want %q):\n%s", q, want, r.Text)
		}
	}
	for q, want := range map[string]bool{"なんで": true, "Why did PHP take off?": true, "PHPとは": false} {
		if asksWhy.MatchString(q) != want {
			t.Errorf("asksWhy(%q) != %v", q, want)
		}
	}
}

func TestAfterLeadsWithTheNextItem(t *testing.T) {
	ps := []passage{{N: 1, Section: "システム設計", Score: 1, Text: "1. 要件定義: 機能要件を面接官に質問して明確にする。\n2. 概算見積もり: 1日のリクエスト数を大まかに見積もる。\n3. ハイレベルな設計: 主要コンポーネントを描く。"}}
	for q, want := range map[string]string{
		"その次は何するの、要件定義のあと": "概算見積もり",
		"概算見積もりの次は？":       "ハイレベルな設計",
		"要件定義って何するの？":      "要件定義",
	} {
		text, _ := extractiveFor(q, ownTerms(q), bot.Japanese, ps)
		if !strings.HasPrefix(text, want) {
			t.Errorf("%q led with %q, want %q", q, text, want)
		}
	}
}

func TestPickPassagesKeepsTheNamedItem(t *testing.T) {
	ps := []passage{
		{N: 1, Score: 1, Text: "- REST APIの設計と実装: CRUD操作を行うAPIを実装します。"},
		{N: 2, Score: 0.95, Text: "- テストの導入: ユニットテストの概念を学びます。"},
		{N: 3, Score: 0.9, Text: "- API設計 (REST, GraphQL): 通信規約を設計する能力。"},
		{N: 4, Score: 0.5, Text: "- REST (Representational State Transfer): ステートレス性、統一インターフェースといった概念。"},
		{N: 5, Score: 0.4, Text: "- GraphQL: Facebookが開発した規格。"},
	}
	got := pickPassages(ownTerms("RESTの概念で出てくるキーワード2つ教えて"), ps)
	if !slices.ContainsFunc(got, func(p passage) bool { return p.N == 4 }) || slices.ContainsFunc(got, func(p passage) bool { return p.N == 5 }) {
		t.Errorf("picked %v, want the REST item's passage and not GraphQL's", got)
	}
}

func TestAsksMetaphorText(t *testing.T) {
	for q, want := range map[string]bool{
		"データベースの仕事ってガイドだと何にたとえられてる？":                    true,
		"the guide compares the database role to what?": true,
		"What is the API role compared to?":             true,
		"compare SQL and NoSQL":                         false,
		"サーバーサイドの処理ってたとえば何がある？":                         false, // for example
	} {
		if got := asksMetaphorText.MatchString(q); got != want {
			t.Errorf("asksMetaphorText(%q) = %v, want %v", q, got, want)
		}
	}
}
