package content

import (
	"errors"
	"fmt"
	"strings"
)

// In returns the text in lang ("en" or "ja"), falling back to Japanese, the
// original, when the English text is missing.
func (t Text) In(lang string) string {
	if lang == LangEN && t.EN != "" {
		return t.EN
	}
	return t.JA
}

// Head is the part of a "head: description" item before its colon (the
// bold lead of a list item), or the whole text when it has none.
func (t Text) Head() Text { return Text{JA: itemHead(t.JA), EN: itemHead(t.EN)} }

// Rest is the description after a "head: description" item's colon, or the
// whole text when it has none.
func (t Text) Rest() Text { return Text{JA: itemRest(t.JA), EN: itemRest(t.EN)} }

func itemHead(s string) string {
	if h, _, ok := strings.Cut(s, ": "); ok {
		return strings.TrimSpace(h)
	}
	return s
}

func itemRest(s string) string {
	if _, r, ok := strings.Cut(s, ": "); ok {
		return strings.TrimSpace(r)
	}
	return s
}

// RoadmapStep is one step of the guide's learning roadmap.
type RoadmapStep struct {
	N        int
	Name     Text   // "基礎固め (Foundation)" / "Foundation"
	Duration Text   // "3〜6ヶ月" / "3–6 months"
	Goal     Text   // the step's goal sentence
	Items    []Text // what to learn, "head: description"
	Anchor   string // "roadmap-step-1"
}

// Role is one of the four core roles of a backend developer.
type Role struct {
	N       int
	Name    Text   // "サーバーサイドロジックの実装" / "Implementing Server-Side Logic"
	Tagline Text   // the heading's image: "アプリケーションの「頭脳」を創る"
	Summary Text   // the section's first paragraph
	Duties  []Text // the listed duties, "head: description"
	Anchor  string
}

// Pioneer kinds, as the guide groups them.
const (
	PioneerPerson  = "person"
	PioneerCompany = "company"
	PioneerTheory  = "theory"
)

// Pioneer is a person, company or theory the guide credits.
type Pioneer struct {
	Kind    string // PioneerPerson, PioneerCompany or PioneerTheory
	Name    Text   // "ラスマス・ラードフ (Rasmus Lerdorf)" / "Rasmus Lerdorf"
	Made    Text   // the bold lead: "PHPの生みの親" / "The creator of PHP"
	When    Text   // a year the entry gives ("2000年" / "2000"); empty when it gives none
	Summary Text   // the rest of the entry
	Anchor  string // the group's section
}

// CareerPath is one of the guide's career directions and its roles.
type CareerPath struct {
	N             int
	Name          Text   // "スペシャリストの道 (Individual Contributor)"
	Summary       Text   // the path's roles, listed in one line
	Roles         []Text // role names
	RoleSummaries []Text // what each role does, in the order of Roles
	Anchor        string
}

// InterviewType is a kind of interview question the guide prepares for.
type InterviewType struct {
	Name     Text   // "アルゴリズムとデータ構造" / "Algorithms and Data Structures"
	Summary  Text   // how to prepare (behavioral: what the questions look at)
	Examples []Text // example questions
	Tips     []Text // preparation tips
	Anchor   string
}

// Facts are the guide's facts people ask for directly, in both languages,
// extracted from the two editions' markdown.
type Facts struct {
	Steps       []RoadmapStep
	Roles       []Role
	Pioneers    []Pioneer
	Careers     []CareerPath
	Interviews  []InterviewType
	DesignSteps []Text // the system-design answer steps, "head: description"
	STAR        []Text // Situation, Task, Action, Result (the guide names them without describing them)
	STARNote    Text   // the sentence that introduces the STAR method
	// Anchors of the sections the facts come from, for citing.
	RoadmapAnchor, RolesAnchor, PioneersAnchor, CareersAnchor, DesignAnchor, STARAnchor string
}

// The shape the guide promises in its own headings ("3段階", "4つの", STAR).
const (
	wantSteps = 3
	wantRoles = 4
	wantSTAR  = 4
)

// GuideFacts extracts the facts from the embedded guide's two editions.
func GuideFacts() (Facts, error) {
	docs, err := LoadGuide()
	if err != nil {
		return Facts{}, err
	}
	return FactsFrom(docs)
}

