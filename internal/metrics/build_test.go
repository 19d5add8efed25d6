package metrics

import (
	"strings"
	"testing"

	"github.com/backend-tip/backend-tip/bot/version"
)

func TestBuildInfoMetric(t *testing.T) {
	m := New()
	info := version.Get()
	if v := m.Value("backend_tip_build_info", "version", info.Version, "commit", info.Commit, "go", info.Go); v != 1 {
		t.Errorf("backend_tip_build_info{version=%q,commit=%q,go=%q} = %v, want 1", info.Version, info.Commit, info.Go, v)
	}
	if page := scrape(t, m); !strings.Contains(page, "# TYPE backend_tip_build_info gauge") {
		t.Errorf("/metrics lacks backend_tip_build_info")
	}
}
