package content

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	factNumberedRe = regexp.MustCompile(`^(\s*)(\d+)\.\s+(.*)$`)
	factBulletRe   = regexp.MustCompile(`^(\s*)[-*+]\s+(.*)$`)
	factQuoteRe    = regexp.MustCompile(`^\s*>\s?(.*)$`)
	boldLeadRe     = regexp.MustCompile(`^\*\*(.+?)\*\*\s*(.*)$`)
	stepHeadingRe  = regexp.MustCompile(`^Step\s+(\d+)\s*[:：]\s*(.+?)\s+[-–—]\s+(.+)$`)
	roleHeadingRe  = regexp.MustCompile(`^(\d+)\.\s+(.+?)\s*[：:]\s*(.+)$`)
	listHeadingRe  = regexp.MustCompile(`^\d+\.\s+`)
	goalLabelRe    = regexp.MustCompile(`^(目標|Goal)\s*[:：]\s*`)
	yearJARe       = regexp.MustCompile(`(1[89]\d\d|20\d\d)年`)
	yearENRe       = regexp.MustCompile(`\b(1[89]\d\d|20\d\d)\b`)
	starRe         = regexp.MustCompile(`STAR[^（(]*[（(]([^）)]+)[）)]`)
)

func cleanLine(s string) string { return collapseSpaces(stripMarkup(s)) }

// mdLine is one line of a section body, classified.
type mdLine struct {
	kind   byte // 'n' numbered, 'b' bullet, 'q' quote, 'p' other text
	indent int
	n      int    // the number of a numbered item
	raw    string // the text after the marker, markup kept
}

func mdLines(body string) []mdLine {
	var out []mdLine
	for _, l := range strings.Split(body, "\n") {
		if strings.TrimSpace(l) == "" || isRule(strings.TrimSpace(l)) {
			continue
		}
		indent := len(l) - len(strings.TrimLeft(l, " \t"))
		switch {
		case factQuoteRe.MatchString(l):
			out = append(out, mdLine{kind: 'q', indent: indent, raw: factQuoteRe.FindStringSubmatch(l)[1]})
		case factNumberedRe.MatchString(l):
			m := factNumberedRe.FindStringSubmatch(l)
			n, _ := strconv.Atoi(m[2])
			out = append(out, mdLine{kind: 'n', indent: indent, n: n, raw: m[3]})
		case factBulletRe.MatchString(l):
			out = append(out, mdLine{kind: 'b', indent: indent, raw: factBulletRe.FindStringSubmatch(l)[2]})
		default:
			out = append(out, mdLine{kind: 'p', indent: indent, raw: strings.TrimSpace(l)})
		}
	}
	return out
}

// firstParagraph is the first block of a body that is neither a list nor a
// quote, cleaned.
func firstParagraph(body string) string {
	for _, b := range splitBlocks(body) {
		t := strings.TrimSpace(b)
		first, _, _ := strings.Cut(t, "\n")
		if t == "" || factBulletRe.MatchString(first) || factNumberedRe.MatchString(first) || factQuoteRe.MatchString(first) {
			continue
		}
		return cleanLine(strings.ReplaceAll(t, "\n", " "))
	}
	return ""
}

func (x *extractor) steps(anchor string) []RoadmapStep {
	var out []RoadmapStep
	for i, p := range x.children(anchor) {
		mj := stepHeadingRe.FindStringSubmatch(lastHeading(p[0]))
		me := stepHeadingRe.FindStringSubmatch(lastHeading(p[1]))
		if mj == nil || me == nil {
			x.fail("#%s: heading is not \"Step N: name - duration\": %q / %q", p[0].Anchor, lastHeading(p[0]), lastHeading(p[1]))
			continue
		}
		if mj[1] != strconv.Itoa(i+1) || me[1] != mj[1] {
			x.fail("#%s: step numbers %s / %s at position %d", p[0].Anchor, mj[1], me[1], i+1)
		}
		s := RoadmapStep{
			N:        i + 1,
			Name:     Text{JA: mj[2], EN: me[2]},
			Duration: Text{JA: mj[3], EN: me[3]},
			Goal:     Text{JA: stepGoal(p[0].Body), EN: stepGoal(p[1].Body)},
			Items:    x.zip("#"+p[0].Anchor+" items", numberedItems(p[0].Body, -1), numberedItems(p[1].Body, -1)),
			Anchor:   p[0].Anchor,
		}
		x.need("#"+s.Anchor+" goal", s.Goal)
		if len(s.Items) == 0 {
			x.fail("#%s: no items", s.Anchor)
		}
		out = append(out, s)
	}
	if len(out) != wantSteps {
		x.fail("roadmap: %d steps, want %d", len(out), wantSteps)
	}
	return out
}

func stepGoal(body string) string {
	for _, l := range mdLines(body) {
		if l.kind == 'q' {
			return goalLabelRe.ReplaceAllString(cleanLine(l.raw), "")
		}
	}
	return ""
}

