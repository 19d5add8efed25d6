package quiz

import (
	"context"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/keypoints"
	"github.com/backend-tip/backend-tip/bot/quiz/quiztest"
	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

var t0 = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

func TestClickAnswerChangeAndReveal(t *testing.T) {
	h := newHarness(t, t0)
	q := h.command("C1", "quiz", bot.English)
	if len(q.Buttons) != 4 || q.Ephemeral {
		t.Fatalf("question reply = %+v", q)
	}
	for _, b := range q.Buttons {
		if len(b.ActionID) > 100 || !strings.HasPrefix(b.ActionID, ClickPrefix) {
			t.Fatalf("action id %q", b.ActionID)
		}
	}
	steps := []struct {
		user, channel string
		button        int
		want          string
	}{
		{"ann", "C1", 1, "Your answer B is recorded"},
		{"ann", "C1", 0, "Changed your answer from B to A"},
		{"ann", "C1", 0, "Your answer A is recorded"},
		{"bob", "C1", 2, "Your answer C is recorded"},
		{"eve", "C2", 0, "closed"}, // same button from another channel: forged
	}
	for _, st := range steps {
		r := h.click(st.channel, st.user, q.Buttons[st.button].ActionID)
		if !r.Ephemeral || !strings.Contains(r.Text, st.want) {
			t.Errorf("%s clicks %d in %s: %+v, want %q", st.user, st.button, st.channel, r, st.want)
		}
	}
	rev := h.command("C1", "quiz answer", bot.English)
	testkit.WantContains(t, "reveal", rev.Text, "Correct: A)", "Answered right: 1 of 2", "📖 Guide", "Step 3")
	// An English reveal quotes the English edition's twin of the section.
	if rev.Ephemeral || len(rev.Sources) != 1 || !strings.HasSuffix(rev.Sources[0].Section, "Step 3: Advanced & Practical - Ongoing") ||
		rev.Sources[0].Document != content.GuideNameEN || rev.Sources[0].Excerpt == "" {
		t.Errorf("reveal sources = %+v", rev.Sources)
	}
	if bot.DetectLang(rev.Text) != bot.English {
		t.Errorf("English reveal quotes Japanese:\n%s", rev.Text)
	}
	// the quoted passage is the part of the long section about N+1
	if !strings.Contains(rev.Sources[0].Excerpt, "N+1") {
		t.Errorf("passage not the relevant chunk: %s", rev.Sources[0].Excerpt)
	}
	if r := h.click("C1", "bob", q.Buttons[0].ActionID); !strings.Contains(r.Text, "already been revealed") {
		t.Errorf("click after reveal: %s", r.Text)
	}
	if r := h.command("C1", "quiz answer", bot.English); !r.Ephemeral || !strings.Contains(r.Text, "no open question") {
		t.Errorf("second reveal: %+v", r)
	}
}

func TestRepliesInRequestLanguage(t *testing.T) {
	h := newHarness(t, t0)
	q := h.command("C1", "quiz", bot.Japanese)
	if !strings.Contains(q.Text, "N+1問題とは何ですか") || q.Lang != bot.Japanese {
		t.Fatalf("question: %s", q.Text)
	}
	if r := h.click("C1", "ann", q.Buttons[0].ActionID); !strings.Contains(r.Text, "回答 A を記録しました") {
		t.Errorf("click: %s", r.Text)
	}
	rev := h.command("C1", "quiz answer", bot.Japanese)
	if !strings.Contains(rev.Text, "正解: A)") || !strings.Contains(rev.Text, "正解者: 1人 / 回答 1人") {
		t.Errorf("reveal: %s", rev.Text)
	}
	if r := h.command("C1", "quiz leaderboard", bot.Japanese); !strings.Contains(r.Text, "正解 1/1") {
		t.Errorf("leaderboard: %s", r.Text)
	}
}

func TestInvalidClicks(t *testing.T) {
	h := newHarness(t, t0)
	q := h.command("C1", "quiz", bot.English)
	postID := strings.Split(q.Buttons[0].ActionID, ":")[1]
	for _, id := range []string{"quiz:", "quiz:abc", "quiz:abc:x", "quiz:nonexistent:1", "quiz:" + postID + ":9", "quiz:" + postID + ":-1", "quiz:" + postID + ":1:2"} {
		t.Run(id, func(t *testing.T) {
			r := h.click("C1", "ann", id)
			if !r.Ephemeral || !strings.Contains(r.Text, "closed") {
				t.Errorf("reply = %+v", r)
			}
		})
	}
	if rev := h.command("C1", "quiz answer", bot.English); !strings.Contains(rev.Text, "of 0") {
		t.Errorf("invalid clicks were recorded: %s", rev.Text)
	}
}

func TestPostNowThroughPlatform(t *testing.T) {
	h := newHarness(t, t0)
	h.svc.SetPlatforms(h.platforms())
	r := h.command("C1", "quiz", bot.English)
	if !r.Ephemeral || r.Text != "Quiz posted." {
		t.Fatalf("reply = %+v", r)
	}
	msgs := h.pl.Messages()
	if len(msgs) != 1 || len(msgs[0].Reply.Buttons) != 4 || msgs[0].ChannelID != "C1" {
		t.Fatalf("messages = %+v", msgs)
	}
	h.click("C1", "ann", msgs[0].Reply.Buttons[0].ActionID)
	h.command("C1", "quiz", bot.English) // reveals the first, then posts the next
	msgs = h.pl.Messages()
	if len(msgs) != 3 || !strings.Contains(msgs[1].Reply.Text, "Answered right: 1 of 1") || len(msgs[2].Reply.Buttons) != 4 {
		t.Fatalf("messages = %d: %+v", len(msgs), msgs)
	}
	if msgs[2].Reply.Buttons[0].ActionID == msgs[0].Reply.Buttons[0].ActionID {
		t.Error("second post reuses the first's buttons")
	}
}

func TestOpenQuestionRevealWithFeedback(t *testing.T) {
	tests := []struct {
		name         string
		feedbackErr  error
		wantFeedback bool
	}{
		{"feedback", nil, true},
		{"feedback fails", errors.New("llm down"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got struct {
				question  string
				keyPoints []string
				answers   []string
			}
			h := newHarness(t, t0)
			h.feedback = func(_ context.Context, question string, keyPoints, answers []string, lang bot.Lang) (string, error) {
				got.question, got.keyPoints, got.answers = question, keyPoints, answers
				return "Good points. @everyone should add caching.", tt.feedbackErr
			}
			h.intn = func(n int) int { return n - 1 } // the last question: sd-001, open
			h.restart()
			h.svc.SetPlatforms(h.platforms())
			h.command("C1", "quiz", bot.English)
			msg := h.pl.Messages()[0]
			if len(msg.Reply.Buttons) != 1 || !strings.Contains(msg.Reply.Text, "Design a URL shortener") || msg.Reply.ThreadName == "" {
				t.Fatalf("open question post: %+v, want one Answer button and a thread", msg.Reply)
			}
			answer := msg.Reply.Buttons[0].ActionID
			// The button asks for the answer in a form; the submission is
			// recorded privately and scored at the reveal.
			if r := h.click("C1", "U1", answer); r.Form == nil || r.Form.ActionID != answer || !r.Ephemeral {
				t.Fatalf("Answer click = %+v, want a private form under the same action", r)
			}
			write := func(user, text string) bot.Reply {
				return h.router.Click(context.Background(), bot.Click{Origin: bot.Origin{Platform: "slack", ChannelID: "C1", UserID: user, UserName: user}, ActionID: answer, Text: text})
			}
			if r := write("U1", "IDs from a counter"); !strings.Contains(r.Text, "scored at the reveal") {
				t.Errorf("written answer reply = %q", r.Text)
			}
			write("U1", "Generate a short ID (base62), put a caching layer in front, and shard for scalability")
			write("U2", "I would use a database")
			if r := h.router.Click(context.Background(), bot.Click{Origin: bot.Origin{Platform: "slack", ChannelID: "C2", UserID: "U3"}, ActionID: answer, Text: "forged"}); r.Form != nil || !strings.Contains(r.Text, "closed") {
				t.Errorf("answer from another channel = %+v, want refused", r)
			}
			h.pl.AddThreadReply(msg.ID, bot.Turn{Text: "Use a base62 id and a cache"})
			h.pl.AddThreadReply(msg.ID, bot.Turn{FromBot: true, Text: "bot noise"})
			h.pl.AddThreadReply(msg.ID, bot.Turn{Text: "Shard by hash"})
			rev := h.command("C1", "quiz answer", bot.English)
			testkit.WantContains(t, "reveal", rev.Text, "Key points", "• ID generation", "Answers covering the key points: 1 of 2", "Answers in the thread: 2", "System Design")
			if got.question != "Design a URL shortener." || len(got.keyPoints) != 3 || !slices.Equal(got.answers, []string{"Use a base62 id and a cache", "Shard by hash",
				"Generate a short ID (base62), put a caching layer in front, and shard for scalability", "I would use a database"}) {
				t.Errorf("feedback got %+v", got)
			}
			// The post is closed: its button disabled, the tally shown.
			closed := h.pl.Messages()[0].Edited
			if closed == nil || len(closed.Buttons) != 1 || !closed.Buttons[0].Disabled || !strings.Contains(closed.Text, "Revealed: 1 of 2") {
				t.Errorf("post after the reveal = %+v, want its button disabled and the tally", closed)
			}
			board := h.command("C1", "quiz leaderboard all", bot.English)
			if !strings.Contains(board.Text, "U1") {
				t.Errorf("the scored written answer is not on the board:\n%s", board.Text)
			}
			if r := write("U2", "late"); !strings.Contains(r.Text, "already been revealed") {
				t.Errorf("answer after the reveal = %q", r.Text)
			}
			hasFeedback := strings.Contains(rev.Text, "Good points.")
			if hasFeedback != tt.wantFeedback {
				t.Errorf("feedback shown = %v, want %v", hasFeedback, tt.wantFeedback)
			}
			if strings.Contains(rev.Text, "@everyone") {
				t.Error("feedback pinged @everyone")
			}
		})
	}
}

// TestAnswersFeedReviewSchedule: button answers (a changed one counted
// once) and thread answers to open questions go into each member's review
// schedule: missed due at once, right after a day.
func TestAnswersFeedReviewSchedule(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, t0)
	var graded []string
	h.gradeOpen = func(q content.QuizQuestion, answer string, _ bot.Lang) bool {
		graded = append(graded, answer)
		return strings.Contains(answer, "cache")
	}
	h.restart()
	h.svc.SetPlatforms(h.platforms())
	h.command("C1", "quiz", bot.English) // db-001, multiple choice
	post := h.pl.Messages()[0]
	q := h.svc.byID[h.questionOf(post.Reply.Buttons[0].ActionID)]
	wrong := (q.Correct() + 1) % 4
	h.click("C1", "U1", post.Reply.Buttons[wrong].ActionID)
	h.click("C1", "U1", post.Reply.Buttons[q.Correct()].ActionID) // changed: right
	h.click("C1", "U2", post.Reply.Buttons[wrong].ActionID)
	want := map[string]int{"slack:U1": 1, "slack:U2": 0}
	for learner, box := range want {
		items, err := h.db.Reviews(ctx, learner)
		if err != nil || len(items) != 1 || items[0].ItemID != q.ID || items[0].Box != box {
			t.Errorf("%s: reviews %+v, %v; want %s in box %d", learner, items, err, q.ID, box)
		}
	}
	// An open question: thread answers by member, graded at the reveal.
	h.intn = func(n int) int { return n - 1 }
	h.restart()
	h.svc.SetPlatforms(h.platforms())
	h.command("C1", "quiz", bot.English)
	msgs := questionMessages(h.pl.Messages())
	open := msgs[len(msgs)-1]
	h.pl.AddThreadReply(open.ID, bot.Turn{Text: "Use a base62 id", Author: "U1"})
	h.pl.AddThreadReply(open.ID, bot.Turn{Text: "and a cache in front", Author: "U1"})
	h.pl.AddThreadReply(open.ID, bot.Turn{Text: "Shard by hash", Author: "U2"})
	h.pl.AddThreadReply(open.ID, bot.Turn{Text: "bot noise", FromBot: true, Author: "UBOT"})
	h.command("C1", "quiz answer", bot.English)
	h.command("C1", "quiz answer", bot.English) // nothing open: no second grading
	if len(graded) != 2 || graded[0] != "Use a base62 id\nand a cache in front" {
		t.Errorf("graded %q, want U1's two replies together and U2's", graded)
	}
	due, _ := h.db.DueReviews(ctx, "slack:U2", t0, 10)
	if len(due) != 2 {
		t.Errorf("U2 due %+v, want the missed button item and the open one", due)
	}
	if due, _ := h.db.DueReviews(ctx, "slack:U1", t0, 10); len(due) != 0 {
		t.Errorf("U1 due %+v, want nothing (both right)", due)
	}
}

