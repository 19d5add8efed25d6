package content

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// knownSections are the display heading paths of the parsed, embedded guide.
func knownSections(t *testing.T) map[string]bool {
	t.Helper()
	docs, err := LoadGuide()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, d := range docs {
		for _, s := range d.Sections {
			known[s.Title] = true
		}
	}
	return known
}

const goodMC = `
- id: db-001
  category: databases
  difficulty: 1
  question: {ja: "N+1問題とは何ですか？", en: "What is the N+1 problem?"}
  choices:
    - {ja: "A", en: "A"}
    - {ja: "B", en: "B"}
    - {ja: "C", en: "C"}
    - {ja: "D", en: "D"}
  answer: 0
  explanation: {ja: "説明", en: "Because."}
  key_points: {ja: ["一", "二"], en: ["one", "two"]}
  sections: ["面接はこう準備しよう！ > 技術質問 (Technical Questions) > 3. 専門分野の深掘り"]
`

const goodOpen = `
- id: sd-001
  category: system-design
  difficulty: 2
  question: {ja: "URL短縮サービスを設計してください。", en: "Design a URL shortener."}
  key_points: {ja: ["一", "二", "三"], en: ["one", "two", "three"]}
  sections: ["面接はこう準備しよう！ > 技術質問 (Technical Questions) > 2. システム設計 (System Design)"]
`

func TestLoadQuizBank(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		wantErr string // substring; "" means valid
		wantMC  int
	}{
		{name: "valid mixed", yaml: goodMC + goodOpen, wantMC: 1},
		{name: "answer zero is valid", yaml: goodMC, wantMC: 1},
		{name: "three choices", yaml: strings.Replace(goodMC, "    - {ja: \"D\", en: \"D\"}\n", "", 1), wantErr: "exactly 4 choices"},
		{name: "answer out of range", yaml: strings.Replace(goodMC, "answer: 0", "answer: 4", 1), wantErr: "0-based index"},
		{name: "missing answer", yaml: strings.Replace(goodMC, "  answer: 0\n", "", 1), wantErr: "0-based index"},
		{name: "repeated choice", yaml: strings.Replace(goodMC, `{ja: "D", en: "D"}`, `{ja: "A", en: "a"}`, 1), wantErr: "repeats"},
		{name: "no explanation", yaml: strings.Replace(goodMC, "  explanation: {ja: \"説明\", en: \"Because.\"}\n", "", 1), wantErr: "explanation"},
		{name: "open with answer", yaml: strings.Replace(goodOpen, "  key_points", "  answer: 1\n  key_points", 1), wantErr: "open question"},
		{name: "duplicate id", yaml: goodMC + strings.Replace(goodOpen, "sd-001", "db-001", 1), wantErr: "duplicate id"},
		{name: "duplicate question", yaml: goodOpen + strings.Replace(goodOpen, "sd-001", "sd-002", 1), wantErr: "same question"},
		{name: "bad id", yaml: strings.Replace(goodMC, "db-001", "DB_001", 1), wantErr: "id must be"},
		{name: "bad category", yaml: strings.Replace(goodMC, "category: databases", "category: cooking", 1), wantErr: "category"},
		{name: "bad difficulty", yaml: strings.Replace(goodMC, "difficulty: 1", "difficulty: 5", 1), wantErr: "difficulty"},
		{name: "missing english", yaml: strings.Replace(goodMC, `en: "What is the N+1 problem?"`, `en: ""`, 1), wantErr: "ja and en"},
		{name: "one key point", yaml: strings.Replace(goodMC, `en: ["one", "two"]`, `en: ["one"]`, 1), wantErr: "key_points.en"},
		{name: "no sections", yaml: strings.Replace(goodOpen, "  sections: [", "  other: [", 1), wantErr: "1-2 sections"},
		{name: "not yaml list", yaml: "id: x", wantErr: "parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"bank.yaml": {Data: []byte(tt.yaml)}}
			qs, err := LoadQuizBank(fsys, "bank.yaml")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			mc := 0
			for _, q := range qs {
				if q.MultipleChoice() {
					mc++
					if q.Correct() != 0 {
						t.Errorf("%s: Correct() = %d, want 0", q.ID, q.Correct())
					}
				} else if q.Correct() != -1 {
					t.Errorf("%s: open question Correct() = %d, want -1", q.ID, q.Correct())
				}
			}
			if mc != tt.wantMC {
				t.Errorf("multiple choice = %d, want %d", mc, tt.wantMC)
			}
		})
	}
}

func TestValidateQuizSections(t *testing.T) {
	fsys := fstest.MapFS{"bank.yaml": {Data: []byte(goodMC + goodOpen)}}
	qs, err := LoadQuizBank(fsys, "bank.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := ValidateQuizSections(qs, nil, knownSections(t)); err != nil {
		t.Fatalf("known sections rejected: %v", err)
	}
	qs[1].Sections = []string{"面接はこう準備しよう！ > 存在しない"}
	tips := []Tip{{ID: "tip-1", JA: "a", EN: "b", Section: "nowhere"}}
	err = ValidateQuizSections(qs, tips, knownSections(t))
	if err == nil || !strings.Contains(err.Error(), "sd-001") || !strings.Contains(err.Error(), "tip-1") {
		t.Fatalf("err = %v, want both the question and the tip named", err)
	}
}

func TestLoadTips(t *testing.T) {
	tests := []struct {
		name, yaml, wantErr string
	}{
		{"valid", "- {id: tip-001, category: performance, ja: あ, en: a, section: s}\n- {id: tip-002, category: career, ja: い, en: b, section: s}", ""},
		{"duplicate", "- {id: tip-001, ja: あ, en: a, section: s}\n- {id: tip-001, ja: い, en: b, section: s}", "duplicate id"},
		{"no english", "- {id: tip-001, ja: あ, section: s}", "ja and en"},
		{"no section", "- {id: tip-001, ja: あ, en: a}", "missing section"},
		{"empty", "[]", "no tips"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tips, err := LoadTips(fstest.MapFS{"tips.yaml": {Data: []byte(tt.yaml)}}, "tips.yaml")
			if tt.wantErr == "" {
				if err != nil || len(tips) != 2 {
					t.Fatalf("tips = %d, err = %v", len(tips), err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

// TestEmbeddedQuizBank validates the real, embedded bank and tips: every
// item well formed, every section in the guide, at least 120 questions and
// 60 multiple choice. It skips only while the writers have not committed
// the files yet.
func TestEmbeddedQuizBank(t *testing.T) {
	known := knownSections(t)
	qs, err := LoadQuizBank(QuizFS(), BankFile)
	written(t, BankFile, err)
	if err := ValidateQuizSections(qs, nil, known); err != nil {
		t.Error(err)
	}
	mc := 0
	for _, q := range qs {
		if q.MultipleChoice() {
			mc++
		}
	}
	if len(qs) < 120 || mc < 60 {
		t.Errorf("bank has %d items, %d multiple choice; want at least 120 and 60", len(qs), mc)
	}
	tips, err := LoadTips(QuizFS(), TipsFile)
	written(t, TipsFile, err)
	if err := ValidateQuizSections(nil, tips, known); err != nil {
		t.Error(err)
	}
}

// written skips t while content/quiz/name is not written yet and fails it
// on any other error loading it.
func written(t *testing.T, name string, err error) {
	t.Helper()
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("content/quiz/%s is not there yet", name)
	}
	if err != nil {
		t.Fatal(err)
	}
}