// numberedItems are the cleaned numbered lines of a body; indent < 0 takes
// every depth, else only items indented more than indent.
func numberedItems(body string, indent int) []string {
	var out []string
	for _, l := range mdLines(body) {
		if l.kind == 'n' && (indent < 0 || l.indent > indent) {
			out = append(out, cleanLine(l.raw))
		}
	}
	return out
}

func (x *extractor) roles(anchor string) []Role {
	var out []Role
	for i, p := range x.children(anchor) {
		mj := roleHeadingRe.FindStringSubmatch(lastHeading(p[0]))
		me := roleHeadingRe.FindStringSubmatch(lastHeading(p[1]))
		if mj == nil || me == nil || mj[1] != strconv.Itoa(i+1) || me[1] != mj[1] {
			x.fail("#%s: heading is not \"%d. name: image\": %q / %q", p[0].Anchor, i+1, lastHeading(p[0]), lastHeading(p[1]))
			continue
		}
		r := Role{
			N:       i + 1,
			Name:    Text{JA: mj[2], EN: me[2]},
			Tagline: Text{JA: mj[3], EN: me[3]},
			Summary: Text{JA: firstParagraph(p[0].Body), EN: firstParagraph(p[1].Body)},
			Duties:  x.zip("#"+p[0].Anchor+" duties", topBullets(p[0].Body), topBullets(p[1].Body)),
			Anchor:  p[0].Anchor,
		}
		x.need("#"+r.Anchor+" summary", r.Summary)
		out = append(out, r)
	}
	if len(out) != wantRoles {
		x.fail("roles: %d, want %d", len(out), wantRoles)
	}
	return out
}

func topBullets(body string) []string {
	var out []string
	for _, l := range mdLines(body) {
		if l.kind == 'b' && l.indent == 0 {
			out = append(out, cleanLine(l.raw))
		}
	}
	return out
}

var pioneerKinds = map[string]string{
	"pioneers-individuals": PioneerPerson,
	"pioneers-companies":   PioneerCompany,
	"pioneers-theories":    PioneerTheory,
}

// pioneerEntry is a "- **name**" bullet and its "> **made.** summary" quote.
type pioneerEntry struct{ name, made, summary string }

func pioneerEntries(body string) []pioneerEntry {
	var out []pioneerEntry
	for _, l := range mdLines(body) {
		switch {
		case l.kind == 'b' && l.indent == 0:
			out = append(out, pioneerEntry{name: cleanLine(l.raw)})
		case l.kind == 'q' && len(out) > 0:
			e := &out[len(out)-1]
			if m := boldLeadRe.FindStringSubmatch(strings.TrimSpace(l.raw)); m != nil && e.made == "" {
				e.made = strings.TrimRight(cleanLine(m[1]), "。.")
				e.summary = cleanLine(m[2])
			} else {
				e.summary = strings.TrimSpace(e.summary + " " + cleanLine(l.raw))
			}
		}
	}
	return out
}

func (x *extractor) pioneers(anchor string) []Pioneer {
	var out []Pioneer
	for _, p := range x.children(anchor) {
		kind, ok := pioneerKinds[p[0].Anchor]
		if !ok {
			x.fail("#%s: not a known group of pioneers", p[0].Anchor)
			continue
		}
		ja, en := pioneerEntries(p[0].Body), pioneerEntries(p[1].Body)
		if len(ja) != len(en) || len(ja) == 0 {
			x.fail("#%s: %d pioneers in ja, %d in en", p[0].Anchor, len(ja), len(en))
			continue
		}
		for i := range ja {
			pi := Pioneer{
				Kind: kind, Anchor: p[0].Anchor,
				Name:    Text{JA: ja[i].name, EN: en[i].name},
				Made:    Text{JA: ja[i].made, EN: en[i].made},
				Summary: Text{JA: ja[i].summary, EN: en[i].summary},
			}
			yj, ye := yearJARe.FindString(ja[i].summary), yearENRe.FindString(en[i].summary)
			if (yj == "") != (ye == "") || yj != "" && !strings.HasPrefix(yj, ye) {
				x.fail("#%s %s: years differ: %q / %q", p[0].Anchor, en[i].name, yj, ye)
			}
			pi.When = Text{JA: yj, EN: ye}
			x.need("#"+pi.Anchor+" "+pi.Name.EN+" made", pi.Made)
			out = append(out, pi)
		}
	}
	return out
}

func (x *extractor) careers(anchor string) []CareerPath {
	sj, se, ok := x.pair(anchor)
	if !ok {
		return nil
	}
	pj, pe := careerPaths(sj.Body), careerPaths(se.Body)
	if len(pj) != len(pe) || len(pj) == 0 {
		x.fail("#%s: %d paths in ja, %d in en", anchor, len(pj), len(pe))
		return nil
	}
	var out []CareerPath
	for i := range pj {
		c := CareerPath{N: i + 1, Name: Text{JA: pj[i].name, EN: pe[i].name}, Anchor: anchor}
		c.Roles = x.zip(pe[i].name+" roles", pj[i].roles, pe[i].roles)
		c.RoleSummaries = x.zip(pe[i].name+" role summaries", pj[i].summaries, pe[i].summaries)
		c.Summary = Text{JA: strings.Join(pj[i].roles, "、"), EN: strings.Join(pe[i].roles, ", ")}
		if len(c.Roles) == 0 {
			x.fail("#%s %s: no roles", anchor, c.Name.EN)
		}
		out = append(out, c)
	}
	return out
}