// questionMessages are the posted quiz questions (not reveals).
func questionMessages(msgs []quiztest.Message) []quiztest.Message {
	var out []quiztest.Message
	for _, m := range msgs {
		if strings.Contains(m.Reply.Text, "**Quiz**") {
			out = append(out, m)
		}
	}
	return out
}

func TestNoRepeatUntilBankUsedUp(t *testing.T) {
	h := newHarness(t, t0)
	h.intn = mrand.IntN
	h.restart()
	for round := 1; round <= 3; round++ {
		for range 5 {
			h.command("C1", "quiz", bot.English)
		}
		counts, err := h.db.QuestionCounts(context.Background(), "slack:C1")
		if err != nil {
			t.Fatal(err)
		}
		if len(counts) != 5 {
			t.Fatalf("round %d: %d distinct questions", round, len(counts))
		}
		for id, n := range counts {
			if n != round {
				t.Errorf("round %d: %s posted %d times", round, id, n)
			}
		}
	}
	if counts, _ := h.db.QuestionCounts(context.Background(), "slack:C2"); len(counts) != 0 {
		t.Error("another channel shares the history")
	}
}

func TestLeaderboardAndStreaks(t *testing.T) {
	day := testkit.Tokyo(t, "2026-12-01 09:00")
	h := newHarness(t, day.Add(-time.Hour))
	h.command("C1", "quiz daily 09:00", bot.English)
	if r := h.command("C1", "quiz leaderboard", bot.English); !strings.Contains(r.Text, "No scores in this period") {
		t.Errorf("empty board: %s", r.Text)
	}
	// Three scheduled days of multiple-choice questions (bank order: db,
	// algo, net). ann right every day; "@everyone" right twice then wrong;
	// bob wrong on day one only.
	plan := []map[string]bool{
		{"ann": true, "@everyone": true, "bob": false},
		{"ann": true, "@everyone": true, "bob": true},
		{"ann": true, "@everyone": false, "bob": true},
	}
	for i, answers := range plan {
		if err := h.tick(day.AddDate(0, 0, i)); err != nil {
			t.Fatal(err)
		}
		posts := questionPosts(h.pl.Messages())
		post := posts[len(posts)-1]
		q := h.svc.byID[h.questionOf(post.Reply.Buttons[0].ActionID)]
		for user, right := range answers {
			choice := q.Correct()
			if !right {
				choice = (choice + 1) % 4
			}
			h.click("C1", user, post.Reply.Buttons[choice].ActionID)
		}
	}
	if err := h.tick(day.AddDate(0, 0, 3)); err != nil { // reveals day three
		t.Fatal(err)
	}
	r := h.command("C1", "quiz leaderboard", bot.English)
	lines := strings.Split(r.Text, "\n")
	want := []string{
		"1. ann: 3/3 correct · streak 3 (best 3)",
		"2. bob: 2/3 correct · streak 2 (best 2)",
		"3. @\u200beveryone: 2/3 correct · streak 0 (best 2)",
	}
	if len(lines) < 4 || !slices.Equal(lines[1:4], want) {
		t.Fatalf("leaderboard:\n%s\nwant lines:\n%s", r.Text, strings.Join(want, "\n"))
	}
	// Periods in the channel's zone: the week of Monday 2026-12-07 has no
	// answers yet; the month and all time still have the three days.
	for _, tt := range []struct {
		at         time.Time
		args, want string
	}{
		{day.AddDate(0, 0, 6), "quiz leaderboard week", "No scores in this period"},
		{day.AddDate(0, 0, 6), "quiz leaderboard month", want[0]},
		{day.AddDate(0, 1, 0), "quiz leaderboard month", "No scores in this period"},
		{day.AddDate(0, 1, 0), "quiz leaderboard all", want[0]},
		{day.AddDate(0, 1, 0), "quiz leaderboard yesterday", "Usage"},
	} {
		h.clock.Set(tt.at)
		if r := h.command("C1", tt.args, bot.English); !strings.Contains(r.Text, tt.want) {
			t.Errorf("%s at %s:\n%s\nwant %q", tt.args, tt.at, r.Text, tt.want)
		}
	}
}

