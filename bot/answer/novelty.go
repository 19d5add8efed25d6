package answer

import (
	"slices"
	"strings"

	"github.com/backend-tip/backend-tip/retrieval"
)

// novelty counts the words of a question that no indexed document
// mentions, out of the words that say what it is about: latin words (also
// without a plural or verb ending), katakana loanwords (or their two known
// halves), and kanji runs (known when any of their bigrams is). Generic
// question words do not count either way.
func (a *Answerer) novelty(question string) (novel, total int, words []string) {
	if a.opts.Known == nil {
		return 0, 0, nil
	}
	norm := retrieval.Normalize(question)
	for _, w := range topicWords(norm) {
		total++
		if !a.knownWord(w) {
			novel++
			words = append(words, w)
		}
	}
	// A lone kanji is mostly grammar or a question word (何, 人), but one the
	// guide never uses (晩 in "今日の晩ごはん") is what the question is about.
	for _, k := range strayKanji(norm, a.opts.Known) {
		total++
		novel++
		words = append(words, k)
	}
	return novel, total, words
}

// strayKanji are the lone kanji of a normalised text (a kanji between
// kana or latin letters) that no document mentions.
func strayKanji(norm string, known func(string) bool) []string {
	var out []string
	queryParts(norm, func(string) {}, func(class int, run []rune) {
		if class == scriptHan && len(run) == 1 && !known(string(run)) && !slices.Contains(out, string(run)) {
			out = append(out, string(run))
		}
	})
	return out
}

// topicWords are a normalised question's words by script: latin words that
// are not stop words, katakana runs of two or more, kanji runs of two or
// more; generic question words left out.
func topicWords(q string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(w string) {
		if !seen[w] && !genericUnits[w] && !genericKatakana[w] && !vagueWords[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	queryParts(q, add, func(class int, run []rune) {
		if class == scriptHan {
			// "一番伝(えたい)": a generic word at either end is how it asks.
			for len(run) >= 2 && genericUnits[string(run[:2])] {
				run = run[2:]
			}
			for len(run) >= 2 && genericUnits[string(run[len(run)-2:])] {
				run = run[:len(run)-2]
			}
		}
		if (class == scriptKatakana || class == scriptHan) && len(run) >= 2 {
			add(string(run))
		}
	})
	return out
}

// knownWord: some document mentions w, a latin word without its ending, a
// katakana compound's two halves, or one bigram of a kanji run.
func (a *Answerer) knownWord(w string) bool {
	if a.opts.Known(w) {
		return true
	}
	switch r := []rune(w); {
	case r[0] < 0x80:
		// "step3" is "step" with a number.
		if stem := strings.TrimRight(w, "0123456789"); stem != w && len(stem) >= 2 && a.opts.Known(stem) {
			return true
		}
		for _, v := range inflections(w) {
			if a.opts.Known(v) {
				return true
			}
		}
	case scriptOf(r[0]) == scriptKatakana:
		return a.knownCompound(w)
	default:
		for k := 0; k+1 < len(r); k++ {
			if bg := string(r[k : k+2]); !genericUnits[bg] && a.opts.Known(bg) {
				return true
			}
		}
	}
	return false
}

// namesConcept: the question names a glossary concept, something the guide
// covers under another word ("beginner" for 未経験).
func (a *Answerer) namesConcept(question string) bool {
	return a.glossary != nil && len(a.glossary.Concepts(retrieval.Normalize(question))) > 0
}

// isGlossaryForm: w is one of the glossary's Japanese forms of a concept
// whose other forms the guide uses ("ソーシャルログイン" for its "SNSアカウント
// 連携"); a word merely containing a form ("クラスタ" holds "クラス") is not.
func (a *Answerer) isGlossaryForm(w string) bool {
	if a.glossary == nil || a.opts.Known == nil {
		return false
	}
	for _, m := range a.glossary.Concepts(w) {
		forms := a.glossary.Japanese(m.Concept)
		if slices.Contains(forms, w) && slices.ContainsFunc(forms, a.opts.Known) {
			return true
		}
	}
	return false
}
