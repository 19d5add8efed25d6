package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/config"
)

func stateApp(t *testing.T, dataDir string) *app {
	t.Helper()
	cfg, err := config.Load(config.MapLookup(map[string]string{"BACKEND_TIP_DATA_DIR": dataDir}))
	if err != nil {
		t.Fatal(err)
	}
	return &app{cfg: cfg, log: slog.New(slog.NewTextHandler(io.Discard, nil)), clock: time.Now}
}

func TestOpenStateUnwritableDataDir(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(blocker, "data")
	a := stateApp(t, dir)
	defer a.Close()
	err := a.openState(context.Background())
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Fatalf("err = %v, want one naming %s", err, dir)
	}
}

func TestOpenStateWiresQuiz(t *testing.T) {
	a := stateApp(t, t.TempDir())
	defer a.Close()
	if err := a.openState(context.Background()); err != nil {
		t.Fatal(err)
	}
	if a.store == nil || a.quiz == nil {
		t.Fatal("store or quiz not wired")
	}
	handlers, clicks := a.stateCommands()
	var names []string
	for path := range handlers {
		if _, ok := bot.Lookup(bot.Grammar(), strings.Fields(path)); !ok {
			t.Errorf("handler for %q, which the grammar lacks", path)
		}
		names = append(names, path)
	}
	slices.Sort(names)
	want := "interview,interview stop,progress,quiz,quiz answer,quiz daily,quiz leaderboard,quiz review,quiz review daily,quiz review stop,quiz stop,roadmap,tip"
	if strings.Join(names, ",") != want || clicks["quiz:"] == nil || clicks["review:"] == nil || clicks["iv:"] == nil {
		t.Fatalf("handlers = %v, clicks = %v", names, clicks)
	}
	if err := a.tickSchedules(context.Background(), time.Now(), map[string]bot.Platform{}); err != nil {
		t.Fatalf("tick with no schedules: %v", err)
	}
}
