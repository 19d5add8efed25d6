package answer

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/retrieval"
)

// Facts are the guide's structured facts (content.Facts) with the section
// of each anchor in both editions, so that a fact answer cites its section.
type Facts struct {
	f        content.Facts
	sections map[string]map[string]content.Section // lang → anchor → section
	docs     map[string]string                     // lang → document file name
	acronyms map[string][]abbrev                   // lang → the abbreviations its edition spells out
}

// NewFacts pairs the facts with the documents they were read from.
func NewFacts(f content.Facts, docs []content.Document) *Facts {
	x := &Facts{f: f, sections: map[string]map[string]content.Section{}, docs: map[string]string{}, acronyms: map[string][]abbrev{}}
	slug := strings.TrimSuffix(content.GuideName, ".md")
	for _, lang := range []string{content.LangJA, content.LangEN} {
		d, ok := content.Edition(docs, slug, lang)
		if !ok {
			continue
		}
		x.docs[lang] = d.Source
		x.sections[lang] = map[string]content.Section{}
		for _, s := range d.Sections {
			x.sections[lang][s.Anchor] = s
			x.acronyms[lang] = append(x.acronyms[lang], acronymsIn(s.Anchor, s.Body)...)
		}
	}
	return x
}

// source is the passage a fact answer cites: the anchor's section.
func (x *Facts) source(anchor string, lang bot.Lang) passage {
	s := x.sections[string(lang)][anchor]
	return passage{N: 1, Section: s.Title, Document: x.docs[string(lang)], Anchor: anchor, Text: s.Body}
}

// Question patterns for the facts. Each needs both what the question is
// about and what it asks, so that "Dockerとは？" still goes to retrieval.
var (
	reStepNum   = regexp.MustCompile(`(?:ステップ|step|段階)\s*([123１２３])|([123１２３])\s*(?:段階目|つ目の段階)|(?:第)([一二三123])段階`)
	reStepName  = regexp.MustCompile(`基礎固め|基礎編|基礎段階|基礎の段階|初級|foundation|basics? (?:phase|stage|step)|the basics|beginner (?:phase|stage|step)|中級|intermediate|実践と応用|応用|advanced|上級|最初の段階|最初のステップ|first (?:stage|step)|(?:second|2nd) (?:stage|step)|(?:third|3rd) (?:stage|step)|最後の段階|最後のステップ|last (?:stage|step)|final (?:stage|step)`)
	reHowLong   = regexp.MustCompile(`期間|終わり|終わる|終わらな|いつ終|ゴールはある|どのくらい|どれくらい|何ヶ月|何か月|何カ月|何ヵ月|何年|かかる|目安|いつまで|how long|how many months|months|duration|take|how much time|time (?:it|does|will|do|to|should)|until when|timeline|time ?frame|time limit|indefinite|forever|ongoing|does it end|ever end`)
	reGoal      = regexp.MustCompile(`目標|ゴール|できるようになって|終わったら|終える|goal|aim|by the end|be able to`)
	reItems     = regexp.MustCompile(`(?:何|なに|どんなこと|どういうこと|どんなもの)を?(?:勉強|学|やる|する|作|つく)|項目|やること|学ぶこと|内容|what (?:do|should) i (?:learn|study|do)|what.*(?:learn|study|cover)|items|topics`)
	reStartHere = regexp.MustCompile(`未経験|初心者|初学者|やったことない|やったことがない|触ったことない|触ったことがない|経験がない|経験ない|経験ゼロ|never (?:coded|programmed|written code)|first thing|learn first|study first|for (?:a |complete |total )?beginners?|i'?m a (?:complete |total )?beginner|i am a (?:complete |total )?beginner|何から始め|なにから始め|何からはじめ|なにからはじめ|まず何|まずなに|始めるには|where (?:do|should) i start|where to start|zero (?:coding )?experience|no experience|complete beginner|total beginner|how do i start|getting started`)
	reRoadmap   = regexp.MustCompile(`ロードマップ|roadmap|学習ステップ|learning steps|(?:3|三)つの(?:ステップ|段階)|(?:3|三)ステップ|(?:3|三)段階|\b(?:3|three) (?:steps|stages|phases)\b`)
	reWhichStep = regexp.MustCompile(`どの段階|どのステップ|どこで(?:学|勉強|やる|扱)|いつ(?:学|勉強)|ロードマップ(?:の|で)どこ|which (?:step|stage)|what (?:step|stage)|when (?:do|should) i learn|where in the roadmap|which part of the roadmap`)
	reRoles     = regexp.MustCompile(`役割|roles?\b|responsibilit`)
	reList      = regexp.MustCompile(`役職|肩書|ポジション|\btitles\b|\bpositions\b|what (?:\w+ )?are there|4つ|四つ|いくつ|how many|何になれ|なにになれ|can i become|could i become|何があ|なにがあ|どんな|全部|一覧|教えて|どこ|どれ|何社|なにする|何する|four|\b4\b|what are|which|list|main|what does|what do`)
	reWho       = regexp.MustCompile(`誰|だれ|人物|作った|つくった|創った|作られ|つくられ|生みの親|創始者|創造主|開発者|提唱|考えた|who|created|creator|invent|found|made|propos|father|why did (?:he|she|they)`)
	reWhatDo    = regexp.MustCompile(`何する|なにする|何をする|なにをする|仕事|役割|とは|って何|ってなに|どんな人|what (?:do|does|is|are)|role|job|responsib`)
	reHowFar    = regexp.MustCompile(`どこまで|how far|how much (?:\w+ ){0,3}(?:should|do|must) i (?:know|learn)`)
	reWhatIs    = regexp.MustCompile(`what is|what's|whats|とは|って何|ってなに|ってどんな|はどんな|は何|はなに`)
	reCompany   = regexp.MustCompile(`会社|企業|compan`)
	reCareer    = regexp.MustCompile(`キャリアパス|キャリア|進路|将来の道|career|path`)
	reMgmt      = regexp.MustCompile(`マネジメント|管理職|マネージャー|\bem\b|management|manager`)
	reSpecial   = regexp.MustCompile(`スペシャリスト|専門職|技術を極め|技術一本|stay technical|technical (?:track|path|route)|individual contributor|specialist|hands[ -]on|\bic\b`)
	reRelated   = regexp.MustCompile(`関連分野|転身|転向|(?:別|他|ほか|違う)の(?:職種|道|仕事)|職種を変|other (?:jobs|fields|roles|careers?)|different (?:jobs?|roles?|fields?|careers?)|move into|switch to|pivot`)
	reDesign    = regexp.MustCompile(`システム設計|system design|設計面接|design interview`)
	reOrder     = regexp.MustCompile(`順番|手順|ステップ|流れ|どう答え|どうやって答え|答え方|組み立て|進め|how (?:do|should) i (?:approach|proceed|go about|tackle|handle)|steps?\b|order|phases?|process|how (?:do|should) i answer|how to answer|structure|approach|first`)
	reInterview = regexp.MustCompile(`面接|interview`)
	reKinds     = regexp.MustCompile(`種類|ジャンル|分かれ|分類|カテゴリ|どんな質問|聞かれがち|よく聞かれ|よく出る|何を聞かれ|なにを聞かれ|kinds?|types?|categories|what (?:do|will) they ask`)
	reSTAR      = regexp.MustCompile(`\bstar\b`)
	reWhen      = regexp.MustCompile(`何年|いつ|年代|\byear|\bwhen\b`)
	reLearn     = regexp.MustCompile(`学ぶ|学習|勉強|learn|study`)
	reBehavior  = regexp.MustCompile(`行動|behaviou?r`)
	rePrepare   = regexp.MustCompile(`対策|準備|備え|練習|話し|話す|すべき|どう答え|答え方|how (?:do|should) i answer|how to answer|prepar|practi[cs]|get ready|should i`)
	reShape     = regexp.MustCompile(`型|フレームワーク|枠組み|構成|format|framework|structure|method`)
	reExamples  = regexp.MustCompile(`質問例|聞かれ|どんな質問|どんなこと|例は|例を|例って|例ある|具体例|examples?|what (?:do|will|might|would) they ask|asked|what\b[^?]{0,40}\bask\b|typical|common(?:ly)? (?:asked )?questions|(?:kinds?|sorts?|types?) of [^?]{0,30}questions|what questions`)
	// interviewKeys name the guide's interview types, in its order.
	interviewKeys = []*regexp.Regexp{
		regexp.MustCompile(`アルゴリズム|データ構造|競技プログラミング|競プロ|leetcode|atcoder|algorithm|data structure|coding test|コーディングテスト`),
		regexp.MustCompile(`システム設計|設計面接|system[ -]design|design interview`),
		regexp.MustCompile(`深掘り|専門分野|得意|履歴書|specialty|speciality|deep[ -]?dives?|r[eé]sum[eé]`),
		regexp.MustCompile(`行動|経験|エピソード|失敗談|成功体験|behaviou?r|stories|story|past experience|failure|\bstar\b`),
	}
)

