package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/internal/testkit"

	"github.com/backend-tip/backend-tip/config"
)

func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["BACKEND_TIP_DATA_DIR"]; !ok {
		env["BACKEND_TIP_DATA_DIR"] = t.TempDir()
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb, config.MapLookup(env))
	return code, out.String(), errb.String()
}

func TestSearchJSONContract(t *testing.T) {
	code, out, stderr := runCLI(t, nil, "", "search", "-json", "-k", "3", "N+1問題")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 {
		t.Fatalf("want 1 JSON line, got %d", len(lines))
	}
	var got struct {
		Query   string `json:"query"`
		Results []struct {
			Rank    int     `json:"rank"`
			Score   float64 `json:"score"`
			Section string  `json:"section"`
			Text    string  `json:"text"`
			Source  string  `json:"source"`
		} `json:"results"`
	}
	dec := json.NewDecoder(strings.NewReader(lines[0]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("decode %s: %v", lines[0], err)
	}
	if got.Query != "N+1問題" || len(got.Results) != 3 {
		t.Fatalf("got %+v", got)
	}
	for i, r := range got.Results {
		if r.Rank != i+1 || r.Score <= 0 || r.Section == "" || r.Text == "" || r.Source != "backend_developer_guide.md" {
			t.Errorf("result %d: %+v", i, r)
		}
	}
}

func TestSearchStdinOneLinePerQuery(t *testing.T) {
	stdin := "N+1問題\n\nWhat is idempotency?\r\n🚀🔥\n\xff\xfe壊れた\n\x00\x01\n" + strings.Repeat("データベース ", 200000) + "\n"
	code, out, stderr := runCLI(t, nil, stdin, "search", "-json", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 {
		t.Fatalf("want 6 JSON lines (blank line skipped), got %d", len(lines))
	}
	for i, l := range lines {
		var v struct {
			Query   string            `json:"query"`
			Results []json.RawMessage `json:"results"`
		}
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if v.Results == nil {
			t.Errorf("line %d: results must be a list, even when empty", i)
		}
		if (i == 2 || i == 4) && len(v.Results) != 0 {
			t.Errorf("emoji-only query found %d results", len(v.Results))
		}
		if i == 5 && len(v.Query) > 8000 {
			t.Errorf("1 MB query echoed untrimmed (%d bytes)", len(v.Query))
		}
	}
}

func TestSearchUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no query", []string{"search"}, "empty query"},
		{"whitespace", []string{"search", "  ", "\t"}, "empty query"},
		{"control chars only", []string{"search", "\x00\x1b"}, "empty query"},
		{"bad k", []string{"search", "-k", "0", "x"}, "-k"},
		{"unknown flag", []string{"search", "-nope", "x"}, "usage"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, nil, "", tc.args...)
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want exit 2 mentioning %q", code, stderr, tc.want)
			}
		})
	}
}

func TestSearchFlagsAfterQuery(t *testing.T) {
	code, out, stderr := runCLI(t, nil, "", "search", "N+1問題", "-json", "-k", "2")
	if code != exitOK || strings.Count(out, "\"rank\"") != 2 || !strings.Contains(out, `"query":"N+1問題"`) {
		t.Fatalf("exit %d: %s %s", code, out, stderr)
	}
	code, out, _ = runCLI(t, nil, "", "search", "-json", "--", "-k")
	if code != exitOK || !strings.Contains(out, `"query":"-k"`) {
		t.Fatalf("-- should end flags: exit %d: %s", code, out)
	}
}

func TestSearchTextAndUnwritableDataDir(t *testing.T) {
	code, out, _ := runCLI(t, nil, "", "search", "面接", "の", "準備")
	if code != exitOK || !strings.Contains(out, "1. ") || !strings.Contains(out, "面接") {
		t.Fatalf("exit %d: %s", code, out)
	}
	file := filepath.Join(t.TempDir(), "data")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, map[string]string{"BACKEND_TIP_DATA_DIR": file}, "", "search", "x")
	if code != exitError || !strings.Contains(stderr, file) {
		t.Fatalf("exit %d, stderr %q: want an error naming %s", code, stderr, file)
	}
}

func TestEvalCommand(t *testing.T) {
	set := filepath.Join(t.TempDir(), "set.jsonl")
	data := `{"q":"N+1問題とは？","lang":"ja","expect":["N+1問題"]}
{"q":"What is idempotency?","lang":"en","expect":["冪等性"]}
`
	if err := os.WriteFile(set, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, nil, "", "eval", "-set", set)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	testkit.WantContains(t, "eval output", out, "hit@1", "hit@3", "MRR", "ja", "en", "1.000")
	if code, _, _ := runCLI(t, nil, "", "eval", "-set", set+".missing"); code != exitUsage {
		t.Errorf("missing set: exit %d, want 2", code)
	}
}
