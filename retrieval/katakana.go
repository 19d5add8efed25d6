package retrieval

import (
	"regexp"
	"strings"
)

// Japanese askers write foreign names in katakana ("スワッガー", "デブオプス",
// "ハイネマイヤー") where the guide writes them in latin letters (Swagger,
// DevOps, Heinemeier). The glossary lists the common readings; for the rest
// a katakana word the guide never uses is compared with the guide's latin
// names by their consonants, the part of a word that survives the trip into
// katakana: vowels, long vowels, doubled consonants and an English r after
// a vowel ("swagger" → スワッガー) do not. A word is read as a name only when
// exactly one name of the guide has its consonants.

// minSkeleton is the fewest consonants a reading needs: shorter skeletons
// ("gr", "rs") are shared by too many words to tell which is meant.
const minSkeleton = 3

// soundsLike maps consonant skeletons to the latin names that have them.
type soundsLike map[string][]string

// newSoundsLike indexes names by their skeletons.
func newSoundsLike(names []string) soundsLike {
	s := soundsLike{}
	for _, n := range names {
		k := latinSkeleton(n)
		if len(k) < minSkeleton {
			continue
		}
		if !containsString(s[k], n) {
			s[k] = append(s[k], n)
		}
	}
	return s
}

// lookup is the one latin name with skeleton k, if exactly one has it.
func (s soundsLike) lookup(k string) (string, bool) {
	if len(k) < minSkeleton || len(s[k]) != 1 {
		return "", false
	}
	return s[k][0], true
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// kanaConsonant is the consonant a katakana stands for; vowels, small
// vowels, ッ and ー stand for none.
var kanaConsonant = func() map[rune]byte {
	m := map[rune]byte{}
	for c, kana := range map[byte]string{
		'k': "カキクケコ", 'g': "ガギグゲゴ", 's': "サシスセソザズゼゾヅ", 'j': "ジヂ",
		't': "タチツテト", 'd': "ダデド", 'n': "ナニヌネノン", 'h': "ハヒヘホ", 'f': "フ",
		'b': "バビブベボヴ", 'p': "パピプペポ", 'm': "マミムメモ", 'r': "ラリルレロ", 'w': "ワ",
	} {
		for _, r := range kana {
			m[r] = c
		}
	}
	return m
}()

// kanaSkeleton is the consonants of a katakana word, doubled ones once
// ("スワッガー" → "swg"). ウ before a small vowel is a w ("ウィ").
func kanaSkeleton(kana string) string {
	rs := []rune(kana)
	var b []byte
	for i, r := range rs {
		c, ok := kanaConsonant[r]
		if r == 'ウ' && i+1 < len(rs) && strings.ContainsRune("ィェォ", rs[i+1]) {
			c, ok = 'w', true
		}
		if ok && (len(b) == 0 || b[len(b)-1] != c) {
			b = append(b, c)
		}
	}
	return string(b)
}

// latinSkeleton is the consonants of a latin name as katakana would keep
// them ("swagger" → "swg", "devops" → "dbps", "fielding" → "frdng").
func latinSkeleton(name string) string {
	w := strings.ToLower(name)
	var b []byte
	emit := func(c byte) {
		if len(b) == 0 || b[len(b)-1] != c {
			b = append(b, c)
		}
	}
	isVowel := func(i int) bool { return i >= 0 && i < len(w) && strings.IndexByte("aeiouy", w[i]) >= 0 }
	for i := 0; i < len(w); i++ {
		c := w[i]
		next := byte(0)
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case c < 'a' || c > 'z':
			continue // digits, spaces, dots: not sounds katakana keeps
		case isVowel(i):
		case c == 'p' && next == 'h':
			emit('f')
			i++
		case (c == 't' || c == 's') && next == 'h':
			emit('s')
			i++
		case c == 'c' && next == 'h':
			emit('t')
			i++
		case c == 'c' && next == 'k', c == 'q':
			emit('k')
			if c == 'c' {
				i++
			}
		case c == 'c':
			if strings.IndexByte("eiy", next) >= 0 {
				emit('s')
			} else {
				emit('k')
			}
		case c == 'x':
			emit('k')
			emit('s')
		case c == 'v':
			emit('b')
		case c == 'l':
			emit('r')
		case c == 'z':
			emit('s')
		case c == 'r' && isVowel(i-1) && !isVowel(i+1):
			// "-er", "-ar": a long vowel in katakana (ー).
		case c == 'w' && !isVowel(i+1):
		case c == 'h' && i > 0 && !isVowel(i-1):
		default:
			emit(c)
		}
	}
	return string(b)
}

// kanaName is a katakana word, with ・ between the parts of a name, possibly
// followed by latin letters ("ダイナモDB").
var kanaName = regexp.MustCompile(`[ァ-ヺー]+(?:・[ァ-ヺー]+)*[A-Za-z]*`)