// factReply answers the questions the structured facts answer directly:
// how long a roadmap step takes, its goal and items, where to start, which
// roles, who made what, which career paths, how to answer a system design
// question, STAR. The first sentence answers; the section is the source.
//
// A fact answer that leaves out something the question names is held back
// (held: true) so the passages can answer; the caller uses it only when
// they cannot.
func (a *Answerer) factReply(question, query string, lang bot.Lang, note string, start time.Time) (r bot.Reply, ok, held bool) {
	x := a.opts.Facts
	if x == nil {
		return bot.Reply{}, false, false
	}
	text, anchor, ok := x.answer(retrieval.Normalize(question), retrieval.Normalize(query), lang)
	if !ok {
		return bot.Reply{}, false, false
	}
	if w, missing := a.missingName(question, text); missing {
		// "SREってどこの会社が言い出した役割" matched "which roles", but the
		// four roles say nothing about SRE: the passages answer instead.
		a.log.Debug("fact answer leaves out what the question names", "word", w)
		held = true
	}
	src := x.source(anchor, lang)
	if note != "" {
		text = note + "\n\n" + text
	}
	mode := extractiveMode(note)
	r = bot.Reply{Text: bot.DefuseMentions(text), Sources: sources([]passage{src}), Lang: lang,
		Answer: &bot.AnswerMeta{Question: question, Covered: true, Mode: mode},
		Usage:  bot.Usage{Model: a.modelName(), Latency: a.opts.Clock().Sub(start), Fallback: note != ""}}
	if held {
		return r, false, true // counted by the caller if it is used
	}
	a.count(Outcome(mode))
	return r, true, false
}

