package platform

import (
	"strings"
	"testing"
)

func TestSplitStaysWithinLimits(t *testing.T) {
	para := func(n int, s string) string { return strings.Repeat(s, n) }
	for _, m := range []struct {
		name    string
		measure Measure
	}{{"runes", Runes}, {"utf16", UTF16}} {
		for _, tc := range []struct {
			name  string
			text  string
			parts int
		}{
			{"empty", "  \n ", 0},
			{"short", "hello", 1},
			{"paragraphs", para(120, "A paragraph of text that goes on.\n\n"), 3},
			{"japanese without spaces", para(2500, "設"), 2},
			{"code fence across the cut", "intro\n```go\n" + para(300, "fmt.Println(\"x\")\n") + "```\nafter", 3},
		} {
			t.Run(m.name+"/"+tc.name, func(t *testing.T) {
				parts, cut := Split(tc.text, 2000, 10, m.measure, "NOTE")
				if len(parts) != tc.parts || cut {
					t.Fatalf("%d parts (cut %v), want %d", len(parts), cut, tc.parts)
				}
				var joined strings.Builder
				for i, p := range parts {
					if n := Len(p, m.measure); n > 2000 {
						t.Errorf("part %d is %d long", i, n)
					}
					if strings.Count(p, "```")%2 != 0 {
						t.Errorf("part %d leaves a code fence open", i)
					}
					joined.WriteString(strings.ReplaceAll(p, "```", ""))
				}
				if strip(joined.String()) != strip(strings.ReplaceAll(tc.text, "```", "")) {
					t.Error("text was lost or changed by splitting")
				}
			})
		}
	}
}

func strip(s string) string { return strings.Join(strings.Fields(s), "") }

func TestSplitCountsUTF16Units(t *testing.T) {
	emoji := strings.Repeat("😀", 1500) // 3000 UTF-16 units, 1500 runes
	if parts, _ := Split(emoji, 2000, 10, UTF16, ""); len(parts) != 2 {
		t.Errorf("UTF-16: %d parts, want 2", len(parts))
	}
	if parts, _ := Split(emoji, 2000, 10, Runes, ""); len(parts) != 1 {
		t.Errorf("runes: %d parts, want 1", len(parts))
	}
}

func TestSplitCapsPartsWithANote(t *testing.T) {
	text := strings.Repeat("word ", 100_000) + "THE END"
	parts, cut := Split(text, 2000, 5, UTF16, "(truncated)")
	if len(parts) != 5 || !cut || !strings.HasSuffix(parts[4], "(truncated)") || strings.Contains(strings.Join(parts, ""), "THE END") {
		t.Fatalf("%d parts, cut %v, last ends %q", len(parts), cut, parts[len(parts)-1][len(parts[len(parts)-1])-20:])
	}
	for i, p := range parts {
		if n := Len(p, UTF16); n > 2000 {
			t.Errorf("part %d is %d units", i, n)
		}
	}
	// A fence open at the cut is closed before the note.
	code := "```\n" + strings.Repeat("x := 1\n", 10_000)
	parts, _ = Split(code, 2000, 2, Runes, "(truncated)")
	if strings.Count(parts[1], "```")%2 != 0 {
		t.Errorf("the last part leaves a code fence open: %q", parts[1][len(parts[1])-40:])
	}
}

func TestFit(t *testing.T) {
	for _, tc := range []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven char", 10, "eleven ch…"},
		{"😀😀😀", 4, "😀…"},
	} {
		if got := Fit(tc.in, tc.limit, UTF16); got != tc.want {
			t.Errorf("Fit(%q, %d) = %q, want %q", tc.in, tc.limit, got, tc.want)
		}
	}
}

// BenchmarkSplit4MiB shows splitting is linear in the text: 4 MiB of short
// words in 2000-unit parts (quadratic code took 40 s here).
func BenchmarkSplit4MiB(b *testing.B) {
	words := strings.Repeat("ことば word。\n", (4<<20)/18)
	b.SetBytes(int64(len(words)))
	for b.Loop() {
		Split(words, 2000, 0, UTF16, "")
	}
}
