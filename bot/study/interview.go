package study

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
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

// maxCommentRune bounds a model's comment in a message.
const maxCommentRune = 300

// session is a member's open mock interview, stored as JSON so that it
// survives restarts.
type session struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	Lang    bot.Lang `json:"lang"`
	Items   []string `json:"items"`
	Pos     int      `json:"pos"`
	Results []result `json:"results"`
}

type result struct {
	ItemID  string          `json:"item"`
	Covered []string        `json:"covered"`
	Missing []string        `json:"missing"`
	STAR    map[string]bool `json:"star,omitempty"`
	Section string          `json:"section"`
}

// HandleInterview answers `interview [technical|design|behavioral]` and
// `interview stop`.
func (s *Service) HandleInterview(ctx context.Context, req bot.Request, args string, st bot.Stream) error {
	lang := req.Lang
	word := strings.ToLower(strings.TrimSpace(args))
	who := learner(req.Platform, req.UserID)
	if word == "stop" || word == "end" || word == "終了" {
		return s.stopInterview(ctx, req, st)
	}
	kind, ok := kindAliases[word]
	if !ok {
		st.Done(bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick(
			"使い方: `/backend-tip interview [technical|design|behavioral]` · `interview stop`",
			"Usage: `/backend-tip interview [technical|design|behavioral]` · `interview stop`")})
		return nil
	}
	if _, state, err := s.store.Interview(ctx, who); err == nil {
		var sess session
		if json.Unmarshal([]byte(state), &sess) == nil && sess.Pos < len(sess.Items) {
			r := s.askItem(sess, sess.Lang)
			r.Text = sess.Lang.Pick("模擬面接の途中です（終了: `/backend-tip interview stop`）。\n\n", "You are in a mock interview (end it with `/backend-tip interview stop`).\n\n") + r.Text
			st.Done(r)
			return nil
		}
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	items := s.interviewItems(kind)
	if len(items) == 0 {
		st.Done(bot.Reply{Ephemeral: true, Lang: lang, Text: lang.Pick("この種類の面接問題がありません。", "There are no questions of this kind.")})
		return nil
	}
	sess := session{ID: s.opts.NewID(), Kind: kind, Lang: lang, Items: items}
	if err := s.saveSession(ctx, who, req.ChannelKey(), sess); err != nil {
		return err
	}
	names := map[string][2]string{"technical": {"技術", "technical"}, "design": {"システム設計", "system design"}, "behavioral": {"行動・経験", "behavioral"}}[kind]
	intro := lang.Pick(
		fmt.Sprintf("**模擬面接（%s）** 全%d問。1問ずつ、面接のつもりで回答を書いてください。回答ごとにガイドに基づいてフィードバックします。終了: `/backend-tip interview stop`\n", names[0], len(items)),
		fmt.Sprintf("**Mock interview (%s)**, %d questions. Answer each one as you would in an interview; every answer gets feedback from the guide. End with `/backend-tip interview stop`.\n", names[1], len(items)))
	if kind == "behavioral" {
		intro += lang.Pick("STAR（状況・課題・行動・結果）で答えると伝わりやすくなります。\n", "Answer with STAR: Situation, Task, Action, Result.\n")
	}
	r := s.askItem(sess, lang)
	r.Text = intro + "\n" + r.Text
	st.Done(r)
	return nil
}

// interviewItems picks the session's questions: open bank items of the
// kind's categories, those from the guide's interview chapter first, in a
// random order within each group.
func (s *Service) interviewItems(kind string) []string {
	k := interviewKinds[kind]
	var chapter, other []string
	for _, q := range s.opts.Questions {
		if q.MultipleChoice() || !slices.Contains(k.categories, q.Category) {
			continue
		}
		if slices.ContainsFunc(q.Sections, func(sec string) bool { return strings.HasPrefix(sec, interviewChapter) }) {
			chapter = append(chapter, q.ID)
		} else {
			other = append(other, q.ID)
		}
	}
	s.shuffle(chapter)
	s.shuffle(other)
	all := append(chapter, other...)
	return all[:min(len(all), k.questions)]
}

func (s *Service) shuffle(ids []string) {
	for i := len(ids) - 1; i > 0; i-- {
		j := s.opts.Intn(i + 1)
		ids[i], ids[j] = ids[j], ids[i]
	}
}

// askItem renders the session's current question.
func (s *Service) askItem(sess session, lang bot.Lang) bot.Reply {
	q := s.byID[sess.Items[sess.Pos]]
	return bot.Reply{Lang: lang, Text: lang.Pick(
		fmt.Sprintf("**質問 %d/%d**\n%s\n（このまま回答を書いてください）", sess.Pos+1, len(sess.Items), pick(lang, q.Question)),
		fmt.Sprintf("**Question %d/%d**\n%s\n(Type your answer as your next message.)", sess.Pos+1, len(sess.Items), pick(lang, q.Question)))}
}

