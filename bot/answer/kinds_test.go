package answer

import (
	"slices"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/bot"
)

func TestGuideSaysWhenItOnlyAsks(t *testing.T) {
	a := guideAnswerer(t, nil)
	tests := []struct {
		q      string
		lang   bot.Lang
		prefix string // "" : the topic is explained, no such line
		want   string
	}{
		{"Why is idempotency important?", bot.English, "The guide only lists this as an interview question: ", "idempotency"},
		{"冪等性はなぜ重要？", bot.Japanese, "ガイドでは面接の質問として挙げられています: ", "冪等性"},
		{"TCPとUDPの違いは？", bot.Japanese, "ガイドでは面接の質問として挙げられています: ", "TCPとUDPの違い"},
		// The guide explains the N+1 problem outside its interview list.
		{"What is the N+1 problem?", bot.English, "", "N+1 problem"},
		{"N+1問題ってなに", bot.Japanese, "", "N+1問題"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			reply, _ := mustAsk(t, a, bot.Question{Text: tt.q, Lang: tt.lang})
			if !strings.Contains(reply.Text, tt.want) {
				t.Errorf("answer lacks %q:\n%s", tt.want, reply.Text)
			}
			only := strings.HasPrefix(reply.Text, strings.TrimSpace(onlyAskedLine(tt.lang)))
			if only != (tt.prefix != "") {
				t.Errorf("only-asked line = %v, want %v:\n%s", only, tt.prefix != "", reply.Text)
			}
			if only && strings.Contains(reply.Text, "\n> ") {
				t.Errorf("an only-asked answer quotes more:\n%s", reply.Text)
			}
		})
	}
}

func TestCoverageCountsJapaneseSynonyms(t *testing.T) {
	a := guideAnswerer(t, nil)
	tests := []struct {
		q, text string
		want    float64
	}{
		// システムデザイン is the glossary's other form of システム設計.
		{"システムデザイン", "2. システム設計 (System Design)", 1},
		{"システムデザイン", "データベースの設計と管理", 0},
		{"システム設計", "2. システム設計 (System Design)", 1},
	}
	for _, tt := range tests {
		if got, _ := a.coverage(tt.q, tt.text); got != tt.want {
			t.Errorf("coverage(%q, %q) = %v, want %v", tt.q, tt.text, got, tt.want)
		}
	}
}

func TestUnknownQuantity(t *testing.T) {
	a := guideAnswerer(t, nil)
	for q, want := range map[string]string{
		"サーバーサイドの仕事って30代だと給料どれくらいもらえるもん？":                           "給料",
		"ステップ2ってどのくらい期間かかるの？":                                       "",
		"ロードマップのステップはいくつ？":                                          "", // the guide's own word
		"AWSの代表的なサービス名いくつか挙げて":                                      "", // a few: examples, not an amount
		"Dockerってどれくらい使われてる？":                                       "",
		"how many gunicorn workers should my Django app on GCP use": "gunicorn",
		"How many months does step 2 take?":                         "",
		"How many soft skills are there?":                           "",
		"How much does AWS cost per month?":                         "", // the verb: not a thing counted
	} {
		if got, _ := a.unknownQuantity(q); got != want {
			t.Errorf("unknownQuantity(%q) = %q, want %q", q, got, want)
		}
	}
}

func TestInterviewKindsCiteTheInterviewSection(t *testing.T) {
	a := guideAnswerer(t, nil)
	for _, tt := range []struct {
		q       string
		lang    bot.Lang
		section string
	}{
		{"面接の技術質問は何ジャンルに分かれてる？", bot.Japanese, "面接はこう準備しよう！"},
		{"What kinds of interview questions are there?", bot.English, "How to Prepare for Interviews!"},
	} {
		reply, _ := mustAsk(t, a, bot.Question{Text: tt.q, Lang: tt.lang})
		if len(reply.Sources) != 1 || reply.Sources[0].Section != tt.section {
			t.Errorf("%q: sources %+v, want the section %q", tt.q, reply.Sources, tt.section)
		}
	}
}

func TestQuotedImageIsResolvedByTheNextParagraph(t *testing.T) {
	a := guideAnswerer(t, nil)
	tests := []struct {
		q     string
		lang  bot.Lang
		first string // the answer leads with it
	}{
		{"「満員の観客を魅了する壮大な劇場の舞台裏」って何のたとえ？", bot.Japanese, "バックエンドデベロッパー（Backend Developer）は、まさにこの「舞台裏のプロフェッショナル」。"},
		{`What is "the backstage of a grand theater" a metaphor for?`, bot.English, "Backend developers are exactly these \"backstage professionals\"."},
	}
	for _, tt := range tests {
		reply, _ := mustAsk(t, a, bot.Question{Text: tt.q, Lang: tt.lang})
		if !strings.HasPrefix(reply.Text, tt.first) {
			t.Errorf("%q: answer does not lead with %q:\n%s", tt.q, tt.first, reply.Text)
		}
	}
	// No quote, or a name rather than an image: the ordinary answer.
	for _, q := range []string{"what is CGI stand for", "「API」って何のたとえ？"} {
		if _, _, ok := a.imageReply(q, nil); ok {
			t.Errorf("%q: answered as a quoted image", q)
		}
	}
}

func TestMoneyQuestionsNeedDocumentsThatTalkMoney(t *testing.T) {
	for _, tt := range []struct {
		known []string // the words the documents mention
		q     string
		ok    bool // answered (not refused for money)
	}{
		{nil, "How much does AWS Lambda cost per million requests?", false},
		{nil, "バックエンドエンジニアの年収は？", false},
		{[]string{"年収"}, "バックエンドエンジニアの年収は？", true},        // a team note about pay
		{nil, "What is the learning cost of Rust?", true}, // cost, not a price
	} {
		known := func(w string) bool { return slices.Contains(tt.known, w) }
		a := New(Options{Known: known})
		refused := asksMoney.MatchString(tt.q) && !a.talksMoney()
		if refused == tt.ok {
			t.Errorf("%q with %v: refused %v, want %v", tt.q, tt.known, refused, !tt.ok)
		}
	}
}
