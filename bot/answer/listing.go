package answer

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/retrieval"
)

// A question asking what a section lists ("ソフトスキルって何が必要？",
// "What soft skills does the guide list?") is answered with the section's
// items, when the section is a list of headed items each in its own block:
// the passages retrieval returns are single items, and quoting one of them
// (or the lead paragraph above the list) answers only a part.

// SectionLookup finds the chunks of one section of the documents, in order.
type SectionLookup func(source, anchor string) []content.Chunk

// TwinLookup finds a chunk's twin in the other edition of the guide (same
// section anchor and block), in lang.
type TwinLookup func(c content.Chunk, lang string) (content.Chunk, bool)

// NewTwinLookup indexes docs' chunks by their twin key and language.
func NewTwinLookup(docs []content.Document) TwinLookup {
	by := map[string]content.Chunk{}
	for _, d := range docs {
		for _, c := range d.Chunks {
			if c.Twin != "" {
				k := c.Twin + "\x00" + c.Lang
				if t, seen := by[k]; seen { // a long block's next piece: the block whole
					t.Text += "\n" + c.Text
					c = t
				}
				by[k] = c
			}
		}
	}
	return func(c content.Chunk, lang string) (content.Chunk, bool) {
		if c.Twin == "" {
			return content.Chunk{}, false
		}
		t, ok := by[c.Twin+"\x00"+lang]
		return t, ok
	}
}

// NewSectionLookup indexes docs' chunks by section.
func NewSectionLookup(docs []content.Document) SectionLookup {
	by := map[string][]content.Chunk{}
	for _, d := range docs {
		for _, c := range d.Chunks {
			k := c.Source + "#" + c.Anchor
			by[k] = append(by[k], c)
		}
	}
	return func(source, anchor string) []content.Chunk { return by[source+"#"+anchor] }
}

// asksList matches questions that ask for several things.
var asksList = regexp.MustCompile(asksCount + `|` + asksKinds + `|何が|なにが|どんな|どういう|どれ|いくつか|挙げ|一覧|全部|すべて|教えて|what are|what (?:\w+ )?(?:trends|skills|tools|paths|roles|steps|types|kinds|categories|services|languages|frameworks)\b|what (?:\w+ ){0,3}(?:do|does|should|are)|which|list|name (?:some|the)|examples?|kinds?`)

// asksAll matches questions that ask for all the things of a kind.
var asksAll = regexp.MustCompile(asksCount + `|` + asksKinds + `|何があ|なにがあ|どんなのがあ|どんなものがあ|一覧|全部|すべて|いくつか|挙げ|what are|list|name (?:some|the|all)|which \w+ are|what (?:\w+ )?(?:trends|skills|tools|paths|roles|steps|types|kinds|categories|services|languages|frameworks)\b`)

// asksCount asks how many things there are of a kind ("何種類",
// "全部で何項目", "how many"): the whole list answers it, its count and its
// last item included.
// asksKinds asks, in Japanese, what the things of a listed kind are
// ("これから来るトレンドってなに"), like "what trends" in English; not
// what one named thing's kind holds ("API設計のスキルってどんな…": after の,
// the question is about API設計).
const asksKinds = `(?:^|[ぁ-ねは-ん])(?:トレンド|スキル|ツール|キャリアパス|役割|サービス|フレームワーク)(?:って|は|には|とか)(?:なに|何|どれ|どんな)`

const asksCount = `何種類|何ジャンル|何項目|何個|何つ|いくつあ|how many (?:\w+ ){0,3}(?:are|does|do|is|there)\b`

var asksCountRe = regexp.MustCompile(asksCount)

// asksOne matches questions that ask for one thing (the best, the first)
// or about one thing named before (その人, it).
var asksOne = regexp.MustCompile(`一番|いちばん|最も|最初|最後|その人|彼|彼女|\b(?:best|most|first|last|he|she|his|her|it)\b`)

// listItem is one headed item of a section: its head and the first
// sentence of what it says.
type listItem struct{ head, first string }

