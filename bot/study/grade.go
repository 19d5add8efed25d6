package study

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
)

// Offline grading: a key point counts as covered when enough of its terms
// appear in the answer. Terms are English words (stemmed to their first
// five letters, stop words dropped) and, for Japanese, the letter pairs
// inside runs of kanji and katakana: Japanese has no spaces, and pairs
// match inflected and compounded forms well enough without a tokenizer.
// An answer is compared with the key points in both languages, so a
// Japanese member answering in English is graded fairly.

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

// terms returns the matching units of text.
func terms(text string) map[string]bool {
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

// coverage is the share of point's terms found in answer.
func coverage(point string, answer map[string]bool) float64 {
	want := terms(point)
	if len(want) == 0 {
		return 0
	}
	n := 0
	for t := range want {
		if answer[t] {
			n++
		}
	}
	return float64(n) / float64(len(want))
}

// gradeOffline grades answer against the key points (shown in lang; the
// other language's list, when aligned, also counts) and, for behavioral
// questions, the STAR parts.
func gradeOffline(in GradeInput, otherLang []string) Grade {
	ans := terms(in.Answer)
	g := Grade{}
	for i, p := range in.KeyPoints {
		c := coverage(p, ans)
		if len(otherLang) == len(in.KeyPoints) {
			c = max(c, coverage(otherLang[i], ans))
		}
		if c >= coverThreshold {
			g.Covered = append(g.Covered, p)
		} else {
			g.Missing = append(g.Missing, p)
		}
	}
	if in.Behavioral {
		g.STAR = starParts(in.Answer)
	}
	if len(in.Sections) > 0 {
		g.Section = in.Sections[0]
	}
	return g
}

// STARParts are the parts of a behavioral answer, in order.
var STARParts = []string{"Situation", "Task", "Action", "Result"}

// starCues are words that signal each STAR part, English and Japanese.
var starCues = map[string]*regexp.Regexp{
	"Situation": regexp.MustCompile(`(?i)\b(when (i|we) (was|were|worked)|at my (previous|last|current)|in my (previous|last|current)|situation|context|background|last year|our team|the project|we had|there was|at the time)\b|状況|当時|背景|前職|の時|のとき|プロジェクトで|チームで`),
	"Task":      regexp.MustCompile(`(?i)\b(my (task|job|role|goal|responsibility)|i was (responsible|asked|tasked)|responsible for|needed to|had to|the goal|objective|challenge was)\b|課題|担当|役割|目標|任され|求められ|必要があ|ミッション`),
	"Action":    regexp.MustCompile(`(?i)\b(i|we) (\w+ed|built|wrote|led|made|took|ran|set up|found|chose|spoke|began|did|dug|met|sought|brought|drove|caught|taught|rolled back)\b|\b(action|steps i took)\b|しました|行いました|対応し|実施|導入し|修正し|提案し|調査し|書き直し|改善し`),
	"Result":    regexp.MustCompile(`(?i)\b(as a result|result(ed)?|outcome|reduced|improved|increased|decreased|cut|saved|since then|afterwards|in the end|learned|lesson)\b|\d+ ?%|結果|削減|改善され|向上|減少|短縮|学んだ|学び|以降|その後|\d+ ?割`),
}

// starParts reports which STAR parts the answer shows by cue words.
func starParts(answer string) map[string]bool {
	out := map[string]bool{}
	for _, p := range STARParts {
		out[p] = starCues[p].MatchString(answer)
	}
	return out
}

// Covers reports whether answer covers at least half of q's key points
// (offline matching, both languages): the verdict a thread answer to an
// open quiz question gets in the member's review schedule.
func Covers(q content.QuizQuestion, answer string, lang bot.Lang) bool {
	points, other := q.KeyPoints.JA, q.KeyPoints.EN
	if lang == bot.English {
		points, other = other, points
	}
	g := gradeOffline(GradeInput{KeyPoints: points, Answer: answer}, other)
	return len(g.Covered) > 0 && len(g.Covered)*2 >= len(points)
}
