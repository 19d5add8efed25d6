package study

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/backend-tip/backend-tip/bot/keypoints"
	"github.com/backend-tip/backend-tip/content"
)

// The guide's interview chapter asks its own example questions for each
// kind of interview. They become interview items here, in the guide's own
// words, with key points from the guide's text: for a system design
// question the guide's four answer steps (it says these questions have no
// single right answer and look at the thought process); for a technical
// question the bank's points for the same question plus the chapter's own
// advice for that kind; for a behavioral question the bank's points, with
// the STAR parts judged beside them. A question the bank does not ask has
// the section's own advice as its point.

// guideItemPrefix starts the ids of items made from the guide's examples.
const guideItemPrefix = "guide-"

// guideKinds ties the chapter's sections (by anchor) to interview kinds
// and to the bank category an example counts towards when the bank has no
// twin of it.
// tipPoint: the section's closing advice is something an answer shows
// (algorithms: explain in complexity terms why it is efficient), not only
// how to prepare.
var guideKinds = map[string]struct {
	kind, category string
	tipPoint       bool
}{
	"interview-algorithms":    {"technical", "algorithms", true},
	"interview-deep-dive":     {"technical", "databases", false},
	"interview-system-design": {"design", "system-design", false},
	"behavioral-questions":    {"behavioral", "behavioral", false},
}

// deepDiveTopics maps the "(Databases):" label of a deep-dive example to
// its bank category.
var deepDiveTopics = map[string]string{"databases": "databases", "networking": "networking", "api": "api-design", "security": "security"}

// topicLabel is the "(データベース): " or "(Databases): " before a
// deep-dive example.
var topicLabel = regexp.MustCompile(`^\s*[(（]([^)）]+)[)）]\s*[:：]\s*`)

// twinShare is how much of a guide example's wording a bank question must
// share to be the same question (the bank rephrases the guide).
const twinShare = 0.5

// guideSet is the interview items made from the guide.
type guideSet struct {
	items  []content.QuizQuestion
	byKind map[string][]string // kind → item ids, in the guide's order
	twins  map[string]bool     // bank ids that ask a guide example again
}

// guideItems builds the items of the guide's interview chapter from its
// facts; bank supplies the twins' key points.
func guideItems(facts content.Facts, docs []content.Document, bank []content.QuizQuestion) guideSet {
	out := guideSet{byKind: map[string][]string{}, twins: map[string]bool{}}
	guide, _ := content.Edition(docs, strings.TrimSuffix(content.GuideName, ".md"), content.LangJA)
	for _, it := range facts.Interviews {
		k, ok := guideKinds[it.Anchor]
		if !ok {
			continue
		}
		section := ""
		for _, sec := range guide.Sections {
			if sec.Anchor == it.Anchor {
				section = sec.Title
			}
		}
		for n, ex := range it.Examples {
			q := content.QuizQuestion{ID: fmt.Sprintf("%s%s-%d", guideItemPrefix, it.Anchor, n+1), Category: k.category, Difficulty: 2,
				Question: content.Text{JA: cleanExample(ex.JA), EN: cleanExample(ex.EN)}}
			if m := topicLabel.FindStringSubmatch(ex.EN); m != nil {
				if c, ok := deepDiveTopics[strings.ToLower(m[1])]; ok {
					q.Category = c
				}
			}
			if section != "" {
				q.Sections = []string{section}
			}
			twin, found := findTwin(q, section, bank)
			if found {
				out.twins[twin.ID] = true
				q.Category = twin.Category
				for _, sec := range twin.Sections {
					if !slices.Contains(q.Sections, sec) {
						q.Sections = append(q.Sections, sec)
					}
				}
			}
			q.KeyPoints = guideKeyPoints(k.kind, k.tipPoint, it, facts, twin, found)
			if len(q.KeyPoints.EN) == 0 || len(q.KeyPoints.JA) != len(q.KeyPoints.EN) {
				continue // nothing to grade against
			}
			out.items = append(out.items, q)
			out.byKind[k.kind] = append(out.byKind[k.kind], q.ID)
		}
	}
	return out
}

// guideKeyPoints are what a guide example's answer is graded against.
func guideKeyPoints(kind string, tipPoint bool, it content.InterviewType, facts content.Facts, twin content.QuizQuestion, found bool) content.Texts {
	var kp content.Texts
	add := func(t content.Text) {
		if t.JA != "" && t.EN != "" {
			kp.JA, kp.EN = append(kp.JA, t.JA), append(kp.EN, t.EN)
		}
	}
	switch {
	case kind == "design":
		for _, step := range facts.DesignSteps {
			add(step)
		}
		return kp
	case found && len(twin.KeyPoints.JA) == len(twin.KeyPoints.EN):
		kp.JA, kp.EN = slices.Clone(twin.KeyPoints.JA), slices.Clone(twin.KeyPoints.EN)
	case kind == "behavioral" || !tipPoint:
		add(firstSentence(it.Summary)) // no twin: what the guide says the questions look at
	}
	if tipPoint {
		for _, tip := range it.Tips {
			add(lastSentence(tip)) // "What matters is … explain why it is efficient"
		}
	}
	return kp
}

// findTwin returns the bank's open question that asks the same as q: one
// resting on the same section whose wording shares most of q's.
func findTwin(q content.QuizQuestion, section string, bank []content.QuizQuestion) (content.QuizQuestion, bool) {
	var best content.QuizQuestion
	bestShare := 0.0
	for _, b := range bank {
		if b.MultipleChoice() || section == "" || !slices.Contains(b.Sections, section) {
			continue
		}
		share := max(termShare(q.Question.EN, b.Question.EN), termShare(q.Question.JA, b.Question.JA))
		if share > bestShare {
			best, bestShare = b, share
		}
	}
	return best, bestShare >= twinShare
}

// termShare is the share of text's terms (keypoints.Terms) found in other.
func termShare(text, other string) float64 {
	return keypoints.Share(text, keypoints.Terms(other))
}

// cleanExample drops a deep-dive example's topic label and the quotation
// marks around it.
func cleanExample(s string) string {
	s = topicLabel.ReplaceAllString(s, "")
	s = strings.TrimSpace(s)
	for _, q := range [][2]string{{"「", "」"}, {`"`, `"`}, {"“", "”"}} {
		if strings.HasPrefix(s, q[0]) && strings.HasSuffix(s, q[1]) && len(s) > len(q[0])+len(q[1]) {
			s = strings.TrimSuffix(strings.TrimPrefix(s, q[0]), q[1])
		}
	}
	return strings.TrimSpace(s)
}

// sentenceEnd splits after a Japanese full stop or an English one.
var sentenceEnd = regexp.MustCompile(`(。|\.\s)`)

func sentences(s string) []string {
	var out []string
	for _, part := range strings.SplitAfter(sentenceEnd.ReplaceAllString(s, "$1\x00"), "\x00") {
		if part = strings.TrimSpace(strings.TrimSuffix(part, "\x00")); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func firstSentence(t content.Text) content.Text {
	ja, en := sentences(t.JA), sentences(t.EN)
	if len(ja) == 0 || len(en) == 0 {
		return content.Text{}
	}
	return content.Text{JA: ja[0], EN: en[0]}
}

func lastSentence(t content.Text) content.Text {
	ja, en := sentences(t.JA), sentences(t.EN)
	if len(ja) == 0 || len(en) == 0 {
		return content.Text{}
	}
	return content.Text{JA: ja[len(ja)-1], EN: en[len(en)-1]}
}
