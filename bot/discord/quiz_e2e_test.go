package discord

// The daily quiz end to end through this adapter: the real quiz service over
// a real SQLite store in a temp dir, the real bot.Router, and the Adapter
// taking signed HTTP interactions and posting through discordgo to the
// loopback fake Discord. Only the clock is fake. The test lives in package
// discord to reuse the fake and the safety checks; importing bot/quiz and
// bot/store here is test-only (the adapter itself stays platform-only).

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/quiz"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/bot/study"
	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/internal/fakediscord"
	"github.com/backend-tip/backend-tip/internal/testkit"
	"github.com/backend-tip/backend-tip/internal/teststore"
)

// quizStack is one "process": store, quiz service, router and adapter.
// restart() closes it and builds a new one over the same database file and
// the same fake Discord.
type quizStack struct {
	t         *testing.T
	dir       string
	clock     *testkit.Clock
	fake      *fakediscord.Server
	keys      keys
	postIDs   *atomic.Int64 // shared across restarts so post ids stay unique
	questions []content.QuizQuestion
	docs      []content.Document

	db  *store.DB
	svc *quiz.Service
	a   *Adapter
}

func newQuizStack(t *testing.T, start time.Time) *quizStack {
	// Multiple choice only: the daily post under test has buttons. With
	// Intn always 0 the service takes the first least-used one, so day 1
	// gets mc[0] and day 2 mc[1] (no repeat).
	return newQuizStackOf(t, start, content.QuizQuestion.MultipleChoice)
}

// newOpenQuizStack builds a stack whose bank holds the open questions only
// (answered in a modal or a thread, not with buttons).
func newOpenQuizStack(t *testing.T, start time.Time) *quizStack {
	t.Helper()
	return newQuizStackOf(t, start, func(q content.QuizQuestion) bool { return !q.MultipleChoice() })
}

// newQuizStackOf builds a stack whose bank holds the questions keep keeps.
func newQuizStackOf(t *testing.T, start time.Time, keep func(content.QuizQuestion) bool) *quizStack {
	t.Helper()
	var mc []content.QuizQuestion
	for _, q := range testkit.Bank(t) {
		if keep(q) {
			mc = append(mc, q)
		}
	}
	if len(mc) < 2 {
		t.Fatalf("the bank has %d questions of the kind, want at least 2", len(mc))
	}
	s := &quizStack{t: t, dir: t.TempDir(), clock: testkit.NewClock(start), fake: fakediscord.New(t), keys: newKeys(t),
		postIDs: new(atomic.Int64), questions: mc, docs: testkit.Guide(t)}
	s.open()
	t.Cleanup(s.close)
	return s
}

func (s *quizStack) open() {
	t := s.t
	t.Helper()
	db := teststore.Open(t, s.dir, s.clock.Now)
	svc, err := quiz.New(quiz.Options{
		Store: db, Questions: s.questions, Docs: s.docs,
		Basics: bot.Basics{Clock: s.clock.Now, Zone: "Asia/Tokyo",
			NewID: func() string { return fmt.Sprintf("p%d", s.postIDs.Add(1)) },
			Intn:  func(int) int { return 0 },
		},
	})
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	st, err := study.New(study.Options{Store: db, Questions: s.questions, Docs: s.docs, Basics: bot.Basics{Clock: s.clock.Now, Zone: "Asia/Tokyo"},
		FormPlatforms: []string{"discord"}}) // as cmd wires it
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	handlers, clicks := svc.Handlers(), svc.Clicks()
	for k, h := range st.Handlers() {
		handlers[k] = h
	}
	for k, h := range st.Clicks() {
		clicks[k] = h
	}
	router := bot.NewRouter(bot.RouterOptions{Handlers: handlers, Clicks: clicks, Sessions: st})
	a := testAdapter(t, s.fake, router, func(o *Options) {
		o.Gateway = false // HTTP interactions only: each request is signed
		o.PublicKey = hexKey(s.keys)
		o.Clock = s.clock.Now
		o.AckBudget = 2 * time.Second // SQLite under -race must not force a deferral
	})
	svc.SetPlatforms(map[string]bot.Platform{"discord": a}) // as runSchedules does
	st.SetPlatforms(map[string]bot.Platform{"discord": a})
	s.db, s.svc, s.a = db, svc, a
}

