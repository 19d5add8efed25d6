package bot

import (
	_ "embed"
	"strings"
)

// zones is the IANA zone names of zone1970.tab (one canonical zone per
// region, as tzdata lists them) plus UTC, one per line.
//
//go:embed zones.txt
var zones string

// Zones returns the IANA time zone names users pick from ("Asia/Tokyo"),
// sorted; platforms that suggest values as the user types (Discord
// autocomplete) filter it.
func Zones() []string { return strings.Fields(zones) }

// MatchZones returns up to limit zones matching what the user typed, the
// preferred zone first when it matches: a zone whose city starts with the
// typed text ("tok" → Asia/Tokyo) before one that only contains it. Case,
// spaces and underscores do not matter ("new york" → America/New_York).
func MatchZones(typed, preferred string, limit int) []string {
	q := zoneKey(typed)
	var first, prefix, contains []string
	for _, z := range Zones() {
		k := zoneKey(z)
		city := k[strings.LastIndex(k, "/")+1:]
		switch {
		case q != "" && !strings.Contains(k, q):
		case z == preferred:
			first = append(first, z)
		case q == "" || strings.HasPrefix(city, q) || strings.HasPrefix(k, q):
			prefix = append(prefix, z)
		default:
			contains = append(contains, z)
		}
	}
	out := append(append(first, prefix...), contains...)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

func zoneKey(s string) string {
	return strings.ToLower(strings.NewReplacer(" ", "_", "　", "_").Replace(strings.TrimSpace(s)))
}
