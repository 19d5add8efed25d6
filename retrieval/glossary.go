package retrieval

import (
	"bufio"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

//go:embed glossary.tsv
var glossaryTSV string

// Glossary maps backend terms to concepts shared by English and Japanese.
type Glossary struct {
	concepts []concept
	// byFirstWord finds the word-sequence terms that start with a word.
	byFirstWord map[string][]termRef
	// cjkTerms are matched as substrings (Japanese has no spaces).
	cjkTerms []termRef
	hash     string
}

type concept struct {
	en, ja []string // surface forms, normalised
}

type termRef struct {
	concept int
	words   []string // word-sequence terms
	text    string   // substring terms
}

// Match is one glossary concept found in a text.
type Match struct {
	Concept int
	Count   int
}

// DefaultGlossary parses the embedded glossary.tsv.
func DefaultGlossary() (*Glossary, error) { return ParseGlossary(glossaryTSV) }

// ParseGlossary reads "english, terms<TAB>日本語, 用語" lines; # starts a comment.
func ParseGlossary(tsv string) (*Glossary, error) {
	g := &Glossary{byFirstWord: map[string][]termRef{}}
	sc := bufio.NewScanner(strings.NewReader(tsv))
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		en, ja, ok := strings.Cut(l, "\t")
		if !ok {
			return nil, fmt.Errorf("glossary line %d: want english<TAB>japanese", line)
		}
		c := concept{en: splitTerms(en), ja: splitTerms(ja)}
		if len(c.en) == 0 || len(c.ja) == 0 {
			return nil, fmt.Errorf("glossary line %d: empty side", line)
		}
		id := len(g.concepts)
		g.concepts = append(g.concepts, c)
		for _, t := range append(append([]string(nil), c.en...), c.ja...) {
			g.add(id, t)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read glossary: %w", err)
	}
	sum := sha256.Sum256([]byte(tsv))
	g.hash = hex.EncodeToString(sum[:6])
	return g, nil
}

func splitTerms(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = Normalize(strings.TrimSpace(t)); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func (g *Glossary) add(id int, term string) {
	if strings.IndexFunc(term, isCJK) >= 0 {
		g.cjkTerms = append(g.cjkTerms, termRef{concept: id, text: term})
		return
	}
	words := englishWords(term)
	if len(words) == 0 {
		return
	}
	g.byFirstWord[words[0]] = append(g.byFirstWord[words[0]], termRef{concept: id, words: words})
}

// englishWords are the stemmed words of normalised text, in order.
func englishWords(s string) []string {
	ws := wordRe.FindAllString(s, -1)
	for i, w := range ws {
		ws[i] = stem(w)
	}
	return ws
}

// Len is the number of concepts.
func (g *Glossary) Len() int { return len(g.concepts) }

// Hash identifies the glossary's content, for cache keys.
func (g *Glossary) Hash() string { return g.hash }

// Japanese returns the Japanese forms of a concept.
func (g *Glossary) Japanese(id int) []string { return g.concepts[id].ja }

// English is the concept's English forms, normalised.
func (g *Glossary) English(id int) []string { return g.concepts[id].en }

// Concepts finds the concepts named in normalised text, counting mentions,
// in glossary order. The longest English term wins at each position, so
// "sql injection" is not also counted as "sql".
func (g *Glossary) Concepts(norm string) []Match {
	counts := map[int]int{}
	ascii := isASCII(norm)
	words := englishWords(norm)
	for i := 0; i < len(words); {
		best := 0
		var hit []int
		for _, t := range g.byFirstWord[words[i]] {
			n := len(t.words)
			if n < best || i+n > len(words) || !equalWords(words[i:i+n], t.words) {
				continue
			}
			if n > best {
				best, hit = n, hit[:0]
			}
			hit = append(hit, t.concept)
		}
		for _, c := range uniqueInts(hit) {
			counts[c]++
		}
		if best == 0 {
			best = 1
		}
		i += best
	}
	for _, t := range g.cjkTerms {
		if ascii { // no CJK term can occur: skip the scan of every term
			break
		}
		if n := strings.Count(norm, t.text); n > 0 && counts[t.concept] < n {
			counts[t.concept] = n
		}
	}
	// Glossary order, not map order: callers weigh concepts one after
	// another (query expansion gives a Japanese word shared by two concepts
	// the weight of the first), so map order made one question rank
	// differently from run to run.
	out := make([]Match, 0, len(counts))
	for _, c := range slices.Sorted(maps.Keys(counts)) {
		out = append(out, Match{Concept: c, Count: counts[c]})
	}
	return out
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func uniqueInts(xs []int) []int {
	var out []int
	for _, x := range xs {
		dup := false
		for _, y := range out {
			dup = dup || x == y
		}
		if !dup {
			out = append(out, x)
		}
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
