package content

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"
)

// guideDoc is the Japanese edition; guideDocs both, Japanese first.
func guideDoc(t *testing.T) Document { return guideDocs(t)[0] }

func guideDocs(t *testing.T) []Document {
	t.Helper()
	docs, err := LoadGuide()
	if err != nil {
		t.Fatalf("load guide: %v", err)
	}
	if len(docs) != 2 {
		t.Fatalf("want 2 embedded editions, got %d", len(docs))
	}
	if docs[0].Source != GuideName || docs[0].Lang != LangJA || docs[1].Source != GuideNameEN || docs[1].Lang != LangEN {
		t.Fatalf("editions: %s/%s, %s/%s", docs[0].Source, docs[0].Lang, docs[1].Source, docs[1].Lang)
	}
	return docs
}

// The quiz bank references sections by these exact strings.
func TestGuideSectionPaths(t *testing.T) {
	f, err := os.Open("testdata/section_paths.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc := guideDoc(t)
	got := map[string]bool{}
	for _, s := range doc.Sections {
		got[s.Title] = true
		if s.Title != strings.Join(s.Path, " > ") {
			t.Errorf("section %q: title is not its path joined", s.Title)
		}
	}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		want := strings.TrimSpace(sc.Text())
		if want == "" {
			continue
		}
		n++
		if !got[want] {
			t.Errorf("section path %q not produced", want)
		}
		if _, ok := doc.SectionByTitle(want); !ok {
			t.Errorf("SectionByTitle(%q) not found", want)
		}
	}
	if n != len(doc.Sections) {
		t.Errorf("want %d sections, got %d", n, len(doc.Sections))
	}
}

func TestGuideMetadataAndChunks(t *testing.T) {
	doc := guideDoc(t)
	if doc.Source != GuideName || doc.Slug != "backend_developer_guide" || !strings.Contains(doc.Title, "Backend Developer") {
		t.Errorf("metadata: source %q slug %q title %q", doc.Source, doc.Slug, doc.Title)
	}
	if len(doc.Tags) == 0 || doc.Tags[0] != "Go" {
		t.Errorf("tags: %v", doc.Tags)
	}
	anchors := map[string]bool{}
	for _, s := range doc.Sections {
		if anchors[s.Anchor] {
			t.Errorf("duplicate anchor %q", s.Anchor)
		}
		anchors[s.Anchor] = true
	}
	ids := map[string]bool{}
	for i, c := range doc.Chunks {
		if n := utf8.RuneCountInString(c.Text); n == 0 || n > MaxChunkRunes {
			t.Errorf("chunk %d: %d runes", i, n)
		}
		if ids[c.ID] {
			t.Errorf("duplicate chunk id %s", c.ID)
		}
		ids[c.ID] = true
		if c.Order != i || c.Source != GuideName || c.Section == "" || c.Anchor == "" || c.Lang != LangJA {
			t.Errorf("chunk %d: %+v", i, c)
		}
		for _, bad := range []string{"**", "`", "\n>", "1️⃣"} {
			if strings.Contains(c.Text, bad) {
				t.Errorf("chunk %d keeps markup %q: %s", i, bad, c.Text)
			}
		}
	}
	again := guideDoc(t)
	for i := range doc.Chunks {
		if doc.Chunks[i].ID != again.Chunks[i].ID {
			t.Fatalf("chunk ids are not stable")
		}
	}
}

