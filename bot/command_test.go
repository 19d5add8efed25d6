package bot

import (
	"context"
	"testing"
)

func TestGrammarParsesDesignCommands(t *testing.T) {
	for _, tc := range []struct {
		text, path, args string
	}{
		{"ask N+1問題とは？", "ask", "N+1問題とは？"},
		{"quiz", "quiz", ""},
		{"quiz networking", "quiz", "networking"},
		{"quiz daily 09:00 Asia/Tokyo weekdays db,api", "quiz daily", "09:00 Asia/Tokyo weekdays db,api"},
		{"QUIZ Stop", "quiz stop", ""},
		{"quiz reveal", "quiz answer", ""},
		{"quiz leaderboard week", "quiz leaderboard", "week"},
		{"quiz review", "quiz review", ""},
		{"quiz review daily 21:00 Europe/Berlin", "quiz review daily", "21:00 Europe/Berlin"},
		{"interview design", "interview", "design"},
		{"interview stop", "interview stop", ""},
		{"progress", "progress", ""},
		{"roadmap 2", "roadmap", "2"},
		{"tip", "tip", ""},
		{"help", "help", ""},
	} {
		path, args, ok := Parse(Grammar(), tc.text)
		if !ok || path.String() != tc.path || args != tc.args {
			t.Errorf("Parse(%q) = %q, %q, %v; want %q, %q", tc.text, path, args, ok, tc.path, tc.args)
		}
	}
	if _, _, ok := Parse(Grammar(), "frobnicate now"); ok {
		t.Error("an unknown word parsed as a command")
	}
}

func TestUsageFromArgs(t *testing.T) {
	c, ok := Lookup(Grammar(), Path{"quiz", "daily"})
	if !ok {
		t.Fatal("quiz daily missing")
	}
	if got, want := c.Usage("quiz"), "quiz daily <HH:MM> [IANA zone] [weekdays] [categories]"; got != want {
		t.Errorf("usage %q, want %q", got, want)
	}
	c, _ = Lookup(Grammar(), Path{"quiz", "leaderboard"})
	if got, want := c.Usage("quiz"), "quiz leaderboard [week|month|all]"; got != want {
		t.Errorf("usage %q, want %q", got, want)
	}
}

func TestHandlersByPathAndComingSoon(t *testing.T) {
	var got []string
	h := func(name string) Handler {
		return func(_ context.Context, req Request, args string, s Stream) error {
			got = append(got, name+"|"+args)
			s.Done(Reply{Text: name})
			return nil
		}
	}
	r := NewRouter(RouterOptions{Handlers: map[string]Handler{"quiz": h("quiz"), "quiz daily": h("daily")}})
	for _, text := range []string{"quiz", "quiz daily 09:00 UTC", "progress"} {
		c := NewCollector()
		r.Handle(context.Background(), Request{Text: text, Lang: English}, c)
		if text == "progress" {
			if f, _ := c.Final(); !f.Ephemeral || f.Text == "" || len(got) != 2 {
				t.Errorf("unbuilt command: %+v", f)
			}
		}
	}
	if len(got) != 2 || got[0] != "quiz|" || got[1] != "daily|09:00 UTC" {
		t.Errorf("handlers got %q", got)
	}
}