// FactsFrom finds the guide's Japanese and English editions among docs (by
// the guide's slug) and extracts their facts.
func FactsFrom(docs []Document) (Facts, error) {
	slug := strings.TrimSuffix(GuideName, ".md")
	ja, okJA := Edition(docs, slug, LangJA)
	en, okEN := Edition(docs, slug, LangEN)
	if !okJA || !okEN {
		return Facts{}, fmt.Errorf("guide facts: need the %s guide in ja and en (have ja %v, en %v)", slug, okJA, okEN)
	}
	return ExtractFacts(ja, en)
}

// ExtractFacts reads the facts from the Japanese and English editions of
// the guide. It fails, listing every problem, when the guide no longer has
// the shape the facts are read from (a section gone, a count changed, the
// editions disagreeing), so a guide edit cannot silently change an answer.
func ExtractFacts(ja, en Document) (Facts, error) {
	x := &extractor{ja: ja, en: en}
	f := Facts{
		RoadmapAnchor: "roadmap", RolesAnchor: "roles", PioneersAnchor: "pioneers",
		CareersAnchor: "career-paths", DesignAnchor: "interview-system-design", STARAnchor: "behavioral-questions",
	}
	f.Steps = x.steps(f.RoadmapAnchor)
	f.Roles = x.roles(f.RolesAnchor)
	f.Pioneers = x.pioneers(f.PioneersAnchor)
	f.Careers = x.careers(f.CareersAnchor)
	f.Interviews = x.interviews()
	f.DesignSteps = x.designSteps(f.DesignAnchor)
	f.STAR, f.STARNote = x.star(f.STARAnchor)
	if err := errors.Join(x.errs...); err != nil {
		return Facts{}, fmt.Errorf("guide facts: %w", err)
	}
	return f, nil
}

// extractor reads both editions side by side and collects every problem.
type extractor struct {
	ja, en Document
	errs   []error
}

func (x *extractor) fail(format string, args ...any) {
	x.errs = append(x.errs, fmt.Errorf(format, args...))
}

// pair returns the twin sections with the anchor in both editions.
func (x *extractor) pair(anchor string) (ja, en Section, ok bool) {
	ja, okJA := x.ja.SectionByAnchor(anchor)
	en, okEN := x.en.SectionByAnchor(anchor)
	if !okJA || !okEN {
		x.fail("section #%s missing (ja %v, en %v)", anchor, okJA, okEN)
		return ja, en, false
	}
	return ja, en, true
}

// children returns the twin sections one level below the anchor's section.
func (x *extractor) children(anchor string) [][2]Section {
	pj, pe, ok := x.pair(anchor)
	if !ok {
		return nil
	}
	var out [][2]Section
	for _, s := range x.ja.Sections {
		if len(s.Path) != len(pj.Path)+1 || !hasPrefix(s.Path, pj.Path) {
			continue
		}
		twin, ok := x.en.SectionByAnchor(s.Anchor)
		if !ok || len(twin.Path) != len(pe.Path)+1 || !hasPrefix(twin.Path, pe.Path) {
			x.fail("section #%s: no English twin under #%s", s.Anchor, anchor)
			continue
		}
		out = append(out, [2]Section{s, twin})
	}
	return out
}

func hasPrefix(path, prefix []string) bool {
	if len(path) < len(prefix) {
		return false
	}
	for i := range prefix {
		if path[i] != prefix[i] {
			return false
		}
	}
	return true
}

func lastHeading(s Section) string { return s.Path[len(s.Path)-1] }

// zip pairs the Japanese and English lists of one fact, which must be as
// long as each other.
func (x *extractor) zip(what string, ja, en []string) []Text {
	if len(ja) != len(en) {
		x.fail("%s: %d in ja, %d in en", what, len(ja), len(en))
		return nil
	}
	out := make([]Text, len(ja))
	for i := range ja {
		out[i] = Text{JA: ja[i], EN: en[i]}
	}
	return out
}

// need reports an empty text of a fact.
func (x *extractor) need(what string, t Text) {
	if strings.TrimSpace(t.JA) == "" || strings.TrimSpace(t.EN) == "" {
		x.fail("%s: empty (ja %q, en %q)", what, t.JA, t.EN)
	}
}
