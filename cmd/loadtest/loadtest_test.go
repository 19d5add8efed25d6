package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLoadScenarios runs the load tool small against a freshly built bot:
// every request acknowledged and answered exactly once, with the LLM
// failing half its calls, and across a restart. The full-size figures come
// from running the tool by hand (docs/operations.md).
func TestLoadScenarios(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the bot")
	}
	bin := buildBot(t)
	const platforms = "slack,discord"
	tests := []struct {
		name string
		opts options
	}{
		{"baseline", options{n: 30, c: 10}},
		{"llm fails half its calls", options{n: 30, c: 10, llmFail: 2}},
		{"restart under load", options{n: 40, c: 10, restart: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := tt.opts
			o.bin, o.platforms, o.answerWait, o.streamPeriod = bin, platforms, 2*time.Minute, time.Second
			o.llmConcurrency, o.llmQueue = 4, 32
			var out bytes.Buffer
			ok, err := runLoad(context.Background(), o, &out)
			t.Log("\n" + out.String())
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				t.Fatal("some request was not acknowledged or not answered exactly once")
			}
			if !strings.Contains(out.String(), "missing 0, more than once 0") {
				t.Errorf("report lacks the exactly-once line:\n%s", out.String())
			}
		})
	}
}

// TestDiskFull fills the bot's data volume while Slack requests arrive.
func TestDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the bot")
	}
	bin := buildBot(t)
	var out bytes.Buffer
	ok, err := runDiskFull(context.Background(), options{bin: bin, n: 30, answerWait: time.Minute}, &out)
	t.Log("\n" + out.String())
	if errors.Is(err, errNoTmpfs) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Fatal("disk full: a request was lost or doubled, the bot died, the cause was not logged, or the database is damaged")
	}
}

// botBin is the bot built once by TestMain for every test of this package;
// empty when the go tool is missing.
var botBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "backend-tip-loadtest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if goBin, err := exec.LookPath("go"); err == nil {
		botBin = filepath.Join(dir, "backend-tip")
		if out, err := exec.Command(goBin, "build", "-o", botBin, "../backend-tip").CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "build bot: %v\n%s", err, out)
			os.RemoveAll(dir)
			os.Exit(1)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildBot returns the bot TestMain built, skipping without the go tool.
func buildBot(t *testing.T) string {
	t.Helper()
	if botBin == "" {
		t.Skip("go tool not on PATH")
	}
	return botBin
}
