package answer

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/retrieval"
)

// rrfK is the usual reciprocal-rank-fusion constant.
const rrfK = 60

// search runs the query and any extra queries (the Japanese rewrite of an
// English question) and fuses the rankings. Only the main query's failure is
// an error; a failed extra query is skipped.
func (a *Answerer) search(ctx context.Context, query string, extra ...string) ([]retrieval.Hit, error) {
	return a.searchK(ctx, a.opts.TopK, query, extra...)
}

// searchK is search for k passages per query.
func (a *Answerer) searchK(ctx context.Context, k int, query string, extra ...string) ([]retrieval.Hit, error) {
	if a.opts.Searcher == nil {
		return nil, nil
	}
	hits, err := a.opts.Searcher.Search(ctx, query, k)
	if errors.Is(err, retrieval.ErrEmptyQuery) {
		return nil, nil // only emoji or punctuation: nothing to find
	}
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", bot.Truncate(query, 40), err)
	}
	lists := [][]retrieval.Hit{hits}
	for _, q := range extra {
		if strings.TrimSpace(q) == "" {
			continue
		}
		more, err := a.opts.Searcher.Search(ctx, q, k)
		if err != nil {
			a.log.Warn("extra search failed", "err", err)
			continue
		}
		lists = append(lists, more)
	}
	if len(lists) == 1 {
		return hits, nil
	}
	return fuse(lists), nil
}

// fuse merges rankings by reciprocal rank fusion. A fused hit keeps its best
// original score so that MinScore still means what retrieval meant by it.
func fuse(lists [][]retrieval.Hit) []retrieval.Hit {
	type acc struct {
		hit retrieval.Hit
		rrf float64
	}
	byID := map[string]*acc{}
	var order []string
	for _, list := range lists {
		for i, h := range list {
			id := h.Chunk.ID
			if id == "" {
				id = h.Chunk.Source + "\x00" + h.Chunk.Text
			}
			x, ok := byID[id]
			if !ok {
				x = &acc{hit: h}
				byID[id] = x
				order = append(order, id)
			}
			x.rrf += 1 / float64(rrfK+i+1)
			x.hit.Score = max(x.hit.Score, h.Score)
		}
	}
	out := make([]retrieval.Hit, 0, len(order))
	for _, id := range order {
		out = append(out, byID[id].hit)
	}
	sort.SliceStable(out, func(i, j int) bool { return byID[idOf(out[i])].rrf > byID[idOf(out[j])].rrf })
	for i := range out {
		out[i].Rank = i + 1
	}
	return out
}

func idOf(h retrieval.Hit) string {
	if h.Chunk.ID != "" {
		return h.Chunk.ID
	}
	return h.Chunk.Source + "\x00" + h.Chunk.Text
}

// coverage is the share of query's key units found in text (1 when the
// query has none), and whether the units are all latin. An English word
// also counts as found when the Japanese form of its glossary concept is in
// the text.
func (a *Answerer) coverage(query, text string) (float64, bool) {
	units := topicUnits(keyUnits(retrieval.Normalize(query)))
	if len(units) == 0 {
		return 0, false // only kana or stop words ("help", "ねえねえ"): nothing it asks about
	}
	norm := retrieval.Normalize(text)
	viaGlossary := a.glossaryHits(retrieval.Normalize(query), norm)
	found := 0
	for _, u := range units {
		if viaGlossary[u] || a.found(u, norm) || a.synonymIn(u, norm) {
			found++
		}
	}
	return float64(found) / float64(len(units)), !strings.ContainsFunc(strings.Join(units, ""), isJapanese)
}

func (a *Answerer) found(unit, norm string) bool {
	if containsUnit(norm, unit) {
		return true
	}

	r, _ := utf8.DecodeRuneInString(unit)
	switch {
	case unicode.Is(unicode.Katakana, r):
		// A compound loanword (バックエンドエンジニア) counts when both of
		// its parts are in the text.
		runes := []rune(unit)
		for i := 3; i+3 <= len(runes); i++ {
			if strings.Contains(norm, string(runes[:i])) && strings.Contains(norm, string(runes[i:])) {
				return true
			}
		}
	}
	return false
}

// latinWord finds the words of a normalised query, in order.
var latinWord = regexp.MustCompile(`[a-z0-9][a-z0-9+#.\-]*`)