// answer matches a question to a fact and writes the answer in lang. ask
// is the message itself (what is asked: how long, who, which); about is
// the standalone query, which for a follow-up also holds the earlier
// question's topic (ステップ2, Docker). Both are normalised.
func (x *Facts) answer(ask, about string, lang bot.Lang) (string, string, bool) {
	l := string(lang)
	f := x.f
	switch {
	case reSTAR.MatchString(about) && len(f.STAR) > 0 && !reWhichStep.MatchString(ask) && !reExamples.MatchString(ask):
		return x.star(l), f.STARAnchor, true
	case reDesign.MatchString(about) && reOrder.MatchString(ask) && len(f.DesignSteps) > 0:
		return x.designSteps(l), f.DesignAnchor, true
	case reInterview.MatchString(about) && reKinds.MatchString(ask) && !reDesign.MatchString(about) && !reBehavior.MatchString(about) &&
		!namesSomething(ask) && !x.namesExampleTopic(ask) && len(f.Interviews) > 0:
		return x.interviews(l), "interviews", true // the whole interview section: technical and behavioral
	}
	if reAbbrev.MatchString(ask) {
		if a, ok := x.acronymFor(about, l); ok {
			return x.acronymAnswer(a, l), a.anchor, true
		}
	}
	if it, ok := x.interviewType(about); ok {
		switch {
		case it.Anchor == f.STARAnchor && reShape.MatchString(ask) && !reExamples.MatchString(ask) && len(f.STAR) > 0:
			return x.star(l), f.STARAnchor, true
		case rePrepare.MatchString(ask) && len(it.Tips) > 0:
			return x.interviewTips(it, l), it.Anchor, true
		case reExamples.MatchString(ask) && !examplesOfOther(ask) && len(it.Examples) > 0:
			return x.interviewExamples(it, l), it.Anchor, true
		}
	}
	if step, ok := x.stepOf(about); ok {
		s := f.Steps[step-1]
		switch {
		case reHowLong.MatchString(ask):
			return x.stepDuration(s, l), s.Anchor, true
		case reGoal.MatchString(ask) || reHowFar.MatchString(ask):
			// "ステップ1ではどこまでできればいい？": the step's goal.
			return x.stepGoal(s, l), s.Anchor, true
		case reItems.MatchString(ask):
			return x.stepItems(s, l), s.Anchor, true
		case reWhatIs.MatchString(ask):
			return x.stepGoal(s, l), s.Anchor, true
		}
	}
	if reWhichStep.MatchString(ask) {
		// "テストはどの段階で何から始めればいい": which step teaches it
		// comes before where a beginner starts.
		if text, anchor, ok := x.whichStep(about, l); ok {
			return text, anchor, true
		}
	}
	switch {
	case reStartHere.MatchString(ask) && !choosesAmongOthers(ask) && len(f.Steps) > 0:
		return x.startHere(l), f.Steps[0].Anchor, true
	case reRoadmap.MatchString(about) && reWhichStep.MatchString(ask):
		if text, anchor, ok := x.whichStep(about, l); ok {
			return text, anchor, true
		}
	case reWhichStep.MatchString(ask) && reLearn.MatchString(ask) || reHowFar.MatchString(ask):
		if text, anchor, ok := x.whichStep(about, l); ok {
			return text, anchor, true
		}
	case reRoadmap.MatchString(about) && (reHowLong.MatchString(ask) || reList.MatchString(ask) || reOrder.MatchString(ask)) && len(f.Steps) > 0:
		return x.roadmap(l), f.RoadmapAnchor, true
	case reWhatDo.MatchString(ask) && aboutTheJobItself(ask) && len(f.Roles) > 0:
		// "バックエンドエンジニアってぶっちゃけ何する仕事？": the four roles.
		return x.roles(l), f.RolesAnchor, true
	case (reWhatDo.MatchString(ask) || reList.MatchString(ask) || strings.Contains(ask, "具体")) && x.hasCoreRole(ask):
		r, _ := x.coreRole(ask)
		return x.coreRoleAnswer(r, l), r.Anchor, true
	case reRoles.MatchString(about) && reList.MatchString(ask) && !namesLatin(ask) && !reCareer.MatchString(about) && !reMgmt.MatchString(about) && !reSpecial.MatchString(about) && len(f.Roles) > 0:
		return x.roles(l), f.RolesAnchor, true
	case reWhatDo.MatchString(ask) && x.hasRole(ask):
		text, ok := x.role(ask, l)
		if ok {
			return text, f.CareersAnchor, true
		}
	case reCompany.MatchString(about) && (reList.MatchString(ask) || reWho.MatchString(ask)) && asksOnlyForCompanies(ask):
		// "GraphQLって作ったのどこの会社" asks about GraphQL, not for the
		// guide's list of pioneer companies.
		if text, ok := x.companies(l); ok {
			return text, "pioneers-companies", true
		}
	case reMgmt.MatchString(about) && (reCareer.MatchString(about) || reList.MatchString(ask) || reRoles.MatchString(about)) && len(f.Careers) > 1:
		return x.career(f.Careers[1], l), f.CareersAnchor, true
	case reSpecial.MatchString(about) && len(f.Careers) > 0:
		return x.career(f.Careers[0], l), f.CareersAnchor, true
	case reRelated.MatchString(about) && !reIntoBackend.MatchString(about) && len(f.Careers) > 2:
		return x.career(f.Careers[2], l), f.CareersAnchor, true
	case reCareer.MatchString(about) && (reList.MatchString(ask) || strings.Contains(ask, "パス") || strings.Contains(ask, "path")) && len(f.Careers) > 0:
		return x.careers(l), f.CareersAnchor, true
	}
	if reWho.MatchString(ask) || reWhen.MatchString(ask) {
		if p, ok := x.pioneerFor(about); ok {
			return x.pioneer(p, l), p.Anchor, true
		}
	}
	return "", "", false
}

