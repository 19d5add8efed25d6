package retrieval

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// spelling corrects misspelt technical names in a question ("kubernets",
// "grapql", "pyhton") to the name the guide uses, so a typo is not read as
// a word the guide never mentions. Only names from the Japanese edition are
// targets: there a latin word is almost always a technology, company or
// person, while the English edition's ordinary short words would turn an
// unknown tool ("scala") into a common one ("scale"); of its words only
// long ones are targets.
type spelling struct {
	names map[string]int  // correction targets, with their counts
	known map[string]bool // every latin word of the index and the glossary
	// readings are katakana readings of latin names the guide writes only
	// in latin ("ドッカー" → "docker"), from the glossary.
	readings map[string]string
	longest  int // runes of the longest reading: no run needs trying longer
	// sounds finds the latin name a katakana word the guide never uses
	// stands for ("スワッガー" → "swagger"); kana are the katakana words
	// the guide does use, which stay as they are.
	sounds     soundsLike
	kana       map[string]bool
	kanaLonger int // runes of the longest katakana word the guide uses
}

// minSpellLen: shorter words ("rust", "vue") are too close to each other to
// correct safely.
const minSpellLen = 5

// minEnglishSpellLen: the English edition's words are targets from this
// length ("roadmap" for "roadmpa"); shorter ones are too many and too
// close to other words.
const minEnglishSpellLen = 7

