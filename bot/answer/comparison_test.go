package answer

import (
	"slices"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/bot"
)

func TestComparedNames(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"Go or Rust?", []string{"go", "rust"}},
		{"Which is better, Go or Rust?", []string{"go", "rust"}},
		{"REST vs GraphQL", []string{"rest", "graphql"}},
		{"What is the difference between REST and GraphQL?", []string{"rest", "graphql"}},
		{"RESTとGraphQLの違いは？", []string{"rest", "graphql"}},
		{"Djangoとfastapiどっち", []string{"django", "fastapi"}},
		{"Python or Node.js for a beginner?", []string{"python", "node.js"}},
		{"SQL、NoSQL、どちらを学ぶべき？", []string{"sql", "nosql"}},
		// Not comparisons: no cue, or only one name.
		{"Docker and Kubernetes history", nil},
		{"What is REST?", nil},
		{"Is Go better?", nil},
		{"PythonでWeb開発するのとデータ分析の違い", nil},
	}
	for _, tt := range tests {
		if got := comparedNames(tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("comparedNames(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestGuideAnswersComparisonsWithBothSides(t *testing.T) {
	a := guideAnswerer(t, nil)
	tests := []struct {
		q     string
		lang  bot.Lang
		first string   // leads the answer
		want  []string // also in the answer
	}{
		{"Go or Rust?", bot.English, "Go:", []string{"Rust:"}},
		{"REST vs GraphQL", bot.English, "REST (Representational State Transfer)", []string{"GraphQL:"}},
		{"What is the difference between REST and GraphQL?", bot.English, "REST", []string{"GraphQL:"}},
		{"RESTとGraphQLの違いは？", bot.Japanese, "REST", []string{"GraphQL:", "Facebook"}},
		{"GoとRustどっちがいい？", bot.Japanese, "Go:", []string{"Rust:"}},
		{"SQLとNoSQLの違いは", bot.Japanese, "SQL (RDB)", []string{"NoSQL:"}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			reply, _ := mustAsk(t, a, bot.Question{Text: tt.q, Lang: tt.lang})
			if !strings.HasPrefix(reply.Text, tt.first) {
				t.Errorf("answer does not lead with %q:\n%s", tt.first, reply.Text)
			}
			for _, w := range tt.want {
				if !strings.Contains(reply.Text, w) {
					t.Errorf("answer lacks %q:\n%s", w, reply.Text)
				}
			}
			if n := strings.Count(reply.Text, "\n> "); n > maxQuotes {
				t.Errorf("%d quotes, want at most %d:\n%s", n, maxQuotes, reply.Text)
			}
		})
	}
}
