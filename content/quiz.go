package content

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// quizFiles holds the study-group data: the question bank (quiz/bank.yaml)
// and the tips (quiz/tips.yaml). The whole directory is embedded so a new
// data file needs no code change.
//
//go:embed quiz
var quizFiles embed.FS

// Names of the embedded study-group data files.
const (
	BankFile = "bank.yaml"
	TipsFile = "tips.yaml"
)

// QuizCategories are the allowed question categories, in display order.
var QuizCategories = []string{
	"algorithms", "system-design", "databases", "networking", "api-design",
	"security", "infrastructure", "behavioral", "history", "career",
}

// Text is one piece of text in Japanese and English.
type Text struct {
	JA string `yaml:"ja"`
	EN string `yaml:"en"`
}

// Texts is a list of texts per language (key points).
type Texts struct {
	JA []string `yaml:"ja"`
	EN []string `yaml:"en"`
}

// QuizQuestion is one item of the question bank: multiple choice when it has
// choices, else an open (interview style) question answered in a thread.
type QuizQuestion struct {
	ID          string   `yaml:"id"`
	Category    string   `yaml:"category"`
	Difficulty  int      `yaml:"difficulty"`
	Question    Text     `yaml:"question"`
	Choices     []Text   `yaml:"choices"`
	Answer      *int     `yaml:"answer"` // pointer: 0 is a valid answer, absence is not
	Explanation Text     `yaml:"explanation"`
	KeyPoints   Texts    `yaml:"key_points"`
	Sections    []string `yaml:"sections"`
}

// MultipleChoice reports whether the question has options to click.
func (q QuizQuestion) MultipleChoice() bool { return len(q.Choices) > 0 }

// Correct returns the index of the correct choice, or -1 for open questions.
func (q QuizQuestion) Correct() int {
	if q.Answer == nil {
		return -1
	}
	return *q.Answer
}

// Tip is one short piece of advice drawn from the guide, with its section.
type Tip struct {
	ID       string `yaml:"id"`
	Category string `yaml:"category"`
	JA       string `yaml:"ja"`
	EN       string `yaml:"en"`
	Section  string `yaml:"section"`
}

// QuizFS returns the embedded study-group data directory (bank.yaml, tips.yaml).
func QuizFS() fs.FS {
	sub, err := fs.Sub(quizFiles, "quiz")
	if err != nil { // cannot happen: "quiz" is a valid embedded path
		panic(err)
	}
	return sub
}

// readList reads a YAML file holding a list of items; what names the file
// in errors.
func readList[T any](fsys fs.FS, name, what string) ([]T, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	var out []T
	if err := yaml.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("parse %s %s: %w", what, name, err)
	}
	return out, nil
}

// LoadQuizBank parses a question bank file and checks every item's shape.
// Section names are checked separately by ValidateQuizSections, which needs
// the parsed guide.
func LoadQuizBank(fsys fs.FS, name string) ([]QuizQuestion, error) {
	qs, err := readList[QuizQuestion](fsys, name, "question bank")
	if err != nil {
		return nil, err
	}
	if err := ValidateQuizBank(qs); err != nil {
		return nil, fmt.Errorf("question bank %s: %w", name, err)
	}
	return qs, nil
}

// LoadTips parses a tips file and checks every tip's shape.
func LoadTips(fsys fs.FS, name string) ([]Tip, error) {
	tips, err := readList[Tip](fsys, name, "tips")
	if err != nil {
		return nil, err
	}
	var errs []error
	seen := map[string]bool{}
	for i, t := range tips {
		where := fmt.Sprintf("tip %d (%s)", i+1, t.ID)
		switch {
		case t.ID == "":
			errs = append(errs, fmt.Errorf("%s: missing id", where))
		case seen[t.ID]:
			errs = append(errs, fmt.Errorf("%s: duplicate id", where))
		}
		seen[t.ID] = true
		if strings.TrimSpace(t.JA) == "" || strings.TrimSpace(t.EN) == "" {
			errs = append(errs, fmt.Errorf("%s: needs ja and en text", where))
		}
		if strings.TrimSpace(t.Section) == "" {
			errs = append(errs, fmt.Errorf("%s: missing section", where))
		}
	}
	if len(tips) == 0 {
		errs = append(errs, errors.New("no tips"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("tips %s: %w", name, err)
	}
	return tips, nil
}

var quizIDPattern = regexp.MustCompile(`^[a-z0-9-]{1,20}$`)

// ValidateQuizBank checks the bank's shape: ids, categories, difficulty,
// both languages, four distinct choices with one answer and an explanation
// for multiple choice, none of those for open questions, 2-4 key points,
// 1-2 sections, and no duplicate ids or questions. It reports every problem.
func ValidateQuizBank(qs []QuizQuestion) error {
	var errs []error
	seen := bankSeen{ids: map[string]bool{}, questions: map[string]string{}}
	for i, q := range qs {
		where := fmt.Sprintf("item %d (%s)", i+1, q.ID)
		validateQuestion(q, false, &seen, func(_ string, format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...)))
		})
	}
	return errors.Join(errs...)
}

