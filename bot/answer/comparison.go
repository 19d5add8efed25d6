package answer

import (
	"regexp"
	"slices"
	"strings"

	"github.com/backend-tip/backend-tip/retrieval"
)

// A comparison question ("Go or Rust?", "RESTとGraphQLの違い", "Djangoと
// FastAPIどっち") names two or more things side by side. The guide never
// compares them in one sentence; it describes each in its own list item.
// An answer that quotes only the first one's item answers half the
// question, so each named thing gets its own item's sentence.

// comparisonCue marks a question that compares.
var comparisonCue = regexp.MustCompile(`(?i)\b(?:vs\.?|versus|or|differences?|differ|compared?|comparison|better|which)\b|違い|どっち|どちら|比べ|比較|差`)

// comparedWord is a name as written in a question: latin letters with the
// symbols technical names carry (Node.js, C++, CI/CD).
var comparedWord = regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*(?:[./+#-][A-Za-z0-9+#]*)*`)

// comparedJoin is what may stand between two compared names.
var comparedJoin = regexp.MustCompile(`(?i)^\s*(?:vs\.?|versus|or|and|と|か|や|、|,|/|・)\s*$`)

// notNames are English words that stand next to "or"/"and" in a question
// without being compared things.
var notNames = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the is are what which who how why when where should i we you it
		better best difference differences between compare compared vs versus or and do does learn use choose pick
		more less first one which`) {
		m[w] = true
	}
	return m
}()

// comparedNames are the names a comparison question sets side by side,
// lower-cased, in the question's order; nil when it compares nothing.
func comparedNames(question string) []string {
	if !comparisonCue.MatchString(question) {
		return nil
	}
	var locs [][]int
	for _, l := range comparedWord.FindAllStringIndex(question, -1) {
		// "or", "vs" join names; they are not words between them.
		if !comparedJoin.MatchString(question[l[0]:l[1]]) {
			locs = append(locs, l)
		}
	}
	var names []string
	add := func(w string) {
		w = strings.ToLower(strings.TrimRight(w, ".-/"))
		if !notNames[w] && !slices.Contains(names, w) {
			names = append(names, w)
		}
	}
	for i := 0; i+1 < len(locs); i++ {
		a, b := locs[i], locs[i+1]
		if !comparedJoin.MatchString(question[a[1]:b[0]]) {
			continue
		}
		left, right := question[a[0]:a[1]], question[b[0]:b[1]]
		if notNames[strings.ToLower(left)] || notNames[strings.ToLower(right)] {
			continue
		}
		add(left)
		add(right)
	}
	if len(names) < 2 {
		return nil
	}
	return names
}

// thanComparison is "X is faster than Y", "X better than Y".
var thanComparison = regexp.MustCompile(`(?i)\b(` + comparedWord.String() + `)\s+(?:is\s+|are\s+)?(?:(?:much|a\s+lot)\s+)?(?:[a-z]+er|more\s+[a-z]+|less\s+[a-z]+)\s+than\s+(` + comparedWord.String() + `)`)

// unknownCompared is a name a comparison question sets side by side with
// another that the guide never uses, if any: when the guide uses none of
// the compared names ("is bun faster than deno"), or one written as a name
// ("Redis vs Memcached": a capital inside the question, a digit or a
// symbol). A plain word next to "or" may be half of a longer name the
// guide does use ("tech lead or engineering manager"), so alone it does
// not count.
func (a *Answerer) unknownCompared(question string) (string, bool) {
	if a.opts.Known == nil {
		return "", false
	}
	names := comparedNames(question)
	for _, m := range thanComparison.FindAllStringSubmatch(question, -1) {
		names = append(names, strings.ToLower(m[1]), strings.ToLower(m[2]))
	}
	var unknown, written []string
	seen := 0
	for _, n := range names {
		n = retrieval.Normalize(strings.TrimRight(n, ".-/"))
		if len(n) < 2 || notNames[n] || isStop(n) || genericUnits[n] {
			continue
		}
		seen++
		if a.knownWord(n) || a.isGlossaryForm(n) || a.namesConcept(n) {
			continue
		}
		unknown = append(unknown, n)
		if writtenAsName(question, n) {
			written = append(written, n)
		}
	}
	switch {
	case len(written) > 0:
		return written[0], true
	case seen >= 2 && len(unknown) == seen:
		return unknown[0], true
	}
	return "", false
}

// writtenAsName: name (lower-cased) stands in question with a capital
// after its first letter or not at the question's start ("Memcached",
// "gRPC"), or with a digit or a symbol ("c++", "node.js").
func writtenAsName(question, name string) bool {
	if strings.ContainsAny(name, "0123456789+#./") {
		return true
	}
	// Lower-case ASCII only: byte offsets in lower are then offsets in
	// question (strings.ToLower may change a letter's length: Ⱥ → ⱥ).
	lower := strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, question)
	for i := strings.Index(lower, name); i >= 0; {
		w := question[i : i+len(name)]
		if w != strings.ToLower(w) && (i > 0 || strings.ToLower(w[1:]) != w[1:]) {
			return true
		}
		j := strings.Index(lower[i+1:], name)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// namedBy is the compared name a unit's list item is about ("go" for "Go:
// Google開発。"), or "".
func namedBy(u unit, names []string) string {
	name := u.head
	if h, _, ok := inlineHead(u.text); ok && name == "" {
		name = h
	}
	name = strings.ToLower(strings.TrimSpace(name))
	for _, n := range names {
		if strings.HasPrefix(name, n) && !isWordByte(name, len(n)) {
			return n
		}
	}
	return ""
}

// compareUnits picks, for a comparison, the best unit about each compared
// name (ranked is best first): the first name's leads, the others follow
// as quotes. ok is false unless at least two names have a unit.
func compareUnits(ranked []scoredUnit, names []string, question string) (lead scoredUnit, others []scoredUnit, ok bool) {
	seen := map[string]bool{}
	var found []scoredUnit
	for _, u := range ranked {
		n := namedBy(u.unit, names)
		if n == "" || seen[n] || u.score <= 0 {
			continue
		}
		seen[n] = true
		found = append(found, u)
	}
	if len(found) < 2 {
		return scoredUnit{}, nil, false
	}
	// In the asker's order: "REST vs GraphQL" starts with REST; but the
	// item naming what the question asks about comes first ("is redis sql
	// or nosql": the NoSQL item names Redis).
	about := otherNames(question, names)
	slices.SortStableFunc(found, func(a, b scoredUnit) int {
		if na, nb := containsAnyName(retrieval.Normalize(a.text), about), containsAnyName(retrieval.Normalize(b.text), about); na != nb {
			if na {
				return -1
			}
			return 1
		}
		return slices.Index(names, namedBy(a.unit, names)) - slices.Index(names, namedBy(b.unit, names))
	})
	return found[0], found[1:], true
}

// otherNames are the question's latin words of three letters or more
// besides the compared names and the words of asking.
func otherNames(question string, names []string) []string {
	var out []string
	for _, w := range latinWord.FindAllString(retrieval.Normalize(question), -1) {
		w = strings.TrimRight(w, ".-")
		if len(w) >= 3 && !slices.Contains(names, w) && !notNames[w] && !isStop(w) && !genericUnits[w] {
			out = append(out, w)
		}
	}
	return out
}
