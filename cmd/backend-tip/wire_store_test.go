package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/bot/store/storetest"
	"github.com/backend-tip/backend-tip/config"
)

func TestOpenStoreSelectsByDatabaseURL(t *testing.T) {
	pgURL := os.Getenv(storetest.PostgresEnv)
	tests := []struct {
		name    string
		url     string
		want    string // "sqlite", "postgres" or an error substring
		needsPG bool
	}{
		{name: "no url: sqlite in the data dir", want: "sqlite"},
		{name: "postgres url", url: pgURL, want: "postgres", needsPG: true},
		{name: "unreachable postgres", url: "postgres://bot:hunter2@127.0.0.1:1/x?connect_timeout=2", want: "BACKEND_TIP_DATABASE_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.needsPG && pgURL == "" {
				t.Skip("BACKEND_TIP_TEST_POSTGRES_URL not set")
			}
			dir := t.TempDir()
			a := &app{
				cfg:   config.Config{DataDir: dir, DatabaseURL: config.Secret(tt.url)},
				log:   slog.New(slog.NewTextHandler(io.Discard, nil)),
				clock: time.Now,
			}
			s, err := a.openStore(context.Background())
			if tt.want != "sqlite" && tt.want != "postgres" {
				if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "hunter2") {
					t.Fatalf("err = %v, want one naming %s without the password", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			_, isPG := s.(*store.Postgres)
			if isPG != (tt.want == "postgres") {
				t.Errorf("store is %T, want %s", s, tt.want)
			}
			_, statErr := os.Stat(filepath.Join(dir, store.FileName))
			if (statErr == nil) != (tt.want == "sqlite") {
				t.Errorf("SQLite file present = %v, want %v", statErr == nil, tt.want == "sqlite")
			}
		})
	}
}
