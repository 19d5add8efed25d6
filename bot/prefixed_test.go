package bot

import (
	"context"
	"slices"
	"testing"
)

func TestPrefixedPutsWordsBeforeArgs(t *testing.T) {
	var got string
	h := func(_ context.Context, _ Request, args string, _ Stream) error {
		got = args
		return nil
	}
	for _, c := range []struct{ words, args, want string }{
		{"daily", "09:00 Asia/Tokyo", "daily 09:00 Asia/Tokyo"},
		{"stop", "", "stop"},
		{"leaderboard", "week ", "leaderboard week"},
	} {
		if err := Prefixed(h, c.words)(context.Background(), Request{}, c.args, nil); err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("Prefixed(%q) with %q: handler got %q, want %q", c.words, c.args, got, c.want)
		}
	}
}

func TestFirstWord(t *testing.T) {
	for _, c := range []struct {
		args, word string
		rest       []string
	}{
		{"", "", nil},
		{"   ", "", nil},
		{"Daily 09:00 Asia/Tokyo", "daily", []string{"09:00", "Asia/Tokyo"}},
		{"stop", "stop", []string{}},
		{"データベース　追加", "データベース", []string{"追加"}}, // ideographic space separates
	} {
		word, rest := FirstWord(c.args)
		if word != c.word || !slices.Equal(rest, c.rest) {
			t.Errorf("FirstWord(%q) = %q, %q; want %q, %q", c.args, word, rest, c.word, c.rest)
		}
	}
}
