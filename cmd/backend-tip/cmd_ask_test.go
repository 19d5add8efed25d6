package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/backend-tip/backend-tip/internal/testkit"

	"github.com/backend-tip/backend-tip/config"
	"github.com/backend-tip/backend-tip/internal/fakeopenai"
)

// execCLI runs the command line like a process would, with env only.
func execCLI(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	if _, ok := env["BACKEND_TIP_DATA_DIR"]; !ok {
		env["BACKEND_TIP_DATA_DIR"] = t.TempDir()
	}
	env["BACKEND_TIP_LOG_LEVEL"] = "warn"
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb, config.MapLookup(env))
	return code, out.String(), errb.String()
}

// chatFake is the shared OpenAI-compatible fake answering every streamed
// call with answer, sentence by sentence; with status set every chat call
// fails with it.
type chatFake struct {
	*fakeopenai.Server
	status atomic.Int32
}

func newChatFake(t *testing.T, answer string) *chatFake {
	f := &chatFake{Server: fakeopenai.New(t)}
	fail := func(w http.ResponseWriter) bool {
		if code := f.status.Load(); code != 0 {
			fakeopenai.APIError(w, int(code))
			return true
		}
		return false
	}
	f.Stream = func(w http.ResponseWriter, _ *http.Request, _ int) {
		if !fail(w) {
			fakeopenai.SSESentences(w, answer)
		}
	}
	f.Complete = func(w http.ResponseWriter, _ *http.Request, _ int) {
		if !fail(w) {
			fakeopenai.Completion(w, "N+1問題 クエリ")
		}
	}
	return f
}

func (f *chatFake) env() map[string]string {
	return map[string]string{"OPENAI_BASE_URL": f.URL + "/v1", "BACKEND_TIP_CHAT_MODEL": "fake-model"}
}

func TestAskCommand(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		stdout   []string
		stderr   string
	}{
		{"empty question", []string{"ask", "   "}, exitUsage, nil, "question is empty"},
		{"no question", []string{"ask"}, exitUsage, nil, "question is empty"},
		{"japanese, extractive", []string{"ask", "N+1問題とは？"}, exitOK, []string{"N+1問題", " [1]", "出典:", "  [1] "}, ""},
		{"english, extractive, from the english edition", []string{"ask", "What", "is", "the", "N+1", "problem?"}, exitOK, []string{"N+1 problem", "Sources:", "4 Core Roles"}, ""},
		{"fact, direct first sentence", []string{"ask", "How long does step 2 take?"}, exitOK, []string{"Step 2 (Intermediate) takes 6–12 months.", "Sources:"}, ""},
		{"json", []string{"ask", "-json", "ステップ2ってどのくらい期間かかるの？"}, exitOK,
			[]string{`{"question":"ステップ2ってどのくらい期間かかるの？","lang":"ja","covered":true,"mode":"extractive","answer":"Step 2「中級スキル習得 (Intermediate)」の期間の目安は6〜12ヶ月です。`, `"sources":[{"n":1,"section":"Backend Developerになるには：必須スキルと学習ロードマップ > 3段階学習ロードマップ > Step 2: 中級スキル習得 (Intermediate) - 6〜12ヶ月","source":"backend_developer_guide.md"}]}`}, ""},
		{"json, not covered", []string{"ask", "-json", "今日の天気は？"}, exitOK, []string{`"lang":"ja","covered":false,"mode":"extractive"`, `"sources":[]}`}, ""},
		{"not covered", []string{"ask", "今日の天気は？"}, exitOK, []string{"見つかりませんでした", "近いセクション"}, ""},
		{"help is asked, not run", []string{"ask", "help"}, exitOK, []string{"does not seem to cover"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := execCLI(t, map[string]string{}, "", tc.args...)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.wantCode, out, errOut)
			}
			for _, want := range tc.stdout {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			if !strings.Contains(errOut, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, errOut)
			}
		})
	}
}

func TestAskWithModel(t *testing.T) {
	f := newChatFake(t, "N+1問題は、一覧の各行ごとに追加のクエリを発行してしまう問題です[1]。@everyone JOINで防ぎます[1]。")
	code, out, errOut := execCLI(t, f.env(), "", "ask", "N+1問題とは？")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	testkit.WantContains(t, "stdout", out, "追加のクエリを発行してしまう問題です[1]。", "JOINで防ぎます[1]。", "出典:", "  [1] ")
	if strings.Contains(out, "@everyone") {
		t.Errorf("mention not defused:\n%s", out)
	}
	if strings.Count(out, "一覧の各行ごとに") != 1 {
		t.Errorf("streamed text printed twice:\n%s", out)
	}
	reqs := f.Streamed()
	if len(reqs) != 1 || !strings.Contains(reqs[0].Messages[0].Content, "[1] ") || !strings.Contains(reqs[0].Messages[len(reqs[0].Messages)-1].Content, "N+1問題とは？") {
		t.Errorf("requests %+v", reqs)
	}
}

