package main

import (
	"net/http"
	"net/http/httptest"
	"testing"

	dto "github.com/prometheus/client_model/go"
)

// metricValue reads one series from the app's registry: a counter's or
// gauge's value, or a histogram's sample count. labels are name, value
// pairs; the series must carry all of them. It returns 0 when no series
// matches (a vector that was never used exports nothing).
func metricValue(t *testing.T, m *metrics, name string, labels ...string) float64 {
	t.Helper()
	families, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		var total float64
		for _, s := range f.GetMetric() {
			if !hasLabels(s, labels) {
				continue
			}
			switch {
			case s.Counter != nil:
				total += s.Counter.GetValue()
			case s.Gauge != nil:
				total += s.Gauge.GetValue()
			case s.Histogram != nil:
				total += float64(s.Histogram.GetSampleCount())
			}
		}
		return total
	}
	return 0
}

func hasLabels(s *dto.Metric, labels []string) bool {
	for i := 0; i+1 < len(labels); i += 2 {
		found := false
		for _, l := range s.GetLabel() {
			if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// scrape returns the /metrics page text.
func scrape(t *testing.T, m *metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics status %d", rec.Code)
	}
	return rec.Body.String()
}