// glossaryHits marks the query's English words that name a glossary
// concept (alone or as a phrase of up to three words, "system design")
// whose Japanese form is in text. A phrase only counts for a concept that
// its shorter parts do not already name.
func (a *Answerer) glossaryHits(query, text string) map[string]bool {
	out := map[string]bool{}
	if a.glossary == nil {
		return out
	}
	words := latinWord.FindAllString(query, -1)
	for n := 1; n <= 3; n++ {
		for i := 0; i+n <= len(words); i++ {
			concepts := a.concepts(words[i : i+n])
			if n > 1 {
				for _, sub := range [][]string{words[i : i+n-1], words[i+1 : i+n]} {
					for c := range a.concepts(sub) {
						delete(concepts, c)
					}
				}
			}
			if a.anyIn(concepts, text) {
				for _, w := range words[i : i+n] {
					out[strings.TrimRight(w, ".-")] = true
				}
			}
		}
	}
	return out
}

// synonymIn: a Japanese unit of the question is itself a glossary form
// ("システムデザイン") of a concept that text names in another form
// ("システム設計").
func (a *Answerer) synonymIn(unit, text string) bool {
	if a.glossary == nil || !strings.ContainsFunc(unit, isJapanese) {
		return false
	}
	concepts := map[int]bool{}
	for _, m := range a.glossary.Concepts(unit) {
		for _, f := range a.glossary.Japanese(m.Concept) {
			if f == unit {
				concepts[m.Concept] = true
			}
		}
	}
	return a.anyIn(concepts, text)
}

func (a *Answerer) concepts(words []string) map[int]bool {
	out := map[int]bool{}
	for _, m := range a.glossary.Concepts(strings.Join(words, " ")) {
		out[m.Concept] = true
	}
	return out
}

func (a *Answerer) anyIn(concepts map[int]bool, text string) bool {
	for c := range concepts {
		for _, ja := range a.glossary.Japanese(c) {
			if strings.Contains(text, ja) {
				return true
			}
		}
	}
	return false
}

// containsUnit finds unit in text; latin words only as whole words.
func containsUnit(text, unit string) bool { return retrieval.ContainsWord(text, unit) }

func isWordByte(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}

// keyUnits are the parts of a normalised query that say what it is about:
// latin words that are not stop words, katakana words whole, and bigrams of
// kanji runs. Hiragana (particles, endings) and lone kanji are too common
// to tell anything.
func keyUnits(q string) []string {
	var units []string
	seen := map[string]bool{}
	add := func(u string) {
		if !seen[u] {
			seen[u] = true
			units = append(units, u)
		}
	}
	// Latin words as written (terms would add stems like "rail", which
	// no text holds as a word).
	queryParts(q, add, func(class int, run []rune) {
		switch {
		case class == scriptKatakana && len(run) >= 2:
			add(string(run))
		case class == scriptHan:
			for k := 0; k+1 < len(run); k++ {
				add(string(run[k : k+2]))
			}
		}
	})
	return units
}

// queryParts calls word for each latin word of q that is not a stop word
// (trailing dots and hyphens cut), and run for each run of one script
// (scriptOf), in order.
func queryParts(q string, word func(string), run func(class int, r []rune)) {
	for _, w := range latinWord.FindAllString(q, -1) {
		if w = strings.TrimRight(w, ".-"); len(w) >= 2 && !isStop(w) {
			word(w)
		}
	}
	eachRun([]rune(q), scriptOf, run)
}

const (
	scriptOther = iota
	scriptHan
	scriptKatakana
)

func scriptOf(r rune) int {
	switch {
	case unicode.Is(unicode.Han, r) || r == '々':
		return scriptHan
	case unicode.Is(unicode.Katakana, r) || r == 'ー':
		return scriptKatakana
	}
	return scriptOther
}

// qterms are the terms an extractive answer looks for, each with its
// weight: 1 for the question's own words, less for a glossary synonym
// ("普及" for "流行", "role" for "job"), which may find the sentence that
// answers but must not outweigh the words the asker chose.
type qterms map[string]float64

// synonymWeight is a glossary synonym's weight next to the question's own
// words.
const synonymWeight = 0.3

func ownTerms(text string) qterms {
	out := qterms{}
	for t := range terms(text) {
		out[t] = 1
	}
	return out
}

// set is the terms without weights.
func (q qterms) set() map[string]struct{} {
	out := make(map[string]struct{}, len(q))
	for t := range q {
		out[t] = struct{}{}
	}
	return out
}

// own are the question's own terms only.
func (q qterms) own() map[string]struct{} {
	out := map[string]struct{}{}
	for t, w := range q {
		if w >= 1 {
			out[t] = struct{}{}
		}
	}
	return out
}

