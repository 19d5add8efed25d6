package answer

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
)

const (
	// extractivePassages is how many passages an extractive answer quotes
	// at most; candidatePassages how many it chooses its sentences from:
	// those scoring at least candidateShare of the best retrieval score.
	extractivePassages = 2
	candidatePassages  = 3
	candidateShare     = 0.75
	// maxQuotes supporting quotes follow the lead sentence.
	maxQuotes = 2
	// leadRunes and quoteRunes cap the lead and each quote.
	leadRunes  = 200
	quoteRunes = 160
	// quoteShare: a supporting quote scores at least this share of the lead.
	quoteShare        = 0.5
	otherPassageShare = 0.65
	// passagePenalty lowers the sentences of each next passage by this share.
	passagePenalty = 0.15
	// shortLead: a lead shorter than this brings the next sentence of its
	// item along.
	shortLead = 60
)

// scoredUnit is a unit of one passage with its match to the question.
type scoredUnit struct {
	unit
	passage int // index in the passages used
	index   int // index in its passage's units
	score   float64
}

// extractive answers without a model: a lead sentence (the passage
// sentence that best answers, with its list head and, when the section
// title carries the answer, the title), then at most two short supporting
// quotes, each marked with its passage number. The sources list is the
// reply's Sources; sections are not repeated under the quotes.
func extractive(q qterms, lang bot.Lang, ps []passage) (string, []passage) {
	ps = pickPassages(q, ps)
	if len(ps) == 0 {
		return "", nil
	}
	var all []scoredUnit
	var unitTerms, textTerms []map[string]struct{}
	for pi, p := range ps {
		for i, u := range splitUnits(p.Text) {
			all = append(all, scoredUnit{unit: u, passage: pi, index: i})
			unitTerms = append(unitTerms, terms(u.outer+" "+u.head+" "+u.text))
			textTerms = append(textTerms, terms(u.text))
		}
	}
	if len(all) == 0 {
		return "", nil
	}
	// Rarity is judged on the sentences alone: a head repeated over every
	// sentence of its item would make its own name look common.
	w := localWeights(q, textTerms, unitTerms)
	for i := range all {
		// Lower-ranked passages must match clearly better to lead.
		sc := weightedOverlap(w, unitTerms[i]) + itemBonus(w, all[i].unit)
		all[i].score = sc*(1-passagePenalty*float64(all[i].passage)) - float64(all[i].index)*0.005
	}
	ranked := slices.Clone(all)
	slices.SortStableFunc(ranked, func(a, b scoredUnit) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return 0
	})
	lead := ranked[0]
	shown := map[[2]int]bool{{lead.passage, lead.index}: true}
	leadText := quotable(lead.unit, true, leadRunes)
	if lead.dangling && lead.prev >= 0 {
		// "彼は当初…", "Use these commands…" need the sentence before them.
		prev := all[indexOf(all, lead.passage, lead.prev)]
		shown[[2]int{prev.passage, prev.index}] = true
		leadText = quotable(prev.unit, true, leadRunes) + joinSep(prev.text) + quotable(lead.unit, false, leadRunes)
	}
	used := []int{lead.passage}
	var b strings.Builder
	if title := lastHeading(ps[lead.passage].Section); headingCarries(q.own(), title, lead.score) {
		fmt.Fprintf(&b, "%s — ", title)
	}
	fmt.Fprintf(&b, "%s [%d]", leadText, 1)
	heads := map[string]bool{lead.head: true}
	if h, _, ok := inlineHead(lead.text); ok {
		heads[h] = true // "RESTful API: …" named its item already
	}
	quotes := 0
	// A short lead is often a label ("GraphQL: Facebookが開発した新しいAPI
	// の規格。"); the next sentence of the same item explains it, so it
	// is the first quote.
	if next := indexOf(all, lead.passage, lead.index+1); next >= 0 && all[next].prev == lead.index && !shown[[2]int{lead.passage, lead.index + 1}] &&
		(utf8.RuneCountInString(lead.text) < shortLead || all[next].score > 0) {
		c := all[next]
		shown[[2]int{c.passage, c.index}] = true
		fmt.Fprintf(&b, "\n> %s [1]", quotable(c.unit, false, quoteRunes))
		quotes++
	}
	// The first item nested under the lead's item ("例: 書評SNS…" under
	// "ポートフォリオとなる個人プロジェクト開発") gives its example or detail.
	if child := firstChild(all, lead); child >= 0 && quotes < maxQuotes && !shown[[2]int{all[child].passage, all[child].index}] {
		c := all[child]
		shown[[2]int{c.passage, c.index}] = true
		fmt.Fprintf(&b, "\n> %s [1]", quotable(c.unit, !heads[c.head], quoteRunes))
		heads[c.head] = true
		quotes++
	}
	for _, c := range ranked[1:] {
		if quotes == maxQuotes {
			break
		}
		// Supporting quotes must relate nearly as well as the lead, and
		// better still when they come from another passage.
		share := quoteShare
		if c.passage != lead.passage {
			share = otherPassageShare
		}
		if shown[[2]int{c.passage, c.index}] || c.score < share*ranked[0].score || c.score <= 0 && ranked[0].score > 0 || len(c.text) < 12 {
			continue
		}
		if c.dangling && !shown[[2]int{c.passage, c.prev}] {
			continue
		}
		shown[[2]int{c.passage, c.index}] = true
		n := slices.Index(used, c.passage)
		if n < 0 && len(used) == extractivePassages {
			continue
		}
		if n < 0 {
			used = append(used, c.passage)
			n = len(used) - 1
		}
		fmt.Fprintf(&b, "\n> %s [%d]", quotable(c.unit, !heads[c.head], quoteRunes), n+1)
		heads[c.head] = true
		quotes++
	}
	out := make([]passage, len(used))
	for i, pi := range used {
		out[i] = ps[pi]
		out[i].N = i + 1
	}
	text := b.String()
	if lang == bot.English && !isEnglishText(text) {
		text = "The guide answers this in Japanese:\n" + text
	}
	return text, out
}

