package retrieval

import (
	"math"
	"strings"
)

// tuning holds the ranking knobs, chosen on the eval sets.
type tuning struct {
	kanaWeight     float64 // hiragana-only bigrams are mostly grammar
	expandEnglish  float64 // glossary Japanese for an English question
	expandJapanese float64 // glossary synonyms for a Japanese question
	k1, b          float64 // BM25
	headingLevels  int     // how many trailing heading levels are indexed with a chunk
	commonDF       float64 // terms in more than this share of chunks are the guide's topic...
	commonWeight   float64 // ...and count this much in a query
	vecTop         int     // only the best vecTop vector matches take part in the fusion (0: all)
}

var defaultTuning = tuning{kanaWeight: 0.2, expandEnglish: 0.7, expandJapanese: 0.25, k1: 1.2, b: 0.4, headingLevels: 99, commonDF: 0.3, commonWeight: 0.3, vecTop: 10}

const maxExpandTokens = 400

// queryTerms weighs the query's own terms and, through the glossary, the
// Japanese words for the concepts it names. English questions lean on the
// expansion (the guide is Japanese); Japanese ones get a light touch.
func (ix *Index) queryTerms(norm string) (map[string]float64, []Match) {
	w := map[string]float64{}
	cjk := strings.IndexFunc(norm, isCJK) >= 0
	for _, t := range Tokens(norm) {
		switch {
		case englishStop[t]:
			continue
		case isKanaOnly(t):
			w[t] += ix.tune.kanaWeight
		default:
			w[t] += 1
		}
	}
	for t := range w {
		if !isKanaOnly(t) && w[t] > 1 {
			w[t] = 1 + math.Log(w[t])
		}
		// "バックエンド" is five bigrams found all over a guide about backend
		// development; summed, they would outweigh the one rare word that
		// actually says what the question is about.
		if ix.lex.df(t) > ix.tune.commonDF {
			w[t] *= ix.tune.commonWeight
		}
	}
	concepts := ix.glossary.Concepts(norm)
	expand := ix.tune.expandEnglish
	if cjk {
		expand = ix.tune.expandJapanese
	}
	added := 0
	for _, m := range concepts {
		forms := ix.glossary.Japanese(m.Concept)
		per := expand / math.Sqrt(float64(len(forms)))
		reading := cjk && readsLatinName(norm, forms)
		for _, f := range forms {
			for _, t := range Tokens(f) {
				if reading && !strings.ContainsFunc(f, isCJK) {
					// "パイソン" is Python read aloud: the name itself.
					w[t] = max(w[t], 1)
					continue
				}
				if isKanaOnly(t) || added >= maxExpandTokens {
					continue
				}
				if _, own := w[t]; !own {
					w[t] += per
					added++
				}
			}
		}
		if !cjk {
			// "authn" is authentication: the English edition writes the
			// concept's full English form, so an English query gets it too.
			en := ix.glossary.English(m.Concept)
			per := expand * 0.75 / math.Sqrt(float64(len(en)))
			for _, f := range en {
				for _, t := range Tokens(f) {
					if _, own := w[t]; !own && !englishStop[t] && added < maxExpandTokens {
						w[t] += per
						added++
					}
				}
			}
		}
	}
	return w, concepts
}

// readsLatinName: the query names a concept only by a katakana reading of a
// latin name the guide uses ("ワードプレス" for WordPress): a katakana form
// is in it, no latin form is.
func readsLatinName(norm string, forms []string) bool {
	kana, latin := false, false
	for _, f := range forms {
		switch {
		case !strings.ContainsFunc(f, isCJK):
			latin = true
			if strings.Contains(norm, f) {
				return false
			}
		case isKatakanaOnly(f) && strings.Contains(norm, f):
			kana = true
		}
	}
	return kana && latin
}

func isKatakanaOnly(s string) bool {
	for _, r := range s {
		if !(r >= 'ァ' && r <= 'ヺ' || r == 'ー' || r == '・') {
			return false
		}
	}
	return s != ""
}
