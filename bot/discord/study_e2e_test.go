package discord

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/bot/study"
	"github.com/backend-tip/backend-tip/internal/testkit"
	"github.com/backend-tip/backend-tip/internal/teststore"
)

// TestInterviewThroughDiscord: `/backend-tip interview start type:design`
// posts the first question in the channel and starts a public thread on
// it; the question's Answer button opens a modal (type 9) for its member
// only; the submission (type 5) is the answer: feedback grounded in the
// guide comes back privately and the next question is posted in the
// thread, until the summary closes the session. A stale submission and
// another member's click change nothing.
func TestInterviewThroughDiscord(t *testing.T) {
	s := newOpenQuizStack(t, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	alice := member{"U1", "alice", "", ""}
	bob := member{"U2", "bob", "", ""}

	code, data := s.interview("I1", alice, "design")
	if code != http.StatusOK || !isEphemeral(data) || !strings.Contains(contentOf(data), "Your mock interview is in") {
		t.Fatalf("interview: %d %q (ephemeral %v), want a private pointer to the thread", code, contentOf(data), isEphemeral(data))
	}
	posts := s.channelPosts()
	if len(posts) != 1 {
		t.Fatalf("%d channel posts, want the first question", len(posts))
	}
	opener := posts[0]
	checkMessage(t, "opener", opener.Body)
	for _, want := range []string{"Mock interview (system design)", "Question 1/3", "Press ✍️ Answer"} {
		if !strings.Contains(contentOf(opener.Body), want) {
			t.Errorf("opener lacks %q:\n%s", want, contentOf(opener.Body))
		}
	}
	thread := ""
	for _, c := range s.fake.Calls() {
		if c.Method == "POST" && strings.HasPrefix(c.Path, "/channels/C1/messages/") && strings.HasSuffix(c.Path, "/threads") {
			thread = strings.Split(c.Path, "/")[4]
			if name, _ := c.Body["name"].(string); !strings.Contains(name, "Mock interview") || !strings.Contains(name, "alice") || c.Body["type"] != float64(11) {
				t.Errorf("thread start body = %v, want a public thread (type 11) named for alice's interview", c.Body)
			}
		}
	}
	if thread == "" {
		t.Fatalf("no thread started on the opener; calls: %s", s.fake.Describe())
	}
	if !strings.Contains(contentOf(data), "<#"+thread+">") {
		t.Errorf("the command's reply %q does not link the thread", contentOf(data))
	}
	ids, labels, _ := buttons(t, opener.Body)
	if len(ids) != 1 || !strings.HasPrefix(ids[0], "iv:") || !strings.HasSuffix(ids[0], ":0") || !strings.Contains(labels[0], "Answer") {
		t.Fatalf("opener buttons = %v %v, want one Answer button for question 0", ids, labels)
	}

	// A second `interview` while this one is open points to it.
	if _, again := s.interview("I1b", alice, "behavioral"); !isEphemeral(again) || !strings.Contains(contentOf(again), "You are in a mock interview <#"+thread+">") {
		t.Errorf("a second interview: %q", contentOf(again))
	}
	if n := len(s.channelPosts()); n != 1 {
		t.Errorf("a second interview posted again (%d channel posts)", n)
	}
	// Bob's click on alice's question: a private note, no modal.
	if code, data := s.click("K1", bob, "C1", thread, ids[0]); code != http.StatusOK || !isEphemeral(data) || !strings.Contains(contentOf(data), "someone else's") {
		t.Fatalf("bob's click: %d %q", code, contentOf(data))
	}

	answers := []string{
		"First I clarify functional and non-functional requirements such as availability and latency by asking the interviewer, then estimate requests per day and the data volume.",
		"I would draw the load balancer, web servers and the database, then discuss the schema, the API endpoints and the bottlenecks, with caching and scaling out the DB.",
		"A monolith first for a small team; microservices when teams need independent deployment, accepting network calls and harder operations.",
	}
	current := ids[0]
	for n, answer := range answers {
		// The Answer click gets a modal, not a message.
		click := interaction("A"+string(rune('1'+n)), 3, map[string]any{"custom_id": current, "component_type": 2})
		click["member"] = alice.json()
		click["channel_id"] = thread
		click["message"] = map[string]any{"id": "q", "channel_id": thread}
		code, resp := serve(t, s.a, s.keys.signedRequest(mustJSON(t, click), s.clock.Now()))
		if code != http.StatusOK || resp["type"] != float64(9) {
			t.Fatalf("Answer click %d: %d %v, want a modal (type 9)", n+1, code, resp)
		}
		checkModal(t, resp["data"].(map[string]any), current)

		data := s.submitForm("S"+string(rune('1'+n)), alice, thread, current, answer)
		text := contentOf(data)
		if !isEphemeral(data) || !strings.Contains(text, "**Feedback**") || !strings.Contains(text, "📖") {
			t.Fatalf("submission %d: ephemeral %v, want private feedback with a section:\n%s", n+1, isEphemeral(data), text)
		}
		if n == 0 {
			// The first question is the guide's own: graded against the
			// guide's four system design steps.
			for _, step := range []string{"Requirements definition", "High-level design", "Detailed design"} {
				if !strings.Contains(text, step) {
					t.Errorf("feedback on the guide's design question lacks the step %q:\n%s", step, text)
				}
			}
			// The same submission again is stale: nothing is graded twice.
			if again := contentOf(s.submitForm("S1b", alice, thread, current, answer)); !strings.Contains(again, "answered that question already") {
				t.Errorf("a repeated submission = %q", again)
			}
		}
		inThread := s.fake.CallsMatching("POST", "/channels/"+thread+"/messages")
		if n == len(answers)-1 {
			if !strings.Contains(text, "**Summary**: 3 answers") {
				t.Errorf("last feedback lacks the summary:\n%s", text)
			}
			if len(inThread) != 3 || !strings.Contains(contentOf(inThread[2].Body), "mock interview is over") {
				t.Errorf("thread posts %d, want two questions and a closing note", len(inThread))
			}
			break
		}
		if !strings.Contains(text, "is in the thread") || len(inThread) != n+1 {
			t.Fatalf("after answer %d: %d thread posts; reply:\n%s", n+1, len(inThread), text)
		}
		next := inThread[n].Body
		checkMessage(t, "next question", next)
		if want := "Question " + string(rune('2'+n)) + "/3"; !strings.Contains(contentOf(next), want) {
			t.Errorf("thread post %d = %q, want %q", n+1, contentOf(next), want)
		}
		nextIDs, _, _ := buttons(t, next)
		if len(nextIDs) != 1 || !strings.HasSuffix(nextIDs[0], ":"+string(rune('1'+n))) {
			t.Fatalf("next question buttons = %v", nextIDs)
		}
		current = nextIDs[0]
	}
	if n := len(s.channelPosts()); n != 1 {
		t.Errorf("%d posts in the channel itself, want only the opener (the rest is in the thread)", n)
	}
	// Each answered question's post is edited: its button disabled.
	closed := append(s.fake.CallsMatching("PATCH", "/channels/C1/messages/"+thread), s.fake.CallsMatching("PATCH", "/channels/"+thread+"/messages/")...)
	if len(closed) != 3 {
		t.Fatalf("%d question posts closed, want the opener and the two questions in the thread; calls: %s", len(closed), s.fake.Describe())
	}
	for i, c := range closed {
		checkMessage(t, "closed question", c.Body)
		if !strings.Contains(contentOf(c.Body), "✅ Answered") || (i == 0) != strings.Contains(contentOf(c.Body), "Mock interview") {
			t.Errorf("closed question %d = %q", i+1, contentOf(c.Body))
		}
		rows, _ := c.Body["components"].([]any)
		if len(rows) != 1 || rows[0].(map[string]any)["components"].([]any)[0].(map[string]any)["disabled"] != true {
			t.Errorf("closed question %d components = %v, want its button disabled", i+1, rows)
		}
	}
	if _, err := s.db.Interview(context.Background(), "discord:U1"); err == nil {
		t.Error("session still open after the last answer")
	}
	hist, _ := s.db.StudyHistory(context.Background(), "discord:U1", 10)
	if len(hist) != 3 || hist[0].Source != store.SourceInterview {
		t.Errorf("interview answers in the review history: %+v", hist)
	}
	checkSafe(t, s.fake.Calls())
}

// interview runs `/backend-tip interview start [type]`.
func (s *quizStack) interview(id string, m member, kind string) (int, map[string]any) {
	s.t.Helper()
	var opts []any
	if kind != "" {
		opts = append(opts, map[string]any{"name": "type", "type": 3, "value": kind})
	}
	data := map[string]any{"id": "cmd", "name": commandName, "type": 1, "options": []any{
		map[string]any{"name": "interview", "type": 2, "options": []any{
			map[string]any{"name": "start", "type": 1, "options": opts}}}}}
	in := interaction(id, 2, data)
	in["member"] = m.json()
	return s.send(in)
}

// submitForm sends a modal submission (type 5) for customID with text, as
// Discord does: a label (type 18) around the text input.
func (s *quizStack) submitForm(id string, m member, channel, customID, text string) map[string]any {
	s.t.Helper()
	in := interaction(id, 5, map[string]any{"custom_id": customID, "components": []any{
		map[string]any{"type": 18, "id": 1, "component": map[string]any{"type": 4, "id": 2, "custom_id": formInputID, "value": text}}}})
	in["member"] = m.json()
	in["channel_id"] = channel
	code, data := s.send(in)
	if code != http.StatusOK {
		s.t.Fatalf("modal submission %s: status %d", id, code)
	}
	return data
}

// TestInterviewMentionInItsThread: over the gateway, a mention of the bot
// inside the interview's thread (a channel of its own, with the opener's
// id) is the member's answer: Discord gives the bot the content of
// messages that mention it without MESSAGE_CONTENT. The reply in the
// thread carries the feedback and the next question with its button.
func TestInterviewMentionInItsThread(t *testing.T) {
	db := teststore.Open(t, t.TempDir(), nil)
	t.Cleanup(func() { db.Close() }) // after the adapter's work (cleanups run last first)
	st, err := study.New(study.Options{Store: db, Questions: testkit.Bank(t), Docs: testkit.Guide(t), FormPlatforms: []string{"discord"}})
	if err != nil {
		t.Fatal(err)
	}
	router := bot.NewRouter(bot.RouterOptions{Handlers: st.Handlers(), Clicks: st.Clicks(), Sessions: st})
	f, a := gatewayUp(t, router, func(o *Options) { o.AckBudget = 2 * time.Second })
	st.SetPlatforms(map[string]bot.Platform{"discord": a})
	t.Cleanup(a.rt.Wait)

	in := interaction("I1", 2, map[string]any{"id": "cmd", "name": commandName, "type": 1, "options": []any{
		map[string]any{"name": "interview", "type": 2, "options": []any{
			map[string]any{"name": "start", "type": 1, "options": []any{map[string]any{"name": "type", "type": 3, "value": "behavioral"}}}}}}})
	in["member"] = member{"U1", "alice", "", ""}.json()
	f.Dispatch("INTERACTION_CREATE", in)
	thread := ""
	f.WaitFor("the interview's thread", func() bool {
		for _, c := range f.CallsMatching("POST", "/channels/C1/messages/") {
			if strings.HasSuffix(c.Path, "/threads") {
				thread = strings.Split(c.Path, "/")[4]
			}
		}
		return thread != ""
	})
	// The command's reply comes once the session is in the thread.
	f.WaitFor("the command's reply", func() bool { return len(f.CallsMatching("POST", "/interactions/I1/")) == 1 })
	f.Dispatch("MESSAGE_CREATE", map[string]any{"id": "M1", "channel_id": thread, "guild_id": testGuild,
		"author": map[string]any{"id": "U1", "username": "alice"}, "content": "<@999> I fixed a bug.", "mentions": []any{map[string]any{"id": testBot}}})
	f.WaitFor("the reply in the thread", func() bool { return len(f.CallsMatching("POST", "/channels/"+thread+"/messages")) == 1 })
	reply := f.CallsMatching("POST", "/channels/"+thread+"/messages")[0].Body
	checkMessage(t, "thread reply", reply)
	for _, want := range []string{"**Feedback** (1/3)", "STAR parts missing: Situation, Task, Result", "Question 2/3"} {
		if !strings.Contains(contentOf(reply), want) {
			t.Errorf("thread reply lacks %q:\n%s", want, contentOf(reply))
		}
	}
	if ids, _, _ := buttons(t, reply); len(ids) != 1 || !strings.HasSuffix(ids[0], ":1") {
		t.Errorf("thread reply buttons %v, want the Answer button of question 2", ids)
	}
	if closed := f.CallsMatching("PATCH", "/channels/C1/messages/"+thread); len(closed) != 1 || !strings.Contains(contentOf(closed[0].Body), "✅ Answered") {
		t.Errorf("the opener was not closed after its question was answered by mention: %v", closed)
	}
	checkSafe(t, f.Calls())
}

// TestInterviewWhereTheBotCannotPost: in a channel where posting is
// refused (403 Missing Access), the command's own reply asks the first
// question with its Answer button, and each submission's private reply
// carries the feedback and the next question.
func TestInterviewWhereTheBotCannotPost(t *testing.T) {
	s := newOpenQuizStack(t, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	s.fake.Lock()
	s.fake.Forbidden = map[string]bool{"C1": true}
	s.fake.Unlock()
	alice := member{"U1", "alice", "", ""}
	code, data := s.interview("I1", alice, "behavioral")
	if code != http.StatusOK || !strings.Contains(contentOf(data), "Question 1/3") {
		t.Fatalf("interview in a closed channel: %d %q", code, contentOf(data))
	}
	ids, _, _ := buttons(t, data)
	if len(ids) != 1 || !strings.HasSuffix(ids[0], ":0") {
		t.Fatalf("reply buttons %v, want the Answer button", ids)
	}
	reply := s.submitForm("S1", alice, "C1", ids[0], "I fixed a bug.")
	if !isEphemeral(reply) || !strings.Contains(contentOf(reply), "STAR parts missing: Situation, Task, Result") || !strings.Contains(contentOf(reply), "Question 2/3") {
		t.Fatalf("submission reply (ephemeral %v):\n%s", isEphemeral(reply), contentOf(reply))
	}
	if next, _, _ := buttons(t, reply); len(next) != 1 || !strings.HasSuffix(next[0], ":1") {
		t.Errorf("next question buttons %v", next)
	}
}

// TestReviewIsEphemeral: `quiz review` and its buttons answer only the
// member (flags 64), after a missed answer to the channel's quiz.
func TestReviewIsEphemeral(t *testing.T) {
	tokyo := testkit.Zone(t, "Asia/Tokyo")
	s := newQuizStack(t, testkit.Tokyo(t, "2026-12-01 08:00"))
	alice, bob := member{"U1", "alice", "", manageChannels}, member{"U2", "bob", "", ""}
	if code, data := s.command("I1", alice, "daily", map[string]any{"name": "time", "type": 3, "value": "09:00"}); code != http.StatusOK || isEphemeral(data) {
		t.Fatalf("subscribe: %d %v", code, data)
	}
	s.tick(time.Date(2026, 12, 1, 9, 0, 0, 0, tokyo))
	posts := s.channelPosts()
	if len(posts) != 1 {
		t.Fatalf("%d channel posts", len(posts))
	}
	q := s.questions[0]
	ids, _, _ := buttons(t, posts[0].Body)
	wrong := (q.Correct() + 1) % len(q.Choices)
	s.click("K1", bob, "C1", "m1", ids[wrong]) // the click names its post in the custom id

	code, data := s.command("I2", bob, "review")
	if code != http.StatusOK || !isEphemeral(data) || !strings.Contains(contentOf(data), "(1 due)") {
		t.Fatalf("quiz review: %d, ephemeral %v:\n%s", code, isEphemeral(data), contentOf(data))
	}
	review, _, _ := buttons(t, data)
	if len(review) != len(q.Choices) || !strings.HasPrefix(review[0], "review:"+q.ID+":") {
		t.Fatalf("review buttons %v", review)
	}
	_, data = s.click("K2", bob, "C1", "ephemeral-1", review[q.Correct()])
	if !isEphemeral(data) || !strings.Contains(contentOf(data), "Right:") {
		t.Errorf("review answer: ephemeral %v: %s", isEphemeral(data), contentOf(data))
	}
	if due, _ := s.db.DueReviews(context.Background(), "discord:U2", s.clock.Now(), 10); len(due) != 0 {
		t.Errorf("still due after a right review: %+v", due)
	}
}