// close waits for the adapter's work in flight, then closes the store.
func (s *quizStack) close() {
	if s.db == nil {
		return
	}
	s.a.rt.Wait()
	s.db.Close()
	s.db = nil
}

func (s *quizStack) restart() {
	s.t.Helper()
	s.close()
	s.open()
}

func (s *quizStack) platforms() map[string]bot.Platform {
	return map[string]bot.Platform{"discord": s.a}
}

func (s *quizStack) tick(at time.Time) {
	s.t.Helper()
	s.clock.Set(at)
	if err := s.svc.Tick(context.Background(), at, s.platforms()); err != nil {
		s.t.Fatalf("tick at %s: %v", at, err)
	}
}

// member is a guild member as interactions carry it.
type member struct {
	id, username, globalName string
	// permissions is member.permissions as Discord sends it: the member's
	// permissions in the channel, a decimal string.
	permissions string
}

// manageChannels is the Manage Channels bit (1 << 4) with the usual
// member bits (View Channel, Send Messages), as a permissions string.
const manageChannels = "3088"

func (m member) json() map[string]any {
	u := map[string]any{"id": m.id, "username": m.username}
	if m.globalName != "" {
		u["global_name"] = m.globalName
	}
	perms := m.permissions
	if perms == "" {
		perms = "3072" // View Channel + Send Messages
	}
	return map[string]any{"user": u, "permissions": perms}
}

// send posts a signed interaction to the adapter's endpoint and returns the
// status and the message the user finally sees: the type 4 response's data,
// or for a deferred response the last edit or follow-up of its token.
func (s *quizStack) send(in map[string]any) (int, map[string]any) {
	t := s.t
	t.Helper()
	code, resp := serve(t, s.a, s.keys.signedRequest(mustJSON(t, in), s.clock.Now()))
	s.a.rt.Wait() // the interaction's work, edits included, is done
	if code != http.StatusOK {
		return code, nil
	}
	switch resp["type"] {
	case float64(4):
		data, _ := resp["data"].(map[string]any)
		checkMessage(t, "interaction response", data)
		return code, data
	case float64(5):
		prefix := "/webhooks/" + testApp + "/tok-" + in["id"].(string)
		var last map[string]any
		for _, c := range s.fake.Calls() {
			if strings.HasPrefix(c.Path, prefix) && (c.Method == "PATCH" || c.Method == "POST") {
				last = c.Body
			}
		}
		if last == nil {
			t.Fatalf("deferred interaction %v never got its answer; calls: %s", in["id"], s.fake.Describe())
		}
		return code, last
	}
	t.Fatalf("unexpected interaction response %v", resp)
	return 0, nil
}

// command sends `/backend-tip quiz <sub> [options]` from channel C1.
func (s *quizStack) command(id string, m member, sub string, opts ...any) (int, map[string]any) {
	s.t.Helper()
	data := map[string]any{"id": "cmd", "name": commandName, "type": 1, "options": []any{
		map[string]any{"name": "quiz", "type": 2, "options": []any{
			map[string]any{"name": sub, "type": 1, "options": opts}}}}}
	in := interaction(id, 2, data)
	in["member"] = m.json()
	return s.send(in)
}

// click presses a button of message msgID in channel.
func (s *quizStack) click(id string, m member, channel, msgID, customID string) (int, map[string]any) {
	s.t.Helper()
	in := interaction(id, 3, map[string]any{"custom_id": customID, "component_type": 2})
	in["member"] = m.json()
	in["channel_id"] = channel
	in["message"] = map[string]any{"id": msgID, "channel_id": channel}
	return s.send(in)
}

// channelPosts returns the messages the bot posted to channel C1 itself
// (scheduled questions and reveals), oldest first.
func (s *quizStack) channelPosts() []call {
	var out []call
	for _, c := range s.fake.CallsMatching("POST", "/channels/C1/messages") {
		if c.Path == "/channels/C1/messages" { // not a thread started from one
			out = append(out, c)
		}
	}
	return out
}

func contentOf(data map[string]any) string {
	c, _ := data["content"].(string)
	return c
}

func isEphemeral(data map[string]any) bool { return data["flags"] == float64(64) }

