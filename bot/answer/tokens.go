package answer

import (
	"math"
	"unicode"
)

// estimateTokens estimates how many tokens an OpenAI-style BPE tokenizer
// (cl100k_base) makes of text, without its 100k-entry rank table: the
// answerer only needs the count to fill a prompt budget, and the table and
// its regexp engine cost about 1 MB of binary. The rates per script are
// cl100k's own, measured on the guide and the quiz bank
// (TestEstimateTokensTracksCL100K keeps them honest): a Latin word is one
// token up to 6 letters and one more per 6 after, digits go in threes,
// kanji cost about 1.44 tokens each, kana about 0.9–1.0, a run of ASCII
// punctuation about one token, a single space joins the word after it.
func estimateTokens(text string) int {
	var total float64
	eachRun([]rune(text), classOf, func(c tokenClass, run []rune) {
		n := float64(len(run))
		switch c {
		case clsLatin:
			total += math.Ceil(n / 6)
		case clsDigit:
			total += math.Ceil(n / 3)
		case clsSpace:
			if n > 1 {
				total++ // indentation; one space belongs to the next word
			}
		case clsNewline, clsPunct:
			total += math.Ceil(n / 4)
		case clsHan:
			total += 1.55 * n
		case clsHiragana:
			total += 0.98 * n
		case clsKatakana:
			total += 1.0 * n
		case clsWidePunct:
			total += n
		default: // other scripts, emoji: several byte-level tokens each
			total += 1.6 * n
		}
	})
	return int(math.Ceil(total))
}

// eachRun calls fn with every longest run of runes of one class, in order.
func eachRun[C comparable](rs []rune, class func(rune) C, fn func(c C, run []rune)) {
	for i := 0; i < len(rs); {
		c := class(rs[i])
		j := i + 1
		for j < len(rs) && class(rs[j]) == c {
			j++
		}
		fn(c, rs[i:j])
		i = j
	}
}

type tokenClass int

const (
	clsOther tokenClass = iota
	clsLatin
	clsDigit
	clsSpace
	clsNewline
	clsPunct
	clsHan
	clsHiragana
	clsKatakana
	clsWidePunct
)

func classOf(r rune) tokenClass {
	switch {
	case r < 0x80:
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
			return clsLatin
		case '0' <= r && r <= '9':
			return clsDigit
		case r == '\n' || r == '\r':
			return clsNewline
		case r == ' ' || r == '\t':
			return clsSpace
		}
		return clsPunct
	case unicode.Is(unicode.Hiragana, r):
		return clsHiragana
	case unicode.Is(unicode.Katakana, r) || r == 'ー':
		return clsKatakana
	case unicode.Is(unicode.Han, r):
		return clsHan
	case unicode.IsLetter(r) && r < 0x250: // accented Latin
		return clsLatin
	case unicode.IsPunct(r) || unicode.IsSymbol(r) && r < 0x2600 || unicode.IsSpace(r):
		return clsWidePunct
	}
	return clsOther
}
