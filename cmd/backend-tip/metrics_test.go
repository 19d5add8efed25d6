package main

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/backend-tip/backend-tip/internal/metrics"
)

// scrape returns the /metrics page text.
func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics status %d", rec.Code)
	}
	return rec.Body.String()
}
