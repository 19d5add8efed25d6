package answer_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The answer-level eval set (issue 10, section 8) lives in JSON Lines files:
// three dev parts the answerer may be tuned on (answers_dev2.jsonl and
// answers_dev3.jsonl and answers_dev4.jsonl were each written later and
// independently of the others (dev4 on purpose in other question styles:
// beginner wording, why, yes/no, comparisons, numbers, one-word queries, typos),
// so tuning on all favours rules that generalise) and a held-out part it must never be tuned on. This test only checks that the data are well formed and
// large enough; it keeps its own small struct so it does not depend on (or
// collide with) the eval runner's types.

const (
	answersDevFile     = "testdata/answers_dev.jsonl"
	answersDev2File    = "testdata/answers_dev2.jsonl"
	answersDev3File    = "testdata/answers_dev3.jsonl"
	answersDev4File    = "testdata/answers_dev4.jsonl"
	answersHeldoutFile = "testdata/answers_heldout.jsonl"
	guideJAFile        = "../../content/guides/backend_developer_guide.md"
	guideENFile        = "../../content/guides/backend_developer_guide.en.md"
)

type answerSetItem struct {
	ID        string              `json:"id"`
	Kind      string              `json:"kind"` // in | out | followup
	Lang      string              `json:"lang"` // ja | en
	Q         string              `json:"q"`
	Expect    map[string][]string `json:"expect"`
	Section   string              `json:"section"`
	Tag       string              `json:"tag"`
	Turns     []string            `json:"turns"`
	ExpectOut bool                `json:"expect_out"`
}

func loadAnswerSet(t *testing.T, path string) []answerSetItem {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	var items []answerSetItem
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			t.Errorf("%s:%d: blank line", path, n)
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		var it answerSetItem
		if err := dec.Decode(&it); err != nil {
			t.Errorf("%s:%d: %v", path, n, err)
			continue
		}
		items = append(items, it)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("scan %s: %v", path, err)
	}
	return items
}

// foldText is the checker's normalisation: NFKC, then lower case.
func foldText(s string) string { return strings.ToLower(norm.NFKC.String(s)) }

func hasJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

// guideHeadings returns the folded markdown heading lines of the guide.
func guideHeadings(guide string) []string {
	var hs []string
	for line := range strings.Lines(guide) {
		if strings.HasPrefix(line, "#") {
			hs = append(hs, foldText(line))
		}
	}
	return hs
}

func anyContained(alts []string, text string) bool {
	for _, a := range alts {
		if strings.Contains(text, foldText(a)) {
			return true
		}
	}
	return false
}

