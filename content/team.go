package content

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Team-owned study content lives beside the team's markdown notes in
// BACKEND_TIP_CONTENT_DIR: `*.quiz.yaml` files hold quiz items and
// `*.tips.yaml` files hold tips, in the bank's schema. A team item may use
// its own category (such as "team") and may leave out `sections`: the file
// is its source. Files are checked at start-up; every problem is reported
// as "file:line: field: what is wrong", read from the YAML nodes.

// Team content file suffixes.
const (
	TeamQuizSuffix = ".quiz.yaml"
	TeamTipsSuffix = ".tips.yaml"
)

// MaxTeamFileBytes bounds one team file.
const MaxTeamFileBytes = 1 << 20

// TeamContent is what BACKEND_TIP_CONTENT_DIR adds to the bank and tips.
type TeamContent struct {
	Questions []QuizQuestion
	Tips      []Tip
}

// LoadTeamDir reads the team's files from dir on disk.
func LoadTeamDir(dir string, bank []QuizQuestion, known map[string]bool) (TeamContent, error) {
	tc, err := LoadTeam(os.DirFS(dir), bank, known)
	if err != nil {
		return TeamContent{}, fmt.Errorf("content dir %s: %w", dir, err)
	}
	return tc, nil
}

// LoadTeam reads every *.quiz.yaml and *.tips.yaml under fsys (hidden
// folders skipped). bank is the built-in bank (team ids and questions must
// not repeat it); known, when not nil, are the guide's section titles that
// a team item's sections must name. Any problem fails the whole load.
func LoadTeam(fsys fs.FS, bank []QuizQuestion, known map[string]bool) (TeamContent, error) {
	files, err := visibleFiles(fsys)
	if err != nil {
		return TeamContent{}, fmt.Errorf("list team content: %w", err)
	}
	var quizNames, tipNames []string
	for _, p := range files {
		switch name := strings.ToLower(path.Base(p)); {
		case strings.HasSuffix(name, TeamQuizSuffix):
			quizNames = append(quizNames, p)
		case strings.HasSuffix(name, TeamTipsSuffix):
			tipNames = append(tipNames, p)
		}
	}
	seen := bankSeen{ids: map[string]bool{}, questions: map[string]string{}}
	for _, q := range bank {
		seen.ids[q.ID] = true
		seen.questions[normalizeQuestion(q.Question.JA)] = q.ID
		seen.questions[normalizeQuestion(q.Question.EN)] = q.ID
	}
	var tc TeamContent
	var errs []error
	for _, name := range quizNames {
		qs, err := loadTeamQuiz(fsys, name, &seen, known)
		errs = append(errs, err)
		tc.Questions = append(tc.Questions, qs...)
	}
	tipIDs := map[string]bool{}
	for _, name := range tipNames {
		tips, err := loadTeamTips(fsys, name, tipIDs, known)
		errs = append(errs, err)
		tc.Tips = append(tc.Tips, tips...)
	}
	if err := errors.Join(errs...); err != nil {
		return TeamContent{}, err
	}
	return tc, nil
}

// teamItems reads name as a YAML sequence of mappings and returns the
// item nodes.
func teamItems(fsys fs.FS, name string) ([]*yaml.Node, error) {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if fi.Size() > MaxTeamFileBytes {
		return nil, fmt.Errorf("%s: %d bytes is over the %d byte limit", name, fi.Size(), MaxTeamFileBytes)
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		// yaml.v3 says "yaml: line N: ..." already.
		return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s:1: the file is empty; it needs a list of items (- id: ...)", name)
	}
	list := doc.Content[0]
	if list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: the file must be a list of items (- id: ...)", name, list.Line)
	}
	if len(list.Content) == 0 {
		return nil, fmt.Errorf("%s:%d: the list has no items", name, list.Line)
	}
	return list.Content, nil
}

// fieldLines maps an item's keys to their lines; unknown keys are errors.
func fieldLines(name string, item *yaml.Node, allowed []string) (map[string]int, []error) {
	lines := map[string]int{}
	var errs []error
	if item.Kind != yaml.MappingNode {
		return lines, []error{fmt.Errorf("%s:%d: each item must be a mapping of fields (id: ..., question: ...)", name, item.Line)}
	}
	for i := 0; i+1 < len(item.Content); i += 2 {
		key := item.Content[i]
		lines[key.Value] = key.Line
		found := false
		for _, a := range allowed {
			found = found || a == key.Value
		}
		if !found {
			errs = append(errs, fmt.Errorf("%s:%d: %s: unknown field (allowed: %s)", name, key.Line, key.Value, strings.Join(allowed, ", ")))
		}
	}
	return lines, errs
}

var quizFields = []string{"id", "category", "difficulty", "question", "choices", "answer", "explanation", "key_points", "sections"}

func loadTeamQuiz(fsys fs.FS, name string, seen *bankSeen, known map[string]bool) ([]QuizQuestion, error) {
	return decodeTeamItems(fsys, name, quizFields, func(q *QuizQuestion, bad badFunc) {
		validateQuestion(*q, true, seen, bad)
		for _, s := range q.Sections {
			if known != nil && !known[s] {
				bad("sections", "unknown guide section %q", s)
			}
		}
	})
}

var tipFields = []string{"id", "category", "ja", "en", "section"}

func loadTeamTips(fsys fs.FS, name string, ids map[string]bool, known map[string]bool) ([]Tip, error) {
	return decodeTeamItems(fsys, name, tipFields, func(t *Tip, bad badFunc) {
		switch {
		case !quizIDPattern.MatchString(t.ID):
			bad("id", "id must be 1-20 characters of a-z, 0-9 and -")
		case ids[t.ID]:
			bad("id", "duplicate id %q", t.ID)
		}
		ids[t.ID] = true
		if blank(t.JA) {
			bad("ja", "needs the tip in Japanese")
		}
		if blank(t.EN) {
			bad("en", "needs the tip in English")
		}
		if t.Section != "" && known != nil && !known[t.Section] {
			bad("section", "unknown guide section %q", t.Section)
		}
		if t.Section == "" {
			t.Section = path.Base(name) // the file is the source
		}
	})
}

// badFunc reports a problem with one field of a team item.
type badFunc = func(field, format string, args ...any)

// decodeTeamItems decodes each item of a team file into a T and has check
// validate (and complete) it; every problem is reported at its line, the
// item's own line when the field is missing.
func decodeTeamItems[T any](fsys fs.FS, name string, fields []string, check func(v *T, bad badFunc)) ([]T, error) {
	items, err := teamItems(fsys, name)
	if err != nil {
		return nil, err
	}
	var out []T
	var errs []error
	for _, item := range items {
		lines, ferrs := fieldLines(name, item, fields)
		errs = append(errs, ferrs...)
		if item.Kind != yaml.MappingNode {
			continue
		}
		var v T
		if err := item.Decode(&v); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %s", name, item.Line, strings.TrimPrefix(err.Error(), "yaml: ")))
			continue
		}
		check(&v, func(field, format string, args ...any) {
			line, ok := lines[field]
			if !ok {
				line = item.Line // a missing field: the item's own line
			}
			errs = append(errs, fmt.Errorf("%s:%d: %s: %s", name, line, field, fmt.Sprintf(format, args...)))
		})
		out = append(out, v)
	}
	return out, errors.Join(errs...)
}
