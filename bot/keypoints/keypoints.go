// Package keypoints grades a written answer offline against a question's
// key points, for the quiz's open questions and study's interviews alike:
// a key point counts as covered when enough of its terms
// appear in the answer. Terms are English words (stemmed to their first
// five letters, stop words dropped) and, for Japanese, the letter pairs
// inside runs of kanji and katakana: Japanese has no spaces, and pairs
// match inflected and compounded forms well enough without a tokenizer.
// An answer is compared with the key points in both languages, so a
// Japanese member answering in English is graded fairly.
package keypoints

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
)

// coverThreshold is the share of a point's terms an answer must contain.
const coverThreshold = 0.4

var stopWords = map[string]bool{
	"the": true, "and": true, "for": true, "with": true, "that": true, "this": true, "such": true, "from": true,
	"your": true, "you": true, "are": true, "can": true, "its": true, "not": true, "but": true, "how": true,
	"what": true, "when": true, "which": true, "into": true, "than": true, "then": true, "them": true, "they": true,
	"their": true, "there": true, "about": true, "also": true, "each": true, "only": true, "just": true, "like": true,
	"make": true, "more": true, "most": true, "other": true, "some": true, "use": true, "using": true, "used": true,
	"does": true, "have": true, "has": true, "had": true, "was": true, "were": true, "been": true, "will": true,
}

var wordPattern = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+#.]*[A-Za-z0-9+#]|[A-Za-z]`)

// Terms returns the matching units of text.
func Terms(text string) map[string]bool {
	out := map[string]bool{}
	for _, w := range wordPattern.FindAllString(strings.ToLower(text), -1) {
		if len(w) < 3 || stopWords[w] {
			continue
		}
		if len(w) > 5 {
			w = w[:5]
		}
		out[w] = true
	}
	var run []rune
	flush := func() {
		for i := 0; i+1 < len(run); i++ {
			out[string(run[i:i+2])] = true
		}
		if len(run) == 1 && unicode.Is(unicode.Han, run[0]) {
			out[string(run)] = true
		}
		run = run[:0]
	}
	for _, r := range text {
		if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Katakana, r) || r == 'ー' {
			run = append(run, r)
			continue
		}
		flush()
	}
	flush()
	return out
}

// Share is the share of text's Terms found in terms (0 when text has
// none): how much of a key point an answer covers, or how alike two
// questions are.
func Share(text string, terms map[string]bool) float64 {
	want := Terms(text)
	if len(want) == 0 {
		return 0
	}
	n := 0
	for t := range want {
		if terms[t] {
			n++
		}
	}
	return float64(n) / float64(len(want))
}

// Point reports whether answer (its Terms) covers points[i] or, when the
// two lists are aligned, its translation other[i].
func Point(points, other []string, i int, answer map[string]bool) bool {
	c := Share(points[i], answer)
	if len(other) == len(points) {
		c = max(c, Share(other[i], answer))
	}
	return c >= coverThreshold
}

// Covers reports whether answer covers at least half of q's key points
// (offline matching, both languages): how a written answer to an open quiz
// question is scored at the reveal and scheduled for review.
func Covers(q content.QuizQuestion, answer string, lang bot.Lang) bool {
	points, other := q.KeyPoints.JA, q.KeyPoints.EN
	if lang == bot.English {
		points, other = other, points
	}
	have := Terms(answer)
	covered := 0
	for i := range points {
		if Point(points, other, i, have) {
			covered++
		}
	}
	return covered > 0 && covered*2 >= len(points)
}
