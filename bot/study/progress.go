package study

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
)

// stepCategories ties the bank's categories to the roadmap step that
// teaches them: Step 1 the web's and data's foundations, Step 2 building
// and shipping an API, Step 3 design, practice and career.
var stepCategories = [][]string{
	{"algorithms", "networking", "databases", "history"},
	{"api-design", "security", "infrastructure"},
	{"system-design", "behavioral", "career"},
}

// categoryHints pick the roadmap item that matches a weak category.
var categoryHints = map[string][]string{
	"algorithms": {"プログラミング言語"}, "networking": {"HTTP", "DNS"}, "databases": {"SQL", "インデックス"},
	"history": {"Git"}, "api-design": {"REST", "API"}, "security": {"テスト", "認証"},
	"infrastructure": {"Docker", "クラウド", "CI/CD"}, "system-design": {"アーキテクチャ", "パフォーマンス"},
	"behavioral": {"OSS", "ブログ"}, "career": {"ポートフォリオ"},
}

// masteredShare is the mastery at which the next step is suggested.
const masteredShare = 0.6

// historyLimit bounds the answers progress reads.
const historyLimit = 2000

// tally is right/answered counts.
type tally struct{ right, answered int }

func (t tally) share() float64 {
	if t.answered == 0 {
		return 0
	}
	return float64(t.right) / float64(t.answered)
}

// HandleProgress answers `progress`: mastery per roadmap step and section,
// streak, reviews due and the next thing to study. Private.
func (s *Service) HandleProgress(ctx context.Context, req bot.Request, _ string, st bot.Stream) error {
	lang := req.Lang
	now := s.opts.Clock()
	p, err := s.progress(ctx, learner(req.Platform, req.UserID), lang, now)
	if err != nil {
		return err
	}
	hist, box, due, bySection, byCategory := p.hist, p.box, p.due, p.bySection, p.byCategory
	var b strings.Builder
	b.WriteString(lang.Pick("**あなたの進み具合**\n", "**Your progress**\n"))
	b.WriteString(lang.Pick("ロードマップ（習熟度 = 各ステップの問題の定着度の平均）:\n", "Roadmap (mastery = how firmly you hold each step's items):\n"))
	next := -1
	for i, cats := range stepCategories {
		name := s.stepName(i, lang)
		mastery, seen, total := s.stepMastery(cats, box)
		var t tally
		for _, c := range cats {
			if byCategory[c] != nil {
				t.right += byCategory[c].right
				t.answered += byCategory[c].answered
			}
		}
		fmt.Fprintf(&b, "• %s: %s %s\n", name, percent(mastery), lang.Pick(
			fmt.Sprintf("(正解 %d/%d、%d/%d問に挑戦)", t.right, t.answered, seen, total),
			fmt.Sprintf("(%d/%d right, %d of %d items tried)", t.right, t.answered, seen, total)))
		if next < 0 && mastery < masteredShare {
			next = i
		}
	}
	if len(bySection) > 0 {
		b.WriteString(lang.Pick("セクション別（正答率の低い順）:\n", "By section (weakest first):\n"))
		names := make([]string, 0, len(bySection))
		for n := range bySection {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool {
			a, c := bySection[names[i]], bySection[names[j]]
			if a.share() != c.share() {
				return a.share() < c.share()
			}
			return names[i] < names[j]
		})
		for _, n := range names[:min(len(names), 5)] {
			t := bySection[n]
			fmt.Fprintf(&b, "• %s: %d%% (%d/%d)\n", n, int(t.share()*100+0.5), t.right, t.answered)
		}
	}
	days := s.streak(hist, now)
	fmt.Fprintf(&b, "%s\n", lang.Pick(fmt.Sprintf("連続学習: %d日 · 復習待ち: %d問", days, due),
		fmt.Sprintf("Streak: %d day%s · Reviews due: %d", days, plural(days), due)))
	b.WriteString(s.nextStep(next, byCategory, lang))
	st.Done(bot.Reply{Ephemeral: true, Lang: lang, Text: strings.TrimRight(b.String(), "\n")})
	return nil
}

// learnerProgress is what progress and the Home tab read from the store.
type learnerProgress struct {
	hist       []store.StudyRecord
	box        map[string]int // review box per item
	due        int            // reviews due now
	bySection  map[string]*tally
	byCategory map[string]*tally
}

func (s *Service) progress(ctx context.Context, who string, lang bot.Lang, now time.Time) (learnerProgress, error) {
	p := learnerProgress{box: map[string]int{}, bySection: map[string]*tally{}, byCategory: map[string]*tally{}}
	hist, err := s.store.StudyHistory(ctx, who, historyLimit)
	if err != nil {
		return p, err
	}
	p.hist = hist
	boxes, err := s.store.Reviews(ctx, who)
	if err != nil {
		return p, err
	}
	for _, it := range boxes {
		p.box[it.ItemID] = it.Box
		if !it.Due.After(now) {
			p.due++
		}
	}
	for _, h := range hist {
		q, ok := s.byID[h.ItemID]
		if !ok {
			continue
		}
		if p.byCategory[q.Category] == nil {
			p.byCategory[q.Category] = &tally{}
		}
		add(p.byCategory[q.Category], h.Correct)
		if len(q.Sections) > 0 {
			sec := shortSection(s.sectionTitle(q.Sections[0], lang))
			if p.bySection[sec] == nil {
				p.bySection[sec] = &tally{}
			}
			add(p.bySection[sec], h.Correct)
		}
	}
	return p, nil
}

