package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

const teamQuiz = `# our own questions
- id: team-001
  category: team
  difficulty: 1
  question:
    ja: "私たちのサービスで注文データを保存しているデータベースはどれですか？"
    en: "Which database stores our service's orders?"
  choices:
    - {ja: "PostgreSQL", en: "PostgreSQL"}
    - {ja: "MongoDB", en: "MongoDB"}
    - {ja: "Redis", en: "Redis"}
    - {ja: "DynamoDB", en: "DynamoDB"}
  answer: 0
  explanation: {ja: "注文はPostgreSQLです。", en: "Orders live in PostgreSQL."}
  key_points:
    ja: ["注文はPostgreSQL", "キャッシュはRedis"]
    en: ["Orders are in PostgreSQL", "Redis is only a cache"]
`

func TestLoadTeam(t *testing.T) {
	bank, err := LoadQuizBank(QuizFS(), BankFile)
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{"面接はこう準備しよう！ > 行動・経験に関する質問 (Behavioral Questions)": true}
	tests := []struct {
		name  string
		files map[string]string
		want  []string // substrings of the error; none: loads
		items int
	}{
		{name: "valid quiz and tips, sections optional", files: map[string]string{
			"team.quiz.yaml":    teamQuiz,
			"ops/our.tips.yaml": "- id: tip-ops-1\n  category: team\n  ja: \"障害時はまず #incident へ\"\n  en: \"In an outage, go to #incident first\"\n",
			"notes.md":          "# not yaml", ".hidden/x.quiz.yaml": "broken: [",
		}, items: 1},
		{name: "yaml syntax error names file and line", files: map[string]string{"team.quiz.yaml": "- id: a\n  category: team\n  question: [unclosed\n"},
			want: []string{"team.quiz.yaml", "line"}},
		{name: "missing field names the item's line", files: map[string]string{"team.quiz.yaml": teamQuiz + "- id: team-002\n  category: team\n  difficulty: 2\n"},
			want: []string{"team.quiz.yaml:18: question: question needs ja and en", "team.quiz.yaml:18: key_points"}},
		{name: "bad field names its line", files: map[string]string{"team.quiz.yaml": strings.Replace(teamQuiz, "difficulty: 1", "difficulty: 7", 1)},
			want: []string{"team.quiz.yaml:4: difficulty: difficulty must be 1, 2 or 3"}},
		{name: "unknown field", files: map[string]string{"team.quiz.yaml": strings.Replace(teamQuiz, "difficulty: 1", "dificulty: 1", 1)},
			want: []string{"team.quiz.yaml:4: dificulty: unknown field"}},
		{name: "id taken by the bank", files: map[string]string{"team.quiz.yaml": strings.Replace(teamQuiz, "team-001", "alg-001", 1)},
			want: []string{"team.quiz.yaml:2: id: duplicate id \"alg-001\""}},
		{name: "unknown section", files: map[string]string{"team.quiz.yaml": teamQuiz + "  sections: [\"No such chapter\"]\n"},
			want: []string{"team.quiz.yaml:18: sections: unknown guide section"}},
		{name: "not a list", files: map[string]string{"team.quiz.yaml": "id: x\n"}, want: []string{"team.quiz.yaml:1: the file must be a list"}},
		{name: "tip without english", files: map[string]string{"a.tips.yaml": "- id: t1\n  ja: \"こんにちは\"\n"}, want: []string{"a.tips.yaml:1: en: needs the tip in English"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, body := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(body)}
			}
			tc, err := LoadTeam(fsys, bank, known)
			if len(tt.want) == 0 {
				if err != nil || len(tc.Questions) != tt.items || tc.Questions[0].Category != "team" || len(tc.Tips) != 1 || tc.Tips[0].Section != "our.tips.yaml" {
					t.Fatalf("LoadTeam = %+v, %v", tc, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nwant it to contain %q", err, w)
				}
			}
		})
	}
}
