package slack

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/backend-tip/backend-tip/internal/testkit"
)

// TestInterviewInASlackThread: `/backend-tip interview behavioral` in a
// channel posts the first question there and tells the member privately
// that the interview is in its thread; a reply in that thread mentioning
// the bot (Slack sends the bot only mentions from channels: app_mention,
// no message.channels) is the answer: feedback with the STAR parts and
// the next question are streamed into the thread. A mention outside the
// thread and another member's mention in it are not answers.
func TestInterviewInASlackThread(t *testing.T) {
	e := newQuizE2E(t, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	calls := e.slash(testChannel, "U1", "alice", "interview behavioral")
	post := oneCall(t, calls, "chat.postMessage")
	if post.Form.Get("channel") != testChannel || post.Form.Get("thread_ts") != "" {
		t.Fatalf("opener posted to %q (thread %q)", post.Form.Get("channel"), post.Form.Get("thread_ts"))
	}
	checkSafe(t, post)
	opener := allText(t, post)
	testkit.WantContains(t, "opener", opener, "Mock interview (behavioral)", "Question 1/3", "STAR", "Reply in this thread and mention me")
	if ids := buttonIDs(t, post); len(ids) != 0 {
		t.Errorf("Slack opener has buttons %v: answers are thread replies", ids)
	}
	if note := allText(t, oneCall(t, calls, "response_url")); !strings.Contains(note, "in the thread") {
		t.Errorf("command reply = %q, want a pointer to the thread", note)
	}

	mention := func(id, ts, thread, user, text string) string {
		t.Helper()
		n := e.mark()
		e.send("/slack/events", mentionEvent(id, ts, thread, user, "", "<@UBOT> "+text))
		c, text := e.threadReply(t, e.since(n))
		if got := c.Form.Get("thread_ts"); got != thread && !(thread == "" && got == ts) {
			t.Errorf("%s answered in thread %q, want %q", id, got, thread)
		}
		return text
	}
	// Outside the thread the member is asking the guide, not answering.
	if got := mention("EvIV1", "1800000000.000001", "", "U1", "What is DNS?"); strings.Contains(got, "Feedback") {
		t.Errorf("a top-level mention was taken as the answer:\n%s", got)
	}
	// Another member in the thread: not their interview.
	if got := mention("EvIV2", "1800000000.000002", post.TS, "U2", "I fixed a bug too."); strings.Contains(got, "Feedback") {
		t.Errorf("bob's mention was taken as alice's answer:\n%s", got)
	}
	got := mention("EvIV3", "1800000000.000003", post.TS, "U1", "I fixed a bug.")
	testkit.WantContains(t, "thread answer", got, "Feedback** (1/3)", "STAR parts missing: Situation, Task, Result", "📖 Reread:", "Question 2/3", "Reply in this thread")
	row, err := e.db.Interview(context.Background(), "slack:U1")
	if err != nil || row.Thread != post.TS || !strings.Contains(row.State, `"pos":1`) {
		t.Fatalf("session = %+v, %v; want it in the opener's thread at question 2", row, err)
	}
}

// TestInterviewInASlackDM: in the bot's DM every message is for the bot
// (message.im), so a DM interview takes plain messages as answers, top
// level or in an assistant thread.
func TestInterviewInASlackDM(t *testing.T) {
	e := newQuizE2E(t, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	dm := func(id, ts, thread, text string) string {
		t.Helper()
		n := e.mark()
		e.send("/slack/events", dmEvent(id, ts, thread, "U1", text, nil))
		c, text := e.threadReply(t, e.since(n))
		if c.Form.Get("channel") != dmChannel {
			t.Fatalf("%s: answered in %q", id, c.Form.Get("channel"))
		}
		return text
	}
	if got := dm("EvD1", "1800000100.000001", "", "interview behavioral"); !strings.Contains(got, "Question 1/3") || !strings.Contains(got, "Type your answer as your next message") {
		t.Fatalf("DM interview start:\n%s", got)
	}
	got := dm("EvD2", "1800000100.000002", "", "I fixed a bug.")
	if !strings.Contains(got, "STAR parts missing: Situation, Task, Result") || !strings.Contains(got, "Question 2/3") {
		t.Fatalf("plain DM answer:\n%s", got)
	}
	// `/backend-tip interview` typed in the DM: the question is the
	// command's reply (no post of its own) and plain messages answer it.
	if got := ephemeralOrNot(t, e.slash(dmChannel, "U1", "alice", "interview")); !strings.Contains(got, "You are in a mock interview") {
		t.Errorf("a second interview while one is open: %q", got)
	}
	// In an assistant thread of the same DM: still the member's answer.
	got = dm("EvD3", "1800000100.000004", "1800000100.000003", "When I was at my last job our deploys failed. My task was to fix CI. I rewrote the pipeline. As a result deploys took 10 minutes.")
	if !strings.Contains(got, "Feedback** (2/3)") || !strings.Contains(got, "Question 3/3") {
		t.Fatalf("assistant-thread answer:\n%s", got)
	}
}

// threadReply is the one reply a mention or DM got: streamed natively
// (an answer from the guide), posted (a command's reply) or shown only to
// the member (an error), with its text.
func (e *quizE2E) threadReply(t *testing.T, calls []call) (call, string) {
	t.Helper()
	replies := only(calls, "chat.startStream", "chat.postMessage", "chat.postEphemeral")
	if len(replies) != 1 {
		t.Fatalf("%d replies, want one; calls %v", len(replies), methods(calls))
	}
	c := replies[0]
	if c.Method == "chat.startStream" {
		return c, streamedText(e.slack, c.Form.Get("channel"), c.TS)
	}
	checkSafe(t, c)
	return c, allText(t, c)
}

// TestInterviewSlashInASlackDM: the slash command in the bot's DM asks the
// first question in its own reply, and plain DM messages are the answers.
func TestInterviewSlashInASlackDM(t *testing.T) {
	e := newQuizE2E(t, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	calls := e.slash(dmChannel, "U1", "alice", "interview technical")
	replies := only(calls, "chat.postMessage", "response_url")
	if len(replies) != 1 {
		t.Fatalf("the DM interview sent %v, want the command's one reply (no opener post of its own)", methods(calls))
	}
	if got := allText(t, replies[0]); !strings.Contains(got, "Mock interview (technical)") || !strings.Contains(got, "Question 1/4") ||
		!strings.Contains(got, "Type your answer as your next message") {
		t.Fatalf("slash interview in the DM:\n%s", got)
	}
	n := e.mark()
	e.send("/slack/events", dmEvent("EvS1", "1800000200.000001", "", "U1", "A hash set finds duplicates in one pass: O(n) time, O(n) memory.", nil))
	if _, got := e.threadReply(t, e.since(n)); !strings.Contains(got, "Feedback** (1/4)") || !strings.Contains(got, "Question 2/4") {
		t.Fatalf("plain DM answer:\n%s", got)
	}
}

// ephemeralOrNot is the text of a slash command's one response_url reply.
func ephemeralOrNot(t *testing.T, calls []call) string {
	t.Helper()
	return allText(t, oneCall(t, calls, "response_url"))
}

// TestReviewIsPrivate: after a missed quiz answer, `quiz review` and the
// review's buttons answer only the member (response_url, ephemeral), never
// in the channel.
func TestReviewIsPrivate(t *testing.T) {
	tokyo := testkit.Zone(t, "Asia/Tokyo")
	e := newQuizE2E(t, testkit.Tokyo(t, "2026-12-01 08:00"))
	e.slash(testChannel, "U1", "alice", "quiz daily 09:00 Asia/Tokyo")
	post := oneCall(t, e.tick(time.Date(2026, 12, 1, 9, 0, 0, 0, tokyo)), "chat.postMessage")
	actions := buttonIDs(t, post)
	q := e.hostile
	wrong := (q.Correct() + 1) % len(q.Choices)
	if len(actions) != len(q.Choices) {
		t.Fatalf("buttons %v", actions)
	}
	e.click(testChannel, post.TS, "U2", "bob", actions[wrong])

	calls := e.slash(testChannel, "U2", "bob", "quiz review")
	reply := ephemeralReply(t, calls)
	if !strings.Contains(reply, "(1 due)") || !strings.Contains(reply, "Review question") {
		t.Fatalf("review reply:\n%s", reply)
	}
	review := buttonIDs(t, oneCall(t, calls, "response_url"))
	if len(review) != len(q.Choices) || !strings.HasPrefix(review[0], "review:"+q.ID+":") {
		t.Fatalf("review buttons %v", review)
	}
	if other := ephemeralReply(t, e.slash(testChannel, "U1", "alice", "quiz review")); !strings.Contains(other, "Nothing to review") {
		t.Errorf("alice sees bob's review:\n%s", other)
	}
	// Bob answers the review right, privately.
	calls = e.click(testChannel, "", "U2", "bob", review[q.Correct()])
	if !strings.Contains(ephemeralReply(t, calls), "Right:") {
		t.Errorf("review answer reply: %s", methods(calls))
	}
	if public := only(calls, "chat.postMessage", "chat.update"); len(public) != 0 {
		t.Fatalf("review answer went public: %v", methods(calls))
	}
	if due, _ := e.db.DueReviews(context.Background(), "slack:U2", e.clock.Now(), 10); len(due) != 0 {
		t.Errorf("still due after a right review: %+v", due)
	}
}

// buttonIDs are the action ids of a message's buttons, in order.
func buttonIDs(t *testing.T, c call) []string {
	t.Helper()
	var ids []string
	for _, b := range c.Blocks(t) {
		if a, ok := b.(*slack.ActionBlock); ok {
			for _, el := range a.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok {
					ids = append(ids, btn.ActionID)
				}
			}
		}
	}
	return ids
}