// reIntoBackend: the question is about moving into backend development
// ("フロントエンドからバックエンドに転向"), not out of it.
var reIntoBackend = regexp.MustCompile(`(?:バックエンド|backend)\s*(?:エンジニア|デベロッパー|developer|engineer|dev)?\s*(?:に|へ|として)(?:転向|転身|転職|なる|なり)|(?:into|to) backend\b|become a backend`)

// exampleOf matches what a question wants examples of: "examples of
// non-functional requirements", "非機能要件の例".
var exampleOf = regexp.MustCompile(`examples? of (?:the |a |an )?([a-z-]+)|([一-龯ァ-ヺー]{2,})の(?:具体)?例`)

// examplesOfOther: the question wants examples of something other than
// interview questions ("non-functional requirements"): a passage answers
// it, not the interview type's example questions.
func examplesOfOther(q string) bool {
	m := exampleOf.FindStringSubmatch(q)
	if m == nil {
		return false
	}
	switch w := m[1] + m[2]; w {
	case "question", "questions", "interview", "interviews", "prompt", "prompts", "task", "tasks", "topic", "topics", "what", "things", "質問", "質問例", "お題", "問題":
		return false
	}
	return true
}

// stepOf finds the roadmap step a question names.
func (x *Facts) stepOf(q string) (int, bool) {
	if len(x.f.Steps) < 3 {
		return 0, false
	}
	if m := reStepNum.FindStringSubmatch(q); m != nil {
		d := m[1] + m[2] + m[3]
		switch d {
		case "1", "１", "一":
			return 1, true
		case "2", "２", "二":
			return 2, true
		case "3", "３", "三":
			return 3, true
		}
	}
	switch m := reStepName.FindString(q); {
	case m == "":
		return 0, false
	case strings.HasPrefix(m, "basic") || strings.HasPrefix(m, "beginner") || m == "the basics":
		return 1, true
	case slices.Contains([]string{"基礎固め", "基礎編", "基礎段階", "基礎の段階", "初級", "foundation", "最初の段階", "最初のステップ", "first stage", "first step"}, m):
		return 1, true
	case m == "中級" || m == "intermediate" || strings.HasPrefix(m, "second") || strings.HasPrefix(m, "2nd"):
		return 2, true
	default:
		return 3, true
	}
}

func stepLabel(s content.RoadmapStep, l string) string {
	if l == content.LangEN {
		return fmt.Sprintf("Step %d (%s)", s.N, s.Name.In(l))
	}
	return fmt.Sprintf("Step %d「%s」", s.N, s.Name.In(l))
}

func (x *Facts) stepDuration(s content.RoadmapStep, l string) string {
	d := s.Duration.In(l)
	if l == content.LangEN {
		if strings.Contains(strings.ToLower(d), "ongoing") || strings.Contains(strings.ToLower(d), "continu") {
			return fmt.Sprintf("%s has no fixed length: it is %s. Goal: %s [1]", stepLabel(s, l), strings.ToLower(d), s.Goal.In(l))
		}
		return fmt.Sprintf("%s takes %s. Goal: %s [1]", stepLabel(s, l), d, s.Goal.In(l))
	}
	if strings.Contains(d, "継続") {
		return fmt.Sprintf("%sに決まった期間はなく、「%s」取り組む段階です。目標: %s [1]", stepLabel(s, l), d, s.Goal.In(l))
	}
	return fmt.Sprintf("%sの期間の目安は%sです。目標: %s [1]", stepLabel(s, l), d, s.Goal.In(l))
}

// stepWithDuration names a step with its duration: "Step 2 (Intermediate,
// 6–12 months)", "Step 2「中級スキル習得 (Intermediate)」（6〜12ヶ月）".
func stepWithDuration(s content.RoadmapStep, l string) string {
	if l == content.LangEN {
		return fmt.Sprintf("Step %d (%s, %s)", s.N, s.Name.In(l), s.Duration.In(l))
	}
	return fmt.Sprintf("%s（%s）", stepLabel(s, l), s.Duration.In(l))
}

func (x *Facts) stepGoal(s content.RoadmapStep, l string) string {
	return pick(l, fmt.Sprintf("%sの目標は「%s」です。[1]", stepWithDuration(s, l), strings.TrimSuffix(s.Goal.In(l), "。")),
		fmt.Sprintf("The goal of %s: %s [1]", stepWithDuration(s, l), s.Goal.In(l)))
}

func (x *Facts) stepItems(s content.RoadmapStep, l string) string {
	return headedList(pick(l, fmt.Sprintf("%sで学ぶのは次の%d項目です。[1]", stepWithDuration(s, l), len(s.Items)),
		fmt.Sprintf("%s covers these %d items: [1]", stepWithDuration(s, l), len(s.Items))),
		s.Items, func(i int, it content.Text) string { return fmt.Sprintf("%d. %s", i+1, clip(it.In(l), 110)) })
}

// whichKind is "which database" in "which database should I learn first".
// (English only: 「どのデータベースから…未経験です」 is still best met by the
// roadmap's start, which the passages about databases do not beat.)
var whichKind = regexp.MustCompile(`(?i)\bwhich\s+([a-z]+)`)

// startKinds are what the roadmap's first step chooses: a language, where
// to begin.
var startKinds = map[string]bool{
	"language": true, "languages": true, "programming": true,
	"step": true, "skill": true, "skills": true, "topic": true, "topics": true, "order": true,
}

// choosesAmongOthers: the question picks among things the first step does
// not choose ("which database should I learn first?"); the roadmap's
// starting point answers a language or where to begin, not that.
func choosesAmongOthers(q string) bool {
	m := whichKind.FindStringSubmatch(q)
	if m == nil || isStop(strings.ToLower(m[1])) {
		return false // "which should I learn first?", "which one", "which is the first thing"
	}
	return !startKinds[strings.ToLower(m[1])]
}

