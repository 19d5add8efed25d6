package content

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

var (
	digitsRe = regexp.MustCompile(`[0-9]+`)
	latinRe  = regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*`)
)

// normalizeDigits makes full-width digits and circled numbers (①) plain
// digits, so "①在庫" and "(1) check the stock" carry the same number.
func normalizeDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r >= '①' && r <= '⑨':
			return '1' + (r - '①')
		}
		return r
	}, s)
}

// sectionNumbers lists the numbers of a section's heading and body, sorted:
// durations ("3〜6ヶ月" / "3–6 months"), years, list numbers, counts.
func sectionNumbers(s Section) []string {
	nums := digitsRe.FindAllString(normalizeDigits(sectionText(s)), -1)
	sort.Strings(nums)
	return nums
}

func sectionText(s Section) string {
	heading := ""
	if len(s.Path) > 0 {
		heading = s.Path[len(s.Path)-1]
	}
	return heading + "\n" + stripMarkup(s.Body)
}

// latinWords are the words in Latin script of a Japanese section: proper
// names (Rasmus Lerdorf, PHP, Kubernetes), acronyms and code.
func latinWords(s Section) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range latinRe.FindAllString(sectionText(s), -1) {
		if len(w) < 2 || seen[strings.ToLower(w)] {
			continue
		}
		seen[strings.ToLower(w)] = true
		out = append(out, w)
	}
	return out
}

func containsWord(text, word string) bool {
	// A word start is enough: "Web" in "website", "API" in "APIs".
	re := regexp.MustCompile(`(?i)(^|[^A-Za-z0-9])` + regexp.QuoteMeta(word))
	return re.MatchString(text)
}

// checkAligned reports every way the English edition en is not a
// section-by-section twin of ja.
func checkAligned(ja, en Document) []string {
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if len(ja.Sections) != len(en.Sections) {
		bad("%d Japanese sections, %d English", len(ja.Sections), len(en.Sections))
	}
	for i := 0; i < min(len(ja.Sections), len(en.Sections)); i++ {
		j, e := ja.Sections[i], en.Sections[i]
		if j.Anchor != e.Anchor || j.Level != e.Level || len(j.Path) != len(e.Path) {
			bad("section %d: ja %q (#%s, h%d, depth %d) vs en %q (#%s, h%d, depth %d)", i,
				j.Title, j.Anchor, j.Level, len(j.Path), e.Title, e.Anchor, e.Level, len(e.Path))
			continue
		}
		if nj, ne := len(chunkBlocks(j.Body)), len(chunkBlocks(e.Body)); nj != ne {
			bad("#%s: %d blocks in ja, %d in en", j.Anchor, nj, ne)
		}
		if a, b := sectionNumbers(j), sectionNumbers(e); !slices.Equal(a, b) {
			bad("#%s: numbers ja %v, en %v", j.Anchor, a, b)
		}
		et := sectionText(e)
		for _, w := range latinWords(j) {
			if !containsWord(et, w) {
				bad("#%s: %q is in the Japanese section, not in the English one", j.Anchor, w)
			}
		}
	}
	return problems
}

// TestEditionsAligned keeps the English edition a twin of the Japanese one:
// every section has its twin (same anchor, depth, level and order), the same
// number of paragraphs and lists, the same numbers, and every Latin-script
// name of the Japanese section also in the English one.
func TestEditionsAligned(t *testing.T) {
	docs := guideDocs(t)
	for _, p := range checkAligned(docs[0], docs[1]) {
		t.Error(p)
	}
	for _, d := range docs {
		for _, s := range d.Sections {
			if len(s.Path) > 0 && !explicitAnchor(d, s) {
				t.Errorf("%s: section %q has no {#anchor}", d.Source, s.Title)
			}
		}
	}
}

// explicitAnchor reports whether the section's heading carries its anchor as
// "{#id}" rather than a slug of its text.
func explicitAnchor(d Document, s Section) bool {
	raw, err := fs.ReadFile(Guide(), d.Source)
	if err != nil {
		return false
	}
	return strings.Contains(string(raw), "{#"+s.Anchor+"}")
}

// TestAlignmentCheckCatches proves the alignment check fails on the drifts it
// is there for, so a passing TestEditionsAligned means something.
func TestAlignmentCheckCatches(t *testing.T) {
	docs := guideDocs(t)
	raw := readGuide(t, GuideNameEN)
	for _, tc := range []struct{ name, old, new, want string }{
		{"duration", "6–12 months", "6–18 months", "numbers"},
		{"name", "Rasmus Lerdorf", "Rasmus", `"Lerdorf"`},
		{"anchor", "{#roadmap-step-2}", "{#step-two}", "roadmap-step-2"},
		{"level", "#### 2. System Design", "### 2. System Design", "interview-system-design"},
		{"dropped paragraph", "Once you have gained experience as a backend developer, a wide range of career options opens up.\n\n", "", "blocks"},
		{"dropped section", "### 🏢 Companies {#pioneers-companies}", "", "sections"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(raw, tc.old) {
				t.Fatalf("fixture text %q not in the English edition", tc.old)
			}
			en, err := Parse(GuideNameEN, []byte(strings.Replace(raw, tc.old, tc.new, 1)))
			if err != nil {
				t.Fatal(err)
			}
			problems := strings.Join(checkAligned(docs[0], en), "\n")
			if !strings.Contains(problems, tc.want) {
				t.Errorf("want a problem mentioning %q, got:\n%s", tc.want, problems)
			}
		})
	}
}

func readGuide(t *testing.T, name string) string {
	t.Helper()
	raw, err := fs.ReadFile(Guide(), name)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}
