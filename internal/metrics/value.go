package metrics

import (
	"math"

	dto "github.com/prometheus/client_model/go"
)

// Value reads one series: a counter's or gauge's value, or a histogram's
// sample count, summed over the series that carry all the labels (name,
// value pairs). It is 0 when no series matches (a vector never used
// exports nothing) and NaN when the registry cannot be read. Tests read
// figures with it.
func (m *Metrics) Value(name string, labels ...string) float64 {
	families, err := m.reg.Gather()
	if err != nil {
		return math.NaN()
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