func (x *Facts) startHere(l string) string {
	s := x.f.Steps[0]
	// The guide's own stance first: its roadmap is meant for starting from
	// no experience ("未経験でもなれる？" is answered by it).
	head := pick(l, fmt.Sprintf("ガイドのロードマップは未経験からを想定した道筋で、%sから始めます。まずは%s [1]", stepWithDuration(s, l), clip(s.Items[0].In(l), 120)),
		fmt.Sprintf("The guide's roadmap is meant for starting with no experience: start with %s. First: %s [1]", stepWithDuration(s, l), clip(s.Items[0].In(l), 120)))
	head += pick(l, "\nこの段階の項目:", "\nThis step's items:")
	return headedList(head, s.Items, func(i int, it content.Text) string { return fmt.Sprintf("%d. %s", i+1, it.Head().In(l)) })
}

func (x *Facts) roadmap(l string) string {
	return headedList(pick(l, fmt.Sprintf("ガイドの学習ロードマップは%d段階です。[1]", len(x.f.Steps)),
		fmt.Sprintf("The guide's learning roadmap has %d steps: [1]", len(x.f.Steps))),
		x.f.Steps, func(_ int, s content.RoadmapStep) string {
			return fmt.Sprintf("• %s: %s — %s", stepLabel(s, l), s.Duration.In(l), clip(s.Goal.In(l), 90))
		})
}

// whichStep finds the roadmap item that names what q asks about.
func (x *Facts) whichStep(q, l string) (string, string, bool) {
	units := topicUnits(keyUnits(q))
	for _, s := range x.f.Steps {
		for _, it := range s.Items {
			text := retrieval.Normalize(it.JA + " " + it.EN)
			for _, u := range units {
				// "learn" in "when do I learn Docker" is how it asks.
				if len([]rune(u)) >= 3 && !strings.Contains("ロードマップ roadmap step stage 段階", u) && !reLearn.MatchString(u) && containsUnit(text, u) {
					return pick(l, fmt.Sprintf("%sで学びます: %s [1]", stepWithDuration(s, l), clip(it.In(l), 120)),
						fmt.Sprintf("It comes in %s: %s [1]", stepWithDuration(s, l), clip(it.In(l), 120))), s.Anchor, true
				}
			}
		}
	}
	return "", "", false
}

func (x *Facts) roles(l string) string {
	return headedList(pick(l, fmt.Sprintf("バックエンドデベロッパーの核心的な役割は次の%dつです。[1]", len(x.f.Roles)),
		fmt.Sprintf("The guide names %d core roles of a backend developer: [1]", len(x.f.Roles))),
		x.f.Roles, func(_ int, r content.Role) string {
			return fmt.Sprintf("%d. %s — %s", r.N, r.Name.In(l), r.Tagline.In(l))
		})
}

// coreRole finds the one of the four core roles a normalised question
// names: by its image (「金庫番」, "Vault Keeper"), by all the words of its
// name (an English name without its leading verb: "server-side logic"),
// or by the long first word of its Japanese name ("サーバーサイドロジック").
func (x *Facts) coreRole(q string) (content.Role, bool) {
	for _, r := range x.f.Roles {
		for _, img := range quotedWords(r.Tagline.JA + " " + r.Tagline.EN) {
			if strings.Contains(q, retrieval.Normalize(img)) {
				return r, true
			}
		}
		ja := retrieval.Normalize(r.Name.JA)
		if first, _, _ := strings.Cut(ja, "の"); utf8.RuneCountInString(first) >= 8 && strings.Contains(q, first) {
			return r, true
		}
		if units := keyUnits(ja); len(units) >= 2 && !slices.ContainsFunc(units, func(u string) bool { return !strings.Contains(q, u) }) {
			return r, true
		}
		if en := latinWord.FindAllString(retrieval.Normalize(r.Name.EN), -1); len(en) > 2 && strings.Contains(q, strings.Join(en[len(en)-2:], " ")) {
			return r, true
		}
		if asksRoleOf(q, r) {
			return r, true
		}
	}
	return content.Role{}, false
}

// asksRoleOf: the question names the role by its subject and the word role
// ("the infrastructure role", "APIの役割"): the subject is the English
// name's last word (singular) or what the Japanese name's first phrase is
// about.
func asksRoleOf(q string, r content.Role) bool {
	var subjects []string
	if en := latinWord.FindAllString(retrieval.Normalize(r.Name.EN), -1); len(en) > 0 {
		last := en[len(en)-1]
		subjects = append(subjects, last, strings.TrimSuffix(last, "s"))
	}
	if first, _, ok := strings.Cut(retrieval.Normalize(r.Name.JA), "の"); ok {
		subjects = append(subjects, first)
	}
	for _, s := range subjects {
		for _, form := range []string{s + " role", s + "の役割", s + "役割", s + "担当"} {
			if len(s) >= 3 && strings.Contains(q, form) {
				return true
			}
		}
	}
	return false
}

func (x *Facts) hasCoreRole(q string) bool {
	_, ok := x.coreRole(q)
	return ok
}

var reQuoted = regexp.MustCompile(`「([^」]+)」|"([^"]+)"`)

// quotedWords are the words in 「」 or "" in s.
func quotedWords(s string) []string {
	var out []string
	for _, m := range reQuoted.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1]+m[2])
	}
	return out
}

