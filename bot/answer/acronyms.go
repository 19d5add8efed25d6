package answer

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/retrieval"
)

// The guide spells out its abbreviations where it first uses them: "CRUD
// (Create, Read, Update, Delete)", "Infrastructure as Code (IaC)". They are
// read from the guide itself, so "CRUDって何の略？" and "what does SRE stand
// for?" are answered with the expansion, for every abbreviation the guide
// spells out and none it does not.

// abbrev is one spelled-out abbreviation of the guide.
type abbrev struct {
	short, long string
	anchor      string // the section that spells it out
	line        string // the line that does, markdown removed
}

var (
	// shortThenLong: "CRUD (Create, Read, Update, Delete)".
	shortThenLong = regexp.MustCompile(`\b([A-Z][A-Za-z/]*[A-Z][A-Za-z]*)\s*[（(]([A-Z][^()（）]{3,80})[)）]`)
	// longThenShort: "Infrastructure as Code (IaC)".
	longThenShort = regexp.MustCompile(`((?:[A-Z][A-Za-z']*[ -](?:[a-z]{1,3}[ -])?){1,5}[A-Z][A-Za-z']*)\s*[（(]([A-Z][A-Za-z]*[A-Z][A-Za-z]*)[)）]`)
	// shortColonLong: "(CI/CD: continuous integration/continuous delivery)".
	shortColonLong = regexp.MustCompile(`[（(]([A-Z][A-Za-z/]*[A-Z][A-Za-z]*)\s*[:：]\s*([^()（）]{4,80})[)）]`)
	// reAbbrev asks what an abbreviation stands for.
	reAbbrev = regexp.MustCompile(`何の略|なんの略|何の頭文字|なんの頭文字|略称|略語|正式名称|正式な名前|フルネーム|stand for|stands for|short for|acronym|abbreviation|full name|full form|spelled out`)
	markup   = strings.NewReplacer("**", "", "`", "")
)

// acronymsIn reads the spelled-out abbreviations of a section body.
func acronymsIn(anchor, body string) []abbrev {
	var out []abbrev
	for _, line := range strings.Split(markup.Replace(body), "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-*>0123456789. "))
		for _, m := range shortThenLong.FindAllStringSubmatch(line, -1) {
			if spellsOut(m[1], m[2]) {
				out = append(out, abbrev{short: m[1], long: m[2], anchor: anchor, line: line})
			}
		}
		for _, m := range shortColonLong.FindAllStringSubmatch(line, -1) {
			// In the Japanese edition the part after the colon is the
			// abbreviation's Japanese name, not its letters spelled out.
			if spellsOut(m[1], m[2]) || strings.ContainsFunc(m[2], isJapanese) {
				out = append(out, abbrev{short: m[1], long: m[2], anchor: anchor, line: line})
			}
		}
		for _, m := range longThenShort.FindAllStringSubmatch(line, -1) {
			if spellsOut(m[2], m[1]) {
				out = append(out, abbrev{short: m[2], long: m[1], anchor: anchor, line: line})
			}
		}
	}
	return out
}

// spellsOut: short's capitals are letters of long, in order, the first
// starting it ("VPoE": Vice President of Engineering; "REST":
// REpresentational State Transfer); "Cloud (AWS, GCP)" is no expansion of
// "Cloud".
func spellsOut(short, long string) bool {
	var caps []rune
	for _, r := range short {
		if unicode.IsUpper(r) {
			caps = append(caps, unicode.ToLower(r))
		}
	}
	if len(caps) < 2 || len(strings.Fields(long)) < 2 && !strings.Contains(long, "-") {
		return false
	}
	letters := []rune(strings.ToLower(long))
	if letters[0] != caps[0] {
		return false
	}
	i := 0
	for _, r := range letters {
		if i < len(caps) && r == caps[i] {
			i++
		}
	}
	return i == len(caps)
}

// acronymFor finds the abbreviation a normalised question asks about, the
// one nearest its words of asking ("SRE" in "what does SRE stand for at
// AWS?"), spelled out in lang's edition or else in the other (then without
// its line: it is in the other language).
func (x *Facts) acronymFor(q string, lang string) (abbrev, bool) {
	at := reAbbrev.FindStringIndex(q)
	if at == nil {
		return abbrev{}, false
	}
	for _, l := range []string{lang, otherLang(lang)} {
		// The nearest before the asking words ("SREって何の略", "what does
		// SRE stand for"); else the nearest after ("the full form of CRUD").
		best, bestDist := abbrev{}, -1
		for _, a := range x.acronyms[l] {
			short := retrieval.Normalize(a.short)
			i := retrieval.IndexWord(q, short)
			if i < 0 {
				continue
			}
			d := at[0] - (i + len(short))
			if d < 0 {
				d = len(q) + i - at[1] // after: only when none is before
			}
			if bestDist < 0 || d < bestDist {
				best, bestDist = a, d
			}
		}
		if bestDist >= 0 {
			if l != lang {
				best.line = ""
			}
			return best, true
		}
	}
	return abbrev{}, false
}

func otherLang(l string) string {
	if l == content.LangEN {
		return content.LangJA
	}
	return content.LangEN
}

func (x *Facts) acronymAnswer(a abbrev, l string) string {
	text := pick(l, fmt.Sprintf("%sは「%s」の略です。[1]", a.short, a.long), fmt.Sprintf("%s stands for %s. [1]", a.short, a.long))
	if a.line != "" {
		text += fmt.Sprintf("\n> %s [1]", clip(a.line, 200))
	}
	return text
}