func TestExplicitAnchorsAndLang(t *testing.T) {
	for _, tc := range []struct {
		name, src                  string
		wantLang, wantTitle, wantA string
	}{
		{"guide.en.md", "# T\n\n## 1️⃣ The Roles 🎯 {#roles}\n\ntext", LangEN, "The Roles", "roles"},
		{"guide.md", "## 役割 {#roles}\n\n本文です。", LangJA, "役割", "roles"},
		{"notes.md", "---\nlang: ja\n---\n## Notes {#n_1}\n\nplain English", LangJA, "Notes", "n_1"},
		{"notes.md", "## Setup\n\nEnglish text that quotes バックエンド once.", LangEN, "Setup", "setup"},
		{"notes.md", "## Bad {#not an id}\n\nx", LangEN, "Bad {#not an id}", "bad-not-an-id"},
	} {
		t.Run(tc.name+" "+tc.wantA, func(t *testing.T) {
			doc, err := Parse(tc.name, []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			last := doc.Sections[len(doc.Sections)-1]
			if doc.Lang != tc.wantLang || last.Title != tc.wantTitle || last.Anchor != tc.wantA {
				t.Errorf("lang %q title %q anchor %q; want %q %q %q", doc.Lang, last.Title, last.Anchor, tc.wantLang, tc.wantTitle, tc.wantA)
			}
			for _, c := range doc.Chunks {
				if c.Lang != tc.wantLang {
					t.Errorf("chunk lang %q", c.Lang)
				}
			}
		})
	}
	doc, err := Parse("dup.md", []byte("## A {#x}\n\na\n\n## B {#x}\n\nb"))
	if err != nil || doc.Sections[0].Anchor != "x" || doc.Sections[1].Anchor != "x-1" {
		t.Errorf("repeated explicit id: %v %+v", err, doc.Sections)
	}
	if doc.Slug != "dup" {
		t.Errorf("slug %q", doc.Slug)
	}
	en, _ := Parse("guide.en.md", []byte("## A\n\ntext"))
	if en.Slug != "guide" {
		t.Errorf("the English edition's slug is the base name without .en: %q", en.Slug)
	}
}

func TestChunkBlocksSplitEnglishSentences(t *testing.T) {
	long := strings.Repeat("This sentence is about backend work. ", 40)
	doc, err := Parse("g.en.md", []byte("## S\n\nfirst block\n\n"+long+"\n\nthird block"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := map[int]int{}
	for _, c := range doc.Chunks {
		blocks[c.Block]++
		if c.Block == 1 && !strings.HasSuffix(c.Text, "work.") {
			t.Errorf("English text cut mid-sentence: ...%q", c.Text[max(0, len(c.Text)-20):])
		}
	}
	if len(blocks) != 3 || blocks[0] != 1 || blocks[1] < 2 || blocks[2] != 1 {
		t.Errorf("chunks per block: %v", blocks)
	}
}

// Twins share Twin and SectionKey across the editions, and nothing else does.
func TestChunkTwinKeys(t *testing.T) {
	docs := guideDocs(t)
	langs := map[string]map[string]bool{}
	for _, d := range docs {
		for _, c := range d.Chunks {
			if c.Twin != fmt.Sprintf("backend_developer_guide#%s/%d", c.Anchor, c.Block) || c.SectionKey() != "backend_developer_guide#"+c.Anchor {
				t.Fatalf("chunk keys: twin %q section %q", c.Twin, c.SectionKey())
			}
			if langs[c.Twin] == nil {
				langs[c.Twin] = map[string]bool{}
			}
			langs[c.Twin][c.Lang] = true
		}
	}
	for twin, l := range langs {
		if !l[LangJA] || !l[LangEN] {
			t.Errorf("passage %s is in one edition only: %v", twin, l)
		}
	}
	if got := (Chunk{Source: "a.md", Anchor: "x"}).SectionKey(); got != "a.md#x" {
		t.Errorf("SectionKey without Twin: %q", got)
	}
}

func TestCleanHeading(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"1️⃣ 導入: デジタル世界の舞台裏を支える、静かなる巨人 🏗️", "導入: デジタル世界の舞台裏を支える、静かなる巨人"},
		{"**Hard Skills (テクニカルスキル)**", "Hard Skills (テクニカルスキル)"},
		{"🛠️  `必須`   スキル__セット__", "必須 スキルセット"},
		{"#️⃣ 👩🏽‍💻 [リンク](http://x) ✨", "リンク"},
		{"plain", "plain"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := CleanHeading(tc.in); got != tc.want {
				t.Errorf("CleanHeading(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseDocuments(t *testing.T) {
	long := strings.Repeat("これは長い文です。", 120)
	fsys := fstest.MapFS{
		"notes/team.md":  {Data: []byte("---\ntitle: Team notes\ntags: [ops]\n---\n# Team notes\n\nintro\n\n## On-call\n\n" + long + "\n\n```\n# not a heading\n```\n")},
		"plain.markdown": {Data: []byte("no headings at all\n\nsecond paragraph")},
		"broken.md":      {Data: []byte("---\ntitle: [unclosed\n---\nbody")},
		"skip.txt":       {Data: []byte("not markdown")},
		"bad-utf8.md":    {Data: []byte("## 見出し\n\n\xff\xfe text")},
	}
	docs, err := Load(fsys)
	if err == nil || !strings.Contains(err.Error(), "broken.md") {
		t.Errorf("want an error naming broken.md, got %v", err)
	}
	bySource := map[string]Document{}
	for _, d := range docs {
		bySource[d.Source] = d
	}
	if len(docs) != 3 {
		t.Fatalf("want 3 documents, got %d", len(docs))
	}
	team := bySource["notes/team.md"]
	if team.Title != "Team notes" || len(team.Tags) != 1 {
		t.Errorf("front matter: %+v", team)
	}
	if _, ok := team.SectionByTitle("On-call"); !ok {
		t.Errorf("On-call section missing: %+v", team.Sections)
	}
	var long600 int
	for _, c := range team.Chunks {
		if n := utf8.RuneCountInString(c.Text); n > MaxChunkRunes {
			t.Errorf("chunk over limit: %d", n)
		}
		if c.Section == "On-call" {
			long600++
		}
	}
	if long600 < 2 {
		t.Errorf("long paragraph not split: %d chunks", long600)
	}
	plain := bySource["plain.markdown"]
	if plain.Title != "plain" || len(plain.Chunks) != 2 || plain.Chunks[0].Section != "plain" {
		t.Errorf("plain doc: %+v", plain)
	}
	if bad := bySource["bad-utf8.md"]; len(bad.Chunks) != 1 || !utf8.ValidString(bad.Chunks[0].Text) {
		t.Errorf("invalid utf-8 doc: %+v", bad)
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/a.md", []byte("## A\n\ntext"), 0o600); err != nil {
		t.Fatal(err)
	}
	docs, err := LoadDir(dir)
	if err != nil || len(docs) != 1 || docs[0].Source != "a.md" {
		t.Fatalf("LoadDir: %v %+v", err, docs)
	}
	if _, err := LoadDir(dir + "/missing"); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing dir: %v", err)
	}
}

func FuzzChunkText(f *testing.F) {
	f.Add("## a\n\ntext。more text\n\n- item\n- item")
	f.Add(strings.Repeat("あ", 1500))
	f.Add("> quote\n> **bold** `code`\n\n---\n\n```\n# x\n```")
	f.Add("\xff\xfe。\n\n\n")
	f.Fuzz(func(t *testing.T, body string) {
		for _, c := range ChunkText(body) {
			if n := utf8.RuneCountInString(c); n == 0 || n > MaxChunkRunes {
				t.Fatalf("chunk of %d runes", n)
			}
			if strings.TrimSpace(c) != c {
				t.Fatalf("chunk not trimmed: %q", c)
			}
		}
		doc, err := Parse("fuzz.md", []byte(body))
		if err != nil {
			return
		}
		for _, c := range doc.Chunks {
			if !utf8.ValidString(c.Text) {
				t.Fatalf("invalid utf-8 chunk %q", c.Text)
			}
		}
	})
}

func TestSplitLongKeepsItemsWhole(t *testing.T) {
	item := func(name string, n int) string { return "  - " + name + ": " + strings.Repeat("x", n) + "。" }
	tests := []struct {
		name string
		in   string
		max  int
		want []string
	}{
		{"short stays one piece", "a。b。", 10, []string{"a。b。"}},
		{"items are not cut between their sentences",
			"1. path\n" + item("A", 20) + "\n" + item("B", 8) + "two。",
			40,
			[]string{"1. path\n" + item("A", 20), "1. path\n" + item("B", 8) + "two。"}},
		{"a long line splits at sentence ends",
			strings.Repeat("x", 8) + "。" + strings.Repeat("y", 8) + "。",
			12,
			[]string{strings.Repeat("x", 8) + "。", strings.Repeat("y", 8) + "。"}},
		{"a long sentence is cut hard", strings.Repeat("z", 25), 10,
			[]string{strings.Repeat("z", 10), strings.Repeat("z", 10), strings.Repeat("z", 5)}},
		{"a parent that says something is not repeated",
			"- Lead sentence ends here.\n" + item("A", 20) + "\n" + item("B", 20),
			60,
			[]string{"- Lead sentence ends here.\n" + item("A", 20), strings.TrimSpace(item("B", 20))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitLong(tt.in, tt.max)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("splitLong:\n got %q\nwant %q", got, tt.want)
			}
			for _, p := range got {
				if n := utf8.RuneCountInString(p); n > tt.max {
					t.Errorf("piece of %d runes over %d: %q", n, tt.max, p)
				}
			}
		})
	}
}