func TestAskModelDownFallsBack(t *testing.T) {
	f := newChatFake(t, "")
	f.status.Store(http.StatusUnauthorized)
	code, out, _ := execCLI(t, f.env(), "", "ask", "N+1問題とは？")
	if code != exitOK || !strings.Contains(out, "AIモデルが利用できなかった") || !strings.Contains(out, "N+1問題") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestChatPipe(t *testing.T) {
	f := newChatFake(t, "N+1問題は追加のクエリが増える問題です[1]。")
	in := "N+1問題とは？\n/backend-tip ask それはどうやって防ぐの？\nhelp\nexit\nN+1?\n"
	code, out, errOut := execCLI(t, f.env(), in, "chat")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	reqs := f.Streamed()
	if len(reqs) != 2 {
		t.Fatalf("%d model calls, want 2 (exit stops the rest)", len(reqs))
	}
	follow := reqs[1].Messages
	// system, earlier question, earlier answer, follow-up
	if len(follow) != 4 || follow[1].Content != "N+1問題とは？" || follow[2].Role != "assistant" {
		t.Errorf("follow-up messages %+v", follow)
	}
	testkit.WantContains(t, "stdout", out, "増える問題です[1]。", "/backend-tip quiz", "/backend-tip ask <question>")
	if strings.HasPrefix(out, "\n> ") {
		t.Errorf("prompt printed for a pipe:\n%s", out)
	}
}

func TestChatNowPostsDueQuiz(t *testing.T) {
	dir := t.TempDir()
	env := func() map[string]string {
		return map[string]string{"BACKEND_TIP_DATA_DIR": dir, "BACKEND_TIP_TIMEZONE": "Asia/Tokyo"}
	}
	code, out, errOut := execCLI(t, env(), "quiz daily 09:00 Asia/Tokyo\n", "chat")
	if code != exitOK || !strings.Contains(out, "09:00") {
		t.Fatalf("subscribe: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = execCLI(t, env(), "", "chat", "--now", "2026-12-01T09:00")
	if code != exitOK || !strings.Contains(out, "[#console]") {
		t.Fatalf("--now: exit %d, no scheduled post:\n%s\n%s", code, out, errOut)
	}
	code, _, errOut = execCLI(t, env(), "", "chat", "--now", "tomorrow")
	if code != exitUsage || !strings.Contains(errOut, "2026-12-01T09:00") {
		t.Errorf("bad --now: exit %d: %s", code, errOut)
	}
}

func TestParseNow(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"2026-12-01T09:00", "2026-12-01T09:00:00+09:00"},
		{"2026-12-01 09:00", "2026-12-01T09:00:00+09:00"},
		{"2026-12-01T09:00:00Z", "2026-12-01T09:00:00Z"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseNow(tc.in, "Asia/Tokyo")
			if err != nil || got.Format("2006-01-02T15:04:05Z07:00") != tc.want {
				t.Errorf("parseNow(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
			}
		})
	}
}

// TestAskWithOpenAIEmbeddings runs the whole flow against one fake server:
// embeddings for the index and the streamed answer.
func TestAskWithOpenAIEmbeddings(t *testing.T) {
	f := newChatFake(t, "N+1問題は追加のクエリが増える問題です[1]。")
	env := f.env()
	env["BACKEND_TIP_EMBEDDER"] = "openai"
	env["OPENAI_API_KEY"] = "sk-test"
	code, out, errOut := execCLI(t, env, "", "ask", "N+1問題とは？")
	if code != exitOK || !strings.Contains(out, "増える問題です[1]。") || !strings.Contains(out, "出典:") {
		t.Fatalf("exit %d:\n%s\n%s", code, out, errOut)
	}
	if f.Embedded() == 0 {
		t.Error("the index made no embedding calls to the fake")
	}
}

func TestChatJSON(t *testing.T) {
	code, out, errOut := execCLI(t, map[string]string{}, "N+1問題とは？\nどうやって解決するの？\nおすすめの映画は？\nhelp\nquiz\n", "chat", "-json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines, want one per message:\n%s", len(lines), out)
	}
	type jsonLine struct {
		Question string `json:"question"`
		Lang     string `json:"lang"`
		Covered  *bool  `json:"covered"`
		Mode     string `json:"mode"`
		Answer   string `json:"answer"`
		Sources  []struct {
			N       int    `json:"n"`
			Section string `json:"section"`
			Source  string `json:"source"`
		} `json:"sources"`
		Buttons []string `json:"buttons"`
	}
	var answers []jsonLine
	for _, l := range lines {
		var v jsonLine
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("not JSON: %q: %v", l, err)
		}
		answers = append(answers, v)
	}
	first, follow, film, help, quiz := answers[0], answers[1], answers[2], answers[3], answers[4]
	if first.Question != "N+1問題とは？" || first.Lang != "ja" || first.Covered == nil || !*first.Covered || first.Mode != "extractive" ||
		len(first.Sources) == 0 || first.Sources[0].N != 1 || first.Sources[0].Source == "" || strings.Contains(first.Answer, "出典") {
		t.Errorf("first answer %+v", first)
	}
	// The follow-up is answered about N+1; the film question, with a topic
	// of its own, is not answered from the earlier one.
	if follow.Covered == nil || !*follow.Covered || !strings.Contains(follow.Answer, "N+1") {
		t.Errorf("follow-up %+v", follow)
	}
	if film.Covered == nil || *film.Covered || len(film.Sources) != 0 {
		t.Errorf("film question %+v", film)
	}
	if help.Covered != nil || help.Question != "" || !strings.Contains(help.Answer, "backend-tip") {
		t.Errorf("help is not a plain reply: %+v", help)
	}
	if quiz.Covered != nil || quiz.Question != "" || !strings.Contains(quiz.Answer, "Quiz") {
		t.Errorf("quiz is not a plain reply: %+v", quiz)
	}
	// A number typed next picks a button, so the text never asks for a
	// button, and a multiple-choice question says to type the number (an
	// open one has a single Answer button).
	if len(quiz.Buttons) == 0 || strings.Contains(strings.ToLower(quiz.Answer), "button") || strings.Contains(quiz.Answer, "ボタン") ||
		len(quiz.Buttons) > 1 && !strings.Contains(quiz.Answer, "number") && !strings.Contains(quiz.Answer, "番号") {
		t.Errorf("quiz reply does not say to type the number of a button: %+v", quiz)
	}
}
