package content

import (
	"reflect"
	"strings"
	"testing"
)

func guideFacts(t *testing.T) Facts {
	t.Helper()
	f, err := GuideFacts()
	if err != nil {
		t.Fatalf("guide facts: %v", err)
	}
	return f
}

func TestGuideFactsCounts(t *testing.T) {
	f := guideFacts(t)
	kinds := map[string]int{}
	for _, p := range f.Pioneers {
		kinds[p.Kind]++
	}
	var careerRoles []int
	for _, c := range f.Careers {
		careerRoles = append(careerRoles, len(c.Roles))
		if len(c.RoleSummaries) != len(c.Roles) {
			t.Errorf("%s: %d roles, %d summaries", c.Name.EN, len(c.Roles), len(c.RoleSummaries))
		}
	}
	var items, duties, examples []int
	for _, s := range f.Steps {
		items = append(items, len(s.Items))
	}
	for _, r := range f.Roles {
		duties = append(duties, len(r.Duties))
	}
	for _, it := range f.Interviews {
		examples = append(examples, len(it.Examples))
	}
	for _, tc := range []struct {
		what      string
		got, want any
	}{
		{"steps", len(f.Steps), 3},
		{"items per step", items, []int{5, 5, 5}},
		{"roles", len(f.Roles), 4},
		{"duties per role", duties, []int{3, 3, 3, 4}},
		{"pioneers", len(f.Pioneers), 7},
		{"pioneers by kind", kinds, map[string]int{PioneerPerson: 3, PioneerCompany: 2, PioneerTheory: 2}},
		{"career paths", len(f.Careers), 3},
		{"roles per career path", careerRoles, []int{3, 2, 3}},
		{"interview types", len(f.Interviews), 4},
		{"examples per interview type", examples, []int{3, 3, 5, 4}},
		{"design steps", len(f.DesignSteps), 4},
		{"STAR", len(f.STAR), 4},
	} {
		if !reflect.DeepEqual(tc.got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.what, tc.got, tc.want)
		}
	}
}

