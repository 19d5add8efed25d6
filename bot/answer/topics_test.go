package answer

import (
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
)

// Every list section of the guide, asked for by its heading in either
// language, is answered with its own items from the asker's edition. The
// table is the guide itself: a section added or renamed is tested too.
func TestTopicsAnswerEveryListSectionByItsHeading(t *testing.T) {
	a := guideAnswerer(t, nil)
	tp := a.opts.Topics
	// Headings another section's item is named by: the question names two
	// topics, and the answer falls through.
	notDistinctive := map[string]string{
		"role-api/ja": "「APIの設計」 also names the hard skill 「API設計」",
	}
	sections := 0
	for anchor, ja := range tp.secs[content.LangJA] {
		en := tp.secs[content.LangEN][anchor]
		if len(ja.items) == 0 || en == nil {
			continue
		}
		sections++
		for _, tc := range []struct {
			q    string
			lang bot.Lang
			s    *topicSection
		}{
			{ja.title + "は？", bot.Japanese, ja},
			{"What are the " + en.title + "?", bot.English, en},
		} {
			t.Run(tc.q, func(t *testing.T) {
				text, p, ok := a.topicReply(tc.q, tc.lang)
				if why, skip := notDistinctive[anchor+"/"+string(tc.lang)]; skip {
					if ok {
						t.Errorf("answered from %s although %s", p.Anchor, why)
					}
					return
				}
				if !ok {
					t.Fatalf("no section answer")
				}
				if p.Anchor != anchor || p.Document != tc.s.source {
					t.Errorf("answered from %s#%s, want %s#%s", p.Document, p.Anchor, tc.s.source, anchor)
				}
				for _, it := range tc.s.items {
					if !strings.Contains(text, it.head) {
						t.Errorf("item %q missing:\n%s", it.head, text)
					}
				}
			})
		}
	}
	if sections < 8 {
		t.Errorf("only %d list sections read from the guide", sections)
	}
}

// Both editions list the same items for each section: items are paired
// with their twins by position.
func TestTopicsEditionsListTheSameItems(t *testing.T) {
	docs, err := content.LoadGuide()
	if err != nil {
		t.Fatal(err)
	}
	tp := NewTopics(docs)
	for anchor, ja := range tp.secs[content.LangJA] {
		en := tp.secs[content.LangEN][anchor]
		if en == nil {
			t.Errorf("section %s has no English twin", anchor)
			continue
		}
		if len(ja.items) != len(en.items) {
			t.Errorf("section %s: %d items in Japanese, %d in English", anchor, len(ja.items), len(en.items))
		}
	}
	for _, anchor := range []string{"evolution", "trends", "soft-skills", "pioneers-companies", "career-paths"} {
		if len(tp.secs[content.LangEN][anchor].items) < 2 {
			t.Errorf("section %s read without its items", anchor)
		}
	}
}

// Questions that name a section's topic, not a sentence's words, are
// answered from that section, through the whole answer path.
func TestTopicsAnswerTheSectionAQuestionNames(t *testing.T) {
	a := guideAnswerer(t, nil)
	tests := []struct {
		q      string
		want   []string // all in the answer
		anchor string   // the one source
	}{
		{"今後のトレンドは？", []string{"サーバーレス・アーキテクチャの浸透", "AI/MLとの融合", "分散システムの複雑化"}, "trends"},
		{"ソフトスキルで大事なのは？", []string{"論理的思考力", "コミュニケーション能力", "学習意欲と探究心", "ドキュメンテーション能力"}, "soft-skills"},
		{"前職で営業やってたけど、ソフトスキルでどんなのが求められる？", []string{"コミュニケーション能力", "ドキュメンテーション能力"}, "soft-skills"},
		{"APIの役割をたとえると？", []string{"「通訳者」"}, "role-api"},
		{"What did Amazon contribute?", []string{"Amazon (AWS)", "cloud computing"}, "pioneers-companies"},
		{"What is the database role likened to?", []string{`"Vault Keeper"`}, "role-database"},
		{"What does the guide say about the future?", []string{"future is very bright", "Trends Shaping the Future", "Diverse Career Paths"}, "future"},
		{"What programming languages does the guide mention?", []string{"Go", "Python", "Rust"}, "hard-skills"},
		{"決済まわりで連携する外部サービスって例えば何", []string{"外部サービス連携", "Stripe"}, "role-server-logic"},
		{"Googleが出した高速なRPCフレームワークってなに", []string{"Google", "gRPC"}, "pioneers-companies"},
		// A chapter title merely naming the word: the sentence saying what
		// it is answers, in either language.
		{"結局バックエンド開発の本質ってなんて書いてある", []string{"その本質は、無から有を生み出す"}, "conclusion"},
		{"What is the essence of backend development?", []string{"something out of nothing"}, "conclusion"},
		// A heading's image named: what it stands for.
		{"「情報の金庫番」ってなんのこと？", []string{"「金庫番」は", "「データベースの設計と管理」"}, "role-database"},
		{"通訳者ってどういう意味？", []string{"「通訳者」は", "「APIの設計と開発」"}, "role-api"},
		// The guide's own subject: the sentence likening it to an image.
		{"このガイドってバックエンドデベロッパーを何に例えてるの？", []string{"「舞台裏のプロフェッショナル」", "劇場の舞台裏"}, "introduction"},
		{"What does the guide compare a backend developer to?", []string{`"backstage professionals"`, "theater"}, "introduction"},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			reply, _, err := ask(t, a, bot.Question{Text: tc.q})
			if err != nil {
				t.Fatal(err)
			}
			if reply.Answer == nil || !reply.Answer.Covered {
				t.Fatalf("refused:\n%s", reply.Text)
			}
			containsAll(t, "answer", reply.Text, tc.want...)
			lang := bot.DetectLang(tc.q)
			if content.TextLang(reply.Text) != string(lang) {
				t.Errorf("answer reads %q, want %q:\n%s", content.TextLang(reply.Text), lang, reply.Text)
			}
			if len(reply.Sources) != 1 || reply.Sources[0].Anchor != tc.anchor {
				t.Errorf("sources %+v, want the one section %s", reply.Sources, tc.anchor)
			}
			if n := strings.Count(reply.Text, "\n> "); n > maxQuotes {
				t.Errorf("%d quotes, want at most %d:\n%s", n, maxQuotes, reply.Text)
			}
		})
	}
}

