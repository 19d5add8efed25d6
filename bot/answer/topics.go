package answer

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
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

// topicScaffold are words that say how a question asks, not about what,
// beyond genericUnits: "what does the guide say about …", "なんて書いてある".
var topicScaffold = map[string]bool{"guide": true, "mention": true, "mentions": true, "mentioned": true, "list": true,
	"listed": true, "lists": true, "say": true, "written": true, "write": true, "contribute": true, "contributed": true,
	"contribution": true, "contributions": true, "貢献": true, "比喩": true, "書い": true, "記事": true,
	"metaphor": true, "compared": true, "compare": true, "compares": true, "analogy": true, "likened": true,
	"liken": true, "according": true, "ガイド": true, "few": true, "lot": true, "lots": true, "stuff": true}

// asksLikening asks what something is likened to, as asksMetaphorText,
// or "what does the guide compare X to".
var asksLikening = regexp.MustCompile(`(?i)\bcompares?\b.+\bto\b`)

func asksMetaphorOf(question string) bool {
	return asksMetaphorText.MatchString(question) || asksLikening.MatchString(question)
}

// questionUnits are what a question is about: its key units without the
// question's scaffolding and the guide's subject words, and without the
// words the guide never uses (the asker's own context: "前職で営業やってた").
// unknown counts the English words the guide never uses that qualify
// the topic ("soft skills of a football coach", "trends in fashion"): then
// the question is about something else. Other English words it lacks are
// how the asker asks ("which trends should I watch"), and a Japanese unit
// it lacks is often a bigram across two words ("通信量的" → "量的").
//
// A word the guide never uses joined to the topic by の ("天気のトレンド",
// "Amazonの株価") makes it another topic: then there are no units.
func (a *Answerer) questionUnits(question string) (units []string, unknown int) {
	norm := retrieval.Normalize(question)
	var strange []string
	for _, u := range keyUnits(norm) {
		if genericUnits[u] || vagueWords[u] || subjectWords[u] || topicSubject[u] || topicScaffold[u] {
			continue
		}
		if a.opts.Known != nil && !a.knownUnit(u) {
			if isASCII(u) {
				if qualifies.MatchString(norm) && qualifiedBy(norm, u) {
					unknown++
				}
			} else {
				strange = append(strange, u)
			}
			continue
		}
		units = append(units, u)
	}
	for _, w := range strange {
		for _, u := range units {
			if strings.Contains(norm, w+"の"+u) || strings.Contains(norm, w+u) || strings.Contains(norm, u+"の"+w) {
				return nil, unknown
			}
		}
	}
	return units, unknown
}

// knownUnit: the guide uses u, or a latin u in another form ("resource"
// as "resources", "integrate" as "integration"), or it is a glossary form
// of what the guide says.
func (a *Answerer) knownUnit(u string) bool {
	if a.knownWord(u) || a.isGlossaryForm(u) {
		return true
	}
	if !isASCII(u) {
		return false
	}
	root := stemUnit(u)
	for _, end := range [...]string{"", "s", "es", "e", "ed", "ing", "ion", "ions", "ation", "ations", "y"} {
		if a.opts.Known(u+end) || a.opts.Known(root+end) {
			return true
		}
	}
	return false
}

// qualifies matches a preposition that makes what follows qualify a topic.
var qualifies = regexp.MustCompile(`\b(?:of|in|for|at|on|from|about|with|like)\b`)

// qualifiedBy: word stands within two words after a preposition.
func qualifiedBy(norm, word string) bool {
	ws := strings.FieldsFunc(norm, func(r rune) bool {
		return !(r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '\''))
	})
	for i, w := range ws {
		if w != word {
			continue
		}
		for k := max(0, i-3); k < i; k++ {
			if qualifies.MatchString(ws[k]) && len(ws[k]) <= 5 {
				return true
			}
		}
	}
	return false
}

// has: the terms hold question unit u, as written, stemmed, or as a
// glossary concept.
func (q *topicQuery) has(tt headingTerms, u string) bool {
	if tt.units[u] || tt.units[stemUnit(u)] || hyphenParts(tt, u) {
		return true
	}
	for _, c := range q.concepts[u] {
		if tt.concepts[c] {
			return true
		}
	}
	return false
}

