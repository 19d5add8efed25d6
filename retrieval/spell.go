package retrieval

import (
	"regexp"
	"strings"
)

// spelling corrects misspelt technical names in a question ("kubernets",
// "grapql", "pyhton") to the name the guide uses, so a typo is not read as
// a word the guide never mentions. Only names from the Japanese edition are
// targets: there a latin word is almost always a technology, company or
// person, while the English edition's ordinary words would turn an unknown
// tool ("scala") into a common one ("scale").
type spelling struct {
	names map[string]int  // correction targets, with their counts
	known map[string]bool // every latin word of the index and the glossary
}

// minSpellLen: shorter words ("rust", "vue") are too close to each other to
// correct safely.
const minSpellLen = 5

var latinWordRe = regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*`)

func newSpelling(chunks []indexed, g *Glossary) spelling {
	s := spelling{names: map[string]int{}, known: map[string]bool{}}
	for _, c := range chunks {
		for _, w := range latinWordRe.FindAllString(c.norm, -1) {
			s.known[w] = true
			if c.chunk.Lang == "ja" && len(w) >= minSpellLen && isLetters(w) {
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
	return s
}

// Spell returns q with each latin word the guide and glossary never use
// replaced by the one guide name within a typo of it: one edit (insertion,
// deletion, substitution or swap of neighbours) for words of 5–8 letters,
// two for names of 9 letters or more. A word with no such name, or two
// equally close, is left alone, and so is a known word with an English
// ending the guide does not use ("compares"): that is no typo.
func (ix *Index) Spell(q string) string {
	return latinWordRe.ReplaceAllStringFunc(q, func(w string) string {
		if fix, ok := ix.spell.correct(strings.ToLower(w)); ok {
			return fix
		}
		return w
	})
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
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
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