// buttons returns the custom ids and labels of a message's buttons, and the
// number of rows they are in.
func buttons(t *testing.T, body map[string]any) (ids, labels []string, rows int) {
	t.Helper()
	list, _ := body["components"].([]any)
	for _, r := range list {
		row, _ := r.(map[string]any)
		if row["type"] != float64(1) {
			t.Errorf("component %v is not an action row", row)
		}
		comps, _ := row["components"].([]any)
		for _, c := range comps {
			b, _ := c.(map[string]any)
			if b["type"] != float64(2) || b["style"] != float64(2) {
				t.Errorf("component %v is not a secondary button", b)
			}
			id, _ := b["custom_id"].(string)
			label, _ := b["label"].(string)
			ids, labels = append(ids, id), append(labels, label)
		}
	}
	return ids, labels, len(list)
}

// checkQuestionPost checks a scheduled question on the wire and returns its
// post id (from the buttons).
func checkQuestionPost(t *testing.T, c call, q content.QuizQuestion) (postID string) {
	t.Helper()
	checkMessage(t, "question post", c.Body)
	text := contentOf(c.Body)
	if !strings.Contains(text, "Quiz of the day") || !strings.Contains(text, bot.DefuseMentions(q.Question.EN)) {
		t.Errorf("question post content = %q, want question %s (%q)", text, q.ID, q.Question.EN)
	}
	n, _ := c.Body["nonce"].(string)
	if !strings.HasPrefix(n, "btq-") || len(n) > maxNonce || c.Body["enforce_nonce"] != true {
		t.Errorf("nonce %q enforce_nonce %v: a scheduled post must be idempotent", n, c.Body["enforce_nonce"])
	}
	ids, labels, rows := buttons(t, c.Body)
	if rows != 1 || len(ids) != len(q.Choices) {
		t.Fatalf("%d buttons in %d rows, want one row with %d (one per option): %v", len(ids), rows, len(q.Choices), c.Body["components"])
	}
	postID = strings.TrimSuffix(strings.TrimPrefix(ids[0], quiz.ClickPrefix), ":0")
	for i, id := range ids {
		if want := fmt.Sprintf("%s%s:%d", quiz.ClickPrefix, postID, i); id != want || len(id) > maxCustomID {
			t.Errorf("button %d custom_id = %q, want %q", i, id, want)
		}
		letter := string(rune('A' + i))
		if !strings.HasPrefix(labels[i], letter+") ") || !strings.Contains(text, letter+") "+q.Choices[i].EN) {
			t.Errorf("button %d label %q / content do not show option %s) %q", i, labels[i], letter, q.Choices[i].EN)
		}
	}
	return postID
}

// checkReveal checks a reveal message: the correct option, the
// explanation, the guide section (text and sources embed) and how many got
// it right.
func checkReveal(t *testing.T, s *quizStack, data map[string]any, q content.QuizQuestion, right, answered int) {
	t.Helper()
	text := contentOf(data)
	c := q.Correct()
	for _, want := range []string{
		fmt.Sprintf("Correct: %c) %s", 'A'+c, q.Choices[c].EN),
		"Why: " + q.Explanation.EN,
		fmt.Sprintf("Answered right: %d of %d", right, answered),
		"📖 Guide「" + s.section(q) + "」",
	} {
		if !strings.Contains(text, bot.DefuseMentions(want)) {
			t.Errorf("reveal lacks %q:\n%s", want, text)
		}
	}
	embeds, _ := data["embeds"].([]any)
	if len(embeds) != 1 {
		t.Fatalf("reveal has %d embeds, want the sources embed", len(embeds))
	}
	desc, _ := embeds[0].(map[string]any)["description"].(string)
	if !strings.Contains(desc, s.section(q)) {
		t.Errorf("sources embed %q does not name section %q", desc, s.section(q))
	}
}

// section is the guide heading of q's first section as the (English)
// reveal names it: the English edition's twin.
func (s *quizStack) section(q content.QuizQuestion) string {
	return testkit.SectionIn(s.t, q.Sections[0], content.LangEN)
}