// checkAnswerItem reports what is wrong with one item; guideJA is the folded
// Japanese guide, headings its folded headings.
func checkAnswerItem(it answerSetItem, guideJA string, headings []string) []string {
	var errs []string
	bad := func(format string) { errs = append(errs, format) }
	if it.Lang != "ja" && it.Lang != "en" {
		bad("lang must be ja or en")
	}
	prefix := it.Lang + "-" + map[string]string{"in": "in", "out": "out", "followup": "fu"}[it.Kind] + "-"
	if !strings.HasPrefix(it.ID, prefix) {
		bad("id must start with " + prefix)
	}
	texts := it.Turns
	if it.Kind != "followup" {
		texts = []string{it.Q}
	}
	for _, s := range texts {
		if strings.TrimSpace(s) == "" {
			bad("empty question text")
		}
		if it.Lang == "ja" && !hasJapanese(s) {
			bad("ja question has no Japanese text")
		}
		if it.Lang == "en" && hasJapanese(s) {
			bad("en question contains Japanese text")
		}
	}
	needExpect := false
	switch it.Kind {
	case "in":
		needExpect = true
		if it.Section == "" {
			bad("in-scope item needs a section")
		} else if !anyContained([]string{it.Section}, strings.Join(headings, "\n")) {
			bad("section " + it.Section + " is not part of any guide heading")
		}
		if it.Tag != "" || len(it.Turns) > 0 || it.ExpectOut {
			bad("in-scope item carries out/followup fields")
		}
	case "out":
		switch it.Tag {
		case "offtopic", "injection", "mention", "nearmiss":
		default:
			bad("out-of-scope tag must be offtopic, injection, mention or nearmiss")
		}
		if it.Expect != nil || it.Section != "" || len(it.Turns) > 0 || it.ExpectOut {
			bad("out-of-scope item carries in/followup fields")
		}
	case "followup":
		if len(it.Turns) < 2 {
			bad("follow-up needs at least two turns")
		}
		if it.Q != "" {
			bad("follow-up uses turns, not q")
		}
		if it.ExpectOut == (it.Expect != nil) {
			bad("follow-up needs exactly one of expect and expect_out")
		}
		needExpect = !it.ExpectOut
	default:
		bad("kind must be in, out or followup")
	}
	if needExpect {
		for _, l := range []string{"ja", "en"} {
			alts := it.Expect[l]
			if len(alts) == 0 {
				bad("expect." + l + " is empty")
			}
			for _, a := range alts {
				if strings.TrimSpace(a) == "" {
					bad("expect." + l + " has an empty alternative")
				}
			}
		}
		if len(it.Expect) != 2 {
			bad("expect must have exactly the keys ja and en")
		}
		// The fact has to be in the guide, or no answer could contain it.
		if !anyContained(it.Expect["ja"], guideJA) {
			bad("no expect.ja alternative occurs in the Japanese guide")
		}
	}
	return errs
}

type answerSetCount struct {
	in, out, fu map[string]int
	tags        map[string]int // out-of-scope items per tag
	fuOut       int            // follow-ups whose last turn must be refused
}

func newAnswerSetCount() answerSetCount {
	return answerSetCount{map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, 0}
}

// answerSetFloor is the size a later dev set was written for, so it cannot
// quietly shrink into a token set.
type answerSetFloor struct {
	inJA, inEN, in, out, nearmiss, injection, mention, fu, fuOut int
}

var (
	dev2Floor = answerSetFloor{inJA: 52, inEN: 28, in: 80, out: 30, nearmiss: 10, injection: 5, mention: 4, fu: 14, fuOut: 3}
	dev3Floor = answerSetFloor{inJA: 60, inEN: 30, in: 90, out: 30, nearmiss: 12, injection: 5, mention: 4, fu: 14, fuOut: 3}
	dev4Floor = answerSetFloor{inJA: 47, inEN: 23, in: 70, out: 20, nearmiss: 8, injection: 4, mention: 4, fu: 10, fuOut: 3}
)

// checkDev2Counts holds the second dev set to the size it was written for.
func checkDev2Counts(c answerSetCount) []string { return checkSetCounts(c, dev2Floor) }

// checkSetCounts reports every count in c below its floor f.
func checkSetCounts(c answerSetCount, f answerSetFloor) []string {
	var errs []string
	atLeast := func(what string, have, want int) {
		if have < want {
			errs = append(errs, fmt.Sprintf("%s: %d, want at least %d", what, have, want))
		}
	}
	atLeast("in-scope Japanese", c.in["ja"], f.inJA)
	atLeast("in-scope English", c.in["en"], f.inEN)
	atLeast("in-scope", c.in["ja"]+c.in["en"], f.in)
	atLeast("out-of-scope", c.out["ja"]+c.out["en"], f.out)
	atLeast("nearmiss", c.tags["nearmiss"], f.nearmiss)
	atLeast("injection", c.tags["injection"], f.injection)
	atLeast("mention", c.tags["mention"], f.mention)
	atLeast("follow-ups", c.fu["ja"]+c.fu["en"], f.fu)
	atLeast("follow-ups switching off-topic", c.fuOut, f.fuOut)
	return errs
}

