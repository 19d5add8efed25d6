package bot

import (
	"testing"

	"github.com/backend-tip/backend-tip/internal/testkit"
)

func TestShowTime(t *testing.T) {
	at := testkit.Tokyo(t, "2026-12-01 09:00")
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