// Values checked against the guide's text.
func TestGuideFactsValues(t *testing.T) {
	f := guideFacts(t)
	steps := []struct {
		anchor    string
		name, dur Text
		goalJA    string
		firstHead Text
	}{
		{"roadmap-step-1", Text{"基礎固め (Foundation)", "Foundation"}, Text{"3〜6ヶ月", "3–6 months"}, "Webアプリケーションが動く仕組み", Text{"プログラミング言語を1つ選んで基礎をマスター", "Pick 1 programming language and master the basics"}},
		{"roadmap-step-2", Text{"中級スキル習得 (Intermediate)", "Intermediate"}, Text{"6〜12ヶ月", "6–12 months"}, "CRUD機能を持つもの", Text{"Webフレームワークの学習", "Learn a web framework"}},
		{"roadmap-step-3", Text{"実践と応用 (Advanced & Practical)", "Advanced & Practical"}, Text{"継続的に", "Ongoing"}, "専門分野を見つける", Text{"ポートフォリオとなる個人プロジェクト開発", "Build a personal project for your portfolio"}},
	}
	for i, want := range steps {
		s := f.Steps[i]
		if s.N != i+1 || s.Anchor != want.anchor || s.Name != want.name || s.Duration != want.dur ||
			!strings.Contains(s.Goal.JA, want.goalJA) || s.Items[0].Head() != want.firstHead {
			t.Errorf("step %d: %+v", i+1, s)
		}
		if strings.HasPrefix(s.Goal.JA, "目標") || strings.HasPrefix(s.Goal.EN, "Goal") {
			t.Errorf("step %d goal keeps its label: %+v", i+1, s.Goal)
		}
	}
	roles := []Text{
		{"サーバーサイドロジックの実装", "Implementing Server-Side Logic"},
		{"データベースの設計と管理", "Designing and Managing Databases"},
		{"APIの設計と開発", "Designing and Building APIs"},
		{"インフラの構築と運用", "Building and Operating Infrastructure"},
	}
	for i, want := range roles {
		if r := f.Roles[i]; r.Name != want || r.N != i+1 || r.Summary.JA == "" || r.Summary.EN == "" {
			t.Errorf("role %d: %+v", i+1, r)
		}
	}
	if got := f.Roles[0].Duties[1].Head(); got != (Text{"ユーザー認証・認可", "User authentication and authorization"}) {
		t.Errorf("role 1 duty 2: %+v", got)
	}
	pioneers := map[string]struct{ made, when Text }{
		"Rasmus Lerdorf":                         {Text{"PHPの生みの親", "The creator of PHP"}, Text{}},
		"David Heinemeier Hansson (DHH)":         {Text{"Ruby on Railsの創造主", "The creator of Ruby on Rails"}, Text{}},
		"Solomon Hykes":                          {Text{"Dockerの創始者", "The founder of Docker"}, Text{}},
		"REST (Representational State Transfer)": {Text{"Web API設計の基本原則", "The basic principles of web API design"}, Text{"2000年", "2000"}},
	}
	found := 0
	for _, p := range f.Pioneers {
		want, ok := pioneers[p.Name.EN]
		if !ok {
			continue
		}
		found++
		if p.Made != want.made || p.When != want.when {
			t.Errorf("%s: made %+v when %+v", p.Name.EN, p.Made, p.When)
		}
	}
	if found != len(pioneers) {
		t.Errorf("found %d of %d pioneers", found, len(pioneers))
	}
	if p := f.Pioneers[0]; p.Name.JA != "ラスマス・ラードフ (Rasmus Lerdorf)" || p.Kind != PioneerPerson || p.Anchor != "pioneers-individuals" {
		t.Errorf("first pioneer: %+v", p)
	}
	if c := f.Careers[1]; c.Name.JA != "マネジメントの道 (Management)" || c.Roles[0] != (Text{"エンジニアリングマネージャー", "Engineering Manager"}) {
		t.Errorf("management path: %+v", c)
	}
	if c := f.Careers[0]; c.Roles[2].EN != "SRE (Site Reliability Engineer)" || !strings.Contains(c.RoleSummaries[2].JA, "Googleが提唱") {
		t.Errorf("specialist path: %+v", c)
	}
	var heads []string
	for _, d := range f.DesignSteps {
		heads = append(heads, d.Head().JA+"/"+d.Head().EN)
	}
	if want := "要件定義/Requirements definition 概算見積もり/Back-of-the-envelope estimation ハイレベルな設計/High-level design 詳細設計/Detailed design"; strings.Join(heads, " ") != want {
		t.Errorf("design steps: %v", heads)
	}
	var star []string
	for _, s := range f.STAR {
		star = append(star, s.In(LangEN))
	}
	if strings.Join(star, ",") != "Situation,Task,Action,Result" || !strings.Contains(f.STARNote.JA, "STARメソッド") {
		t.Errorf("STAR: %v %+v", star, f.STARNote)
	}
	if it := f.Interviews[1]; it.Name != (Text{"システム設計 (System Design)", "System Design"}) || it.Anchor != "interview-system-design" || !strings.Contains(it.Summary.JA, "思考プロセス") {
		t.Errorf("system design interview: %+v", it)
	}
}

// Every fact has both languages, and every anchor names a section of both
// editions, so an answer can cite it.
func TestGuideFactsComplete(t *testing.T) {
	f := guideFacts(t)
	docs := guideDocs(t)
	var anchors []string
	var texts []Text
	for _, s := range f.Steps {
		anchors = append(anchors, s.Anchor)
		texts = append(append(texts, s.Name, s.Duration, s.Goal), s.Items...)
	}
	for _, r := range f.Roles {
		anchors = append(anchors, r.Anchor)
		texts = append(append(texts, r.Name, r.Tagline, r.Summary), r.Duties...)
	}
	for _, p := range f.Pioneers {
		anchors = append(anchors, p.Anchor)
		texts = append(texts, p.Name, p.Made, p.Summary)
	}
	for _, c := range f.Careers {
		anchors = append(anchors, c.Anchor)
		texts = append(append(append(texts, c.Name, c.Summary), c.Roles...), c.RoleSummaries...)
	}
	for _, it := range f.Interviews {
		anchors = append(anchors, it.Anchor)
		texts = append(append(append(texts, it.Name, it.Summary), it.Examples...), it.Tips...)
	}
	texts = append(append(append(texts, f.DesignSteps...), f.STAR...), f.STARNote)
	anchors = append(anchors, f.RoadmapAnchor, f.RolesAnchor, f.PioneersAnchor, f.CareersAnchor, f.DesignAnchor, f.STARAnchor)
	for _, a := range anchors {
		for _, d := range docs {
			if _, ok := d.SectionByAnchor(a); !ok {
				t.Errorf("anchor %q not in %s", a, d.Source)
			}
		}
	}
	for _, x := range texts {
		if strings.TrimSpace(x.JA) == "" || strings.TrimSpace(x.EN) == "" {
			t.Errorf("missing a language: %+v", x)
		}
		if strings.ContainsAny(x.JA+x.EN, "*`") {
			t.Errorf("markup left: %+v", x)
		}
		if TextLang(x.EN) != LangEN && !strings.Contains(x.EN, "Situation") {
			t.Errorf("English text is not English: %q", x.EN)
		}
	}
}

