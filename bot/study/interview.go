package study

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
)

// interviewChapter is the guide chapter interview questions come from first.
const interviewChapter = "面接はこう準備しよう！"

// interviewKinds maps each interview kind to its bank categories and its
// number of questions.
var interviewKinds = map[string]struct {
	categories []string
	questions  int
}{
	"technical":  {[]string{"algorithms", "databases", "networking", "api-design", "security", "infrastructure"}, 4},
	"design":     {[]string{"system-design"}, 3},
	"behavioral": {[]string{"behavioral"}, 3},
}

var kindAliases = map[string]string{
	"": "technical", "technical": "technical", "tech": "technical", "技術": "technical",
	"design": "design", "system-design": "design", "設計": "design",
	"behavioral": "behavioral", "behavioural": "behavioral", "行動": "behavioral",
}

// kindNames are the interview kinds as a member reads them.
var kindNames = map[string][2]string{"technical": {"技術", "technical"}, "design": {"システム設計", "system design"}, "behavioral": {"行動・経験", "behavioral"}}

// maxCommentRune bounds a model's comment in a message.
const maxCommentRune = 300

// interviewItems picks the session's questions: the guide's own example
// questions of the kind (its interview chapter) and the bank's open items
// of the kind's categories that do not ask the same again, the guide's
// first and at least one of the bank's when it has any; the bank's items
// from the interview chapter come before its others. Each group is in a
// random order.
func (s *Service) interviewItems(kind string) []string {
	k := interviewKinds[kind]
	guide := slices.Clone(s.guide.byKind[kind])
	var chapter, other []string
	for _, q := range s.opts.Questions {
		if q.MultipleChoice() || !slices.Contains(k.categories, q.Category) || s.guide.twins[q.ID] {
			continue
		}
		if slices.ContainsFunc(q.Sections, func(sec string) bool { return strings.HasPrefix(sec, interviewChapter) }) {
			chapter = append(chapter, q.ID)
		} else {
			other = append(other, q.ID)
		}
	}
	s.shuffle(guide)
	s.shuffle(chapter)
	s.shuffle(other)
	bank := append(chapter, other...)
	fromGuide := min(len(guide), (k.questions+1)/2)
	if len(bank) < k.questions-fromGuide { // a small bank: more of the guide's
		fromGuide = min(len(guide), k.questions-len(bank))
	}
	all := append(guide[:fromGuide], bank...)
	return all[:min(len(all), k.questions)]
}

func (s *Service) shuffle(ids []string) {
	for i := len(ids) - 1; i > 0; i-- {
		j := s.opts.Intn(i + 1)
		ids[i], ids[j] = ids[j], ids[i]
	}
}

// grade uses the LLM rubric when configured (bounded and checked), else
// the offline matcher.
func (s *Service) grade(ctx context.Context, q content.QuizQuestion, answer string, behavioral bool, lang bot.Lang) Grade {
	other := q.KeyPoints.EN
	if lang == bot.English {
		other = q.KeyPoints.JA
	}
	in := GradeInput{Question: pick(lang, q.Question), KeyPoints: pickList(lang, q.KeyPoints), Sections: q.Sections,
		Answer: answer, Behavioral: behavioral, Lang: lang}
	offline := gradeOffline(in, other)
	if s.opts.Grade == nil {
		return offline
	}
	g, err := s.opts.Grade(ctx, in)
	if err != nil {
		s.log.Warn("interview rubric failed, graded offline", "item", q.ID, "err", err)
		return offline
	}
	return boundGrade(g, in, offline)
}

// boundGrade keeps a model's grade inside what a message may carry: only
// the rubric's own key points (a point the model left out counts as
// missing), only known STAR parts, a section of the item's own, and a
// short comment. A grade that names none of the key points is replaced by
// the offline one.
func boundGrade(g Grade, in GradeInput, offline Grade) Grade {
	covered := map[string]bool{}
	named := 0
	for _, p := range g.Covered {
		if slices.Contains(in.KeyPoints, strings.TrimSpace(p)) {
			covered[strings.TrimSpace(p)] = true
			named++
		}
	}
	for _, p := range g.Missing {
		if slices.Contains(in.KeyPoints, strings.TrimSpace(p)) {
			named++
		}
	}
	if named == 0 {
		g.Covered, g.Missing = offline.Covered, offline.Missing
	} else {
		g.Covered, g.Missing = nil, nil
		for _, p := range in.KeyPoints {
			if covered[p] {
				g.Covered = append(g.Covered, p)
			} else {
				g.Missing = append(g.Missing, p)
			}
		}
	}
	if in.Behavioral {
		star := map[string]bool{}
		for _, p := range STARParts {
			star[p] = g.STAR[p]
		}
		g.STAR = star
	} else {
		g.STAR = nil
	}
	if !slices.Contains(in.Sections, g.Section) {
		g.Section = offline.Section
	}
	g.Comment = bot.Truncate(strings.TrimSpace(g.Comment), maxCommentRune)
	return g
}

