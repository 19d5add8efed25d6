package bot

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestZonesLoad(t *testing.T) {
	zs := Zones()
	if len(zs) < 300 || !slices.IsSorted(zs) {
		t.Fatalf("%d zones (sorted %v)", len(zs), slices.IsSorted(zs))
	}
	for _, z := range zs {
		if _, err := time.LoadLocation(z); err != nil {
			t.Errorf("%s: %v", z, err)
		}
	}
}

func TestMatchZones(t *testing.T) {
	tests := []struct {
		typed, preferred string
		first            string
		all              func(string) bool
	}{
		{"tok", "", "Asia/Tokyo", func(z string) bool { return strings.Contains(strings.ToLower(z), "tok") }},
		{"new york", "", "America/New_York", nil},
		{"", "Europe/Berlin", "Europe/Berlin", nil},
		{"europe", "Europe/Berlin", "Europe/Berlin", func(z string) bool { return strings.HasPrefix(z, "Europe/") }},
		{"berl", "Asia/Tokyo", "Europe/Berlin", nil}, // the preferred zone only leads when it matches
	}
	for _, tc := range tests {
		got := MatchZones(tc.typed, tc.preferred, 25)
		if len(got) == 0 || got[0] != tc.first || len(got) > 25 {
			t.Errorf("MatchZones(%q, %q) = %v, want %s first, at most 25", tc.typed, tc.preferred, got, tc.first)
			continue
		}
		for _, z := range got {
			if tc.all != nil && !tc.all(z) {
				t.Errorf("MatchZones(%q) includes %s", tc.typed, z)
			}
		}
	}
	if got := MatchZones("nosuchplace", "", 25); len(got) != 0 {
		t.Errorf("no match: got %v", got)
	}
}