// addUnusedWordForms adds to q, at synonymWeight, the English forms of
// each glossary concept that a word of the question names when no passage
// of rel holds that word.
func (a *Answerer) addUnusedWordForms(q qterms, question string, rel []retrieval.Hit) {
	held := map[string]struct{}{}
	for _, h := range rel {
		maps.Copy(held, terms(h.Chunk.Text))
	}
	for t := range ownTerms(question) {
		// As the answer matches terms: "node" is not "node.js".
		if _, ok := held[t]; ok || !isLatin(t) || len(t) < 2 {
			continue
		}
		for _, m := range a.glossary.Concepts(t) {
			for _, f := range a.glossary.English(m.Concept) {
				for ft := range terms(f) {
					if _, ok := q[ft]; !ok && !isStop(ft) {
						q[ft] = synonymWeight
					}
				}
			}
		}
	}
}

// termsFor are the terms to find in passages: the question's own, and,
// over Japanese passages, the Japanese forms of its glossary concepts. An
// English question needs them as much as its own words (they are the only
// ones a Japanese text can hold); for a Japanese question they are
// synonyms ("普及" for "流行") and weigh less, and only concepts it names
// in Japanese count: a Japanese question naming its topic in latin letters
// ("RESTful APIってなに？") would otherwise pull in other names of it
// ("エンドポイント", "docker-compose").
func (a *Answerer) termsFor(question string, rel []retrieval.Hit) qterms {
	q := ownTerms(question)
	if a.glossary == nil {
		return q
	}
	englishPassage := len(rel) > 0 && rel[0].Chunk.Lang == string(bot.English)
	japaneseQuestion := strings.ContainsFunc(question, isJapanese)
	if englishPassage {
		// English glossary synonyms pulled English answers off topic
		// ("deploy" → every sentence about servers): own words only,
		// except for an own word no passage has ("authn"): its concept's
		// English forms ("authentication") say what it means.
		a.addUnusedWordForms(q, question, rel)
		return q
	}
	weight := synonymWeight
	if !japaneseQuestion {
		weight = 1 // an English question over Japanese passages
	}
	norm := retrieval.Normalize(question)
	for _, m := range a.glossary.Concepts(norm) {
		forms := a.glossary.Japanese(m.Concept)
		if japaneseQuestion && !slices.ContainsFunc(forms, func(f string) bool { return strings.ContainsFunc(f, isJapanese) && strings.Contains(norm, f) }) {
			// Named in latin letters ("Docker"): its forms are other
			// names ("docker-compose"), not synonyms.
			continue
		}
		w := weight
		// "ワードプレス" is WordPress read aloud: the latin name is the
		// asker's word, written the guide's way.
		reading := japaneseQuestion && !slices.ContainsFunc(forms, func(f string) bool { return !strings.ContainsFunc(f, isJapanese) && containsUnit(norm, f) })
		if japaneseQuestion && namedInKanaOnly(forms, norm) {
			// "すごかった", "おすすめ": the asker's own words for the concept
			// are kana, which the answer does not match on; its synonyms
			// ("革命", "推奨") are all that say what is asked.
			w = 1
		}
		for _, f := range forms {
			for t := range terms(f) {
				if japaneseQuestion && !strings.ContainsFunc(t, isJapanese) {
					if reading && !strings.ContainsFunc(f, isJapanese) {
						q[t] = max(q[t], 1)
					}
					continue
				}
				if _, ok := q[t]; !ok && !strings.ContainsFunc(t, isHiragana) {
					q[t] = max(q[t], w)
				}
			}
		}
	}
	return q
}

// namedInKanaOnly: every form of a concept found in the normalised
// question is written in hiragana only.
func namedInKanaOnly(forms []string, norm string) bool {
	found := false
	for _, f := range forms {
		if strings.Contains(norm, f) {
			if strings.ContainsFunc(f, func(r rune) bool { return !isHiragana(r) }) {
				return false
			}
			found = true
		}
	}
	return found
}

// topicUnits drops generic question words ("期間", "理由", "example") from
// units unless nothing else is left: a question is judged by what it is
// about, not by how it asks.
func topicUnits(units []string) []string {
	var out []string
	for _, u := range units {
		if !genericUnits[u] {
			out = append(out, u)
		}
	}
	if len(out) == 0 {
		return units
	}
	return out
}

// inflections are other forms of an English word, for matching it against
// text: without a plural or verb ending, and with an "e" put back
// ("contributing" → "contribut", "contribute").
func inflections(w string) []string {
	var out []string
	for _, suf := range []string{"ies", "es", "s", "ed", "d", "ing", "ly"} {
		stem, ok := strings.CutSuffix(w, suf)
		switch {
		case !ok || len(stem) < 2 || len(stem) < 3 && suf != "s":
		case suf == "ies":
			out = append(out, stem+"y")
		case suf == "s" || suf == "ly":
			out = append(out, stem) // "cors" is not "core"
		default:
			out = append(out, stem, stem+"e")
		}
	}
	return out
}