// When no heading clearly carries the question, or a heading word stands
// in a question about something else ("天気のトレンド", "Amazonの株価",
// "soft skills of a football coach"), the section answer stays out of
// the way and today's answer path decides.
func TestTopicsFallThroughWhenNoHeadingClearlyWins(t *testing.T) {
	a := guideAnswerer(t, nil)
	for _, q := range []string{
		"ハードスキルとソフトスキルの違いは？",                                           // two sections named alike
		"GraphQL使うとRESTと比べて通信量的に何がうれしいんだっけ",                            // several items named whole
		"Which third-party services does a backend usually integrate?", // English words the guide lacks
		"システム設計の面接って最初になにすればいいの",                                       // the section opens with examples
		"ばっくえんどの役割よっつおしえて",                                             // two headings hold 役割 alike
		"SREってGoogleが言い出したもの？",                                         // names an item, asks about another thing
		"FaaSってなに？", // a word of a sentence, not of a heading
		"Dockerとは？", // "Docker入門" is not named whole
		// A heading word of another topic.
		"今日の天気のトレンドは？",
		"おすすめの映画のトレンドは？",
		"Amazonの株価は？",
		"What are the soft skills of a good football coach?",
		"What are the trends in fashion?",
	} {
		t.Run(q, func(t *testing.T) {
			if text, p, ok := a.topicReply(q, bot.DetectLang(q)); ok {
				t.Errorf("answered from %s:\n%s", p.Anchor, text)
			}
		})
	}
}

// The refusal gate runs before the section answer: a question the guide
// is silent on is refused although it holds a heading's word.
func TestTopicsNeverAnswerOutOfScope(t *testing.T) {
	a := guideAnswerer(t, nil)
	for _, q := range []string{
		"ファッションのトレンドは？",
		"ソフトスキルの高いサッカー選手は誰？",
		"What are the latest trends in women's fashion this year?",
	} {
		t.Run(q, func(t *testing.T) {
			reply, _, err := ask(t, a, bot.Question{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			if reply.Answer == nil || reply.Answer.Covered {
				t.Errorf("answered:\n%s", reply.Text)
			}
		})
	}
}

// BenchmarkTopicReply is the section-topic lookup of one question against
// the whole guide's index (it runs before every extractive answer).
func BenchmarkTopicReply(b *testing.B) {
	docs, err := content.LoadGuide()
	if err != nil {
		b.Fatal(err)
	}
	a := New(Options{Topics: NewTopics(docs), Known: func(string) bool { return true }})
	b.ReportAllocs()
	for i := range b.N {
		q := [...]string{"前職で営業やってたけど、ソフトスキルでどんなのが求められる？", "What did Amazon contribute?", "N+1問題とは？"}[i%3]
		a.topicReply(q, bot.DetectLang(q))
	}
}

// With a model, the section a question names is the prompt's first
// passage, whole (all the trends, not the soft-skills line that shares the
// word), and not in the system message.
func TestTopicsSectionGoesIntoThePrompt(t *testing.T) {
	f := newFakeLLM(t)
	a := guideAnswerer(t, func(o *Options) { o.Chat = f.client(nil); o.Model = "fake" })
	if _, _, err := ask(t, a, bot.Question{Text: "今後のトレンドは？"}); err != nil {
		t.Fatal(err)
	}
	req := f.LastStream(t)
	prompt := lastUser(req)
	_, first, _ := strings.Cut(prompt, "<<<PASSAGE 1 |")
	first, _, _ = strings.Cut(first, "<<<PASSAGE 2")
	if !strings.Contains(first, "section: 未来の展望とキャリアパス > 未来を形作るトレンド") {
		t.Errorf("the first passage is not the trends section:\n%s", first)
	}
	for _, item := range []string{"サーバーレス・アーキテクチャの浸透", "AI/MLとの融合", "パフォーマンスと安全性の追求", "分散システムの複雑化"} {
		if !strings.Contains(first, item) {
			t.Errorf("the first passage lacks %q:\n%s", item, first)
		}
	}
	if strings.Contains(systemPrompt(req), "分散システムの複雑化") {
		t.Errorf("the section is in the system message")
	}
}