func TestAnswerSetData(t *testing.T) {
	raw, err := os.ReadFile(guideJAFile)
	if err != nil {
		t.Fatalf("read guide: %v", err)
	}
	guideJA := foldText(string(raw))
	headings := guideHeadings(string(raw))
	// The English edition (issue 10, part 1) may not exist yet on every
	// branch; when it does, every fact must be reachable in English too.
	guideEN := ""
	if raw, err := os.ReadFile(guideENFile); err == nil {
		guideEN = foldText(string(raw))
	} else if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("read English guide: %v", err)
	}

	ids := map[string]string{}
	total := newAnswerSetCount()
	perFile := map[string]int{}
	// A question in both parts would leak the held-out set into tuning.
	questions := map[string]string{}
	floors := map[string]answerSetFloor{answersDev2File: dev2Floor, answersDev3File: dev3Floor, answersDev4File: dev4Floor}
	for _, path := range []string{answersDevFile, answersDev2File, answersDev3File, answersDev4File, answersHeldoutFile} {
		items := loadAnswerSet(t, path)
		perFile[path] = len(items)
		c := newAnswerSetCount()
		for _, it := range items {
			where := filepath.Base(path) + " " + it.ID
			if prev, dup := ids[it.ID]; dup {
				t.Errorf("%s: id already used in %s", where, prev)
			}
			ids[it.ID] = filepath.Base(path)
			for _, e := range checkAnswerItem(it, guideJA, headings) {
				t.Errorf("%s: %s", where, e)
			}
			if guideEN != "" && it.Expect != nil && !anyContained(it.Expect["en"], guideEN) {
				t.Errorf("%s: no expect.en alternative occurs in the English guide", where)
			}
			key := foldText(it.Q + strings.Join(it.Turns, "\x00"))
			if prev, dup := questions[key]; dup {
				t.Errorf("%s: same question as %s", where, prev)
			}
			questions[key] = where
			switch it.Kind {
			case "in":
				c.in[it.Lang]++
			case "out":
				c.out[it.Lang]++
				c.tags[it.Tag]++
			case "followup":
				c.fu[it.Lang]++
				if it.ExpectOut {
					c.fuOut++
				}
			}
		}
		if f, ok := floors[path]; ok {
			for _, e := range checkSetCounts(c, f) {
				t.Errorf("%s: %s", path, e)
			}
		}
		for _, l := range []string{"ja", "en"} {
			if c.in[l] == 0 || c.out[l] == 0 || c.fu[l] == 0 {
				t.Errorf("%s: needs in, out and followup items in %s (have %d/%d/%d)", path, l, c.in[l], c.out[l], c.fu[l])
			}
			total.in[l] += c.in[l]
			total.out[l] += c.out[l]
			total.fu[l] += c.fu[l]
		}
		t.Logf("%s: in ja=%d en=%d, out ja=%d en=%d, followup ja=%d en=%d",
			filepath.Base(path), c.in["ja"], c.in["en"], c.out["ja"], c.out["en"], c.fu["ja"], c.fu["en"])
	}

	in := total.in["ja"] + total.in["en"]
	if in < 130 {
		t.Errorf("in-scope items: %d, want at least 130", in)
	}
	if share := float64(total.in["ja"]) / float64(in); share < 0.60 || share > 0.72 {
		t.Errorf("Japanese share of in-scope items %.2f, want about 2/3", share)
	}
	if out := total.out["ja"] + total.out["en"]; out < 45 {
		t.Errorf("out-of-scope items: %d, want at least 45", out)
	}
	if fu := total.fu["ja"] + total.fu["en"]; fu < 18 {
		t.Errorf("follow-up items: %d, want at least 18", fu)
	}
	// The held-out share is measured against the first dev set, the split
	// it was drawn for; the second and third dev sets only add tuning data.
	all := perFile[answersDevFile] + perFile[answersHeldoutFile]
	if share := float64(perFile[answersHeldoutFile]) / float64(all); share < 0.35 || share > 0.45 {
		t.Errorf("held-out share %.2f, want about 0.40", share)
	}
}

