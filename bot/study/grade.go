package study

import (
	"regexp"

	"github.com/backend-tip/backend-tip/bot/keypoints"
)

// gradeOffline grades answer against the key points (shown in lang; the
// other language's list, when aligned, also counts) and, for behavioral
// questions, the STAR parts.
func gradeOffline(in GradeInput, otherLang []string) Grade {
	ans := keypoints.Terms(in.Answer)
	g := Grade{}
	for i, p := range in.KeyPoints {
		if keypoints.Point(in.KeyPoints, otherLang, i, ans) {
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