// coreRoleAnswer says what one core role covers: its image, the section's
// first paragraph and its listed duties.
func (x *Facts) coreRoleAnswer(r content.Role, l string) string {
	return headedList(pick(l, fmt.Sprintf("%s（%s）: %s [1]", r.Name.In(l), r.Tagline.In(l), clip(r.Summary.In(l), 160)),
		fmt.Sprintf("%s (%s): %s [1]", r.Name.In(l), r.Tagline.In(l), clip(r.Summary.In(l), 160))),
		r.Duties, func(_ int, d content.Text) string { return "• " + clip(d.In(l), 90) })
}

func (x *Facts) companies(l string) (string, bool) {
	var names []string
	var lines []string
	for _, p := range x.f.Pioneers {
		if p.Kind == content.PioneerCompany {
			names = append(names, p.Name.In(l))
			lines = append(lines, fmt.Sprintf("• %s: %s", p.Name.In(l), p.Made.In(l)))
		}
	}
	if len(names) == 0 {
		return "", false
	}
	return pick(l, fmt.Sprintf("ガイドが先駆者として挙げる企業は%sです。[1]\n", strings.Join(names, "と")),
		fmt.Sprintf("The guide names these companies as pioneers: %s. [1]\n", strings.Join(names, " and "))) + strings.Join(lines, "\n"), true
}

// roleNames are a career role's names to find in a normalised question:
// "SRE (Site Reliability Engineer)" is found as "sre" and as "site
// reliability engineer", "Senior/Staff/Principal Engineer" by each title.
func roleNames(r content.Text) []string {
	var out []string
	for _, l := range []string{content.LangJA, content.LangEN} {
		name := retrieval.Normalize(r.In(l))
		head, inner, _ := strings.Cut(name, "(")
		parts := strings.Split(strings.TrimSpace(head), " / ")
		parts = append(parts, strings.TrimSpace(strings.TrimSuffix(inner, ")")))
		for _, p := range parts {
			if p = strings.TrimSpace(p); len([]rune(p)) >= 3 {
				out = append(out, p)
			}
		}
	}
	return out
}

// hasRole: the question names one of the career paths' roles.
func (x *Facts) hasRole(q string) bool {
	_, _, ok := x.findRole(q)
	return ok
}

func (x *Facts) findRole(q string) (content.CareerPath, int, bool) {
	for _, c := range x.f.Careers {
		for i, r := range c.Roles {
			for _, n := range roleNames(r) {
				if containsUnit(q, n) {
					return c, i, true
				}
			}
		}
	}
	return content.CareerPath{}, 0, false
}

// role answers what one career role does, with the path it is on.
func (x *Facts) role(q, l string) (string, bool) {
	c, i, ok := x.findRole(q)
	if !ok || i >= len(c.RoleSummaries) {
		return "", false
	}
	path := c.Name.In(l)
	return pick(l, fmt.Sprintf("%s（キャリアパス「%s」）: %s [1]", c.Roles[i].In(l), path, c.RoleSummaries[i].In(l)),
		fmt.Sprintf("%s (career path: %s): %s [1]", c.Roles[i].In(l), path, c.RoleSummaries[i].In(l))), true
}

func (x *Facts) career(c content.CareerPath, l string) string {
	// A role the guide gives no summary for is left out.
	described := c.Roles[:min(len(c.Roles), len(c.RoleSummaries))]
	return headedList(pick(l, fmt.Sprintf("%sの役職は%sです。[1]", c.Name.In(l), c.Summary.In(l)),
		fmt.Sprintf("%s: %s. [1]", c.Name.In(l), c.Summary.In(l))),
		described, func(i int, r content.Text) string {
			return fmt.Sprintf("• %s: %s", r.In(l), clip(c.RoleSummaries[i].In(l), 100))
		})
}

func (x *Facts) careers(l string) string {
	return headedList(pick(l, fmt.Sprintf("ガイドはキャリアパスを%dつ挙げています。[1]", len(x.f.Careers)),
		fmt.Sprintf("The guide describes %d career paths: [1]", len(x.f.Careers))),
		x.f.Careers, func(_ int, c content.CareerPath) string {
			return fmt.Sprintf("%d. %s: %s", c.N, c.Name.In(l), c.Summary.In(l))
		})
}

func (x *Facts) interviews(l string) string {
	var names []string
	for _, it := range x.f.Interviews {
		names = append(names, it.Name.In(l))
	}
	return pick(l, fmt.Sprintf("ガイドが扱う面接の質問は%sです。[1]", strings.Join(names, "、")),
		fmt.Sprintf("The guide covers these kinds of interview questions: %s. [1]", strings.Join(names, ", ")))
}

func (x *Facts) designSteps(l string) string {
	return headedList(pick(l, fmt.Sprintf("システム設計の質問には、次の%dステップで答えを組み立てます。[1]", len(x.f.DesignSteps)),
		fmt.Sprintf("Build your answer to a system design question in %d steps: [1]", len(x.f.DesignSteps))),
		x.f.DesignSteps, designStep(l))
}

// designStep is one line of the system design steps, numbered.
func designStep(l string) func(int, content.Text) string {
	return func(i int, s content.Text) string { return fmt.Sprintf("%d. %s", i+1, clip(s.In(l), 120)) }
}

func (x *Facts) star(l string) string {
	var parts []string
	for _, s := range x.f.STAR {
		parts = append(parts, s.In(l))
	}
	return pick(l, fmt.Sprintf("STARは%sの頭文字で、行動面接の答え方の型です。[1]\n> %s [1]", strings.Join(parts, "・"), x.f.STARNote.In(l)),
		fmt.Sprintf("STAR stands for %s: a way to structure answers to behavioral questions. [1]\n> %s [1]", strings.Join(parts, ", "), x.f.STARNote.In(l)))
}

