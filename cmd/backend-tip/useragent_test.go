package main

import (
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/bot/version"
)

// The LLM server sees the bot's User-Agent, and the answer's length cap in
// the field BACKEND_TIP_MAX_TOKENS_FIELD names.
func TestLLMRequestsNameTheBuildAndTheTokenField(t *testing.T) {
	for _, field := range []string{"", "max_tokens"} {
		f := newChatFake(t, "N+1問題は追加のクエリが増える問題です[1]。")
		env := f.env()
		if field != "" {
			env["BACKEND_TIP_MAX_TOKENS_FIELD"] = field
		}
		if code, _, errOut := execCLI(t, env, "", "ask", "N+1問題とは？"); code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		reqs := f.Streamed()
		if len(reqs) == 0 {
			t.Fatal("no streamed request")
		}
		r := reqs[0]
		//lint:ignore SA1019 the deprecated field is the one older servers read: the test checks it is sent only when asked for
		maxTokens := r.MaxTokens
		if want := version.Get().UserAgent(); r.UserAgent != want || !strings.HasPrefix(want, "DiscordBot (https://github.com/backend-tip/backend-tip, ") {
			t.Errorf("User-Agent %q, want %q", r.UserAgent, want)
		}
		switch {
		case field == "" && (r.MaxCompletionTokens == 0 || maxTokens != 0):
			t.Errorf("default: max_completion_tokens %d, max_tokens %d", r.MaxCompletionTokens, maxTokens)
		case field == "max_tokens" && (maxTokens == 0 || r.MaxCompletionTokens != 0):
			t.Errorf("max_tokens: max_completion_tokens %d, max_tokens %d", r.MaxCompletionTokens, maxTokens)
		}
	}
}