func TestTextIn(t *testing.T) {
	x := Text{JA: "日本語", EN: "English"}
	for _, tc := range []struct {
		t          Text
		lang, want string
	}{
		{x, LangEN, "English"}, {x, LangJA, "日本語"}, {x, "", "日本語"},
		{Text{JA: "日本語"}, LangEN, "日本語"},
	} {
		if got := tc.t.In(tc.lang); got != tc.want {
			t.Errorf("%+v.In(%q) = %q, want %q", tc.t, tc.lang, got, tc.want)
		}
	}
	if h, r := (Text{JA: "要件定義: 機能要件", EN: "Requirements: ask"}), (Text{JA: "見出しなし", EN: "no head"}); h.Head() != (Text{"要件定義", "Requirements"}) || h.Rest() != (Text{"機能要件", "ask"}) || r.Head() != r || r.Rest() != r {
		t.Errorf("Head/Rest: %+v %+v", h.Head(), r.Head())
	}
}

// The facts are read from the markdown: a guide edited under them makes
// extraction fail (or, for a consistent edit, give the new value), never
// silently keep the old answer.
func TestExtractFactsFollowsTheGuide(t *testing.T) {
	rawJA, rawEN := readGuide(t, GuideName), readGuide(t, GuideNameEN)
	for _, tc := range []struct {
		name     string
		edition  string // which file the edit touches: "ja", "en" or "both"
		old, new string
		enOld    string // the English text to edit when it differs from old ("both")
		enNew    string
		wantErr  string // "" means extraction succeeds
		check    func(Facts) bool
	}{
		{"step heading renamed", "ja", "#### **Step 2: 中級スキル習得", "#### **Phase 2: 中級スキル習得", "", "", "Step N", nil},
		{"fourth step", "both", "\n---\n\n## 5️⃣", "\n#### Step 4: Extra - 1 month {#roadmap-step-4}\n\n> **Goal:** x\n\n1. y\n\n---\n\n## 5️⃣", "", "", "4 steps, want 3", nil},
		{"role removed in English", "en", "#### 4. Building and Operating Infrastructure", "#### Building and Operating Infrastructure", "", "", "roles", nil},
		{"goal quote gone", "en", "> **Goal:** Gain the applied skills", "**Goal:** Gain the applied skills", "", "", "goal", nil},
		{"pioneer dropped in English", "en", "- **Solomon Hykes**", "Solomon Hykes", "", "", "pioneers", nil},
		{"STAR shortened", "en", "(Situation, Task, Action, Result)", "(Situation, Task, Action)", "", "", "STAR", nil},
		{"anchor gone", "ja", " {#career-paths}", "", "", "", "career-paths", nil},
		{"design step added to one edition", "ja", "        4.  **詳細設計**", "        5.  **追加**: x\n        4.  **詳細設計**", "", "", "steps", nil},
		{"duration edited in both", "both", "6〜12ヶ月", "6〜9ヶ月", "6–12 months", "6–9 months", "", func(f Facts) bool {
			return f.Steps[1].Duration == Text{"6〜9ヶ月", "6–9 months"}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ja, en := rawJA, rawEN
			if tc.edition != "en" {
				if !strings.Contains(ja, tc.old) {
					t.Fatalf("fixture %q not in the Japanese edition", tc.old)
				}
				ja = strings.Replace(ja, tc.old, tc.new, 1)
			}
			if tc.edition != "ja" {
				old, new := tc.old, tc.new
				if tc.enOld != "" {
					old, new = tc.enOld, tc.enNew
				}
				if !strings.Contains(en, old) {
					t.Fatalf("fixture %q not in the English edition", old)
				}
				en = strings.Replace(en, old, new, 1)
			}
			dj, err := Parse(GuideName, []byte(ja))
			if err != nil {
				t.Fatal(err)
			}
			de, err := Parse(GuideNameEN, []byte(en))
			if err != nil {
				t.Fatal(err)
			}
			f, err := ExtractFacts(dj, de)
			switch {
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Errorf("want an error mentioning %q, got %v", tc.wantErr, err)
			case tc.wantErr == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.check != nil && !tc.check(f):
				t.Errorf("extraction did not follow the edit: %+v", f.Steps)
			}
		})
	}
}
