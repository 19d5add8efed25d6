package answer

import (
	"strings"
	"unicode"
)

// terms splits text into the units the answerer compares questions and
// passages with: lower-cased latin words (keeping n+1, c++, node.js) and
// bigrams of Japanese script runs. Bigrams made only of hiragana are skipped:
// they are mostly particles and endings that every passage shares.
func terms(text string) map[string]struct{} {
	out := map[string]struct{}{}
	var word []rune
	var cjk []rune
	flushWord := func() {
		t := strings.TrimRight(string(word), ".-")
		word = word[:0]
		if len(t) < 2 {
			return
		}
		if _, stop := stopWords[t]; !stop {
			out[t] = struct{}{}
			// "command-line" also matches "command", "commands" "command".
			if strings.Contains(t, "-") {
				for _, p := range strings.Split(t, "-") {
					if len(p) >= 3 {
						out[p] = struct{}{}
					}
				}
			}
			// A light stemmer: "commands"/"command", "solved"/"solve".
			switch {
			case len(t) > 4 && strings.HasSuffix(t, "s") && !strings.HasSuffix(t, "ss"):
				out[t[:len(t)-1]] = struct{}{}
			case len(t) > 5 && strings.HasSuffix(t, "ed"):
				out[t[:len(t)-1]] = struct{}{}
				out[t[:len(t)-2]] = struct{}{}
			case len(t) > 6 && strings.HasSuffix(t, "ing"):
				out[t[:len(t)-3]] = struct{}{}
			}
		}
	}
	flushCJK := func() {
		if len(cjk) == 1 && unicode.Is(unicode.Han, cjk[0]) {
			out[string(cjk)] = struct{}{}
		}
		for i := 0; i+1 < len(cjk); i++ {
			if unicode.Is(unicode.Hiragana, cjk[i]) && unicode.Is(unicode.Hiragana, cjk[i+1]) {
				continue
			}
			out[string(cjk[i:i+2])] = struct{}{}
		}
		cjk = cjk[:0]
	}
	for _, r := range text {
		r = unicode.ToLower(toHalfWidth(r))
		switch {
		case isJapanese(r):
			flushWord()
			cjk = append(cjk, r)
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || len(word) > 0 && strings.ContainsRune("+#.-", r):
			flushCJK()
			word = append(word, unicode.ToLower(r))
		default:
			flushWord()
			flushCJK()
		}
	}
	flushWord()
	flushCJK()
	return out
}

func isJapanese(r rune) bool {
	return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) || r == 'ー'
}

// toHalfWidth maps full-width ASCII (Ｎ＋１) to ASCII.
func toHalfWidth(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFF01 + 0x21
	}
	return r
}

// overlap is the share of the question's terms found in the passage terms.
func overlap(question, passage map[string]struct{}) float64 {
	if len(question) == 0 {
		return 0
	}
	n := 0
	for t := range question {
		if _, ok := passage[t]; ok {
			n++
		}
	}
	return float64(n) / float64(len(question))
}

// stopWords are English question words that say nothing about the topic.
var stopWords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(`a an the is are was were be been being do does did what which who whom whose why how when where
		can could should would will shall may might must i me my we our you your it its this that these those of in on at to for from
		by with about as into than then so and or not no yes if there here please tell explain guide say says said also some any
		more most much many very just like get got make made use used using one two does mean means
		problem problems issue thing things way ways today good best start difference between
		help hi hello hey thanks thank ok okay he his him she her they them their`) {
		m[w] = struct{}{}
	}
	return m
}()