// sectionItems reads a section whose blocks are headed items ("1. 論理的思考
// 力・問題解決能力" over its description); nil when it is not one.
//
// A section of "- Head: description" lines is read only when inlineOK: such
// lists are everywhere in the guide (a language and what it is good for),
// so only a question that clearly asks for all of them gets them.
func sectionItems(chunks []content.Chunk, inlineOK bool) []listItem {
	var items []listItem
	for _, text := range blocksOf(chunks) {
		lines := strings.Split(text, "\n")
		first := strings.TrimSpace(lines[0])
		if inline := inlineItems(lines); len(inline) > 0 {
			if !inlineOK {
				return nil
			}
			items = append(items, inline...) // "- Head: description" lines
			continue
		}
		if !itemMarker.MatchString(lines[0]) || !isHeadLine(strings.TrimSpace(itemMarker.ReplaceAllString(first, "")), true) {
			continue // a paragraph before or after the list
		}
		items = append(items, headedItem(strings.TrimSpace(itemMarker.ReplaceAllString(first, "")), lines[1:]))
	}
	if len(items) < 3 {
		return nil
	}
	return items
}

// blocksOf is the text of each block of a section's chunks: a long block
// was cut into several chunks, read whole again.
func blocksOf(chunks []content.Chunk) []string {
	var blocks []string
	for i, c := range chunks {
		if i > 0 && c.Block == chunks[i-1].Block {
			blocks[len(blocks)-1] += "\n" + c.Text
			continue
		}
		blocks = append(blocks, c.Text)
	}
	return blocks
}

// headedItem is the item headed head, described by the lines under it
// (its first sentence).
func headedItem(head string, under []string) listItem {
	it := listItem{head: head}
	if us := splitUnits(strings.Join(under, "\n")); len(us) > 0 {
		it.first = us[0].text
	}
	return it
}

// inlineItems reads a list block whose every line is a top-level item
// naming itself ("- サーバーレス・アーキテクチャの浸透: …"); nil otherwise.
func inlineItems(lines []string) []listItem {
	var out []listItem
	for _, l := range lines {
		if !itemMarker.MatchString(l) || strings.HasPrefix(l, " ") {
			return nil
		}
		head, rest, ok := inlineHead(strings.TrimSpace(itemMarker.ReplaceAllString(l, "")))
		if !ok {
			return nil
		}
		it := listItem{head: head}
		if us := splitSentences(rest); len(us) > 0 {
			it.first = us[0]
		}
		out = append(out, it)
	}
	return out
}

// listReply answers a list question from the first of the top hits whose
// section is a list of headed items and whose title (with its parent's)
// names what the question asks about. A question naming one of the items
// is left to the extractive answer, which finds that item.
func (a *Answerer) listReply(question string, lang bot.Lang, rel []retrieval.Hit) (string, passage, bool) {
	norm := retrieval.Normalize(question)
	if a.opts.Sections == nil || !asksList.MatchString(norm) || asksOne.MatchString(norm) && !asksCountRe.MatchString(norm) {
		return "", passage{}, false
	}
	q := topicUnits2(norm)
	for _, h := range rel[:min(5, len(rel))] {
		if h.Chunk.Lang != "" && h.Chunk.Lang != string(lang) {
			continue
		}
		title := lastHeading(h.Chunk.Section)
		titles := a.titleText(lastHeadings(h.Chunk.Section, 2))
		if !sharesTopic(q, titles) {
			continue
		}
		items := sectionItems(a.opts.Sections(h.Chunk.Source, h.Chunk.Anchor),
			asksAll.MatchString(norm) && sharesTopic(q, retrieval.Normalize(lastHeadings(h.Chunk.Section, 2))))
		if items == nil || namesItem(norm, items, titles) {
			continue
		}
		var b strings.Builder
		b.WriteString(pick(string(lang), fmt.Sprintf("ガイドは「%s」として次の%dつを挙げています。[1]", title, len(items)),
			fmt.Sprintf("The guide lists %d under \"%s\": [1]", len(items), title)))
		for i, it := range items {
			fmt.Fprintf(&b, "\n%d. %s", i+1, it.head)
			if it.first != "" {
				fmt.Fprintf(&b, " — %s", clip(it.first, 70))
			}
		}
		var body strings.Builder
		for _, c := range a.opts.Sections(h.Chunk.Source, h.Chunk.Anchor) {
			body.WriteString(c.Text + "\n")
		}
		return b.String(), passage{N: 1, Section: h.Chunk.Section, Document: h.Chunk.Source, Anchor: h.Chunk.Anchor, Text: body.String()}, true
	}
	return "", passage{}, false
}

