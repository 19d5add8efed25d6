package discord

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// inThread marks interaction in as sent from thread T1 (a public thread of
// C1), as Discord does: channel_id is the thread's, and the channel
// object carries its type. The fake knows T1 as a thread, so a thread
// started there is refused (400 code 50024).
func (s *quizStack) inThread(in map[string]any) map[string]any {
	s.fake.Lock()
	s.fake.Channels["T1"] = map[string]any{"id": "T1", "type": 11, "guild_id": testGuild, "parent_id": "C1", "name": "chat"}
	s.fake.Unlock()
	in["channel_id"] = "T1"
	in["channel"] = map[string]any{"id": "T1", "type": 11, "guild_id": testGuild, "parent_id": "C1"}
	return in
}

// threadStarts returns the thread starts the bot asked for.
func (s *quizStack) threadStarts() []call {
	var out []call
	for _, c := range s.fake.Calls() {
		if c.Method == "POST" && strings.HasSuffix(c.Path, "/threads") {
			out = append(out, c)
		}
	}
	return out
}

// TestInterviewWhereNoThreadCanStart: `/backend-tip interview` run where
// Discord would refuse a thread on the bot's post gets none: inside a
// thread (none starts inside a thread, 50024), or in a text channel where
// the bot lacks Create Public Threads or Send Messages in Threads (the
// interaction's app_permissions says so; 403 code 50013). The command's
// reply asks the first question with its Answer button and links no
// thread, each submission's reply carries the next question, and nothing
// is posted to a thread that does not exist.
func TestInterviewWhereNoThreadCanStart(t *testing.T) {
	for _, tc := range []struct {
		name, channel string
		setup         func(s *quizStack, in map[string]any) map[string]any
	}{
		{"inside a thread", "T1", func(s *quizStack, in map[string]any) map[string]any { return s.inThread(in) }},
		{"without thread permissions", "C1", func(s *quizStack, in map[string]any) map[string]any {
			s.fake.Lock()
			s.fake.NoThreads["C1"] = true
			s.fake.Unlock()
			in["app_permissions"] = s.fake.AppPermissions("C1")
			return in
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newOpenQuizStack(t, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
			alice := member{"U1", "alice", "", ""}
			code, reply := s.send(tc.setup(s, s.interviewStart("I1", alice, "C1")))
			if code != http.StatusOK || !strings.Contains(contentOf(reply), "Question 1/3") || strings.Contains(contentOf(reply), "<#") {
				t.Fatalf("interview: %d %q, want the first question in the reply, no thread link", code, contentOf(reply))
			}
			if starts := s.threadStarts(); len(starts) != 0 {
				t.Errorf("tried to start a thread: %v", starts[0].Path)
			}
			ids, _, _ := buttons(t, reply)
			if len(ids) != 1 || !strings.HasSuffix(ids[0], ":0") {
				t.Fatalf("reply buttons %v, want the Answer button", ids)
			}
			next := s.submitForm("S1", alice, tc.channel, ids[0], "I fixed a bug.")
			if !strings.Contains(contentOf(next), "STAR parts missing") || !strings.Contains(contentOf(next), "Question 2/3") {
				t.Fatalf("submission reply:\n%s", contentOf(next))
			}
			for _, c := range s.fake.Calls() {
				if c.Method == "POST" && strings.HasPrefix(c.Path, "/channels/") && !strings.HasPrefix(c.Path, "/channels/T1/") {
					t.Errorf("posted to %s: the interview has no thread of its own", c.Path)
				}
			}
			checkSafe(t, s.fake.Calls())
		})
	}
}

// TestOpenQuizFromAThread: `/backend-tip quiz now` inside a thread posts
// the open question in that thread without starting a thread on it, and
// its text invites no discussion "in the thread".
func TestOpenQuizFromAThread(t *testing.T) {
	s := newOpenQuizStack(t, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	bob := member{"U2", "bob", "", ""}
	data := map[string]any{"id": "cmd", "name": commandName, "type": 1, "options": []any{
		map[string]any{"name": "quiz", "type": 2, "options": []any{map[string]any{"name": "now", "type": 1}}}}}
	in := interaction("I1", 2, data)
	in["member"] = bob.json()
	if code, reply := s.send(s.inThread(in)); code != http.StatusOK || !isEphemeral(reply) {
		t.Fatalf("quiz now in a thread: %d %v", code, reply)
	}
	posts := s.fake.CallsMatching("POST", "/channels/T1/messages")
	if len(posts) != 1 {
		t.Fatalf("%d posts in the thread, want the question; calls: %s", len(posts), s.fake.Describe())
	}
	if text := contentOf(posts[0].Body); strings.Contains(text, "thread") || !strings.Contains(text, "Press Answer") {
		t.Errorf("question posted in a thread = %q, want the Answer invitation and no thread", text)
	}
	if starts := s.threadStarts(); len(starts) != 0 {
		t.Errorf("started a thread inside a thread: %v", starts[0].Path)
	}
	checkSafe(t, s.fake.Calls())
}
