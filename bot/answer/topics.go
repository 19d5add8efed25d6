package answer

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/retrieval"
)

// Many questions name a section's topic rather than a sentence's words
// ("今後のトレンドは？", "ソフトスキルで大事なのは？", "What did Amazon
// contribute?"). Retrieval then ranks whatever sentence shares a word
// ("IT業界の技術トレンドは日進月歩" under the soft skills), and the answer
// quotes it. Topics is an index of the guide's headings, built once from
// its structure: each section's heading words in both editions (twins share
// the anchor), their parenthesised alternatives, the glossary concepts they
// name, the headings above them, and the heads of the section's list items.
// A question whose topic words one heading clearly carries is answered from
// that section (its items, its metaphor, the item naming the entity);
// otherwise the answer is the extractive one, as before.

// Topics is the guide's section index for section-topic answers.
type Topics struct {
	entries []topicEntry
	// secs: lang → anchor → the section as it reads in that edition.
	secs  map[string]map[string]*topicSection
	order []string // the anchors in document order
	g     *retrieval.Glossary
}

// topicSection is one section of one edition.
type topicSection struct {
	anchor, title, path, source string
	level                       int
	body                        string     // the chunks' text, in order
	units                       []unit     // its sentences (splitUnits of body)
	items                       []listItem // its headed list items (nil: not a list)
	children                    []string   // titles of the direct subsections
}

// topicEntry is what a question is matched against: a section, or one
// item of a list section (item ≥ 0).
type topicEntry struct {
	anchor string
	item   int
	own    headingTerms // the heading (or item head), both editions
	parent headingTerms // the headings above it
	// text holds an item's own sentences, both editions: a question may
	// name the item and one thing it says ("決済" of "外部サービス連携").
	text map[string]bool
	// alts are the heading's alternative names and parts, each as its
	// pieces ("Amazon", "AWS"; "Soft Skills", "ソフトスキル").
	alts [][]piece
	// names are its alternative names whole, not cut at "and"/"と": what
	// names an item or makes a question name several things.
	names [][]piece
}

// headingTerms are a heading's units (with latin stems) and glossary concepts.
type headingTerms struct {
	units    map[string]bool
	concepts map[int]bool
	norm     string
}

// NewTopics indexes the guide's sections in docs (both editions).
func NewTopics(docs []content.Document) *Topics {
	t := &Topics{secs: map[string]map[string]*topicSection{}}
	if g, err := retrieval.DefaultGlossary(); err == nil {
		t.g = g
	}
	slug := strings.TrimSuffix(content.GuideName, ".md")
	var order []string // anchors in document order (the Japanese edition first)
	defer func() { t.order = order }()
	for _, lang := range []string{content.LangJA, content.LangEN} {
		d, ok := content.Edition(docs, slug, lang)
		if !ok {
			continue
		}
		t.secs[lang] = readSections(d)
		for _, s := range d.Sections {
			if !slices.Contains(order, s.Anchor) {
				order = append(order, s.Anchor)
			}
		}
	}
	for _, anchor := range order {
		var own, parent []string
		alignItems(t.secs, anchor)
		var items [][]string // per item index, its heads in both editions
		var texts []map[string]bool
		for _, lang := range []string{content.LangJA, content.LangEN} {
			s := t.secs[lang][anchor]
			if s == nil {
				continue
			}
			own = append(own, s.title)
			for i, it := range s.items {
				if i == len(items) {
					items = append(items, nil)
					texts = append(texts, map[string]bool{})
				}
				items[i] = append(items[i], it.head)
				for _, u := range itemUnits(s, i) {
					for _, k := range keyUnits(retrieval.Normalize(u.text)) {
						texts[i][k], texts[i][stemUnit(k)] = true, true
					}
				}
			}
		}
		for _, lang := range []string{content.LangJA, content.LangEN} {
			if s := t.secs[lang][anchor]; s != nil {
				parts := strings.Split(s.path, " > ")
				parent = append(parent, parts[:len(parts)-1]...)
			}
		}
		par := t.termsOf(parent)
		t.entries = append(t.entries, topicEntry{anchor: anchor, item: -1, own: t.termsOf(own), parent: par, alts: t.altPieces(own, true), names: t.altPieces(own, false)})
		secTerms := t.termsOf(append(own, parent...))
		for i, heads := range items {
			t.entries = append(t.entries, topicEntry{anchor: anchor, item: i, own: t.termsOf(heads), parent: secTerms, text: texts[i], alts: t.altPieces(heads, true), names: t.altPieces(heads, false)})
		}
	}
	return t
}