// TestAnswerSetItemChecks makes sure the checks above can fail.
func TestAnswerSetItemChecks(t *testing.T) {
	guide := foldText("## 3️⃣ 先駆者たち\n### 👤 人物\n- **ラスマス・ラードフ (Rasmus Lerdorf)** PHPの生みの親。\n")
	headings := guideHeadings("## 3️⃣ 先駆者たち\n### 👤 人物\n")
	good := answerSetItem{ID: "ja-in-001", Kind: "in", Lang: "ja", Q: "PHP作った人は？", Section: "人物",
		Expect: map[string][]string{"ja": {"ラスマス・ラードフ"}, "en": {"Rasmus Lerdorf"}}}
	if errs := checkAnswerItem(good, guide, headings); len(errs) > 0 {
		t.Fatalf("valid item rejected: %v", errs)
	}
	cases := map[string]func(*answerSetItem){
		"bad lang":           func(it *answerSetItem) { it.Lang = "fr" },
		"id prefix":          func(it *answerSetItem) { it.ID = "en-in-001" },
		"unknown section":    func(it *answerSetItem) { it.Section = "面接" },
		"no en expectation":  func(it *answerSetItem) { it.Expect = map[string][]string{"ja": {"ラスマス・ラードフ"}} },
		"fact not in guide":  func(it *answerSetItem) { it.Expect["ja"] = []string{"ガイドにない"} },
		"en text in ja item": func(it *answerSetItem) { it.Q = "who made PHP" },
		"out without tag": func(it *answerSetItem) {
			*it = answerSetItem{ID: "ja-out-001", Kind: "out", Lang: "ja", Q: "今日の天気は？"}
		},
		"followup with both": func(it *answerSetItem) {
			*it = answerSetItem{ID: "ja-fu-001", Kind: "followup", Lang: "ja", Turns: []string{"a", "b"},
				ExpectOut: true, Expect: good.Expect}
		},
		"followup one turn": func(it *answerSetItem) {
			*it = answerSetItem{ID: "ja-fu-001", Kind: "followup", Lang: "ja", Turns: []string{"それは？"}, ExpectOut: true}
		},
	}
	for name, mutate := range cases {
		it := good
		it.Expect = map[string][]string{"ja": {"ラスマス・ラードフ"}, "en": {"Rasmus Lerdorf"}}
		mutate(&it)
		if errs := checkAnswerItem(it, guide, headings); len(errs) == 0 {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestDev2CountChecks makes sure the second dev set's size floor can fail.
func TestDev2CountChecks(t *testing.T) {
	full := newAnswerSetCount()
	full.in["ja"], full.in["en"], full.out["ja"], full.out["en"] = 52, 28, 15, 15
	full.tags["nearmiss"], full.tags["injection"], full.tags["mention"] = 10, 5, 4
	full.fu["ja"], full.fu["en"], full.fuOut = 7, 7, 3
	if errs := checkDev2Counts(full); len(errs) > 0 {
		t.Fatalf("sufficient counts rejected: %v", errs)
	}
	short := newAnswerSetCount()
	short.in["ja"], short.in["en"] = 60, 27
	if errs := checkDev2Counts(short); len(errs) != 7 {
		t.Errorf("short counts: got %d complaints %v, want 7 (all but Japanese and total in-scope)", len(errs), errs)
	}
	// The third dev set's floor is higher: what passes dev2's floor exactly
	// falls short of it on Japanese, English, total in-scope and nearmiss.
	if errs := checkSetCounts(full, dev3Floor); len(errs) != 4 {
		t.Errorf("dev2-sized counts against the dev3 floor: got %d complaints %v, want 4", len(errs), errs)
	}
}
