package answer

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/backend-tip/backend-tip/retrieval"
)

// How a question is matched to a heading of the Topics index (topics.go).

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
