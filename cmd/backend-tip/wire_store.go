package main

import (
	"context"
	"fmt"

	"github.com/backend-tip/backend-tip/bot/store"
)

// openStore opens the state store: PostgreSQL when BACKEND_TIP_DATABASE_URL
// is set (any number of replicas can share it), else SQLite in
// BACKEND_TIP_DATA_DIR (one replica). openState calls it.
func (a *app) openStore(ctx context.Context) (store.Store, error) {
	if a.cfg.DatabaseURL == "" {
		db, err := store.Open(ctx, store.Options{DataDir: a.cfg.DataDir, Clock: a.clock})
		if err != nil {
			return nil, err // names the path and BACKEND_TIP_DATA_DIR
		}
		a.log.Info("store opened", "kind", "sqlite", "dir", a.cfg.DataDir)
		return db, nil
	}
	pg, err := store.OpenPostgres(ctx, store.PostgresOptions{
		URL: a.cfg.DatabaseURL.Value(), Clock: a.clock,
		// Replicas tick together: a slot another replica just claimed is
		// left to it unless it stays unposted past the lease.
		ClaimLease: store.DefaultClaimLease,
	})
	if err != nil {
		return nil, fmt.Errorf("BACKEND_TIP_DATABASE_URL: %w", err)
	}
	a.log.Info("store opened", "kind", "postgres")
	return pg, nil
}