// pioneerFor finds the pioneer whose work or name the question names.
func (x *Facts) pioneerFor(q string) (content.Pioneer, bool) {
	for _, p := range x.f.Pioneers {
		for _, key := range pioneerKeys(p) {
			if containsUnit(q, key) {
				return p, true
			}
		}
	}
	return content.Pioneer{}, false
}

// pioneerKeys are the latin product or theory names in a pioneer's entry
// ("php", "ruby on rails", "docker", "rest") and its name's parts.
var latinName = regexp.MustCompile(`[A-Za-z][A-Za-z+.#]*(?: on [A-Za-z]+)?`)

func pioneerKeys(p content.Pioneer) []string {
	var keys []string
	for _, m := range latinName.FindAllString(p.Made.EN+" "+p.Name.EN, -1) {
		k := strings.ToLower(m)
		if len(k) >= 3 && !stopKey[k] {
			keys = append(keys, k)
		}
	}
	if p.Kind == content.PioneerTheory {
		keys = append(keys, retrieval.Normalize(p.Name.JA))
	}
	return keys
}

var stopKey = map[string]bool{"the": true, "creator": true, "founder": true, "pioneer": true, "of": true, "giant": true, "and": true,
	"basic": true, "principle": true, "principles": true, "web": true, "api": true, "design": true, "large": true, "scale": true,
	"distributed": true, "systems": true, "cloud": true, "computing": true, "for": true, "idea": true, "dividing": true, "system": true,
	"architecture": true, "huge": true, "governing": true, "into": true, "parts": true, "them": true}

func (x *Facts) pioneer(p content.Pioneer, l string) string {
	when := ""
	if w := p.When.In(l); w != "" {
		when = pick(l, fmt.Sprintf("（%s）", w), fmt.Sprintf(" (%s)", w))
	}
	return pick(l, fmt.Sprintf("%s — %s%s。[1]\n> %s [1]", p.Name.In(l), strings.TrimSuffix(p.Made.In(l), "。"), when, clip(p.Summary.In(l), 260)),
		fmt.Sprintf("%s — %s%s. [1]\n> %s [1]", p.Name.In(l), strings.TrimSuffix(p.Made.In(l), "."), when, clip(p.Summary.In(l), 260)))
}

// headedList is the shape of every fact answer that lists things: a
// heading, then one line per item (numbered or bulleted by line).
func headedList[T any](head string, items []T, line func(i int, it T) string) string {
	var b strings.Builder
	b.WriteString(head)
	for i, it := range items {
		b.WriteString("\n" + line(i, it))
	}
	return b.String()
}

func pick(l, ja, en string) string {
	if l == content.LangEN {
		return en
	}
	return ja
}

// factPassage is the fact answer as a passage for the model's prompt.
func (a *Answerer) factPassage(question, query string, lang bot.Lang) (passage, bool) {
	x := a.opts.Facts
	if x == nil {
		return passage{}, false
	}
	text, anchor, ok := x.answer(retrieval.Normalize(question), retrieval.Normalize(query), lang)
	if !ok {
		return passage{}, false
	}
	p := x.source(anchor, lang)
	p.Text = strings.TrimSpace(citation.ReplaceAllString(text, ""))
	return p, true
}

// aboutTheJobItself: the question names the backend developer and nothing
// else it is about.
func aboutTheJobItself(ask string) bool {
	named := false
	for _, u := range keyUnits(ask) {
		switch {
		case subjectWords[u] || u == "バック" || u == "仕事" || u == "職業" || u == "job" || u == "role" || u == "roles":
			named = named || subjectWords[u]
		case genericUnits[u] || vagueWords[u] || reWhatDo.MatchString(u) || reList.MatchString(u):
		default:
			return false
		}
	}
	return named
}

// companyWords are how a question asks for the guide's pioneer companies.
var companyWords = regexp.MustCompile(`^(?:会社|企業|先駆|駆者|紹介|挙げ|compan.*|pioneers?|guide|mention.*|names?|list.*|runs?|made|created|founded|started|behind|notable|famous|important|key|main)$`)

// asksOnlyForCompanies: the question names nothing but companies as such
// ("先駆者として紹介されてる会社ってどこ？"); "Which company created
// Kubernetes?" asks about Kubernetes.
func asksOnlyForCompanies(ask string) bool {
	for _, u := range keyUnits(ask) {
		if !genericUnits[u] && !companyWords.MatchString(u) && !reList.MatchString(u) && !reWho.MatchString(u) {
			return false
		}
	}
	return true
}

// interviewType finds the interview type a question names.
func (x *Facts) interviewType(q string) (content.InterviewType, bool) {
	if len(x.f.Interviews) != len(interviewKeys) {
		return content.InterviewType{}, false
	}
	for i, re := range interviewKeys {
		if re.MatchString(q) {
			return x.f.Interviews[i], true
		}
	}
	return content.InterviewType{}, false
}

func (x *Facts) interviewTips(it content.InterviewType, l string) string {
	var b strings.Builder
	b.WriteString(pick(l, fmt.Sprintf("「%s」の対策として、ガイドはこう勧めています。[1]", it.Name.In(l)),
		fmt.Sprintf("To prepare for %s, the guide advises: [1]", questionsName(it))))
	for _, t := range it.Tips {
		fmt.Fprintf(&b, "\n> %s", t.In(l))
	}
	if it.Anchor == x.f.STARAnchor && x.f.STARNote.In(l) != "" {
		fmt.Fprintf(&b, "\n> %s", x.f.STARNote.In(l)) // how to answer: STAR
	}
	if it.Anchor == x.f.DesignAnchor && len(x.f.DesignSteps) > 0 {
		// The tip says "with the following steps": show them.
		for i, s := range x.f.DesignSteps {
			b.WriteString("\n" + designStep(l)(i, s))
		}
	}
	return b.String()
}