// bankSeen is what earlier items used: ids and question texts.
type bankSeen struct {
	ids       map[string]bool
	questions map[string]string
}

// validateQuestion checks one item and reports each problem with the
// field it concerns. Team items (team) may use their own category names
// and may leave out sections: their file is their source.
func validateQuestion(q QuizQuestion, team bool, seen *bankSeen, bad func(field, format string, args ...any)) {
	if !quizIDPattern.MatchString(q.ID) {
		bad("id", "id must be 1-20 characters of a-z, 0-9 and -")
	}
	if seen.ids[q.ID] {
		bad("id", "duplicate id %q", q.ID)
	}
	seen.ids[q.ID] = true
	switch {
	case team && !quizIDPattern.MatchString(q.Category):
		bad("category", "category must be 1-20 characters of a-z, 0-9 and - (such as team or databases)")
	case !team && !slices.Contains(QuizCategories, q.Category):
		bad("category", "category %q is not one of %s", q.Category, strings.Join(QuizCategories, ", "))
	}
	if q.Difficulty < 1 || q.Difficulty > 3 {
		bad("difficulty", "difficulty must be 1, 2 or 3")
	}
	if blank(q.Question.JA) || blank(q.Question.EN) {
		bad("question", "question needs ja and en")
	}
	for _, text := range []string{q.Question.JA, q.Question.EN} {
		key := normalizeQuestion(text)
		if key == "" {
			continue
		}
		if other, ok := seen.questions[key]; ok && other != q.ID {
			bad("question", "same question as %s", other)
		}
		seen.questions[key] = q.ID
	}
	if q.MultipleChoice() {
		validateChoices(q, bad)
	} else if q.Answer != nil || !blank(q.Explanation.JA) || !blank(q.Explanation.EN) {
		bad("answer", "open question must not have answer or explanation")
	}
	for _, lang := range []string{"ja", "en"} {
		points := q.KeyPoints.JA
		if lang == "en" {
			points = q.KeyPoints.EN
		}
		if len(points) < 2 || len(points) > 4 {
			bad("key_points", "key_points.%s needs 2-4 items, has %d", lang, len(points))
		}
		for _, p := range points {
			if blank(p) {
				bad("key_points", "key_points.%s has an empty item", lang)
			}
		}
	}
	if min := 1 - boolInt(team); len(q.Sections) < min || len(q.Sections) > 2 {
		bad("sections", "needs %d-2 sections, has %d", min, len(q.Sections))
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func validateChoices(q QuizQuestion, bad func(string, string, ...any)) {
	if len(q.Choices) != 4 {
		bad("choices", "multiple choice needs exactly 4 choices, has %d", len(q.Choices))
	}
	seenJA, seenEN := map[string]bool{}, map[string]bool{}
	for n, c := range q.Choices {
		if blank(c.JA) || blank(c.EN) {
			bad("choices", "choice %d needs ja and en", n)
		}
		if seenJA[strings.TrimSpace(c.JA)] || seenEN[strings.ToLower(strings.TrimSpace(c.EN))] {
			bad("choices", "choice %d repeats another choice", n)
		}
		seenJA[strings.TrimSpace(c.JA)] = true
		seenEN[strings.ToLower(strings.TrimSpace(c.EN))] = true
	}
	if q.Answer == nil || *q.Answer < 0 || *q.Answer >= len(q.Choices) {
		bad("answer", "answer must be the 0-based index of one of the choices")
	}
	if blank(q.Explanation.JA) || blank(q.Explanation.EN) {
		bad("explanation", "multiple choice needs an explanation in ja and en")
	}
}

// ValidateQuizSections checks that every section an item or tip names is
// one of the known section titles (display heading paths of the guide).
func ValidateQuizSections(qs []QuizQuestion, tips []Tip, known map[string]bool) error {
	var errs []error
	for _, q := range qs {
		for _, s := range q.Sections {
			if !known[s] {
				errs = append(errs, fmt.Errorf("question %s: unknown section %q", q.ID, s))
			}
		}
	}
	for _, t := range tips {
		if !known[t.Section] {
			errs = append(errs, fmt.Errorf("tip %s: unknown section %q", t.ID, t.Section))
		}
	}
	return errors.Join(errs...)
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// normalizeQuestion makes near-identical question texts compare equal.
func normalizeQuestion(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Join(strings.Fields(s), " ")
}
