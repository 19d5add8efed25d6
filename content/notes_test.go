package content

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func sectionTitles(d Document) []string {
	var out []string
	for _, s := range d.Sections {
		out = append(out, s.Title)
	}
	return out
}

// parseNote parses note, failing t unless it parses into sections with
// the titles want.
func parseNote(t *testing.T, name, note string, want ...string) Document {
	t.Helper()
	d, err := ParseNote(name, []byte(note))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sectionTitles(d), want) {
		t.Fatalf("sections %q, want %q", sectionTitles(d), want)
	}
	return d
}

func TestNoteSetextHeadings(t *testing.T) {
	note := "Team notes\n==========\n\nintro\n\nDeploys\n-------\n\nWe deploy on Tuesdays.\n\nRollbacks\nand hotfixes\n---\n\nRevert first.\n"
	d := parseNote(t, "team.md", note, "Team notes", "Deploys", "Rollbacks and hotfixes")
	if d.Title != "Team notes" {
		t.Errorf("title %q, want the setext H1", d.Title)
	}
	for _, s := range d.Sections {
		if strings.Contains(s.Body, "---") || strings.Contains(s.Body, "===") {
			t.Errorf("section %q keeps an underline in its body: %q", s.Title, s.Body)
		}
	}
	if s, _ := d.SectionByTitle("Deploys"); s.Body != "We deploy on Tuesdays." || s.Level != 2 {
		t.Errorf("Deploys: level %d body %q", s.Level, s.Body)
	}
}

func TestNoteFencesOfBothKinds(t *testing.T) {
	note := "# Runbook\n\n## Restart\n\n~~~markdown\n```sh\n# not a heading\n```\n## nor this\n~~~\n\n```\n~~~\n# still code\n```\n\n## After\n\ndone\n"
	d := parseNote(t, "runbook.md", note, "Restart", "After")
	restart, _ := d.SectionByTitle("Restart")
	for _, code := range []string{"# not a heading", "## nor this", "# still code"} {
		if !strings.Contains(restart.Body, code) {
			t.Errorf("Restart's body lacks the code line %q:\n%s", code, restart.Body)
		}
	}
	// The chunker keeps each fenced block whole, ~~~ holding ``` included.
	var joined []string
	for _, c := range d.Chunks {
		joined = append(joined, c.Text)
	}
	if all := strings.Join(joined, "\n"); !strings.Contains(all, "# not a heading\n## nor this") {
		t.Errorf("the ~~~ block was split across chunks:\n%s", all)
	}
}

func TestNoteCRLFFrontMatter(t *testing.T) {
	note := "---\r\ntitle: On-call handbook\r\nslug: oncall\r\ntags: [ops, pager]\r\n---\r\n# Pages\r\n\r\nAck within 5 minutes.\r\n\r\nEscalation\r\n----------\r\n\r\nCall the lead.\r\n"
	d := parseNote(t, "oncall.md", note, "On-call handbook", "Escalation")
	if d.Title != "On-call handbook" || d.Slug != "oncall" || !slices.Equal(d.Tags, []string{"ops", "pager"}) {
		t.Errorf("front matter: title %q slug %q tags %q", d.Title, d.Slug, d.Tags)
	}
	// The only H1 is the document's heading: the text under it is the
	// document's own section, named by the front matter's title.
	for _, s := range d.Sections {
		if strings.Contains(s.Body, "\r") || strings.Contains(s.Body, "title:") {
			t.Errorf("section %q body %q", s.Title, s.Body)
		}
	}
}

// Only top-level headings make sections: one in a list item or a quote is
// part of the text, as CommonMark nests it.
func TestNoteNestedHeadingsAreText(t *testing.T) {
	note := "## Steps\n\n- one\n- # big item\n\n> ## quoted\n\n   ### Indented three\n\ntext\n"
	parseNote(t, "n.md", note, "Steps", "Steps > Indented three")
}

// BACKEND_TIP_CONTENT_DIR goes through the CommonMark parser.
func TestLoadDirParsesNotesWithCommonMark(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte("Alpha\n=====\n\nbody\n\nBeta\n----\n\nmore\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	docs, err := LoadDir(dir)
	if err != nil || len(docs) != 1 {
		t.Fatalf("%d docs, err %v", len(docs), err)
	}
	if want := []string{"Alpha", "Beta"}; !slices.Equal(sectionTitles(docs[0]), want) {
		t.Errorf("sections %q, want %q", sectionTitles(docs[0]), want)
	}
	if _, err := LoadDir(filepath.Join(dir, "missing")); !errors.Is(err, ErrNoDir) {
		t.Errorf("a missing folder: %v, want ErrNoDir", err)
	}
	if _, err := LoadDir(filepath.Join(dir, "a.md")); !errors.Is(err, ErrNoDir) {
		t.Errorf("a file as the folder: %v, want ErrNoDir", err)
	}
}