// alignItems keeps a section's items only when both editions list as
// many: items are paired with their twins by position.
func alignItems(secs map[string]map[string]*topicSection, anchor string) {
	ja, en := secs[content.LangJA][anchor], secs[content.LangEN][anchor]
	if ja != nil && en != nil && len(ja.items) != len(en.items) {
		ja.items, en.items = nil, nil
	}
}

// readSections reads an edition's sections: titles, bodies, list items.
func readSections(d content.Document) map[string]*topicSection {
	chunks := map[string][]content.Chunk{}
	for _, c := range d.Chunks {
		chunks[c.Anchor] = append(chunks[c.Anchor], c)
	}
	out := map[string]*topicSection{}
	var stack []*topicSection
	for _, s := range d.Sections {
		ts := &topicSection{anchor: s.Anchor, title: cleanHeading(s.Path[len(s.Path)-1]), path: s.Title, source: d.Source, level: s.Level}
		var body strings.Builder
		for _, c := range chunks[s.Anchor] {
			body.WriteString(c.Text + "\n")
		}
		ts.body = body.String()
		for _, u := range splitUnits(ts.body) {
			if strings.TrimSpace(u.text) != "" {
				ts.units = append(ts.units, u)
			}
		}
		ts.items = topicItems(chunks[s.Anchor], d.Lang)
		for len(stack) > 0 && stack[len(stack)-1].level >= s.Level {
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 {
			p := stack[len(stack)-1]
			p.children = append(p.children, ts.title)
		}
		stack = append(stack, ts)
		out[s.Anchor] = ts
	}
	return out
}

// topicItems are a section's headed items, read as sectionItems reads
// them, but two are already a list ("Amazon (AWS)", "Google") and an
// English head may be twice as long as a Japanese one ("The period of
// innovation (late 2000s–2010s): the age of MVC frameworks and APIs"),
// so that both editions list the same items.
func topicItems(chunks []content.Chunk, lang string) []listItem {
	limit := maxHeadRunes
	if lang == content.LangEN {
		limit *= 2
	}
	var items []listItem
	for _, text := range blocksOf(chunks) {
		lines := strings.Split(text, "\n")
		if inline := inlineItems(lines); len(inline) > 0 {
			items = append(items, inline...)
			continue
		}
		first := strings.TrimSpace(itemMarker.ReplaceAllString(lines[0], ""))
		if !itemMarker.MatchString(lines[0]) || utf8.RuneCountInString(first) > limit || endsSentence(first) {
			continue // a paragraph before or after the list
		}
		items = append(items, headedItem(first, lines[1:]))
	}
	if len(items) < 2 {
		return nil
	}
	return items
}

// headingNumber is a heading's leading number ("3. ", "Step 2: " stays).
var headingNumber = regexp.MustCompile(`^\d{1,2}\.\s*`)

func cleanHeading(h string) string {
	return strings.TrimSpace(headingNumber.ReplaceAllString(h, ""))
}

// termsOf are the units and concepts of headings.
func (t *Topics) termsOf(headings []string) headingTerms {
	norm := retrieval.Normalize(strings.Join(headings, " \n "))
	tt := headingTerms{units: map[string]bool{}, concepts: map[int]bool{}, norm: norm}
	for _, u := range keyUnits(norm) {
		tt.units[u] = true
		tt.units[stemUnit(u)] = true
	}
	if t.g != nil {
		for _, m := range t.g.Concepts(norm) {
			tt.concepts[m.Concept] = true
		}
	}
	return tt
}

// altSplit cuts a heading into its alternative names and parts:
// "Step 2: 中級スキル習得 (Intermediate)" → "Step 2", "中級スキル習得",
// "Intermediate".
var altSplit = regexp.MustCompile(`[:：()（）]|\s-\s`)

// piece is a word of a heading part: a latin word, or a run of kanji or
// of katakana, weighing its letters (a run) or 1 (a word), so that a
// long kanji compound is not named by one of its bigrams alone.
type piece struct {
	text     string
	latin    bool
	weight   float64
	concepts []int // the glossary concepts it is a form of
}

// altPieces are the pieces of each part of the headings, without the
// guide's subject words and generic words.
func (t *Topics) altPieces(headings []string, cut bool) [][]piece {
	var out [][]piece
	for _, h := range headings {
		parts := altSplit.Split(h, -1)
		if cut {
			parts = headingParts(h)
		}
		for _, part := range parts {
			norm := retrieval.Normalize(part)
			var ps []piece
			queryParts(norm, func(w string) {
				if w = stemUnit(w); !genericUnits[w] && !subjectWords[w] && !topicSubject[w] && w != "up" {
					ps = append(ps, piece{text: w, latin: true, weight: 1})
				}
			}, func(class int, run []rune) {
				w := string(run)
				if class == scriptOther || len(run) < 2 && class == scriptKatakana || genericUnits[w] || subjectWords[w] {
					return
				}
				ps = append(ps, piece{text: w, weight: float64(len(run))})
			})
			for k := range ps {
				ps[k].concepts = t.conceptsOf(ps[k].text)
			}
			if len(ps) > 0 {
				out = append(out, ps)
			}
		}
	}
	return out
}

// partShare is how much of a heading part the question names: a latin
// word it holds, the letters of a run its units cover; a piece it holds
// only as a glossary concept ("未来" for "トレンド") counts half.
func (t *Topics) partShare(part []piece, q *topicQuery) float64 {
	var got, all float64
	for _, p := range part {
		all += p.weight
		switch {
		case p.latin && q.inQuestion[p.text]:
			got += p.weight
		case p.latin:
			if q.holds(p) {
				got += p.weight / 2
			}
		default:
			run := []rune(p.text)
			covered := make([]bool, len(run))
			for _, u := range q.units {
				ur := []rune(u)
				for k := 0; k+len(ur) <= len(run); k++ {
					if string(run[k:k+len(ur)]) == u {
						for m := k; m < k+len(ur); m++ {
							covered[m] = true
						}
					}
				}
			}
			n := 0
			for _, c := range covered {
				if c {
					n++
				}
			}
			if n == 0 && q.holds(p) {
				got += p.weight / 2
			}
			got += float64(n)
		}
	}
	if all == 0 {
		return 0
	}
	return got / all
}

// joiner joins two topics in a heading: "Future Outlook and Career
// Paths", "Infrastructure & Cloud Computing".
var joiner = regexp.MustCompile(`(?i)\s(?:and|&)\s`)

// headingParts are a heading's parts (altSplit), each cut again where it
// joins two topics: at " and ", " & ", and at a と between two words
// that are not hiragana ("未来の展望とキャリアパス", not "ことば").
func headingParts(h string) []string {
	var out []string
	for _, part := range altSplit.Split(h, -1) {
		for _, p := range joiner.Split(part, -1) {
			r := []rune(p)
			start := 0
			for i := 1; i+1 < len(r); i++ {
				if r[i] == 'と' && !isHiragana(r[i-1]) && !isHiragana(r[i+1]) {
					out = append(out, string(r[start:i]))
					start = i + 1
				}
			}
			out = append(out, string(r[start:]))
		}
	}
	return out
}

// topicSubject are more of the guide's subject words, which tell no
// heading from another ("the essence of backend development").
var topicSubject = map[string]bool{"development": true, "developing": true, "develop": true}

// stemUnit is a latin word without its plural ending ("skills" → "skill").
//
// Other endings go too ("integration", "integrate" → "integrat";
// "companies" → "company"), as long as four letters are left.
func stemUnit(u string) string {
	if len(u) < 4 || u[0] >= 0x80 || strings.HasSuffix(u, "ss") {
		return u
	}
	for _, e := range [...]struct{ suf, add string }{{"ations", ""}, {"ation", ""}, {"ions", ""}, {"ion", ""}, {"ings", ""},
		{"ing", ""}, {"ies", "y"}, {"es", ""}, {"ed", ""}, {"s", ""}, {"e", ""}} {
		if root, ok := strings.CutSuffix(u, e.suf); ok && len(root)+len(e.add) >= 4 {
			return root + e.add
		}
	}
	return u
}
