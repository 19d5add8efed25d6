package bot

import (
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/internal/testkit"
)

func TestShowTime(t *testing.T) {
	tokyo := testkit.Zone(t, "Asia/Tokyo")
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, tokyo)
	tests := []struct {
		platform string
		lang     Lang
		want     string
	}{
		{"discord", English, "<t:1796083200:F> (<t:1796083200:R>)"},
		{"slack", English, "Tue 2026-12-01 09:00 JST"},
		{"console", Japanese, "2026-12-01 09:00 JST"},
	}
	for _, tc := range tests {
		if got := ShowTime(tc.platform, at, tc.lang); got != tc.want {
			t.Errorf("ShowTime(%s, %s) = %q, want %q", tc.platform, tc.lang, got, tc.want)
		}
	}
	if d := DefuseMentions("<t:1796083200:F>"); d != "<t:1796083200:F>" {
		t.Errorf("a Discord timestamp is defused to %q", d)
	}
}