// Next is a member's study streak (days in a row with an answer) and the
// next thing to study on the roadmap, as `progress` words it, for home
// surfaces such as Slack's Home tab.
func (s *Service) Next(ctx context.Context, platform, userID string, lang bot.Lang) (streak int, next string, err error) {
	now := s.opts.Clock()
	p, err := s.progress(ctx, learner(platform, userID), lang, now)
	if err != nil {
		return 0, "", fmt.Errorf("progress of %s: %w", userID, err)
	}
	step := -1
	for i, cats := range stepCategories {
		if mastery, _, _ := s.stepMastery(cats, p.box); mastery < masteredShare {
			step = i
			break
		}
	}
	return s.streak(p.hist, now), s.nextStep(step, p.byCategory, lang), nil
}

// percent shows a share with one decimal below 10% (early progress is
// small but should still move) and none above.
func percent(f float64) string {
	if f > 0 && f < 0.1 {
		return fmt.Sprintf("%.1f%%", f*100)
	}
	return fmt.Sprintf("%d%%", int(f*100+0.5))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func add(t *tally, right bool) {
	t.answered++
	if right {
		t.right++
	}
}

// stepMastery is the mean Leitner box (as a share of the top box) over
// the step's items, and how many of them the member has tried.
func (s *Service) stepMastery(cats []string, box map[string]int) (mastery float64, seen, total int) {
	sum := 0
	for _, q := range s.opts.Questions {
		if !slices.Contains(cats, q.Category) {
			continue
		}
		total++
		if b, ok := box[q.ID]; ok {
			seen++
			sum += b
		}
	}
	if total == 0 {
		return 0, 0, 0
	}
	return float64(sum) / float64(total*store.MaxBox), seen, total
}

// streak counts the consecutive local days, ending today or yesterday,
// with at least one answer.
func (s *Service) streak(hist []store.StudyRecord, now time.Time) int {
	loc := s.zone()
	days := map[string]bool{}
	for _, h := range hist {
		days[h.At.In(loc).Format("2006-01-02")] = true
	}
	day := now.In(loc)
	if !days[day.Format("2006-01-02")] {
		day = day.AddDate(0, 0, -1)
	}
	n := 0
	for days[day.Format("2006-01-02")] {
		n++
		day = day.AddDate(0, 0, -1)
	}
	return n
}

// nextStep names the first step not yet mastered and one concrete item of
// it from the guide, the one closest to the member's weakest category.
func (s *Service) nextStep(step int, byCategory map[string]*tally, lang bot.Lang) string {
	if step < 0 {
		return lang.Pick("次へ: 3つのステップをすべて習得しました。模擬面接 `/backend-tip interview` で仕上げましょう。",
			"Next: you hold all three steps. Polish with a mock interview: `/backend-tip interview`.")
	}
	if step >= len(s.roadmap) || len(s.roadmap[step].Items) == 0 {
		return lang.Pick(fmt.Sprintf("次へ: Step %d。`/backend-tip roadmap %d`", step+1, step+1), fmt.Sprintf("Next: Step %d. See `/backend-tip roadmap %d`", step+1, step+1))
	}
	rs := s.roadmap[step]
	weak, low := "", 2.0
	for _, c := range stepCategories[step] {
		share := 0.0
		if t := byCategory[c]; t != nil {
			share = t.share()
		}
		if share < low {
			weak, low = c, share
		}
	}
	item := rs.Items[0]
	for _, it := range rs.Items {
		if slices.ContainsFunc(categoryHints[weak], func(h string) bool { return strings.Contains(it.JA, h) }) {
			item = it
			break
		}
	}
	return lang.Pick(fmt.Sprintf("次へ: %s — %s\n📖 `/backend-tip roadmap %d`", s.stepName(step, lang), item.In(string(lang)), step+1),
		fmt.Sprintf("Next: %s — %s\n📖 `/backend-tip roadmap %d`", s.stepName(step, lang), item.In(string(lang)), step+1))
}

// stepName is "Step 1: 基礎固め (Foundation)" / "Step 1: Foundation".
func (s *Service) stepName(i int, lang bot.Lang) string {
	if i < len(s.roadmap) {
		return fmt.Sprintf("Step %d: %s", s.roadmap[i].N, s.roadmap[i].Name.In(string(lang)))
	}
	return fmt.Sprintf("Step %d", i+1)
}

// shortSection is the last part of a heading path.
func shortSection(title string) string {
	parts := strings.Split(title, " > ")
	return parts[len(parts)-1]
}
