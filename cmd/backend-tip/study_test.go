package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/internal/testkit"

	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/internal/fakeopenai"
)

// teamBank writes a team *.quiz.yaml of five multiple-choice items of the
// category "team"; answers[i] is item i's correct choice.
func teamBank(t *testing.T, answers []int) (dir string, questions []string) {
	t.Helper()
	dir = t.TempDir()
	var b strings.Builder
	for i, a := range answers {
		q := fmt.Sprintf("Which port does our internal service number %d listen on?", i+1)
		questions = append(questions, q)
		fmt.Fprintf(&b, `- id: team-%03d
  category: team
  difficulty: 1
  question: {ja: "社内サービス%dのポート番号はどれですか？", en: %q}
  choices:
    - {ja: "8%03d", en: "8%03d"}
    - {ja: "9%03d", en: "9%03d"}
    - {ja: "7%03d", en: "7%03d"}
    - {ja: "6%03d", en: "6%03d"}
  answer: %d
  explanation: {ja: "README に書いてあります。", en: "It is in the README."}
  key_points: {ja: ["READMEを見る", "ポートは固定"], en: ["Read the README", "The port is fixed"]}
`, i+1, i+1, q, i, i, i, i, i, i, i, i, a)
	}
	if err := os.WriteFile(filepath.Join(dir, "ours.quiz.yaml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, questions
}

// TestChatStudyAcceptance is issue 14's acceptance through the console
// chat alone: five team quiz items answered (two wrong), then quiz review
// lists exactly the missed ones; a behavioral interview answered "I fixed a
// bug." names the missing STAR parts; progress names the three roadmap
// steps with a figure each; quiz leaderboard week shows a board.
func TestChatStudyAcceptance(t *testing.T) {
	for _, mode := range []string{"-json", "plain"} {
		t.Run(mode, func(t *testing.T) { chatStudyAcceptance(t, mode == "-json") })
	}
}

func chatStudyAcceptance(t *testing.T, asJSON bool) {
	answers := []int{0, 1, 0, 2, 0} // the member always clicks A (choice 0)
	dir, questions := teamBank(t, answers)
	env := map[string]string{"BACKEND_TIP_CONTENT_DIR": dir, "BACKEND_TIP_LANG": "en", "BACKEND_TIP_TIMEZONE": "Asia/Tokyo"}
	in := strings.Repeat("quiz team\n1\n", 5) + "quiz answer\nquiz review\ninterview behavioral\nI fixed a bug.\nprogress\nquiz leaderboard week\n"
	args := []string{"chat", "--now", "2026-12-01T09:00"}
	if asJSON {
		args = []string{"chat", "-json", "--now", "2026-12-01T09:00"}
	}
	code, out, errOut := execCLI(t, env, in, args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if asJSON {
		// Bold markers aside (the console strips them), the same text.
		out = strings.ReplaceAll(jsonAnswers(t, out, len(questions)), "**", "")
	}
	for _, q := range questions {
		if strings.Count(out, q) < 2 { // asked, and revealed
			t.Errorf("team question %q not asked by `quiz team`:\n%s", q, out)
		}
	}
	review := section(t, out, "Review (", "Review question")
	if !strings.Contains(review, "(2 due)") {
		t.Errorf("review should list the two missed items:\n%s", review)
	}
	for i, q := range questions {
		if got, want := strings.Contains(review, q), answers[i] != 0; got != want {
			t.Errorf("item %d (answer %d) listed=%v, want %v:\n%s", i+1, answers[i], got, want, review)
		}
	}
	if !strings.Contains(out, "STAR parts missing: Situation, Task, Result") {
		t.Errorf("interview feedback does not name the missing STAR parts:\n%s", out)
	}
	facts, err := content.GuideFacts()
	if err != nil || len(facts.Steps) != 3 {
		t.Fatalf("guide facts: %d steps, %v", len(facts.Steps), err)
	}
	for i, st := range facts.Steps {
		step := fmt.Sprintf("Step %d: %s", i+1, st.Name.EN)
		if !regexp.MustCompile(regexp.QuoteMeta("• "+step+": ") + `[0-9.]+%`).MatchString(out) {
			t.Errorf("progress lacks %q with a figure:\n%s", step, out)
		}
	}
	board := out[strings.LastIndex(out, "Leaderboard this week"):]
	if !strings.Contains(board, "1. you: 3/5 correct") {
		t.Errorf("leaderboard week:\n%s", board)
	}
}

// jsonAnswers checks that every line of chat -json output is one reply
// object, that the team's questions came with their four buttons, and
// returns the replies' texts, one after another.
func jsonAnswers(t *testing.T, out string, questions int) string {
	t.Helper()
	var texts []string
	withButtons := 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct {
			Answer  string   `json:"answer"`
			Buttons []string `json:"buttons"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil || r.Answer == "" {
			t.Fatalf("line is not a reply object (%v): %s", err, line)
		}
		if strings.Contains(r.Answer, "Which port does our internal service") && len(r.Buttons) == 4 {
			withButtons++
		}
		texts = append(texts, r.Answer)
	}
	if withButtons < questions {
		t.Errorf("%d team questions came with 4 buttons, want %d", withButtons, questions)
	}
	return strings.Join(texts, "\n")
}

// section returns the text of out from the first from to the next to.
func section(t *testing.T, out, from, to string) string {
	t.Helper()
	i := strings.Index(out, from)
	if i < 0 {
		t.Fatalf("no %q in:\n%s", from, out)
	}
	j := strings.Index(out[i:], to)
	if j < 0 {
		return out[i:]
	}
	return out[i : i+j]
}

func TestMalformedTeamFileStopsStartup(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{"- id: x1\n  category: team\n  question: [oops\n", "broken.quiz.yaml"},
		{"- id: x1\n  category: team\n  difficulty: 9\n", "broken.quiz.yaml:3: difficulty"},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "broken.quiz.yaml"), []byte(tt.body), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := execCLI(t, map[string]string{"BACKEND_TIP_CONTENT_DIR": dir}, "quiz\n", "chat", "-json")
		if code != exitError || !strings.Contains(errOut, tt.want) || !strings.Contains(errOut, "line") && !strings.Contains(errOut, ":3:") {
			t.Errorf("exit %d, stderr:\n%s\nwant it to name %q and a line; stdout:\n%s", code, errOut, tt.want, out)
		}
	}
}

// TestChatInterviewWithModel: with an LLM configured, the interview answer
// is graded by the rubric prompt; what the model says is kept inside the
// rubric (its STAR verdict and comment shown, its invented points not).
func TestChatInterviewWithModel(t *testing.T) {
	f := fakeopenai.New(t)
	rubric := `{"covered":["an invented point"],"missing":[],"star":{"Situation":true,"Task":false,"Action":true,"Result":false},"section":"nowhere","comment":"Say what the result was. @everyone"}`
	f.Complete = func(w http.ResponseWriter, _ *http.Request, _ int) { fakeopenai.Completion(w, rubric) }
	env := map[string]string{"OPENAI_BASE_URL": f.URL + "/v1", "BACKEND_TIP_CHAT_MODEL": "fake-model"}
	env["BACKEND_TIP_LANG"] = "en"
	code, out, errOut := execCLI(t, env, "interview behavioral\nWhen our deploys kept failing I fixed a bug.\n", "chat")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	testkit.WantContains(t, "feedback", out, "STAR parts missing: Task, Result", "💬 Say what the result was.", "📖 Reread:「")
	for _, bad := range []string{"an invented point", "nowhere", "@everyone"} {
		if strings.Contains(out, bad) {
			t.Errorf("feedback carries the model's %q:\n%s", bad, out)
		}
	}
	graded := false
	reqs := f.Requests()
	for _, r := range reqs {
		if !r.Stream && strings.Contains(r.Messages[0].Content, "mock backend-developer interview") {
			graded = strings.Contains(r.Messages[len(r.Messages)-1].Content, "When our deploys kept failing I fixed a bug.")
		}
	}
	if !graded {
		t.Errorf("no rubric request with the answer among %d model calls", len(reqs))
	}
}