func TestQuizEndToEndThroughDiscord(t *testing.T) {
	day1 := testkit.Tokyo(t, "2026-12-01 09:00") // a Tuesday
	day2 := day1.AddDate(0, 0, 1)
	s := newQuizStack(t, day1.Add(-time.Hour))
	q1, q2 := s.questions[0], s.questions[1]
	alice := member{"U1", "alice", "", manageChannels} // a moderator
	bob := member{"U2", "bob", "", ""}
	carol := member{"U3", "carol", "carol @everyone", ""} // a display name that tries to ping
	right1, wrong1 := q1.Correct(), (q1.Correct()+1)%len(q1.Choices)
	right2, wrong2 := q2.Correct(), (q2.Correct()+1)%len(q2.Choices)
	var post1, msg1, post2, msg2 string

	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"quiz daily subscribes the channel", func(t *testing.T) {
			// A request signed by someone else is refused and changes nothing.
			in := interaction("I0", 2, map[string]any{"name": commandName, "type": 1, "options": []any{
				map[string]any{"name": "quiz", "type": 2, "options": []any{map[string]any{"name": "daily", "type": 1,
					"options": []any{map[string]any{"name": "time", "type": 3, "value": "10:00"}}}}}}})
			forged := newKeys(t).signedRequest(mustJSON(t, in), s.clock.Now())
			if code, _ := serve(t, s.a, forged); code != http.StatusUnauthorized {
				t.Errorf("forged quiz daily: status %d, want 401", code)
			}

			// A member without Manage Channels is refused privately, and
			// nothing is scheduled.
			code, data := s.command("I0b", bob, "daily",
				map[string]any{"name": "time", "type": 3, "value": "09:00"})
			if code != http.StatusOK || !isEphemeral(data) || !strings.Contains(contentOf(data), "Manage Channels") {
				t.Errorf("quiz daily from a member: status %d, reply %q (ephemeral %v), want a private refusal naming Manage Channels",
					code, contentOf(data), isEphemeral(data))
			}
			if subs, err := s.db.Subscriptions(context.Background()); err != nil || len(subs) != 0 {
				t.Fatalf("after a refused quiz daily: subscriptions %+v, %v; want none", subs, err)
			}

			code, data = s.command("I1", alice, "daily",
				map[string]any{"name": "time", "type": 3, "value": "09:00"},
				map[string]any{"name": "timezone", "type": 3, "value": "Asia/Tokyo"})
			if code != http.StatusOK {
				t.Fatalf("quiz daily: status %d", code)
			}
			// Discord shows the time in each reader's own zone: <t:unix:F>.
			want := fmt.Sprintf("This channel gets a quiz every day at 09:00 (Asia/Tokyo). Next: <t:%d:F> (<t:%d:R>)", day1.Unix(), day1.Unix())
			if got := contentOf(data); got != want || isEphemeral(data) {
				t.Errorf("quiz daily reply = %q (ephemeral %v), want public %q", got, isEphemeral(data), want)
			}
			subs, err := s.db.Subscriptions(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if len(subs) != 1 || subs[0].Channel != "discord:C1" || subs[0].Hour != 9 || subs[0].Minute != 0 ||
				subs[0].Zone != "Asia/Tokyo" || subs[0].Lang != bot.English {
				t.Errorf("subscriptions = %+v, want discord:C1 09:00 Asia/Tokyo in English (en-US client)", subs)
			}
		}},
		{"a member without Manage Channels cannot change or stop the schedule", func(t *testing.T) {
			before, _ := s.db.Subscriptions(context.Background())
			for _, tc := range []struct {
				sub  string
				opts []any
			}{
				{"daily", []any{map[string]any{"name": "time", "type": 3, "value": "10:00"}}},
				{"stop", nil},
			} {
				code, data := s.command("IM-"+tc.sub, bob, tc.sub, tc.opts...)
				if code != http.StatusOK || !isEphemeral(data) || !strings.Contains(contentOf(data), "Manage Channels") {
					t.Errorf("bob's quiz %s: status %d, reply %q (ephemeral %v); want a private refusal naming who can", tc.sub, code, contentOf(data), isEphemeral(data))
				}
			}
			after, _ := s.db.Subscriptions(context.Background())
			if len(after) != 1 || len(before) != 1 || !reflect.DeepEqual(after[0], before[0]) {
				t.Errorf("schedule changed by a refused member: %+v -> %+v", before, after)
			}
		}},
		{"the slot posts exactly one question with a button per option", func(t *testing.T) {
			s.tick(day1.Add(-time.Minute))
			if n := len(s.channelPosts()); n != 0 {
				t.Fatalf("%d posts a minute before the slot, want 0", n)
			}
			s.tick(day1)
			posts := s.channelPosts()
			if len(posts) != 1 {
				t.Fatalf("%d posts at the slot, want 1; calls: %s", len(posts), s.fake.Describe())
			}
			post1 = checkQuestionPost(t, posts[0], q1)
			p, err := s.db.Post(context.Background(), post1)
			if err != nil {
				t.Fatal(err)
			}
			msg1 = p.MessageID
			if p.Slot != "2026-12-01" || p.QuestionID != q1.ID || msg1 == "" || p.Channel != "discord:C1" {
				t.Errorf("ledger post = %+v, want slot 2026-12-01, question %s and the Discord message id", p, q1.ID)
			}
		}},
		{"ticking again, also after a restart, posts nothing more", func(t *testing.T) {
			s.tick(day1)
			s.tick(day1.Add(5 * time.Minute))
			s.restart() // new process: empty caches, new adapter, same DB file
			s.tick(day1.Add(10 * time.Minute))
			s.tick(day1.Add(2 * time.Hour)) // past the grace window too
			if n := len(s.fake.CallsMatching("POST", "/channels/")); n != 1 {
				t.Errorf("%d channel posts after repeated ticks and a restart, want still 1: %s", n, s.fake.Describe())
			}
		}},
		{"members click; each is answered privately; one changes the answer", func(t *testing.T) {
			for _, c := range []struct {
				id     string
				who    member
				choice int
				want   string
			}{
				{"K1", alice, right1, fmt.Sprintf("Your answer %c is recorded.", 'A'+right1)},
				{"K2", bob, wrong1, fmt.Sprintf("Your answer %c is recorded.", 'A'+wrong1)},
				{"K3", carol, wrong1, fmt.Sprintf("Your answer %c is recorded.", 'A'+wrong1)},
				{"K4", bob, right1, fmt.Sprintf("Changed your answer from %c to %c.", 'A'+wrong1, 'A'+right1)},
			} {
				code, data := s.click(c.id, c.who, "C1", msg1, fmt.Sprintf("quiz:%s:%d", post1, c.choice))
				if code != http.StatusOK || !isEphemeral(data) || !strings.HasPrefix(contentOf(data), c.want) {
					t.Errorf("%s clicks %c: %d %q (ephemeral %v), want ephemeral %q", c.who.username, 'A'+c.choice,
						code, contentOf(data), isEphemeral(data), c.want)
				}
			}
			// A replayed click is refused, and the same button pressed
			// from another channel changes nothing.
			in := interaction("K1", 3, map[string]any{"custom_id": fmt.Sprintf("quiz:%s:%d", post1, wrong1), "component_type": 2})
			in["member"], in["message"] = alice.json(), map[string]any{"id": msg1, "channel_id": "C1"}
			if code, _ := serve(t, s.a, s.keys.signedRequest(mustJSON(t, in), s.clock.Now())); code != http.StatusConflict {
				t.Errorf("replayed click: status %d, want 409", code)
			}
			_, data := s.click("K5", carol, "C2", msg1, fmt.Sprintf("quiz:%s:%d", post1, right1))
			if !strings.Contains(contentOf(data), "closed") || !isEphemeral(data) {
				t.Errorf("click from another channel answered %q, want an ephemeral 'closed'", contentOf(data))
			}
			answers, err := s.db.Answers(context.Background(), post1)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, a := range answers {
				got[a.UserID] = a.Choice
			}
			if len(answers) != 3 || got["U1"] != right1 || got["U2"] != right1 || got["U3"] != wrong1 {
				t.Errorf("answers = %+v, want U1 and U2 right, U3 wrong", answers)
			}
			if n := len(s.fake.CallsMatching("POST", "/channels/")); n != 1 {
				t.Errorf("clicks posted %d channel messages; their answers belong in the interaction response", n-1)
			}
		}},
		{"the next day's tick reveals, then posts a new question", func(t *testing.T) {
			before := len(s.channelPosts())
			s.tick(day2)
			posts := s.channelPosts()[before:]
			if len(posts) != 2 {
				t.Fatalf("%d posts on day 2, want the reveal and the new question: %s", len(posts), s.fake.Describe())
			}
			reveal := posts[0].Body
			if n, _ := reveal["nonce"].(string); n != "btr-"+post1 || reveal["enforce_nonce"] != true {
				t.Errorf("reveal nonce %q enforce %v, want btr-%s (idempotent)", n, reveal["enforce_nonce"], post1)
			}
			// The reveal cites the guide: like any answer with sources it
			// can be rated (👍/👎), and it has no quiz buttons.
			if ids, _, rows := buttons(t, reveal); rows != 1 || strings.Join(ids, ",") != feedbackUp+","+feedbackDown {
				t.Errorf("the reveal has buttons %v in %d rows, want only 👍/👎", ids, rows)
			}
			checkMessage(t, "reveal post", reveal)
			checkReveal(t, s, reveal, q1, 2, 3)
			post2 = checkQuestionPost(t, posts[1], q2)
			if post2 == post1 || q2.ID == q1.ID {
				t.Fatalf("day 2 repeats post %s / question %s", post1, q1.ID)
			}
			p, err := s.db.Post(context.Background(), post2)
			if err != nil {
				t.Fatal(err)
			}
			msg2 = p.MessageID
			if p.Slot != "2026-12-02" || msg2 == "" || msg2 == msg1 {
				t.Errorf("day 2 post = %+v", p)
			}
			// A late click on day 1's question is refused politely.
			_, data := s.click("K6", carol, "C1", msg1, fmt.Sprintf("quiz:%s:%d", post1, right1))
			if !strings.Contains(contentOf(data), "already been revealed") || !isEphemeral(data) {
				t.Errorf("late click answered %q", contentOf(data))
			}
		}},
		{"quiz answer reveals day 2 in the command's reply", func(t *testing.T) {
			for i, c := range []struct {
				who    member
				choice int
			}{{alice, right2}, {bob, wrong2}, {carol, right2}} {
				code, data := s.click(fmt.Sprintf("L%d", i), c.who, "C1", msg2, fmt.Sprintf("quiz:%s:%d", post2, c.choice))
				if code != http.StatusOK || !isEphemeral(data) || !strings.Contains(contentOf(data), "recorded") {
					t.Errorf("%s's day 2 click: %d %q", c.who.username, code, contentOf(data))
				}
			}
			before := len(s.channelPosts())
			code, data := s.command("A1", bob, "answer")
			if code != http.StatusOK || isEphemeral(data) {
				t.Fatalf("quiz answer: %d, ephemeral %v; the reveal is for the whole channel", code, isEphemeral(data))
			}
			checkReveal(t, s, data, q2, 2, 3)
			if n := len(s.channelPosts()) - before; n != 0 {
				t.Errorf("quiz answer also posted %d channel messages", n)
			}
			_, again := s.command("A2", bob, "answer")
			if !strings.Contains(contentOf(again), "no open question") || !isEphemeral(again) {
				t.Errorf("second quiz answer = %q, want an ephemeral 'no open question'", contentOf(again))
			}
		}},
		{"the leaderboard shows members and streaks", func(t *testing.T) {
			code, data := s.command("B1", alice, "leaderboard")
			if code != http.StatusOK {
				t.Fatalf("leaderboard: status %d", code)
			}
			text := contentOf(data)
			// Day 1: alice and bob right (bob after changing), carol wrong.
			// Day 2: alice and carol right, bob wrong. Ranked by correct
			// answers, then best and current streak.
			want := "1. alice: 2/2 correct · streak 2 (best 2)\n" +
				"2. carol " + bot.DefuseMentions("@everyone") + ": 1/2 correct · streak 1 (best 1)\n" +
				"3. bob: 1/2 correct · streak 0 (best 1)\n"
			if !strings.Contains(text, want) {
				t.Errorf("leaderboard = %q, want the lines %q", text, want)
			}
		}},
	}
	for _, st := range steps {
		if !t.Run(st.name, st.run) {
			return // later steps build on this one
		}
	}
	// Every message, response and edit the bot sent is safe: no live
	// @everyone/@here/role mention, allowed_mentions parse [], limits kept.
	checkSafe(t, s.fake.Calls())
}
