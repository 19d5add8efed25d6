package answer

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
)

func TestSectionItems(t *testing.T) {
	chunk := func(block int, text string) content.Chunk { return content.Chunk{Block: block, Text: text} }
	items := sectionItems([]content.Chunk{
		chunk(0, "スキルは次の通りです。"),
		chunk(1, "1. 論理的思考力\n  - 仕様を理解する能力。粘り強さ。"),
		chunk(2, "2. コミュニケーション能力\n  - 連携する能力。"),
		chunk(2, "（同じブロックの続き）"),
		chunk(3, "3. 学習意欲\n  - 学ぶ姿勢。"),
	}, false)
	want := []listItem{{"論理的思考力", "仕様を理解する能力。"}, {"コミュニケーション能力", "連携する能力。"}, {"学習意欲", "学ぶ姿勢。"}}
	if len(items) != len(want) {
		t.Fatalf("items %q, want %q", items, want)
	}
	for i := range want {
		if items[i] != want[i] {
			t.Errorf("item %d = %q, want %q", i, items[i], want[i])
		}
	}
	if got := sectionItems([]content.Chunk{chunk(0, "段落。"), chunk(1, "- a\n- b")}, true); got != nil {
		t.Errorf("a paragraph and one list block are not a list section: %q", got)
	}
	inline := []content.Chunk{chunk(0, "トレンド:"), chunk(1, "- サーバーレス: 管理から解放。さらに。\n- AI: 融合。\n- Wasm: 高速。")}
	if got := sectionItems(inline, false); got != nil {
		t.Errorf("inline items read without being asked for: %q", got)
	}
	want = []listItem{{"サーバーレス", "管理から解放。"}, {"AI", "融合。"}, {"Wasm", "高速。"}}
	if got := sectionItems(inline, true); !slices.Equal(got, want) {
		t.Errorf("inline items %q, want %q", got, want)
	}
}

func TestListQuestionsGetTheWholeList(t *testing.T) {
	a := guideAnswerer(t, nil)
	tests := []struct {
		q    string
		want []string // all in the answer; nil: not a list answer
	}{
		{"ソフトスキルって何が必要？", []string{"論理的思考力", "コミュニケーション能力", "学習意欲", "ドキュメンテーション能力"}},
		{"What soft skills does a backend developer need?", []string{"Logical thinking", "Communication skills", "Eagerness to learn", "Documentation skills"}},
		{"必須のハードスキルってどんなのがある？", []string{"プログラミング言語", "Webセキュリティの基礎知識"}},
		// One item named: that item, not the list.
		{"コミュニケーション能力ってなんで必要？", nil},
		// "バックエンド" names every section: no list of the evolution eras.
		{"バックエンドで使う言語ってどんなのがある？", nil},
		// Nor does its glossary twin "サーバーサイド".
		{"サーバーサイドの処理ってたとえば何がある？", nil},
		// A list of "- Head: description" lines only when all are asked for.
		{"What are the trends shaping the future of backend development?", []string{"lists 4", "Serverless", "AI/ML", "WebAssembly", "Distributed systems"}},
		{"what trends shape future of backend?", []string{"lists 4", "Serverless", "WebAssembly"}}, // "what <things>" asks for them all
		{"DynamoDBってどういう種類のDB？", nil},
		// How many there are: the whole list, counted, its last item too.
		{"Hard Skillsって全部で何項目ある？最後は何？", []string{"7つ", "Webセキュリティの基礎知識"}},
		{"How many soft skills are there?", []string{"lists 4", "Documentation skills"}},
		{"ソフトスキルは何個ある？", []string{"4つ", "ドキュメンテーション能力"}},
		// "<kind>ってなに" asks for the things of that kind...
		{"これから来るトレンドってなに", []string{"4つ", "サーバーレス", "WebAssembly"}},
		// ...but not what one named thing's kind holds.
		{"API設計のスキルってどんなことが含まれる？", nil},
		// "バック" is not "バックエンド": no list of the evolution eras.
		{"フロントとバックの違いをざっくり教えて", nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			hits, err := a.search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			rel, ok := a.judge(tt.q, hits, false)
			if !ok {
				t.Fatal("refused")
			}
			lang := bot.DetectLang(tt.q)
			text, _, ok := a.listReply(tt.q, lang, preferLang(rel, lang))
			if ok != (tt.want != nil) {
				t.Fatalf("list answer %v, want %v:\n%s", ok, tt.want != nil, text)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("answer lacks %q:\n%s", w, text)
				}
			}
		})
	}
}