// questionOf returns the question id behind a button's post.
func (h *harness) questionOf(actionID string) string {
	h.t.Helper()
	p, err := h.db.Post(context.Background(), strings.Split(actionID, ":")[1])
	if err != nil {
		h.t.Fatal(err)
	}
	return p.QuestionID
}

func TestConcurrentClicks100(t *testing.T) {
	h := newHarness(t, t0)
	q := h.command("C1", "quiz", bot.English)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var bad []string
	for i := range 100 {
		wg.Go(func() {
			user := fmt.Sprintf("U%03d", i)
			for _, choice := range []int{3, i % 4} { // a first click, then the final one
				r := h.click("C1", user, q.Buttons[choice].ActionID)
				if !strings.Contains(r.Text, "recorded") && !strings.Contains(r.Text, "Changed") {
					mu.Lock()
					bad = append(bad, r.Text)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if len(bad) > 0 {
		t.Fatalf("%d clicks failed, e.g. %q", len(bad), bad[0])
	}
	rev := h.command("C1", "quiz answer", bot.English)
	if !strings.Contains(rev.Text, "Answered right: 25 of 100") {
		t.Fatalf("reveal: %s", rev.Text)
	}
}

// BenchmarkClick100Concurrent measures click latency (record + ephemeral
// reply) with 100 members clicking at once; it reports the p99.
func BenchmarkClick100Concurrent(b *testing.B) {
	h := newHarness(b, t0)
	var all []time.Duration
	for b.Loop() {
		q := h.command("C1", "quiz", bot.English)
		for len(q.Buttons) == 0 { // skip open questions
			q = h.command("C1", "quiz", bot.English)
		}
		lat := make([]time.Duration, 100)
		var wg sync.WaitGroup
		for i := range 100 {
			wg.Go(func() {
				start := time.Now()
				h.click("C1", fmt.Sprintf("U%03d", i), q.Buttons[i%4].ActionID)
				lat[i] = time.Since(start)
			})
		}
		wg.Wait()
		all = append(all, lat...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
}

func TestRoadmap(t *testing.T) {
	h := newHarness(t, t0)
	tests := []struct {
		text      string
		lang      bot.Lang
		want      []string
		ephemeral bool
		sources   int
	}{
		{"roadmap", bot.Japanese, []string{"3段階学習ロードマップ", "Step 1: 基礎固め (Foundation)** (3〜6ヶ月)", "Step 2: 中級スキル習得 (Intermediate)** (6〜12ヶ月)", "Step 3", "継続的に", "Webアプリケーションが動く仕組み"}, false, 3},
		{"roadmap", bot.English, []string{"three-step learning roadmap", "Step 1: Foundation** (3–6 months)", "Step 2: Intermediate** (6–12 months)", "Step 3: Advanced & Practical** (Ongoing)", "how web applications work"}, false, 3},
		{"roadmap 2", bot.English, []string{"Step 2: Intermediate", "Duration: 6–12 months", "Goal: Be able to build and publish", "1. Learn a web framework", "5. Introduce testing"}, false, 1},
		{"roadmap 2", bot.Japanese, []string{"Step 2: 中級スキル習得 (Intermediate)", "期間: 6〜12ヶ月", "目標: Webフレームワーク", "1. Webフレームワークの学習", "5. テストの導入"}, false, 1},
		{"roadmap step 3", bot.English, []string{"Step 3: Advanced & Practical", "Duration: Ongoing", "2. Performance tuning"}, false, 1},
		{"roadmap 9", bot.English, []string{"Steps are 1 to 3"}, true, 0},
		{"roadmap two", bot.Japanese, []string{"ステップは 1〜3"}, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.text+" "+tt.lang.Pick("ja", "en"), func(t *testing.T) {
			r := h.command("C1", tt.text, tt.lang)
			// An English reader gets English only, sources included.
			if tt.lang == bot.English {
				if bot.DetectLang(r.Text) != bot.English {
					t.Errorf("English roadmap has Japanese text:\n%s", r.Text)
				}
				for _, src := range r.Sources {
					if src.Document != content.GuideNameEN || bot.DetectLang(src.Section+src.Excerpt) != bot.English {
						t.Errorf("English roadmap cites %s %q", src.Document, src.Section)
					}
				}
			} else {
				for _, src := range r.Sources {
					if src.Document != content.GuideName || !strings.HasPrefix(src.Anchor, "roadmap-step-") {
						t.Errorf("Japanese roadmap cites %s #%s", src.Document, src.Anchor)
					}
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(r.Text, w) {
					t.Errorf("lacks %q:\n%s", w, r.Text)
				}
			}
			if r.Ephemeral != tt.ephemeral || len(r.Sources) != tt.sources {
				t.Errorf("ephemeral = %v, sources = %d", r.Ephemeral, len(r.Sources))
			}
			// Our own bold headings start a line; the guide's markup must
			// not survive anywhere else.
			if body := ownHeading.ReplaceAllString(r.Text, ""); strings.Contains(body, "**") {
				t.Errorf("markdown left in: %s", r.Text)
			}
		})
	}
}

var ownHeading = regexp.MustCompile(`(?m)^(• )?\*\*[^*\n]+\*\*`)

func TestTipNeverTwiceInARow(t *testing.T) {
	h := newHarness(t, t0)
	h.intn = mrand.IntN
	h.restart()
	seen := map[string]bool{}
	last := map[string]string{}
	for i := range 200 {
		channel := []string{"C1", "C2"}[i%2]
		r := h.command(channel, "tip", bot.English)
		if r.Text == last[channel] {
			t.Fatalf("tip %d in %s repeats: %s", i, channel, r.Text)
		}
		if len(r.Sources) != 1 || !strings.Contains(r.Text, "📖 Guide") {
			t.Fatalf("tip without section: %+v", r)
		}
		last[channel] = r.Text
		seen[r.Text] = true
	}
	if len(seen) != 3 {
		t.Errorf("saw %d different tips, want all 3", len(seen))
	}
}

// A tip cites its guide section in the reader's language: the English
// edition's twin (same anchor) for English, the Japanese section otherwise.
func TestTipInReadersLanguage(t *testing.T) {
	h := newHarness(t, t0) // intn always 0: tip-001, then tip-002 (never twice in a row)
	for _, tc := range []struct {
		channel string
		lang    bot.Lang
		want    []string
		doc     string
	}{
		{"C1", bot.English, []string{"💡 Review your indexes.", "📖 Guide「How to Become a Backend Developer: Essential Skills and a Learning Roadmap > The 3-Step Learning Roadmap > Step 3: Advanced & Practical - Ongoing」"}, content.GuideNameEN},
		{"C2", bot.Japanese, []string{"💡 インデックスを見直しましょう。", "📖 ガイド「Backend Developerになるには：必須スキルと学習ロードマップ > 3段階学習ロードマップ > Step 3: 実践と応用 (Advanced & Practical) - 継続的に」"}, content.GuideName},
	} {
		r := h.command(tc.channel, "tip", tc.lang)
		for _, w := range tc.want {
			if !strings.Contains(r.Text, w) {
				t.Errorf("%s tip lacks %q:\n%s", tc.lang.Pick("ja", "en"), w, r.Text)
			}
		}
		if len(r.Sources) != 1 || r.Sources[0].Document != tc.doc || r.Sources[0].Anchor != "roadmap-step-3" || r.Sources[0].Excerpt == "" {
			t.Errorf("%s tip source: %+v", tc.lang.Pick("ja", "en"), r.Sources)
		}
		if tc.lang == bot.English && bot.DetectLang(r.Text+r.Sources[0].Excerpt) != bot.English {
			t.Errorf("English tip has Japanese text: %s / %s", r.Text, r.Sources[0].Excerpt)
		}
	}
}

func TestQuizUsage(t *testing.T) {
	h := newHarness(t, t0)
	r := h.command("C1", "quiz sometimes", bot.English)
	if !r.Ephemeral || !strings.Contains(r.Text, "quiz daily 09:00") {
		t.Errorf("usage: %+v", r)
	}
	help := h.command("C1", "help", bot.English)
	for _, w := range []string{"quiz daily <HH:MM>", "roadmap [1|2|3]", "tip"} {
		if !strings.Contains(help.Text, w) {
			t.Errorf("help lacks %q", w)
		}
	}
}

// A reveal quotes the guide in its reader's language, from the part of a
// long section that speaks of the question (N+1 is the second item of the
// step's list; the English chunk's first 300 runes end before it).
func TestRevealQuotesTheReadersEdition(t *testing.T) {
	for _, tc := range []struct {
		lang          bot.Lang
		doc, section  string
		quoteContains string
	}{
		{bot.English, content.GuideNameEN, "Step 3: Advanced & Practical - Ongoing", "N+1 problem"},
		{bot.Japanese, content.GuideName, "Step 3: 実践と応用 (Advanced & Practical) - 継続的に", "N+1問題"},
	} {
		h := newHarness(t, t0)
		h.command("C1", "quiz", tc.lang)
		rev := h.command("C1", "quiz answer", tc.lang)
		if len(rev.Sources) != 1 || rev.Sources[0].Document != tc.doc || !strings.HasSuffix(rev.Sources[0].Section, tc.section) {
			t.Fatalf("%s reveal sources = %+v", tc.lang, rev.Sources)
		}
		if !strings.Contains(rev.Sources[0].Excerpt, tc.quoteContains) || !strings.Contains(rev.Text, "> ") {
			t.Errorf("%s reveal quotes the wrong part:\n%s", tc.lang, rev.Text)
		}
		if bot.DetectLang(rev.Text) != tc.lang {
			t.Errorf("%s reveal is in another language:\n%s", tc.lang, rev.Text)
		}
	}
}

// A long chunk is quoted from the line that speaks of the question, with
// the list item's head above it; a short one from its start.
func TestFocusedExcerpt(t *testing.T) {
	filler := strings.Repeat("Filler words about other topics. ", 4)
	long := strings.Join([]string{"- [What to learn]", "1. " + filler, "2. " + filler, "- **Rasmus Lerdorf**", "> The creator of PHP and its first release.", "- Other item"}, "\n")
	prose := strings.Join([]string{filler, filler, "PHP was made as a personal tool.", filler}, "\n")
	tests := []struct {
		name, body, about string
		n                 int
		wantPrefix        string
	}{
		{"fits: from the start", long, "creator of PHP", 1000, "- [What to learn]"},
		{"beyond n: from the item head", long, "creator of PHP", 120, "- Rasmus Lerdorf\nThe creator of PHP"},
		{"beyond n: prose marked as cut", prose, "personal tool PHP", 100, "…PHP was made"},
		{"nothing shared: from the start", long, "kubernetes", 120, "- [What to learn]"},
		{"no text", "\n> \n---\n", "creator of PHP", 120, ""},
	}
	for _, tc := range tests {
		got := focusedExcerpt(tc.body, keypoints.Terms(tc.about), tc.n)
		if !strings.HasPrefix(got, tc.wantPrefix) {
			t.Errorf("%s: got %q, want it to start %q", tc.name, got, tc.wantPrefix)
		}
	}
}
