package answer

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/retrieval"
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
	return extractiveFor("", q, lang, ps)
}

// extractiveFor is extractive knowing the question's words, which tell
// what kind of sentence answers it (a reason for "なんで…").
func extractiveFor(question string, q qterms, lang bot.Lang, ps []passage) (string, []passage) {
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
	who := asksWho(q)
	why := asksWhy.MatchString(question)
	tools := asksTools.MatchString(question)
	metaphor := asksMetaphorText.MatchString(question) || asksMetaphor(q.own())
	questions := asksForQuestions(q)
	onlyIn := soleHolders(w, all, unitTerms)
	for i := range all {
		// Lower-ranked passages must match clearly better to lead.
		sc := weightedOverlap(w, unitTerms[i]) + itemBonus(w, q, all[i].unit)
		if !questions && !onlyIn[i] && quotedQuestion.MatchString(all[i].text) {
			// "「N+1問題とは何か…説明してください。」" is an interview
			// question the guide lists, not an answer to "N+1問題ってなに".
			// When it is all the guide says of the question's topic
			// ("Why is idempotency important?"), it is still the answer.
			sc *= quotedQuestionShare
		}
		if why && sc > 0 && givesReason.MatchString(all[i].text) {
			// "PHPってなんで人気になったの": the sentence giving a reason
			// ("手軽さから爆発的に普及") answers, not "Laravelが人気".
			sc *= whyBoost
		}
		if metaphor && sc > 0 && carriesMetaphor(lastHeading(ps[all[i].passage].Section)) {
			// "データベースの仕事って何にたとえられてる": the guide's metaphors
			// are in its titles (情報の「金庫番」).
			sc *= metaphorBoost
		}
		if tools && sc > 0 && namesTools(all[i].text) {
			// "CI/CDやるならどのツール使えばいい？": the sentence naming the
			// tools ("GitHub Actions, Jenkins, CircleCI…") answers, not
			// the one defining CI/CD.
			sc *= toolsBoost
		}
		if who && personName.MatchString(all[i].head) {
			// "コンテナを誰でも使えるようにした人って誰": the sentence under a
			// person's name answers, not the one about containers.
			sc *= whoBoost
		}
		all[i].score = sc*(1-passagePenalty*float64(all[i].passage)) - float64(all[i].index)*0.005
	}
	leadNextItem(all, question)
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
	// "Go or Rust?": the best sentence about each compared name, not two
	// more about the first.
	compared, others, comparing := compareUnits(ranked, comparedNames(question), question)
	if comparing {
		lead = compared
	}
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
	quotes := 0
	if title := lastHeading(ps[lead.passage].Section); headingCarries(q.own(), title, lead.score, metaphor) {
		fmt.Fprintf(&b, "%s — ", title)
	} else if onlyAsked := onlyIn[indexOf(all, lead.passage, lead.index)] && !questions; onlyAsked {
		// The guide only asks about it: say so, rather than quote a
		// question as if it were the answer; no other sentence names the
		// topic, so none supports it.
		b.WriteString(onlyAskedLine(lang))
		quotes = maxQuotes
	}
	fmt.Fprintf(&b, "%s [%d]", leadText, 1)
	heads := map[string]bool{lead.head: true}
	if h, _, ok := inlineHead(lead.text); ok {
		heads[h] = true // "RESTful API: …" named its item already
	}
	// quote adds c as a quote cited by its passage's number among those
	// used; a passage not used yet takes the next number.
	quote := func(c scoredUnit) {
		n := slices.Index(used, c.passage)
		if n < 0 {
			used = append(used, c.passage)
			n = len(used) - 1
		}
		fmt.Fprintf(&b, "\n> %s [%d]", quotable(c.unit, !heads[c.head], quoteRunes), n+1)
		heads[c.head] = true
		quotes++
	}
	// "どんな言語で書くの": the lead is the item ("プログラミング言語: …")
	// whose nested items are the answer; name them all, right under it,
	// and leave room for one quote only.
	if names := childNames(all, lead); len(names) >= 3 && quotes < maxQuotes && asksList.MatchString(retrieval.Normalize(question)) && !comparing {
		fmt.Fprintf(&b, "\n%s [1]", strings.Join(names, ", "))
		quotes = maxQuotes - 1
	}
	// A short lead is often a label ("GraphQL: Facebookが開発した新しいAPI
	// の規格。"); the next sentence of the same item explains it, so it
	// is the first quote.
	if next := indexOf(all, lead.passage, lead.index+1); quotes < maxQuotes && next >= 0 && all[next].prev == lead.index && !shown[[2]int{lead.passage, lead.index + 1}] &&
		(utf8.RuneCountInString(lead.text) < shortLead || all[next].score > 0) {
		c := all[next]
		shown[[2]int{c.passage, c.index}] = true
		fmt.Fprintf(&b, "\n> %s [1]", quotable(c.unit, false, quoteRunes))
		quotes++
	}
	for _, c := range others {
		if quotes == maxQuotes {
			break
		}
		if shown[[2]int{c.passage, c.index}] {
			continue
		}
		shown[[2]int{c.passage, c.index}] = true
		quote(c)
	}
	// The first item nested under the lead's item ("例: 書評SNS…" under
	// "ポートフォリオとなる個人プロジェクト開発") gives its example or detail.
	if child := firstChild(all, lead); child >= 0 && quotes < maxQuotes && !comparing && !shown[[2]int{all[child].passage, all[child].index}] {
		c := all[child]
		shown[[2]int{c.passage, c.index}] = true
		fmt.Fprintf(&b, "\n> %s [1]", quotable(c.unit, !heads[c.head], quoteRunes))
		heads[c.head] = true
		quotes++
	}
	for _, c := range ranked {
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
		if !slices.Contains(used, c.passage) && len(used) == extractivePassages {
			continue
		}
		quote(c)
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
// childNames are the names of the items nested under the lead's item
// ("Python", "Node.js (JavaScript/TypeScript)", "Go" under "プログラミング
// 言語"), in order, without repeats.
//
// A lead that is itself the unheaded first line under an item ("サーバー
// サイドで動作する言語の習得は必須です。" under "プログラミング言語") names its
// siblings instead.
func childNames(all []scoredUnit, lead scoredUnit) []string {
	parent, siblings := -1, false
	if c := firstChild(all, lead); c >= 0 {
		parent = all[c].parent
	} else if lead.head != "" && itemName(lead.unit) == "" {
		parent, siblings = lead.parent, true
	} else {
		return nil
	}
	var names []string
	for _, u := range all {
		if u.passage != lead.passage || u.parent != parent || siblings && u.head != "" {
			continue
		}
		if n := itemName(u.unit); n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if siblings && slices.Contains(names, lead.head) {
		return nil // the lead is a sentence of one of the items, not a lead-in
	}
	return names
}

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
	// A lower passage holding the item the question names ("REST
	// (Representational State Transfer): …" for "RESTの概念で出てくる
	// キーワード") joins them: that item is about what is asked.
	for _, p := range ps[len(out):] {
		if slices.ContainsFunc(out, func(o passage) bool { return o.Text == p.Text }) {
			continue
		}
		if namesAnItem(q, p.Text) {
			return append(out, p)
		}
	}
	return out
}

// namesAnItem: some list item of text is named by the question: its name
// (before any bracket) is a latin word of the question, or all its terms
// are the question's own.
func namesAnItem(q qterms, text string) bool {
	for _, u := range splitUnits(text) {
		name := itemName(u)
		if name == "" {
			name = u.head
		}
		if i := strings.IndexAny(name, "(（"); i >= 0 {
			name = name[:i]
		}
		nt := terms(name)
		if len(nt) == 0 {
			continue
		}
		all := true
		for t := range nt {
			if q[t] < 1 {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
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
func headingCarries(q map[string]struct{}, title string, best float64, metaphor bool) bool {
	if metaphor && carriesMetaphor(title) {
		return true // the guide's metaphors are in its titles: 情報の「金庫番」
	}
	s := overlap(q, terms(title))
	return s > 0 && s >= best && utf8.RuneCountInString(title) <= 80
}

// asksMetaphor: the question asks what something is compared to.
func asksMetaphor(q map[string]struct{}) bool {
	for _, t := range []string{"例え", "喩え", "比喩", "metaphor", "compared", "compare", "comparison", "likened", "analogy"} {
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
	runs := katakanaRuns(q)
	for t, factor := range q {
		if strings.ContainsFunc(t, isHiragana) && !isVerbStem(t) {
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
			if isVerbStem(t) {
				// "使え" in "誰でも使える": a verb says what happened, weakly.
				w[t] *= verbStemWeight
			}
			if vagueWords[t] || subjectWords[t] {
				// "原因", "方法": how it asks, not what about; "backend":
				// what the whole guide is about, however rare among the
				// few sentences retrieved.
				w[t] *= genericWeight
			}
			if isKatakanaBigram(t) {
				// A loanword is several overlapping bigrams ("メソ", "ソッ",
				// "ッド"); together they should weigh about one word.
				w[t] *= katakanaBigramWeight * min(1, wordBigrams/float64(runs[t]))
			}
		}
	}
	return w
}

// weightedOverlap sums the weights of the question terms the unit holds.
func weightedOverlap(w map[string]float64, unit map[string]struct{}) float64 {
	s := 0.0
	// In a fixed order: float sums in map order differ in their last bits
	// from run to run, and would flip near-ties between sentences.
	for _, t := range slices.Sorted(maps.Keys(w)) {
		if _, ok := unit[t]; ok {
			s += w[t]
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
	"大切": true, "必須": true, "方法": true, "理由": true, "具体": true, "体的": true, "意味": true, "特徴": true,
	"最近": true, "昨今": true, "代表": true}

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
func itemBonus(w map[string]float64, q qterms, u unit) float64 {
	name := u.head
	if h, _, ok := inlineHead(u.text); ok && name == "" {
		name = h
	}
	if b := japaneseNameBonus(w, q, name); b > 0 {
		return b
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

// japaneseNameBonus is itemBonus for an item named in Japanese
// ("ビジネスロジック: 商品の在庫管理…" for "ビジネスロジックって具体的には"): when
// the question holds every term of the item's name (before any bracket),
// their weight again: a loanword's bigrams weigh little each, and another
// item sharing half of them ("エンジニアリングマネージャー" for
// "プロダクトマネージャー") must not tie with it. A name only partly asked about ("Docker入門" for
// "Dockerってなにがすごかったの") gets nothing.
func japaneseNameBonus(w map[string]float64, q qterms, name string) float64 {
	if i := strings.IndexAny(name, "(（"); i >= 0 {
		name = name[:i]
	}
	if !strings.ContainsFunc(name, isJapanese) {
		return 0
	}
	nt := terms(name)
	if len(nt) == 0 {
		return 0
	}
	sum := 0.0
	for _, t := range slices.Sorted(maps.Keys(nt)) {
		x, ok := w[t]
		if !ok || q[t] < 1 {
			return 0 // a synonym's name ("プログラミング言語" for "言語") is not named
		}
		sum += x
	}
	return sum
}

// whoBoost raises the sentences under a person's name for a question
// asking who.
const whoBoost = 1.5

// personName matches a list head naming a person: a katakana name with a
// middle dot ("ソロモン・ハイクス") or two capitalised words ("Solomon
// Hykes").
var personName = regexp.MustCompile(`^[ァ-ヺー]+・[ァ-ヺー]|^[A-Z][a-z]+ (?:[A-Z][a-z]+ )*[A-Z][a-z]+\b`)

// asksWho: the question asks for a person.
func asksWho(q qterms) bool {
	for t, x := range q {
		if x < 1 {
			continue
		}
		if strings.Contains(t, "誰") || strings.Contains(t, "人物") || t == "who" || t == "whom" || t == "whose" || t == "person" || t == "guy" {
			return true
		}
	}
	return false
}

// verbStemWeight is a verb stem's share of a word's weight.
const verbStemWeight = 0.3

// isVerbStem: a kanji followed by hiragana ("使え", "作っ"), the start of a
// verb or adjective; not a noun with its particle ("道で", "人の").
func isVerbStem(t string) bool {
	r := []rune(t)
	return len(r) == 2 && scriptOf(r[0]) == scriptHan && isHiragana(r[1]) && !strings.ContainsRune("のでにをはがともへやか", r[1])
}

// soleHolders marks the quoted questions that alone name the question's
// weightiest term: no other sentence holds it, so no other sentence can
// answer what the question is about.
func soleHolders(w map[string]float64, all []scoredUnit, unitTerms []map[string]struct{}) map[int]bool {
	top, best := "", 0.0
	for t, x := range w {
		if x > best || x == best && t < top {
			top, best = t, x
		}
	}
	if top == "" {
		return nil
	}
	var holders []int
	for i := range all {
		if _, ok := unitTerms[i][top]; !ok {
			continue
		}
		if !quotedQuestion.MatchString(all[i].text) {
			return nil
		}
		holders = append(holders, i)
	}
	out := make(map[int]bool, len(holders))
	for _, i := range holders {
		out[i] = true
	}
	return out
}

// onlyAskedLine introduces a lead that is a question the guide lists for
// interviews, when the guide says nothing else about the topic.
func onlyAskedLine(lang bot.Lang) string {
	if lang == bot.English {
		return "The guide only lists this as an interview question: "
	}
	return "ガイドでは面接の質問として挙げられています: "
}

// quotedQuestionShare is what a quoted question's score keeps when the
// asker did not ask for questions.
const quotedQuestionShare = 0.5

// quotedQuestion matches a sentence quoting a question ("「…説明してくだ
// さい。」", "\"…How did you resolve it?\"").
var quotedQuestion = regexp.MustCompile(`「[^」]*(？|\?|てください|ますか|ですか)[^」]*」|"[^"]*\?"|“[^”]*\?”|["“](Explain|Describe|Tell us|Tell me|Give|Walk us|Design|Compare)\b[^"”]*["”]`)

// asksForQuestions: the asker wants the questions themselves (interview
// questions, examples of what is asked).
func asksForQuestions(q qterms) bool {
	for t := range q {
		if strings.Contains(t, "質問") || strings.Contains(t, "聞か") || strings.Contains(t, "面接") || t == "question" || t == "questions" || t == "asked" || t == "ask" || t == "interview" || strings.HasPrefix(t, "interview") {
			return true
		}
	}
	return false
}

// wordBigrams: a loanword of more bigrams than this ("フレームワーク", six)
// weighs no more than one of this many.
const wordBigrams = 2.5

// katakanaRuns says, for each katakana bigram of q, how many bigrams the
// loanword it belongs to has: bigrams chain into a word when one ends with
// the rune the next starts with.
func katakanaRuns(q qterms) map[string]int {
	var bs []string
	for t := range q {
		if isKatakanaBigram(t) {
			bs = append(bs, t)
		}
	}
	parent := make([]int, len(bs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	for i, a := range bs {
		ra := []rune(a)
		for j, b := range bs {
			// Only the asker's own bigrams chain with each other, and only
			// synonyms with synonyms: "マネジメント" and its synonym
			// "エンジニアリングマネージャー" are two words.
			if rb := []rune(b); i != j && ra[1] == rb[0] && (q[a] >= 1) == (q[b] >= 1) {
				parent[find(i)] = find(j)
			}
		}
	}
	size := map[int]int{}
	for i := range bs {
		size[find(i)]++
	}
	out := make(map[string]int, len(bs))
	for i, b := range bs {
		out[b] = size[find(i)]
	}
	return out
}

// toolsBoost raises a sentence naming tools for a question asking which
// tool to use.
const toolsBoost = 1.5

// asksTools matches a question asking which tools to use.
var asksTools = regexp.MustCompile(`(?i)ツール|\btools?\b|\btooling\b`)

// productName is a name written with a capital and a small letter
// ("Jenkins", "GitHub"), not an abbreviation ("CI/CD").
var productName = regexp.MustCompile(`\b[A-Z][a-z][A-Za-z0-9]*`)

// namesTools: a sentence speaks of tools or names two products or more.
func namesTools(text string) bool {
	return asksTools.MatchString(text) || len(productName.FindAllString(text, 3)) >= 2
}

// whyBoost raises a sentence giving a reason for a question asking why.
const whyBoost = 2

// asksWhy matches a question asking for a reason.
var asksWhy = regexp.MustCompile(`(?i)なんで|なぜ|何故|どうして|理由|きっかけ|(?:何|なに|なん)のため|目的|\bwhy\b|\bhow come\b|\breasons?\b|\bwhat\s+for\b|\bpurpose\b`)

// givesReason matches a sentence stating a cause or reason.
var givesReason = regexp.MustCompile(`(?i)から|ため|ので|により|によって|おかげ|\bbecause\b|\bsince\b|\bthanks to\b|\bdue to\b|\bso that\b|\bled to\b|\bmade\b.*\bpossible\b`)

// afterJA and afterEN find what a question asks to come after ("要件定義の
// あと", "after requirements definition").
var (
	afterJA = regexp.MustCompile(`([一-龯々ァ-ヺーA-Za-z0-9][一-龯々ァ-ヺーぁ-ゖA-Za-z0-9 ]*?)の(?:あと|後|次)`)
	afterEN = regexp.MustCompile(`(?i)\b(?:after|following)\s+(?:the\s+)?([a-z0-9][a-z0-9 \-]{1,40}?)\s*(?:[?,.!]|$)`)
)

// leadNextItem: for "その次は何するの、要件定義のあと", the list item after
// the one the question names leads (概算見積もり after 要件定義).
func leadNextItem(all []scoredUnit, question string) {
	var x string
	if m := afterJA.FindStringSubmatch(question); m != nil {
		x = m[1]
	} else if m := afterEN.FindStringSubmatch(question); m != nil {
		x = m[1]
	}
	xt := terms(x)
	if len(xt) == 0 {
		return
	}
	best := 0.0
	for _, u := range all {
		best = max(best, u.score)
	}
	for i, u := range all {
		if u.prev >= 0 || !namesAll(itemName(u.unit), xt) {
			continue
		}
		for j := i + 1; j < len(all) && all[j].passage == u.passage; j++ {
			// (A list indented under its first item reads as nested in it.)
			if all[j].prev < 0 && (all[j].parent == u.parent || all[j].parent == u.index) && itemName(all[j].unit) != "" {
				all[j].score = best + 1
				return
			}
		}
	}
}

// itemName is the name a list item's first sentence opens with ("要件定義"
// in "要件定義: 機能要件…"), or "".
func itemName(u unit) string {
	if h, _, ok := inlineHead(u.text); ok {
		return h
	}
	return ""
}

// namesAll: name holds every term of want.
func namesAll(name string, want map[string]struct{}) bool {
	if name == "" {
		return false
	}
	nt := terms(name)
	for t := range want {
		if _, ok := nt[t]; !ok {
			return false
		}
	}
	return true
}

// metaphorBoost raises the sentences of a section whose title holds a
// metaphor, for a question asking what something is likened to.
const metaphorBoost = 1.5

// asksMetaphorText matches a question asking what something is likened to.
var asksMetaphorText = regexp.MustCompile(`(?i)(例|喩|たと)え(ら|る|て|た)|比喩|なぞらえ|metaphor|\bcompared? to\b|\bcompares\b.*\bto\b|likened|analog`)

// carriesMetaphor: a title quoting a metaphor ("情報の「金庫番」としての役割").
func carriesMetaphor(title string) bool {
	return strings.ContainsAny(title, "「\"“") && utf8.RuneCountInString(title) <= 80
}
