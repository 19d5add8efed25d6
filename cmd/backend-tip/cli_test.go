package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/bot/version"
	"github.com/backend-tip/backend-tip/config"
)

// forbidEnv is a Lookup that fails the test when anything reads the
// environment: help, usage errors and the version must not.
func forbidEnv(t *testing.T) config.Lookup {
	return func(key string) (string, bool) {
		t.Errorf("the environment was read (%s)", key)
		return "", false
	}
}

func runWith(t *testing.T, lookup config.Lookup, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb, lookup)
	return code, out.String(), errb.String()
}

func TestEverySubcommandAnswersHelpWithoutTheEnvironment(t *testing.T) {
	for _, s := range subcommands() {
		for _, flag := range []string{"-h", "--help", "-help"} {
			t.Run(s.name+" "+flag, func(t *testing.T) {
				code, out, errOut := runWith(t, forbidEnv(t), s.name, flag)
				if code != exitOK {
					t.Errorf("exit %d, want 0; stderr %q", code, errOut)
				}
				if !strings.HasPrefix(out, "usage: backend-tip "+s.name) {
					t.Errorf("stdout does not start with the usage line:\n%s", out)
				}
				if errOut != "" {
					t.Errorf("stderr not empty: %q", errOut)
				}
			})
		}
	}
}

func TestUnknownFlagsExitTwoWithUsage(t *testing.T) {
	for _, s := range subcommands() {
		t.Run(s.name, func(t *testing.T) {
			code, out, errOut := runWith(t, forbidEnv(t), s.name, "--no-such-flag")
			if code != exitUsage {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(errOut, "flag provided but not defined: -no-such-flag") || !strings.Contains(errOut, "usage: backend-tip "+s.name) {
				t.Errorf("stderr lacks the error and the usage:\n%s", errOut)
			}
			if out != "" {
				t.Errorf("stdout not empty: %q", out)
			}
		})
	}
	code, _, errOut := runWith(t, forbidEnv(t), "--no-such-flag")
	if code != exitUsage || !strings.Contains(errOut, "unknown flag --no-such-flag") || !strings.Contains(errOut, "commands:") {
		t.Errorf("top level: exit %d, stderr:\n%s", code, errOut)
	}
}

func TestTopLevelHelpAndVersion(t *testing.T) {
	want := version.Get().String() + "\n"
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		code, out, errOut := runWith(t, forbidEnv(t), args...)
		if code != exitOK || out != want || errOut != "" {
			t.Errorf("%v: exit %d, stdout %q (want %q), stderr %q", args, code, out, want, errOut)
		}
	}
	if !strings.HasPrefix(want, "backend-tip ") || !strings.Contains(want, "(commit ") {
		t.Errorf("version line %q lacks the version or the commit", want)
	}
	code, out, _ := runWith(t, forbidEnv(t), "--help")
	if code != exitOK || !strings.Contains(out, "  version ") || !strings.Contains(out, "  serve ") {
		t.Errorf("--help: exit %d, stdout:\n%s", code, out)
	}
}

// A bad environment stops a command that runs, with the variable named;
// it never stops --help (above).
func TestBadEnvironmentStopsServe(t *testing.T) {
	env := config.MapLookup(map[string]string{"BACKEND_TIP_HTTP_ADDR": "bad", "BACKEND_TIP_DATA_DIR": t.TempDir()})
	code, out, errOut := runWith(t, env, "serve")
	if code != exitUsage || !strings.Contains(errOut, "BACKEND_TIP_HTTP_ADDR") || out != "" {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, out, errOut)
	}
	code, out, _ = runWith(t, env, "serve", "--help")
	if code != exitOK || !strings.HasPrefix(out, "usage: backend-tip serve") {
		t.Errorf("serve --help with a bad environment: exit %d, stdout %q", code, out)
	}
}

// ask prints the answer on stdout and nothing on stderr when all is well:
// logs below warn are off unless -v.
func TestAskIsQuietByDefault(t *testing.T) {
	env := config.MapLookup(map[string]string{"BACKEND_TIP_DATA_DIR": t.TempDir(), "BACKEND_TIP_LOG_FORMAT": "json"})
	code, out, errOut := runWith(t, env, "ask", "N+1問題とは？")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "N+1") {
		t.Errorf("stdout has no answer:\n%s", out)
	}
	// A fresh data dir: building the index logs at info.
	env = config.MapLookup(map[string]string{"BACKEND_TIP_DATA_DIR": t.TempDir(), "BACKEND_TIP_LOG_FORMAT": "json"})
	code, out2, errOut := runWith(t, env, "ask", "-v", "N+1問題とは？")
	if code != exitOK || !strings.Contains(errOut, `"level":"INFO"`) || out2 != out {
		t.Errorf("-v: exit %d, stdout same as without -v: %v, stderr:\n%s", code, out2 == out, errOut)
	}
}

// A content folder that does not exist stops start-up, as the README says
// of every wrong value, instead of running without the team's notes.
func TestMissingContentDirStopsStartUp(t *testing.T) {
	env := config.MapLookup(map[string]string{"BACKEND_TIP_DATA_DIR": t.TempDir(), "BACKEND_TIP_CONTENT_DIR": "/nonexistent"})
	code, out, errOut := runWith(t, env, "ask", "N+1問題とは？")
	if code != exitError || out != "" || !strings.Contains(errOut, "BACKEND_TIP_CONTENT_DIR") || !strings.Contains(errOut, "/nonexistent") {
		t.Errorf("exit %d, stdout %q, stderr:\n%s", code, out, errOut)
	}
}
