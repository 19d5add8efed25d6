package discord

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// The open quiz end to end without MESSAGE_CONTENT: the post starts a
// public thread, its Answer button opens a modal (type 9), the modal's
// submission (type 5) is the member's answer, scored at the reveal, and
// the reveal edits the post with its button disabled and the tally.
func TestOpenQuizThroughDiscord(t *testing.T) {
	s := newOpenQuizStack(t, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	q := s.questions[0] // Intn 0: the first open question
	alice := member{"U1", "alice", "", manageChannels}
	bob := member{"U2", "bob", "", ""}

	if code, data := s.command("I1", bob, "now"); code != http.StatusOK || !isEphemeral(data) {
		t.Fatalf("quiz now: %d %v", code, data)
	}
	posts := s.channelPosts()
	if len(posts) != 1 {
		t.Fatalf("%d posts, want the question", len(posts))
	}
	post := posts[0]
	msgID := ""
	for _, c := range s.fake.Calls() {
		if c.Method == "POST" && strings.HasPrefix(c.Path, "/channels/C1/messages/") && strings.HasSuffix(c.Path, "/threads") {
			msgID = strings.Split(c.Path, "/")[4]
			if name, _ := c.Body["name"].(string); name == "" || c.Body["type"] != float64(11) {
				t.Errorf("thread start body = %v, want a named public thread (type 11)", c.Body)
			}
		}
	}
	if msgID == "" {
		t.Fatalf("the open question started no thread; calls: %s", s.fake.Describe())
	}
	ids, labels, _ := buttons(t, post.Body)
	if len(ids) != 1 || !strings.HasSuffix(ids[0], ":w") {
		t.Fatalf("open question buttons = %v %v, want one Answer button", ids, labels)
	}
	answerID := ids[0]

	// The Answer click gets a modal, not a message.
	click := interaction("I2", 3, map[string]any{"custom_id": answerID, "component_type": 2})
	click["member"] = alice.json()
	click["message"] = map[string]any{"id": msgID, "channel_id": "C1"}
	code, resp := serve(t, s.a, s.keys.signedRequest(mustJSON(t, click), s.clock.Now()))
	if code != http.StatusOK || resp["type"] != float64(9) {
		t.Fatalf("Answer click: %d %v, want a modal (type 9)", code, resp)
	}
	checkModal(t, resp["data"].(map[string]any), answerID)

	submit := func(id string, m member, text string) map[string]any {
		t.Helper()
		in := interaction(id, 5, map[string]any{"custom_id": answerID, "components": []any{
			map[string]any{"type": 18, "id": 1, "component": map[string]any{"type": 4, "id": 2, "custom_id": formInputID, "value": text}}}})
		in["member"] = m.json()
		in["message"] = map[string]any{"id": msgID, "channel_id": "C1"}
		code, data := s.send(in)
		if code != http.StatusOK || !isEphemeral(data) || !strings.Contains(contentOf(data), "scored at the reveal") {
			t.Fatalf("modal submission: %d %q (ephemeral %v)", code, contentOf(data), isEphemeral(data))
		}
		return data
	}
	submit("I3", alice, strings.Join(q.KeyPoints.EN, ". "))
	submit("I4", bob, "no idea, sorry")
	if n := len(s.channelPosts()); n != 1 {
		t.Errorf("answers were posted to the channel (%d posts): they must stay private until the reveal", n)
	}

	code, data := s.command("I5", alice, "answer")
	if code != http.StatusOK || !strings.Contains(contentOf(data), "Answers covering the key points: 1 of 2") {
		t.Errorf("reveal = %d %q, want 1 of 2 answers covering the key points", code, contentOf(data))
	}
	var edit *call
	for _, c := range s.fake.CallsMatching("PATCH", "/channels/C1/messages/"+msgID) {
		edit = &c
	}
	if edit == nil {
		t.Fatalf("the reveal did not edit the post; calls: %s", s.fake.Describe())
	}
	checkMessage(t, "closed post", edit.Body)
	if !strings.Contains(contentOf(edit.Body), "Revealed: 1 of 2") {
		t.Errorf("closed post = %q, want the tally", contentOf(edit.Body))
	}
	rows, _ := edit.Body["components"].([]any)
	disabled := 0
	for _, r := range rows {
		for _, b := range r.(map[string]any)["components"].([]any) {
			if b.(map[string]any)["disabled"] == true {
				disabled++
			}
		}
	}
	if disabled != 1 {
		t.Errorf("closed post components = %v, want its one button disabled", rows)
	}
	// A late submission changes nothing.
	late := interaction("I6", 5, map[string]any{"custom_id": answerID, "components": []any{
		map[string]any{"type": 18, "component": map[string]any{"type": 4, "custom_id": formInputID, "value": "late"}}}})
	late["member"] = bob.json()
	if _, data := s.send(late); !strings.Contains(contentOf(data), "already been revealed") {
		t.Errorf("late submission = %q", contentOf(data))
	}
	checkSafe(t, s.fake.Calls())
}

// checkModal checks a type 9 response against Discord's modal rules: a
// custom_id, a title of at most 45 characters, and a label (type 18)
// around a paragraph text input (type 4, style 2) whose label fits 45.
func checkModal(t *testing.T, data map[string]any, customID string) {
	t.Helper()
	title, _ := data["title"].(string)
	if data["custom_id"] != customID || title == "" || len([]rune(title)) > 45 {
		t.Errorf("modal custom_id %v title %q", data["custom_id"], title)
	}
	comps, _ := data["components"].([]any)
	if len(comps) != 1 {
		t.Fatalf("modal components = %v", comps)
	}
	label := comps[0].(map[string]any)
	input, _ := label["component"].(map[string]any)
	text, _ := label["label"].(string)
	if label["type"] != float64(18) || text == "" || len([]rune(text)) > 45 || input["type"] != float64(4) ||
		input["style"] != float64(2) || input["custom_id"] != formInputID {
		t.Errorf("modal component = %v, want a label around a paragraph text input", label)
	}
	if max, _ := input["max_length"].(float64); max < 1 || max > 4000 {
		t.Errorf("text input max_length = %v", input["max_length"])
	}
}