type careerEntry struct {
	name             string
	roles, summaries []string
}

func careerPaths(body string) []careerEntry {
	var out []careerEntry
	for _, l := range mdLines(body) {
		switch {
		case l.kind == 'n' && l.indent == 0:
			out = append(out, careerEntry{name: cleanLine(l.raw)})
		case l.kind == 'b' && l.indent > 0 && len(out) > 0:
			t := cleanLine(l.raw)
			e := &out[len(out)-1]
			e.roles = append(e.roles, itemHead(t))
			e.summaries = append(e.summaries, itemRest(t))
		}
	}
	return out
}

// Labels of the groups in an interview section.
var (
	examplesLabels = map[string]bool{"質問例": true, "Example questions": true}
	tipsLabels     = map[string]bool{"準備のヒント": true, "Preparation tips": true}
)

// interviewParts splits an interview section into its example questions,
// preparation tips and numbered steps (under the tips).
func interviewParts(body string) (examples, tips, steps []string, ok bool) {
	mode := ""
	for _, l := range mdLines(body) {
		switch {
		case l.kind == 'b' && l.indent == 0:
			label := strings.TrimSuffix(strings.TrimSuffix(cleanLine(l.raw), ":"), "：")
			switch {
			case examplesLabels[label]:
				mode = "examples"
			case tipsLabels[label]:
				mode = "tips"
			default:
				return nil, nil, nil, false
			}
		case l.kind == 'b' && mode == "examples":
			examples = append(examples, cleanLine(l.raw))
		case l.kind == 'b' && mode == "tips":
			tips = append(tips, cleanLine(l.raw))
		case l.kind == 'n' && mode == "tips":
			steps = append(steps, cleanLine(l.raw))
		}
	}
	return examples, tips, steps, len(examples) > 0 && len(tips) > 0
}

func (x *extractor) interviews() []InterviewType {
	pairs := x.children("technical-questions")
	if j, e, ok := x.pair("behavioral-questions"); ok {
		pairs = append(pairs, [2]Section{j, e})
	}
	var out []InterviewType
	for _, p := range pairs {
		exJ, tipJ, _, okJ := interviewParts(p[0].Body)
		exE, tipE, _, okE := interviewParts(p[1].Body)
		if !okJ || !okE {
			x.fail("#%s: not \"example questions\" and \"preparation tips\" lists", p[0].Anchor)
			continue
		}
		it := InterviewType{
			Name:     Text{JA: listHeadingRe.ReplaceAllString(lastHeading(p[0]), ""), EN: listHeadingRe.ReplaceAllString(lastHeading(p[1]), "")},
			Examples: x.zip("#"+p[0].Anchor+" examples", exJ, exE),
			Tips:     x.zip("#"+p[0].Anchor+" tips", tipJ, tipE),
			Anchor:   p[0].Anchor,
		}
		it.Summary = Text{JA: firstParagraph(p[0].Body), EN: firstParagraph(p[1].Body)}
		if it.Summary.JA == "" && len(it.Tips) > 0 {
			it.Summary = it.Tips[0]
		}
		x.need("#"+it.Anchor+" summary", it.Summary)
		out = append(out, it)
	}
	return out
}

func (x *extractor) designSteps(anchor string) []Text {
	j, e, ok := x.pair(anchor)
	if !ok {
		return nil
	}
	_, _, sj, _ := interviewParts(j.Body)
	_, _, se, _ := interviewParts(e.Body)
	out := x.zip("#"+anchor+" steps", sj, se)
	if len(out) == 0 {
		x.fail("#%s: no numbered answer steps", anchor)
	}
	return out
}

func (x *extractor) star(anchor string) ([]Text, Text) {
	j, e, ok := x.pair(anchor)
	if !ok {
		return nil, Text{}
	}
	pj, pe := firstParagraph(j.Body), firstParagraph(e.Body)
	mj, me := starRe.FindStringSubmatch(pj), starRe.FindStringSubmatch(pe)
	if mj == nil || me == nil {
		x.fail("#%s: no \"STAR (Situation, Task, Action, Result)\"", anchor)
		return nil, Text{}
	}
	split := func(s string) []string {
		var out []string
		for _, w := range strings.Split(s, ",") {
			out = append(out, strings.TrimSpace(w))
		}
		return out
	}
	out := x.zip("STAR", split(mj[1]), split(me[1]))
	if len(out) != wantSTAR {
		x.fail("STAR: %d parts, want %d", len(out), wantSTAR)
	}
	return out, Text{JA: sentenceWith(pj, "STAR"), EN: sentenceWith(pe, "STAR")}
}

// sentenceWith is the sentence of s that contains word.
func sentenceWith(s, word string) string {
	for _, sent := range sentences(s) {
		if strings.Contains(sent, word) {
			return strings.TrimSpace(sent)
		}
	}
	return s
}
