package retrieval

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// wordRe keeps technical spellings whole: n+1, c++, c#, node.js, ci/cd, b-tree.
var wordRe = regexp.MustCompile(`[a-z0-9]+(?:[./\-][a-z0-9]+)*(?:\+\+|\+[0-9]+|#)?`)

// Normalize applies NFKC (full-width Latin and half-width kana become their
// usual forms) and lower-cases, so "ＡＰＩ" and "api" are one word.
func Normalize(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	return strings.ToLower(norm.NFKC.String(s))
}

// isCJK reports characters that are indexed as bigrams: kanji, kana and the
// marks that live inside Japanese words.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || r == 'ー' || r == '々' || r == '〆'
}

// Tokens splits already-normalised text into index terms: English words (and
// the parts of compounds like ci/cd, light plural stemming), and CJK
// character bigrams (a lone CJK character is kept as a unigram).
func Tokens(s string) []string {
	var out []string
	for _, w := range wordRe.FindAllString(s, -1) {
		out = append(out, stem(w))
		if strings.ContainsAny(w, "/-") {
			for _, p := range strings.FieldsFunc(w, func(r rune) bool { return r == '/' || r == '-' }) {
				out = append(out, stem(p))
			}
		}
	}
	var run []rune
	flush := func() {
		switch len(run) {
		case 0:
		case 1:
			out = append(out, string(run))
		default:
			for i := 0; i+1 < len(run); i++ {
				out = append(out, string(run[i:i+2]))
			}
		}
		run = run[:0]
	}
	for _, r := range s {
		if isCJK(r) {
			run = append(run, r)
			continue
		}
		flush()
	}
	flush()
	return out
}

// stem strips English plurals so "databases" finds "database"; words with
// digits or symbols are left alone.
func stem(w string) string {
	if len(w) < 4 || strings.ContainsAny(w, "0123456789+#./-") {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	}
	return w
}

// isKanaOnly reports hiragana-only terms ("とは", "です"): mostly grammar, so
// they count for little in a query.
func isKanaOnly(t string) bool {
	for _, r := range t {
		if !unicode.Is(unicode.Hiragana, r) {
			return false
		}
	}
	return t != ""
}

// englishStop are words that say nothing about the topic of a question.
var englishStop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the is are was were be been being am do does did doing done
		what which who whom whose when where why how i me my we our you your he she it its they them their
		this that these those there here of in on at to for from by with about as into over under between
		and or but if then than so not no can could should would will shall may might must have has had
		s t tell explain describe mention mentioned say says said guide article according give list name
		some any all each every other such one much many more most very also just only really kind thing
		things way ways use used using get make good like want need let`) {
		m[w] = true
	}
	return m
}()