// lastHeadings are the last n levels of a "A > B > C" section path.
func lastHeadings(section string, n int) string {
	parts := strings.Split(section, " > ")
	return strings.Join(parts[max(0, len(parts)-n):], " ")
}

// topicUnits2 are what a normalised question is about: its key units
// (latin words, katakana words whole, kanji bigrams) without generic
// question words and without the guide's subject words, which every
// section title shares.
func topicUnits2(norm string) []string {
	var out []string
	for _, u := range keyUnits(norm) {
		if !genericUnits[u] && !vagueWords[u] && !subjectWords[u] {
			out = append(out, u)
		}
	}
	return out
}

// subjectWords name the guide's subject: they tell no section from another.
var subjectWords = map[string]bool{"backend": true, "バックエンド": true, "developer": true, "developers": true,
	"デベロッパー": true, "engineer": true, "エンジニア": true, "バックエンドエンジニア": true, "バックエンドデベロッパー": true, "開発": true,
	"サーバーサイド": true} // the glossary's other name for バックエンド

// titleText is a heading with the Japanese forms of the glossary concepts
// it names: "Hard Skills (テクニカルスキル)" is also ハードスキル.
func (a *Answerer) titleText(title string) string {
	norm := retrieval.Normalize(title)
	if a.glossary == nil {
		return norm
	}
	var b strings.Builder
	b.WriteString(norm)
	for _, m := range a.glossary.Concepts(norm) {
		for _, ja := range a.glossary.Japanese(m.Concept) {
			b.WriteString(" " + ja)
		}
	}
	return b.String()
}

// sharesTopic: the title holds at least half of the question's topic units
// (and one at least).
func sharesTopic(q []string, title string) bool {
	n := 0
	for _, u := range q {
		if containsWord(title, u) {
			n++
		}
	}
	return n > 0 && 2*n >= len(q)
}

// namesItem: the question names one of the items (it asks about that
// one): it holds most of the key units of the item's head that the title
// does not ("communication" in "Communication skills" under "Soft Skills").
func namesItem(question string, items []listItem, title string) bool {
	for _, it := range items {
		var own []string
		for _, u := range keyUnits(retrieval.Normalize(it.head)) {
			if !containsUnit(title, u) {
				own = append(own, u)
			}
		}
		n := 0
		for _, u := range own {
			if containsUnit(question, u) {
				n++
			}
		}
		if len(own) > 0 && 2*n >= len(own) {
			return true
		}
	}
	return false
}

// containsWord is containsUnit, with a katakana unit found only as a whole
// word: "バック" is not in "バックエンド".
func containsWord(text, unit string) bool {
	r, _ := utf8.DecodeRuneInString(unit)
	if scriptOf(r) != scriptKatakana {
		return containsUnit(text, unit)
	}
	for i := 0; ; {
		j := strings.Index(text[i:], unit)
		if j < 0 {
			return false
		}
		end := i + j + len(unit)
		next, _ := utf8.DecodeRuneInString(text[end:])
		prev, _ := utf8.DecodeLastRuneInString(text[:i+j])
		if scriptOf(next) != scriptKatakana && scriptOf(prev) != scriptKatakana {
			return true
		}
		i = end
	}
}
