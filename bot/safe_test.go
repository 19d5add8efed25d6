package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"
	"unicode/utf8"
)

func TestDefuseMentions(t *testing.T) {
	tests := []struct {
		name, in string
		banned   []string
	}{
		{"everyone", "hi @everyone look", []string{"@everyone"}},
		{"here upper", "@HERE now", []string{"@HERE"}},
		{"slack channel", "<!channel> and <!here|here> and <!everyone>", []string{"<!channel>", "<!here", "<!everyone>"}},
		{"slack subteam", "<!subteam^S123|devs>", []string{"<!subteam^"}},
		{"discord role", "ping <@&123456>", []string{"<@&"}},
		{"fullwidth at", "＠everyone", []string{"＠everyone"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := DefuseMentions(tc.in)
			for _, b := range tc.banned {
				if strings.Contains(out, b) {
					t.Errorf("DefuseMentions(%q) = %q still contains %q", tc.in, out, b)
				}
			}
			if strings.ReplaceAll(out, zwsp, "") != tc.in {
				t.Errorf("defused text %q changed more than the mention", out)
			}
		})
	}
	if got := DefuseMentions("ask about <@U123> and email a@b.c"); got != "ask about <@U123> and email a@b.c" {
		t.Errorf("ordinary text changed: %q", got)
	}
}

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"control chars", "a\x00b\x1bc\nd", 100, "a b c\nd"},
		{"invalid utf8", "ok\xff\xfe", 100, "ok\uFFFD"},
		{"trim", "  x  ", 100, "x"},
		{"cap runes", "日本語テキスト", 3, "日本語"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Sanitize(tc.in, tc.max)
			if got != tc.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("invalid UTF-8 out")
			}
		})
	}
	big := strings.Repeat("あ", 1<<20)
	if n := utf8.RuneCountInString(Sanitize(big, 2000)); n != 2000 {
		t.Errorf("1M runes trimmed to %d, want 2000", n)
	}
}

func TestTruncate(t *testing.T) {
	if got := Truncate("abcdef", 4); got != "abc…" {
		t.Errorf("Truncate = %q", got)
	}
	if got := Truncate("abc", 4); got != "abc" {
		t.Errorf("short text changed: %q", got)
	}
}

func TestDetectLang(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
	}{
		{"N+1問題とは？", Japanese},
		{"What is the N+1 problem?", English},
		{"データベース", Japanese},
		{"CAP定理", Japanese},
		{"how does REST differ from gRPC", English},
		{"🙂🙂", English},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := DetectLang(tc.in); got != tc.want {
				t.Errorf("DetectLang(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzDefuseMentions(f *testing.F) {
	for _, s := range []string{"@everyone", "<!channel>", "<@&1>", "＠here", "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := DefuseMentions(Sanitize(s, 4000))
		low := strings.ToLower(out)
		for _, b := range []string{"@everyone", "@here", "<!channel", "<!here", "<!everyone", "<@&"} {
			if strings.Contains(low, b) {
				t.Fatalf("%q survives in %q", b, out)
			}
		}
	})
}

func TestSleep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		if err := Sleep(t.Context(), time.Hour); err != nil || time.Since(start) != time.Hour {
			t.Errorf("Sleep = %v after %v, want nil after 1h", err, time.Since(start))
		}
		// Cancelled a minute in: back at once, with the context's error.
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(time.Minute, cancel)
		start = time.Now()
		if err := Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) || time.Since(start) != time.Minute {
			t.Errorf("cancelled Sleep = %v after %v, want Canceled after 1m", err, time.Since(start))
		}
	})
}