func (x *Facts) interviewExamples(it content.InterviewType, l string) string {
	return headedList(pick(l, fmt.Sprintf("「%s」では、たとえば次のような質問が出ます。[1]", it.Name.In(l)),
		fmt.Sprintf("Typical %s from the guide: [1]", questionsName(it))),
		it.Examples, func(_ int, e content.Text) string { return "• " + clip(e.In(l), 140) })
}

// exampleLabel is the topic an example question is filed under in the
// guide: "(Networking)" in "(Networking): \"What is the difference …\"".
var exampleLabel = regexp.MustCompile(`^\s*[(（]([^)）]+)[)）]`)

// namesExampleTopic: the question names a topic the guide files example
// interview questions under ("what networking questions come up in
// interviews"), so the example, not the list of interview kinds, answers it.
func (x *Facts) namesExampleTopic(q string) bool {
	norm := retrieval.Normalize(q)
	for _, it := range x.f.Interviews {
		for _, e := range it.Examples {
			for _, text := range []string{e.JA, e.EN} {
				m := exampleLabel.FindStringSubmatch(text)
				if m == nil {
					continue
				}
				label := retrieval.Normalize(strings.TrimSpace(m[1]))
				if label != "" && (retrieval.ContainsWord(norm, label) || bot.DetectLang(label) == bot.Japanese && strings.Contains(norm, label)) {
					return true
				}
			}
		}
	}
	return false
}

// questionsName is an interview type's English name as "… questions".
func questionsName(it content.InterviewType) string {
	if strings.Contains(strings.ToLower(it.Name.EN), "question") {
		return it.Name.EN
	}
	return it.Name.EN + " questions"
}

// namesSomething: the question names a thing (a latin word or a katakana
// loanword other than interview words), so a general list would not answer
// it ("ハッシュテーブルについて面接で何を聞かれる？").
// namesLatin: a Japanese question names something in latin letters
// ("SREってどこの会社が言い出した役割"): it asks about that, not for the
// guide's list.
func namesLatin(q string) bool {
	if bot.DetectLang(q) != bot.Japanese {
		return false
	}
	for _, w := range latinWord.FindAllString(q, -1) {
		if w = strings.TrimRight(w, ".-"); len(w) >= 2 && !isStop(w) && !reRoles.MatchString(w) {
			return true
		}
	}
	return false
}

func namesSomething(q string) bool {
	if bot.DetectLang(q) == bot.English {
		return capitalName.MatchString(q)
	}
	for _, w := range latinWord.FindAllString(q, -1) {
		if w = strings.TrimRight(w, ".-"); len(w) >= 2 && !isStop(w) && !reInterview.MatchString(w) && !reKinds.MatchString(w) {
			return true
		}
	}
	for _, w := range katakanaRun.FindAllString(q, -1) {
		if !genericKatakana[w] { // "ジャンル" is how it asks
			return true
		}
	}
	return false
}

// missingName finds a name the question uses (a latin word or katakana
// loanword, not the guide's subject) that a fact's answer text leaves out.
func (a *Answerer) missingName(question, answer string) (string, bool) {
	if a.opts.Known == nil {
		return "", false
	}
	q, text := retrieval.Normalize(question), retrieval.Normalize(answer)
	var names []string
	if bot.DetectLang(question) == bot.Japanese {
		for _, w := range latinWord.FindAllString(q, -1) {
			if w = strings.TrimRight(w, ".-"); len(w) >= 2 && !isStop(w) && !genericUnits[w] && !reStepWord.MatchString(w) {
				names = append(names, w)
			}
		}
		names = append(names, katakanaRun.FindAllString(q, -1)...)
	} else {
		names = englishNames(question) // most of its latin words are not names
	}
	for _, w := range names {
		// A name the guide never mentions ("テックリード") is missing too:
		// the fact cannot be about it.
		if genericKatakana[w] || reStepWord.MatchString(w) || a.share(w) >= subjectShare || containsUnit(text, w) {
			continue
		}
		if a.glossary != nil && a.anyIn(a.concepts([]string{w}), text) {
			continue // named in the answer's language ("roles" for 役割)
		}
		return w, true
	}
	return "", false
}

// acronym matches a word in capitals ("SRE", "CI/CD"'s parts, "AWS").
var acronym = regexp.MustCompile(`\b[A-Z][A-Z0-9]+s?\b`)

// englishNames are the names an English question uses: capitalised words
// after its first and acronyms anywhere, normalised.
func englishNames(question string) []string {
	var out []string
	add := func(w string) {
		w = retrieval.Normalize(strings.TrimSuffix(w, "'s"))
		if len(w) >= 2 && w != "i" && !isStop(w) && !genericUnits[w] && !reStepWord.MatchString(w) {
			out = append(out, w)
		}
	}
	for _, m := range capitalName.FindAllStringSubmatch(question, -1) {
		add(m[1])
	}
	for _, w := range acronym.FindAllString(question, -1) {
		add(w)
	}
	return out
}

// reStepWord: words of the roadmap's own vocabulary ("step", "stage").
var reStepWord = regexp.MustCompile(`^(steps?[0-9]*|stages?[0-9]*|phases?[0-9]*|roadmap|months?|years?|first|next|ロードマップ|ステージ|フェーズ)$`)