func (s *Service) saveSession(ctx context.Context, who, channel string, sess session) error {
	data, err := json.Marshal(sess)
	if err != nil {
		return fmt.Errorf("encode interview: %w", err)
	}
	return s.store.SaveInterview(ctx, who, channel, string(data), s.opts.Clock())
}

// Claim takes a member's free text as their interview answer when they
// have a session open in this channel; anything else is left to the
// router (a question for the guide).
func (s *Service) Claim(ctx context.Context, req bot.Request) (bot.Handler, bool) {
	if req.Kind != bot.KindMention || strings.TrimSpace(req.Text) == "" {
		return nil, false
	}
	channel, _, err := s.store.Interview(ctx, learner(req.Platform, req.UserID))
	if err != nil || channel != req.ChannelKey() {
		return nil, false
	}
	return s.answerInterview, true
}

// answerInterview grades one answer, records it in the member's review
// schedule, and asks the next question or closes with the summary.
func (s *Service) answerInterview(ctx context.Context, req bot.Request, answer string, st bot.Stream) error {
	who := learner(req.Platform, req.UserID)
	defer s.lockSession(who)()
	channel, state, err := s.store.Interview(ctx, who)
	if err != nil {
		return err
	}
	var sess session
	if err := json.Unmarshal([]byte(state), &sess); err != nil || sess.Pos >= len(sess.Items) {
		s.log.Warn("broken interview session dropped", "learner", who, "err", err)
		_, _ = s.store.DeleteInterview(ctx, who)
		st.Done(bot.Reply{Ephemeral: true, Lang: req.Lang, Text: req.Lang.Pick("面接のセッションが壊れていたため終了しました。`/backend-tip interview` でやり直せます。",
			"Your interview session was broken and has been closed. Start again with `/backend-tip interview`.")})
		return nil
	}
	lang := sess.Lang
	q, ok := s.byID[sess.Items[sess.Pos]]
	if !ok { // the bank changed since the session started
		sess.Pos++
		return s.continueSession(ctx, who, channel, sess, "", st)
	}
	g := s.grade(ctx, q, answer, sess.Kind == "behavioral", lang)
	right := len(g.Covered)*2 >= len(g.Covered)+len(g.Missing)
	if g.STAR != nil {
		right = right && allTrue(g.STAR)
	}
	err = s.store.RecordStudy(ctx, store.StudyAnswer{Learner: who, Ref: fmt.Sprintf("iv:%s:%d", sess.ID, sess.Pos), Channel: channel,
		ItemID: q.ID, Source: store.SourceInterview, UserName: req.UserName, Correct: right, At: s.opts.Clock()})
	if err != nil {
		return err
	}
	g.Section = s.sectionTitle(g.Section, lang) // shown in the member's edition
	sess.Results = append(sess.Results, result{ItemID: q.ID, Covered: g.Covered, Missing: g.Missing, STAR: g.STAR, Section: g.Section})
	sess.Pos++
	return s.continueSession(ctx, who, channel, sess, feedbackText(g, sess.Pos, len(sess.Items), lang), st)
}

func (s *Service) continueSession(ctx context.Context, who, channel string, sess session, feedback string, st bot.Stream) error {
	lang := sess.Lang
	if sess.Pos >= len(sess.Items) {
		if _, err := s.store.DeleteInterview(ctx, who); err != nil {
			return err
		}
		st.Done(bot.Reply{Lang: lang, Text: strings.TrimSpace(feedback + "\n\n" + s.summary(sess))})
		return nil
	}
	if err := s.saveSession(ctx, who, channel, sess); err != nil {
		return err
	}
	next := s.askItem(sess, lang)
	next.Text = strings.TrimSpace(feedback + "\n\n" + next.Text)
	st.Done(next)
	return nil
}

func (s *Service) stopInterview(ctx context.Context, req bot.Request, st bot.Stream) error {
	who := learner(req.Platform, req.UserID)
	_, state, err := s.store.Interview(ctx, who)
	if errors.Is(err, store.ErrNotFound) {
		st.Done(bot.Reply{Ephemeral: true, Lang: req.Lang, Text: req.Lang.Pick("進行中の模擬面接はありません。", "You have no mock interview open.")})
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := s.store.DeleteInterview(ctx, who); err != nil {
		return err
	}
	var sess session
	_ = json.Unmarshal([]byte(state), &sess) // a broken session just ends
	if sess.Lang == "" {
		sess.Lang = req.Lang
	}
	st.Done(bot.Reply{Lang: sess.Lang, Text: sess.Lang.Pick("模擬面接を終了しました。\n\n", "Mock interview ended.\n\n") + s.summary(sess)})
	return nil
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
		strengths = append(strengths, r.Covered...)
		gaps = append(gaps, r.Missing...)
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
		fmt.Sprintf("**Summary**: %d answers, %d of %d key points covered", len(sess.Results), covered, total)))
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