func allTrue(m map[string]bool) bool {
	for _, v := range m {
		if !v {
			return false
		}
	}
	return len(m) > 0
}

var starJA = map[string]string{"Situation": "状況 (Situation)", "Task": "課題 (Task)", "Action": "行動 (Action)", "Result": "結果 (Result)"}

// feedbackText renders one grade.
func feedbackText(g Grade, done, total int, lang bot.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", lang.Pick(fmt.Sprintf("**フィードバック** (%d/%d)", done, total), fmt.Sprintf("**Feedback** (%d/%d)", done, total)))
	if len(g.Covered) > 0 {
		fmt.Fprintf(&b, "%s\n", lang.Pick("✅ 押さえたポイント:", "✅ Covered:"))
		for _, p := range g.Covered {
			fmt.Fprintf(&b, "• %s\n", bot.DefuseMentions(p))
		}
	}
	if len(g.Missing) > 0 {
		fmt.Fprintf(&b, "%s\n", lang.Pick("❌ 足りないポイント:", "❌ Missing:"))
		for _, p := range g.Missing {
			fmt.Fprintf(&b, "• %s\n", bot.DefuseMentions(p))
		}
	}
	if g.STAR != nil {
		var have, miss []string
		for _, p := range STARParts {
			name := lang.Pick(starJA[p], p)
			if g.STAR[p] {
				have = append(have, name)
			} else {
				miss = append(miss, name)
			}
		}
		if len(miss) > 0 {
			fmt.Fprintf(&b, "%s %s\n", lang.Pick("STARで足りない部分:", "STAR parts missing:"), strings.Join(miss, ", "))
		}
		if len(have) > 0 {
			fmt.Fprintf(&b, "%s %s\n", lang.Pick("STARで伝わった部分:", "STAR parts present:"), strings.Join(have, ", "))
		}
	}
	if g.Comment != "" {
		fmt.Fprintf(&b, "💬 %s\n", bot.DefuseMentions(g.Comment))
	}
	if g.Section != "" {
		fmt.Fprintf(&b, "📖 %s「%s」\n", lang.Pick("読み返す:", "Reread:"), g.Section)
	}
	return strings.TrimRight(b.String(), "\n")
}

// summary closes a session: strengths, gaps and the sections to reread.
func (s *Service) summary(sess session) string {
	lang := sess.Lang
	if len(sess.Results) == 0 {
		return lang.Pick("回答がなかったので、まとめはありません。", "No answers, so no summary.")
	}
	var strengths, gaps, sections []string
	covered, total := 0, 0
	starMissing := map[string]int{}
	for _, r := range sess.Results {
		covered += len(r.Covered)
		total += len(r.Covered) + len(r.Missing)
		// The design steps are every design question's points: each is
		// listed once per list.
		for _, p := range r.Covered {
			if !slices.Contains(strengths, p) {
				strengths = append(strengths, p)
			}
		}
		for _, p := range r.Missing {
			if !slices.Contains(gaps, p) {
				gaps = append(gaps, p)
			}
		}
		if len(r.Missing) > 0 && r.Section != "" && !slices.Contains(sections, r.Section) {
			sections = append(sections, r.Section)
		}
		for p, ok := range r.STAR {
			if !ok {
				starMissing[p]++
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", lang.Pick(fmt.Sprintf("**まとめ**: %d問回答、キーポイント %d/%d", len(sess.Results), covered, total),
		fmt.Sprintf("**Summary**: %d answer%s, %d of %d key points covered", len(sess.Results), plural(len(sess.Results)), covered, total)))
	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(&b, "%s\n", title)
		for _, it := range items[:min(len(items), 5)] {
			fmt.Fprintf(&b, "• %s\n", bot.DefuseMentions(it))
		}
	}
	list(lang.Pick("強み:", "Strengths:"), strengths)
	list(lang.Pick("課題:", "Gaps:"), gaps)
	var star []string
	for _, p := range STARParts {
		if starMissing[p] > 0 {
			star = append(star, lang.Pick(starJA[p], p))
		}
	}
	if len(star) > 0 {
		fmt.Fprintf(&b, "%s %s\n", lang.Pick("STARで抜けがちな部分:", "STAR parts you tend to skip:"), strings.Join(star, ", "))
	}
	list(lang.Pick("読み返すセクション:", "Sections to reread:"), sections)
	b.WriteString(lang.Pick("答えた問題は復習に入りました: `/backend-tip quiz review`", "Your answers are in your review schedule: `/backend-tip quiz review`"))
	return b.String()
}
