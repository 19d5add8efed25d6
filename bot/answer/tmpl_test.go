package answer

import (
	"strings"
	"testing"
	"testing/fstest"
	"text/template"
)

// The prompt renderer gives what text/template gives for every embedded
// prompt and for each construct it supports.
func TestPromptsRenderLikeTextTemplate(t *testing.T) {
	std := template.Must(template.New("").Funcs(template.FuncMap{
		"add": func(a, b int) int { return a + b },
	}).ParseFS(promptFS, "prompts/*.tmpl"))
	datas := []map[string]any{
		{"Language": "Japanese", "Question": "N+1問題とは？", "Passages": []passage{
			{N: 1, Section: "A > B", Document: "notes.md", Text: "本文1"},
			{N: 2, Section: "C", Text: "本文2"},
		}, "KeyPoints": []string{"索引", "結合"}, "Answers": []string{"JOINする", "キャッシュ"}},
		{"Language": "English"}, // no passages, no answers: else branches
	}
	for _, tm := range std.Templates() {
		if tm.Name() == "" {
			continue
		}
		for i, data := range datas {
			var want strings.Builder
			if err := std.ExecuteTemplate(&want, tm.Name(), data); err != nil {
				t.Fatal(err)
			}
			got, err := render(tm.Name(), data)
			if err != nil {
				t.Fatalf("%s #%d: %v", tm.Name(), i, err)
			}
			if got != want.String() {
				t.Errorf("%s #%d:\n got %q\nwant %q", tm.Name(), i, got, want.String())
			}
		}
	}
}

func TestTemplateSubset(t *testing.T) {
	funcs := template.FuncMap{"add": func(a, b int) int { return a + b }}
	data := map[string]any{"Name": "x", "Items": []string{"a", "b"}, "Empty": []int{}, "N": 0, "P": &passage{N: 3, Section: "S"}}
	for _, src := range []string{
		"{{.Name}} {{.Missing}}|{{.P.N}} {{.P.Section}}",
		"{{range .Items}}<{{.}}>{{end}}",
		"{{range $i, $a := .Items}}{{add $i 1}}={{$a}};{{end}}",
		"{{range $a := .Items}}{{$a}}{{end}}",
		"{{range .Empty}}x{{else}}none{{end}}",
		"{{if .N}}yes{{else}}no{{end}} {{if .Items}}items{{end}} {{if not .N}}zero{{end}}",
		"{{len .Items}} {{if eq .Name \"x\"}}same{{end}}",
		"a  {{- .Name -}}  b {{/* comment */}}c",
		"{{range .Items}}{{if eq . \"b\"}}[{{.}}]{{end}}{{end}}",
	} {
		want := new(strings.Builder)
		if err := template.Must(template.New("").Funcs(funcs).Parse(src)).Execute(want, data); err != nil {
			t.Fatal(err)
		}
		nodes, err := parseTemplate(src)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		got, err := promptSet{"t": nodes}.render("t", data)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if got != want.String() {
			t.Errorf("%q:\n got %q\nwant %q", src, got, want.String())
		}
	}
}

func TestTemplateErrors(t *testing.T) {
	for _, src := range []string{"{{if .X}}a", "{{end}}", "{{range}}{{end}}", "{{.X", "{{printf .X}}", "{{", "a{{else}}b"} {
		nodes, err := parseTemplate(src)
		if err == nil {
			_, err = promptSet{"t": nodes}.render("t", map[string]any{"X": 1})
		}
		if err == nil {
			t.Errorf("%q: no error", src)
		}
	}
	set, err := parsePrompts(fstest.MapFS{"p/a.tmpl": {Data: []byte("{{if .A}}")}}, "p/*.tmpl")
	if err == nil || set != nil {
		t.Errorf("a broken template parsed: %v", err)
	}
}