// hyphenParts: a hyphenated word ("deep-dive") whose every part the
// heading holds ("Deep Dives").
func hyphenParts(tt headingTerms, u string) bool {
	if !strings.Contains(u, "-") || !isASCII(u) {
		return false
	}
	for _, p := range strings.Split(u, "-") {
		if len(p) >= 2 && !tt.units[p] && !tt.units[stemUnit(p)] {
			return false
		}
	}
	return true
}

// conceptsOf are the glossary concepts a question unit is a form of: a
// latin word's, or those with the Japanese unit as one of their forms
// ("ソフトスキル" is soft skills, not also "スキル" inside it).
func (t *Topics) conceptsOf(u string) []int {
	if t.g == nil {
		return nil
	}
	var out []int
	for _, m := range t.g.Concepts(u) {
		if isASCII(u) || slices.Contains(t.g.Japanese(m.Concept), u) {
			out = append(out, m.Concept)
		}
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// minHeadingShare is the least share of one of a section heading's
// parts that the question must name: "pioneers" names a third of "The
// Pioneers Who Opened Up This Field", a word that only passes through a
// long heading less.
const minHeadingShare = 1.0 / 3

// topicMatch is an entry the question names, with how well.
type topicMatch struct {
	entry      int
	qcov, hcov float64
	literal    int  // question units its own heading holds as written
	named      bool // the question names one of its names whole
}

// match finds the entry whose heading clearly carries the question's
// topic units, or false. A section must hold all of them in its heading
// and the headings above it (one at least in its own); an item must be
// named whole by one of its names and hold half of them with its section's
// headings. Among those, the best must beat the next.
func (t *Topics) match(units []string) (topicMatch, bool) {
	if len(units) == 0 {
		return topicMatch{}, false
	}
	q := t.query(units)
	var found, named []topicMatch
	for i := range t.entries {
		m, ok := t.score(i, q)
		if m.named {
			named = append(named, m)
		}
		if ok {
			found = append(found, m)
		}
	}
	if len(found) == 0 {
		return topicMatch{}, false
	}
	slices.SortStableFunc(found, func(x, y topicMatch) int {
		switch {
		case x.qcov != y.qcov:
			return cmpDesc(x.qcov, y.qcov)
		case x.literal != y.literal:
			return y.literal - x.literal
		default:
			return cmpDesc(x.hcov, y.hcov)
		}
	})
	if len(found) > 1 && found[0].qcov == found[1].qcov && found[0].literal == found[1].literal && found[0].hcov == found[1].hcov {
		return topicMatch{}, false // two sections carry it alike: not clear
	}
	// A question naming several things whole ("GraphQL", "REST") is about
	// how they relate, which no one of their sections says. A section and
	// its own item named are one topic; so is a section whose name is
	// only words of the winner's heading ("Technical" of "Hard Skills
	// (Technical Skills)", "Foundation" of the infrastructure role).
	win := t.entries[found[0].entry]
	for _, n := range named {
		e := t.entries[n.entry]
		if n.entry == found[0].entry || e.anchor == win.anchor && (e.item < 0 || win.item < 0) {
			continue
		}
		if e.item >= 0 || slices.ContainsFunc(units, func(u string) bool { return q.has(e.own, u) && !q.has(win.own, u) }) {
			return topicMatch{}, false
		}
	}
	return found[0], true
}

// score is how well entry i's heading carries the question's units; ok
// when it carries them enough to answer from (see match).
func (t *Topics) score(i int, q *topicQuery) (topicMatch, bool) {
	e := t.entries[i]
	units := q.units
	own, par, literal := 0, 0, 0
	for _, u := range units {
		switch {
		case e.own.units[u] || e.own.units[stemUnit(u)] || hyphenParts(e.own, u):
			own++
			literal++
		case q.has(e.own, u):
			own++
		case q.has(e.parent, u) || e.text[u] || e.text[stemUnit(u)]:
			par++
		}
	}
	if own == 0 {
		return topicMatch{entry: i}, false
	}
	hcov := 0.0
	for _, alt := range e.alts {
		hcov = max(hcov, t.partShare(alt, q))
	}
	whole := 0.0
	for _, n := range e.names {
		whole = max(whole, t.partShare(n, q))
	}
	m := topicMatch{entry: i, qcov: float64(own+par) / float64(len(units)), hcov: hcov, named: whole == 1, literal: literal}
	return m, m.qcov == 1 && hcov >= minHeadingShare && (e.item < 0 || m.named)
}

// holds: the question holds a heading piece by concept ("future" in the
// heading, "トレンド" in the question).
func (q *topicQuery) holds(p piece) bool {
	return slices.ContainsFunc(p.concepts, func(c int) bool { return q.all[c] })
}

// topicQuery is a question's units with what matching needs of them,
// worked out once per question.
type topicQuery struct {
	units      []string
	inQuestion map[string]bool  // the units stemmed, and a hyphenated one's parts
	concepts   map[string][]int // unit → its glossary concepts
	all        map[int]bool     // every concept of the question
}

func (t *Topics) query(units []string) *topicQuery {
	q := &topicQuery{units: units, inQuestion: map[string]bool{}, concepts: map[string][]int{}, all: map[int]bool{}}
	for _, u := range units {
		q.inQuestion[stemUnit(u)] = true
		if strings.Contains(u, "-") {
			for _, p := range strings.Split(u, "-") {
				q.inQuestion[stemUnit(p)] = true
			}
		}
		q.concepts[u] = t.conceptsOf(u)
		for _, c := range q.concepts[u] {
			q.all[c] = true
		}
	}
	return q
}

func cmpDesc(x, y float64) int {
	switch {
	case x > y:
		return -1
	case x < y:
		return 1
	}
	return 0
}

// topicReply answers a question that names a section's topic from that
// section, in lang's edition: a list section's items, a heading's metaphor,
// an item naming the entity asked about, else the section's opening with
// its subsections. ok is false when no heading clearly carries the topic.
func (a *Answerer) topicReply(question string, lang bot.Lang) (string, passage, bool) {
	t := a.opts.Topics
	if t == nil {
		return "", passage{}, false
	}
	units, unknown := a.questionUnits(question)
	if len(units) == 0 && unknown == 0 && asksMetaphorOf(question) && namesSubject(question) {
		return t.subjectMetaphor(string(lang))
	}
	m, ok := t.match(units)
	if !ok || unknown > 0 {
		// Words the guide never uses may be what the question asks
		// ("which third-party services … integrate"): they are not in
		// any heading.
		return "", passage{}, false
	}
	e := t.entries[m.entry]
	s := t.secs[string(lang)][e.anchor]
	if s == nil {
		return "", passage{}, false
	}
	p := passage{N: 1, Section: s.path, Document: s.source, Anchor: s.anchor, Text: s.body}
	var def *definition
	if e.item < 0 && len(s.children) > 0 {
		def = t.definedElsewhere(e, units, string(lang))
	}
	var text string
	ok = false
	switch {
	case asksMetaphorOf(question):
		text, ok = metaphorLead(s, string(lang))
	case e.item < 0 && namesImage(s, question):
		text, ok = imageLead(s, string(lang))
	case e.item >= 0:
		text, ok = itemAnswer(s, e.item, question)
	case len(s.items) > 0:
		text, ok = itemsAnswer(s, string(lang)), true
	case def != nil:
		// A chapter whose title merely names the word ("…の本質") is a
		// worse answer than the sentence that says what it is ("その本質
		// は、無から有を生み出す…").
		text, ok = def.text, true
		p = passage{N: 1, Section: def.s.path, Document: def.s.source, Anchor: def.s.anchor, Text: def.s.body}
	case opensWithParagraph(s):
		// A section that opens with a list of examples ("質問例:") says
		// nothing of its topic as a whole; the extractive answer finds
		// the sentence asked for.
		text, ok = sectionAnswer(s, string(lang))
	}
	if !ok {
		return "", passage{}, false
	}
	return text, p, true
}

// quotedMetaphor is the metaphor a heading quotes: 「通訳者」, "Interpreter".
var quotedMetaphor = regexp.MustCompile(`「([^」]+)」|"([^"]+)"|“([^”]+)”`)

// headingImage is the image s's heading quotes ("通訳者") and what it
// stands for, the heading before its first separator ("APIの設計と開発").
func headingImage(s *topicSection) (word, subject string, ok bool) {
	m := quotedMetaphor.FindStringSubmatch(s.title)
	if m == nil {
		return "", "", false
	}
	return m[1] + m[2] + m[3], strings.TrimSpace(altSplit.Split(s.title, 2)[0]), true
}

// metaphorLead names the heading's metaphor, then the section's opening.
func metaphorLead(s *topicSection, lang string) (string, bool) {
	word, subject, ok := headingImage(s)
	if !ok {
		return "", false
	}
	return withOpening(s, pick(lang, fmt.Sprintf("ガイドは「%s」を「%s」にたとえています（%s）。[1]", subject, word, s.title),
		fmt.Sprintf("The guide likens \"%s\" to the \"%s\" (%s). [1]", subject, word, s.title)), true), true
}

// withOpening is lead, then at most maxQuotes of the sentences s opens
// with (of all its sentences when it opens with none and anyUnits).
func withOpening(s *topicSection, lead string, anyUnits bool) string {
	var b strings.Builder
	b.WriteString(lead)
	us := introUnits(s)
	if len(us) == 0 && anyUnits {
		us = s.units
	}
	for _, u := range us[:min(maxQuotes, len(us))] {
		fmt.Fprintf(&b, "\n> %s [1]", quotable(u, true, quoteRunes))
	}
	return b.String()
}

// namesImage: the question names the image its section's heading quotes
// ("「情報の金庫番」ってなんのこと？", "what is the vault keeper").
// A question that also names what the image stands for asks about the
// section as a whole.
func namesImage(s *topicSection, question string) bool {
	m := quotedMetaphor.FindStringSubmatch(s.title)
	norm := retrieval.Normalize(question)
	if m == nil || !strings.Contains(norm, retrieval.Normalize(m[1]+m[2]+m[3])) {
		return false
	}
	subject, named := 0, 0
	for _, u := range keyUnits(retrieval.Normalize(altSplit.Split(s.title, 2)[0])) {
		if !genericUnits[u] && !subjectWords[u] {
			subject++
			if containsUnit(norm, u) {
				named++
			}
		}
	}
	return 2*named < subject || subject == 0
}

// imageLead says what the heading's image stands for, then the section's
// opening sentences.
func imageLead(s *topicSection, lang string) (string, bool) {
	word, subject, ok := headingImage(s)
	if !ok {
		return "", false
	}
	return withOpening(s, pick(lang, fmt.Sprintf("「%s」は、ガイドで「%s」の役割を指すたとえです（%s）。[1]", word, subject, s.title),
		fmt.Sprintf("\"%s\" is the guide's image for \"%s\" (%s). [1]", word, subject, s.title)), false), true
}

// introUnits are the sentences a section opens with, before its items.
func introUnits(s *topicSection) []unit {
	var out []unit
	for _, u := range s.units {
		if u.head != "" || slices.ContainsFunc(s.items, func(it listItem) bool { return strings.HasPrefix(u.text, it.head) }) {
			break
		}
		out = append(out, u)
	}
	return out
}

// itemAnswer is one item: its head with what it says first, then the
// next sentences of the item.
func itemAnswer(s *topicSection, item int, question string) (string, bool) {
	if item >= len(s.items) {
		return "", false
	}
	mine := itemUnits(s, item)
	if len(mine) == 0 {
		return "", false
	}
	// What the question asks beyond the item's name ("高速なRPCフレーム
	// ワーク" of Google) picks the lead: the item's sentence saying it,
	// under the item's name; without it, the item's first sentence leads.
	q := terms(question)
	for t := range terms(s.items[item].head) {
		delete(q, t)
	}
	scores := make([]float64, len(mine))
	for i, u := range mine {
		scores[i] = overlap(q, terms(u.text))
	}
	lead := 0
	for i := range mine {
		if scores[i] > scores[lead] {
			lead = i
		}
	}
	// The first sentence (what the item is) and the best others follow,
	// in the item's order.
	var rest []int
	for i := range mine {
		if i != lead {
			rest = append(rest, i)
		}
	}
	slices.SortStableFunc(rest, func(x, y int) int {
		if x == 0 || y == 0 {
			return x - y // the item's first sentence comes first
		}
		return cmpDesc(scores[x], scores[y])
	})
	rest = rest[:min(len(rest), maxQuotes)]
	slices.Sort(rest)
	var b strings.Builder
	u := mine[lead]
	if lead > 0 && u.head == "" {
		u.head = s.items[item].head
	}
	fmt.Fprintf(&b, "%s [1]", quotable(u, true, leadRunes))
	// An item whose body is a list of named items ("Programming languages"
	// over "Go: …", "Python: …") names them.
	if names := nestedNames(s, item); len(names) >= 3 {
		fmt.Fprintf(&b, "\n%s [1]", strings.Join(names, ", "))
		rest = rest[:min(len(rest), maxQuotes-1)]
	}
	for _, i := range rest {
		fmt.Fprintf(&b, "\n> %s [1]", quotable(mine[i], false, quoteRunes))
	}
	return b.String(), true
}

// nestedNames are the names of the items nested under a section's item.
func nestedNames(s *topicSection, item int) []string {
	head := s.items[item].head
	var out []string
	for _, u := range bodyUnits(s) {
		if u.outer != head {
			continue
		}
		name := u.head
		if h, _, ok := inlineHead(u.text); ok {
			name = h
		}
		if name != "" && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// itemUnits are the sentences of a section's item, its head's first.
func itemUnits(s *topicSection, item int) []unit {
	head := s.items[item].head
	var mine []unit
	for _, u := range bodyUnits(s) {
		if u.head == head || strings.HasPrefix(u.text, head) {
			mine = append(mine, u)
		}
	}
	return mine
}

// opensWithParagraph: the section's body starts with a sentence, not
// a list.
func opensWithParagraph(s *topicSection) bool {
	for _, l := range strings.Split(s.body, "\n") {
		if strings.TrimSpace(l) != "" {
			return !itemMarker.MatchString(l)
		}
	}
	return false
}

// itemsAnswer lists a list section's items, each with its first sentence.
// A section opening with a paragraph ("The database's role is to store
// and manage…") says it first.
func itemsAnswer(s *topicSection, lang string) string {
	var b strings.Builder
	if us := bodyUnits(s); opensWithParagraph(s) && len(us) > 0 {
		fmt.Fprintf(&b, "%s — %s [1]\n", s.title, quotable(us[0], true, leadRunes))
		b.WriteString(pick(lang, fmt.Sprintf("ガイドは次の%dつを挙げています。", len(s.items)),
			fmt.Sprintf("The guide lists %d:", len(s.items))))
	} else {
		b.WriteString(pick(lang, fmt.Sprintf("ガイドは「%s」として次の%dつを挙げています。[1]", s.title, len(s.items)),
			fmt.Sprintf("The guide lists %d under \"%s\": [1]", len(s.items), s.title)))
	}
	for i, it := range s.items {
		fmt.Fprintf(&b, "\n%d. %s", i+1, it.head)
		if it.first != "" {
			fmt.Fprintf(&b, " — %s", clip(it.first, 70))
		}
	}
	return b.String()
}

// sectionAnswer is a section's opening sentence and, for a section of
// subsections, their titles; for a leaf, the next sentences.
func sectionAnswer(s *topicSection, lang string) (string, bool) {
	us := bodyUnits(s)
	if len(us) == 0 {
		return "", false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s [1]", s.title, quotable(us[0], true, leadRunes))
	if len(s.children) > 0 {
		b.WriteString("\n" + pick(lang, "この章の内容:", "This part covers:"))
		for i, c := range s.children {
			fmt.Fprintf(&b, "\n%d. %s", i+1, c)
		}
		return b.String(), true
	}
	for _, u := range us[1:min(len(us), 1+maxQuotes)] {
		fmt.Fprintf(&b, "\n> %s [1]", quotable(u, true, quoteRunes))
	}
	return b.String(), true
}

// bodyUnits are the section's sentences in order.
func bodyUnits(s *topicSection) []unit { return s.units }

// likens marks a sentence that likens something to something else.
var likens = regexp.MustCompile(`(?i)まさに|まるで|のよう|例える|たとえる|\bexactly\b|\bjust like\b|\blike a\b`)

// namesSubject: the question names the guide's subject ("バックエンド
// デベロッパーって何に例えられてる？").
func namesSubject(question string) bool {
	return slices.ContainsFunc(keyUnits(retrieval.Normalize(question)), func(u string) bool { return subjectWords[u] })
}

// subjectMetaphor answers what the guide likens its subject to: the first
// sentence that opens with the subject and names a quoted image
// ("Backend developers are exactly these \"backstage professionals\""),
// with the image it stands for from before it in its section.
func (t *Topics) subjectMetaphor(lang string) (string, passage, bool) {
	for _, anchor := range t.order {
		s := t.secs[lang][anchor]
		if s == nil {
			continue
		}
		for i, u := range s.units {
			m := quotedMetaphor.FindStringSubmatch(u.text)
			first := keyUnits(retrieval.Normalize(u.text))
			if m == nil || len(first) == 0 || !subjectWords[first[0]] || !likens.MatchString(u.text) {
				continue
			}
			word := m[1] + m[2] + m[3]
			var b strings.Builder
			b.WriteString(pick(lang, fmt.Sprintf("ガイドはバックエンドデベロッパーを「%s」にたとえています。[1]", word),
				fmt.Sprintf("The guide likens backend developers to \"%s\". [1]", word)))
			for k := i - 1; k >= 0; k-- {
				if likens.MatchString(s.units[k].text) {
					fmt.Fprintf(&b, "\n> %s [1]", quotable(s.units[k], true, quoteRunes))
					break
				}
			}
			fmt.Fprintf(&b, "\n> %s [1]", quotable(u, true, quoteRunes))
			return b.String(), passage{N: 1, Section: s.path, Document: s.source, Anchor: s.anchor, Text: s.body}, true
		}
	}
	return "", passage{}, false
}

// topicPassage is the section a question names, whole, for a model's
// prompt; false when no heading clearly carries the question.
func (a *Answerer) topicPassage(question string, lang bot.Lang) (passage, bool) {
	_, p, ok := a.topicReply(question, lang)
	return p, ok
}

// definition is a sentence that says what a heading word is, in its
// section, written as an answer.
type definition struct {
	s    *topicSection
	text string
}

// definedElsewhere finds, outside entry e's section, the sentence making
// one of the question's units its topic ("その本質は、…です"), when e's own
// text never uses the unit. The Japanese edition is searched (its "Xは"
// marks the topic); the answer is its twin sentence in lang's edition,
// paired by position within the section.
func (t *Topics) definedElsewhere(e topicEntry, units []string, lang string) *definition {
	own := t.secs[content.LangJA][e.anchor]
	if own == nil {
		return nil
	}
	for _, u := range t.japaneseUnits(e.anchor, units) {
		if strings.Contains(own.body, u) {
			continue
		}
		for _, anchor := range t.order {
			ja, out := t.secs[content.LangJA][anchor], t.secs[lang][anchor]
			if anchor == e.anchor || ja == nil || out == nil || len(ja.units) != len(out.units) {
				continue
			}
			for i, su := range ja.units {
				if !strings.Contains(su.text, u+"は") {
					continue
				}
				var b strings.Builder
				lead := out.units[i]
				if lead.dangling && i > 0 {
					// "しかし、その本質は…" needs the sentence it answers.
					prev := out.units[i-1]
					fmt.Fprintf(&b, "%s%s%s [1]", quotable(prev, true, leadRunes), joinSep(prev.text), quotable(lead, false, leadRunes))
				} else {
					fmt.Fprintf(&b, "%s [1]", quotable(lead, true, leadRunes))
				}
				if i+1 < len(out.units) {
					fmt.Fprintf(&b, "\n> %s [1]", quotable(out.units[i+1], true, quoteRunes))
				}
				return &definition{s: out, text: b.String()}
			}
		}
	}
	return nil
}

// japaneseUnits are the question's Japanese units; for English ones, the
// units of the Japanese heading part twin to the English part the
// question names most ("The Essence of the Backend Developer" →
// "Backend Developerの本質" → 本質).
func (t *Topics) japaneseUnits(anchor string, units []string) []string {
	var out []string
	for _, u := range units {
		if !isASCII(u) {
			out = append(out, u)
		}
	}
	ja, en := t.secs[content.LangJA][anchor], t.secs[content.LangEN][anchor]
	if len(out) > 0 || ja == nil || en == nil {
		return out
	}
	jaParts, enParts := altSplit.Split(ja.title, -1), altSplit.Split(en.title, -1)
	if len(jaParts) != len(enParts) {
		return nil
	}
	best, most := -1, 0
	for i, part := range enParts {
		words := map[string]bool{}
		for _, w := range keyUnits(retrieval.Normalize(part)) {
			words[stemUnit(w)] = true
		}
		n := 0
		for _, u := range units {
			if words[stemUnit(u)] {
				n++
			}
		}
		if n > most {
			best, most = i, n
		}
	}
	if best < 0 {
		return nil
	}
	for _, u := range keyUnits(retrieval.Normalize(jaParts[best])) {
		if !isASCII(u) && !genericUnits[u] && !subjectWords[u] {
			out = append(out, u)
		}
	}
	return out
}