var latinWordRe = regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*`)

func newSpelling(chunks []indexed, g *Glossary) spelling {
	s := spelling{names: map[string]int{}, known: map[string]bool{}}
	for _, c := range chunks {
		for _, w := range latinWordRe.FindAllString(c.norm, -1) {
			s.known[w] = true
			if (c.chunk.Lang == "ja" && len(w) >= minSpellLen || len(w) >= minEnglishSpellLen) && isLetters(w) {
				s.names[w]++
			}
		}
	}
	for _, c := range g.concepts {
		for _, f := range c.en {
			for _, w := range latinWordRe.FindAllString(f, -1) {
				s.known[w] = true
			}
		}
	}
	s.readings = readings(chunks, g, s.known)
	for r := range s.readings {
		s.longest = max(s.longest, utf8.RuneCountInString(r))
	}
	s.sounds, s.kana, s.kanaLonger = katakanaNames(chunks)
	return s
}

// katakanaNames reads what sound needs from the chunks: the latin names a
// katakana word may stand for, the katakana words the guide uses itself,
// and the length of the longest of them.
func katakanaNames(chunks []indexed) (soundsLike, map[string]bool, int) {
	var names []string
	kana, longest := map[string]bool{}, 0
	for _, c := range chunks {
		for _, k := range katakanaWord.FindAllString(c.norm, -1) {
			kana[k] = true
			longest = max(longest, utf8.RuneCountInString(k))
		}
		if c.chunk.Lang != "ja" {
			continue
		}
		// Names: the Japanese edition's latin words written with a capital
		// (Swagger, DevOps, Heinemeier); its lowercase ones ("spec",
		// "cons") are ordinary words no katakana stands for.
		for _, w := range latinWordRe.FindAllString(c.chunk.Text, -1) {
			if strings.ContainsFunc(w, unicode.IsUpper) {
				names = append(names, strings.ToLower(w))
			}
		}
		// A person's full name ("Roy Fielding"), for ロイ・フィールディング.
		for _, n := range fullName.FindAllString(c.chunk.Text, -1) {
			names = append(names, strings.ToLower(n))
		}
	}
	return newSoundsLike(names), kana, longest
}

// fullName is two or three capitalised words in a row.
var fullName = regexp.MustCompile(`\b[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}\b`)

// usesKana: the guide writes kana itself, every part of it when it has
// several ("ソロモン・ハイクス").
func (s spelling) usesKana(kana string) bool {
	for _, part := range strings.Split(kana, "・") {
		if !s.kana[part] {
			return false
		}
	}
	return true
}

// katakanaWord is a run of katakana.
var katakanaWord = regexp.MustCompile(`[ァ-ヺー]+`)

// sound replaces a katakana word the guide never uses, and that no
// glossary reading covers, by the one latin name that sounds like it
// ("スワッガー" → "swagger", "ダイナモDB" → "dynamodb").
func (s spelling) sound(m string) string {
	kana := strings.TrimRightFunc(m, func(r rune) bool { return r < 0x80 })
	tail := m[len(kana):]
	if len([]rune(kana)) < 3 || s.usesKana(kana) || s.read(kana) != kana {
		return m
	}
	if name, ok := s.sounds.lookup(kanaSkeleton(kana) + latinSkeleton(tail)); ok {
		return name
	}
	// A name before a katakana word the guide uses ("デブオプスエンジニア").
	rs := []rune(kana)
	for i := len(rs) - 2; i >= max(3, len(rs)-s.kanaLonger) && tail == ""; i-- {
		if rest := string(rs[i:]); s.kana[rest] && !s.kana[string(rs[:i])] {
			if name, ok := s.sounds.lookup(kanaSkeleton(string(rs[:i]))); ok {
				return name + rest
			}
		}
	}
	return m
}

// readings maps each katakana glossary form no chunk holds to the first
// latin form of its concept whose first word the index holds.
func readings(chunks []indexed, g *Glossary, known map[string]bool) map[string]string {
	out := map[string]string{}
	for _, c := range g.concepts {
		latin := ""
		for _, f := range c.ja {
			if w := latinWordRe.FindString(f); w != "" && !strings.ContainsFunc(f, isCJK) && known[w] {
				latin = f
				break
			}
		}
		if latin == "" {
			continue
		}
		for _, f := range c.ja {
			if !isKatakanaOnly(f) || slices.ContainsFunc(chunks, func(x indexed) bool { return strings.Contains(x.norm, f) }) {
				continue
			}
			out[f] = latin
		}
	}
	return out
}

// Spell returns q with each latin word the guide and glossary never use
// replaced by the one guide name within a typo of it: one edit (insertion,
// deletion, substitution or swap of neighbours) for words of 5–8 letters,
// two for names of 9 letters or more. A word with no such name, or two
// equally close, is left alone, and so is a known word with an English
// ending the guide does not use ("compares"): that is no typo.
//
// A loanword read aloud in katakana or hiragana ("ドッカー", "どっかーの")
// becomes the latin name the guide writes ("docker"), so does a katakana
// name that sounds like one of the guide's ("スワッガー"), and a step counted
// in words ("step one") gets its number.
func (ix *Index) Spell(q string) string {
	q = latinWordRe.ReplaceAllStringFunc(q, func(w string) string {
		if fix, ok := ix.spell.correct(strings.ToLower(w)); ok {
			return fix
		}
		return w
	})
	q = kanaName.ReplaceAllStringFunc(q, ix.spell.sound)
	q = kanaRun.ReplaceAllStringFunc(q, ix.spell.read)
	return stepWord.ReplaceAllStringFunc(q, func(m string) string {
		sub := stepWord.FindStringSubmatch(m)
		return sub[1] + " " + stepNumbers[strings.ToLower(sub[2])]
	})
}

// kanaRun is a run of katakana or of hiragana (a loanword written in
// hiragana, "りーとこーど", "ぱいそんで").
var kanaRun = regexp.MustCompile(`[ァ-ヺー]{3,}|[ぁ-ゖー]{3,}`)

// stepWord is a roadmap step counted in words.
var stepWord = regexp.MustCompile(`(?i)\b(step|stage|phase)\s+(one|two|three)\b`)

var stepNumbers = map[string]string{"one": "1", "two": "2", "three": "3"}

// read replaces the longest reading that starts run by its latin name;
// hiragana is read as katakana. The rest of the run (a particle) stays. In
// hiragana, particles also come before the name ("はぱいそんがいい"), so
// a reading may start anywhere in the run; ordinary hiragana words are not
// readings of the glossary's loanwords.
func (s spelling) read(run string) string {
	kata, orig := []rune(toKatakana(run)), []rune(run)
	starts := 1
	if orig[0] >= 'ぁ' && orig[0] <= 'ゖ' {
		starts = len(kata)
	}
	// Tries at most starts × longest substrings: linear in the run.
	for i := 0; i < starts; i++ {
		for n := min(len(kata), i+s.longest); n-i >= 3; n-- {
			if latin, ok := s.readings[string(kata[i:n])]; ok {
				return string(orig[:i]) + latin + string(orig[n:])
			}
		}
	}
	return run
}

// toKatakana maps hiragana to katakana; other runes are kept.
func toKatakana(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'ぁ' && r <= 'ゖ' {
			return r + ('ァ' - 'ぁ')
		}
		return r
	}, s)
}

func (s spelling) correct(w string) (string, bool) {
	if len(w) < minSpellLen || !isLetters(w) || s.known[w] || s.inflected(w) {
		return "", false
	}
	limit := 1
	if len(w) >= 9 {
		limit = 2
	}
	best, bestD, tie := "", limit+1, false
	for name := range s.names {
		if d := abs(len(name) - len(w)); d > limit {
			continue
		}
		d := editDistance(w, name, limit)
		switch {
		case d < bestD:
			best, bestD, tie = name, d, false
		case d == bestD:
			tie = true
		}
	}
	if best == "" || tie {
		return "", false
	}
	return best, true
}

// inflected: w is a known word with an English ending added or changed
// ("compares" for "compared"), an ordinary word rather than a typo.
func (s spelling) inflected(w string) bool {
	// A base form whose inflection the guide uses ("matter" for its
	// "matters") is a word in its own right, not a typo of it.
	for _, end := range []string{"s", "es", "d", "ed", "ing", "er", "ers", "ly"} {
		if s.known[w+end] {
			return true
		}
	}
	for _, suf := range []string{"s", "es", "ed", "d", "ing", "er", "ers", "ly"} {
		base, ok := strings.CutSuffix(w, suf)
		if !ok || len(base) < 3 {
			continue
		}
		for _, end := range []string{"", "e", "s", "ed", "d", "ing", "er"} {
			if s.known[base+end] {
				return true
			}
		}
	}
	return false
}

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// editDistance is the optimal string alignment distance of two ASCII words
// (a swap of neighbours is one edit), or limit+1 once it must exceed limit.
func editDistance(a, b string, limit int) int {
	// Three rows on the stack for the usual short words: this runs for
	// every name against every unknown word of a question.
	var buf [3][33]int
	var prev2, prev, cur []int
	if len(b) < len(buf[0]) {
		prev2, prev, cur = buf[0][:len(b)+1], buf[1][:len(b)+1], buf[2][:len(b)+1]
	} else {
		prev2, prev, cur = make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}
