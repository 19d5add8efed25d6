package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/backend-tip/backend-tip/bot/version"
)

// buildInfo is backend_tip_build_info{version,commit,go} 1: which build
// runs where, for dashboards and alerts on mixed versions during a rollout.
// (go_build_info only knows the module version, "(devel)" for a plain
// go build.)
func buildInfo(info version.Info) prometheus.Collector {
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "backend_tip_build_info",
		Help: "Always 1; the labels say which version, commit and Go toolchain built this process.",
	}, []string{"version", "commit", "go"})
	g.WithLabelValues(info.Version, info.Commit, info.Go).Set(1)
	return g
}
