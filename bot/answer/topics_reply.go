package answer

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/retrieval"
)

// How a section the question names answers it (topics.go).

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
		text, ok = imageLead(s, likenedTo, string(lang))
	case e.item < 0 && namesImage(s, question):
		text, ok = imageLead(s, imageFor, string(lang))
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

// imageLeadForm is how a reply leads with a heading's image: a sentence
// per language whose %[1]s, %[2]s and %[3]s are the subject, the
// image and the heading, and whether a section that opens with no
// sentence before its items quotes its other sentences instead.
type imageLeadForm struct {
	ja, en   string
	anyUnits bool
}

var (
	// likenedTo answers what the guide likens the subject to.
	likenedTo = imageLeadForm{ja: "ガイドは「%[1]s」を「%[2]s」にたとえています（%[3]s）。[1]",
		en: "The guide likens \"%[1]s\" to the \"%[2]s\" (%[3]s). [1]", anyUnits: true}
	// imageFor answers what the image the question names stands for.
	imageFor = imageLeadForm{ja: "「%[2]s」は、ガイドで「%[1]s」の役割を指すたとえです（%[3]s）。[1]",
		en: "\"%[2]s\" is the guide's image for \"%[1]s\" (%[3]s). [1]"}
)

// imageLead names the heading's image in form's sentence, then the
// section's opening sentences.
func imageLead(s *topicSection, form imageLeadForm, lang string) (string, bool) {
	word, subject, ok := headingImage(s)
	if !ok {
		return "", false
	}
	return withOpening(s, fmt.Sprintf(pick(lang, form.ja, form.en), subject, word, s.title), form.anyUnits), true
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