// firstChild is the position in all of the first unit nested under the
// lead's list item, or -1.
func firstChild(all []scoredUnit, lead scoredUnit) int {
	first := lead.index
	for i := indexOf(all, lead.passage, first); i >= 0 && all[i].prev >= 0; i = indexOf(all, lead.passage, all[i].prev) {
		first = all[i].prev
	}
	return slices.IndexFunc(all, func(s scoredUnit) bool { return s.passage == lead.passage && s.parent == first })
}

func indexOf(all []scoredUnit, passage, index int) int {
	return slices.IndexFunc(all, func(s scoredUnit) bool { return s.passage == passage && s.index == index })
}

// pickPassages keeps the passages the answer may draw on: the best one and
// the next ones whose retrieval score is close to it and that share words
// with the question.
func pickPassages(q qterms, ps []passage) []passage {
	if len(ps) == 0 {
		return nil
	}
	out := []passage{ps[0]}
	for _, p := range ps[1:] {
		if len(out) == candidatePassages {
			break
		}
		if ps[0].Score > 0 && p.Score < candidateShare*ps[0].Score {
			break
		}
		if overlap(q.set(), terms(p.Section+" "+p.Text)) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// lastHeading is the last level of a "A > B > C" section path.
func lastHeading(section string) string {
	if i := strings.LastIndex(section, " > "); i >= 0 {
		return section[i+3:]
	}
	return section
}

// headingCarries: the section title answers better than any sentence
// ("Step 2: 中級スキル習得 (Intermediate) - 6〜12ヶ月" for "how many months…").
func headingCarries(q map[string]struct{}, title string, best float64) bool {
	if asksMetaphor(q) && strings.ContainsAny(title, "「\"“") && utf8.RuneCountInString(title) <= 80 {
		return true // the guide's metaphors are in its titles: 情報の「金庫番」
	}
	s := overlap(q, terms(title))
	return s > 0 && s >= best && utf8.RuneCountInString(title) <= 80
}

// asksMetaphor: the question asks what something is compared to.
func asksMetaphor(q map[string]struct{}) bool {
	for _, t := range []string{"例え", "喩え", "metaphor", "compared", "likened", "analogy"} {
		if _, ok := q[t]; ok {
			return true
		}
	}
	return false
}

// isEnglishText: mostly latin letters.
func isEnglishText(s string) bool {
	latin, ja := 0, 0
	for _, r := range s {
		switch {
		case isJapanese(r):
			ja++
		case r < 0x80 && (r|0x20) >= 'a' && (r|0x20) <= 'z':
			latin++
		}
	}
	return latin > 3*ja
}

// localWeights weighs the question's terms by how rare they are among the
// candidate units: a term every sentence shares ("バックエンド") says
// little about which sentence answers.
//
// A name only heads hold ("Rasmus Lerdorf" over the sentences about him)
// is as rare as a term one sentence holds. (Kanji words in heads, "問題解決
// 能力", are topics rather than names, and stay unweighted.)
func localWeights(q qterms, units, withHeads []map[string]struct{}) map[string]float64 {
	w := make(map[string]float64, len(q))
	n := float64(len(units))
	for t, factor := range q {
		if strings.ContainsFunc(t, isHiragana) {
			continue // "の技", "って": grammar glued to a word, not a topic
		}
		df := 0.0
		for _, u := range units {
			if _, ok := u[t]; ok {
				df++
			}
		}
		if df == 0 && (t[0] < 0x80 || isKatakanaBigram(t)) && slices.ContainsFunc(withHeads, func(u map[string]struct{}) bool { _, ok := u[t]; return ok }) {
			df = 1
		}
		if df > 0 {
			w[t] = factor * math.Log(1+n/df)
			if vagueWords[t] {
				w[t] *= genericWeight // "原因", "方法": how it asks, not what about
			}
			if isKatakanaBigram(t) {
				// A loanword is several overlapping bigrams ("メソ", "ソッ",
				// "ッド"); together they should weigh about one word.
				w[t] *= katakanaBigramWeight
			}
		}
	}
	return w
}

// weightedOverlap sums the weights of the question terms the unit holds.
func weightedOverlap(w map[string]float64, unit map[string]struct{}) float64 {
	s := 0.0
	for t, x := range w {
		if _, ok := unit[t]; ok {
			s += x
		}
	}
	return s
}

// joinSep glues two sentences: directly after a Japanese one, else with a
// space.
func joinSep(prev string) string {
	if strings.HasSuffix(prev, "。") || strings.HasSuffix(prev, "」") {
		return ""
	}
	return " "
}

func isHiragana(r rune) bool { return r >= 'ぁ' && r <= 'ゖ' }

// katakanaBigramWeight is a katakana bigram's share of a word's weight.
const katakanaBigramWeight = 0.4

// genericWeight is the weight share of a vague question word.
const genericWeight = 0.3

// vagueWords say how a question asks, not what it is about; a sentence
// sharing only them with the question does not answer it. ("解決" is not
// one: "何の問題が解決したの" asks for the problem solved.)
var vagueWords = map[string]bool{"原因": true, "典型": true, "普通": true, "一般": true, "用意": true, "基本": true,
	"大切": true, "必須": true, "方法": true, "理由": true, "具体": true, "体的": true, "意味": true, "特徴": true}

func isKatakanaBigram(t string) bool {
	n := 0
	for _, r := range t {
		if !(r >= 'ァ' && r <= 'ヺ' || r == 'ー') {
			return false
		}
		n++
	}
	return n == 2
}

// itemBonus favours the list item that is about what the question names:
// for "GraphQLのいいところ", the item "GraphQL: …" over "API設計 (REST,
// GraphQL): …". It is half the weight of the question's latin word the
// item's name starts with.
func itemBonus(w map[string]float64, u unit) float64 {
	name := u.head
	if h, _, ok := inlineHead(u.text); ok && name == "" {
		name = h
	}
	name = strings.ToLower(strings.TrimSpace(name))
	best := 0.0
	for t, x := range w {
		if t != "" && t[0] < 0x80 && strings.HasPrefix(name, t) && !isWordByte(name, len(t)) && x/2 > best {
			best = x / 2
		}
	}
	return best
}
