package study

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/internal/testkit"
	"github.com/backend-tip/backend-tip/internal/teststore"
)

// harness is the study service over a real SQLite store, the embedded
// bank and guide, and a router like the bot's.
type harness struct {
	t      *testing.T
	proc   *teststore.Process
	clock  *testkit.Clock
	db     *store.DB
	svc    *Service
	router *bot.Router
	bank   []content.QuizQuestion
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, clock: testkit.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)), bank: testkit.Bank(t)}
	h.proc = teststore.Start(t, h.clock.Now, h.wire)
	return h
}

// wire builds a fresh service (empty in-memory state) on the store.
func (h *harness) wire(db *store.DB) {
	h.t.Helper()
	h.db = db
	var err error
	h.svc, err = New(Options{Store: db, Questions: h.bank, Docs: testkit.Guide(h.t), Basics: bot.Basics{Clock: h.clock.Now, Zone: "Asia/Tokyo", Intn: func(int) int { return 0 }}})
	if err != nil {
		h.t.Fatal(err)
	}
	h.router = bot.NewRouter(bot.RouterOptions{Handlers: h.svc.Handlers(), Clicks: h.svc.Clicks(), Sessions: h.svc})
}

func (h *harness) restart() {
	h.t.Helper()
	h.proc.Restart()
}

func (h *harness) say(user, channel, text string, lang bot.Lang) bot.Reply {
	h.t.Helper()
	c := bot.NewCollector()
	h.router.Handle(context.Background(), bot.Request{Origin: bot.Origin{Platform: "slack", ChannelID: channel, UserID: user, UserName: user}, Text: text, Kind: bot.KindMention, Lang: lang}, c)
	r, ok := c.Final()
	if !ok {
		h.t.Fatalf("%q: no reply", text)
	}
	return r
}

func (h *harness) item(id string) content.QuizQuestion {
	for _, q := range h.bank {
		if q.ID == id {
			return q
		}
	}
	h.t.Fatalf("no item %s", id)
	return content.QuizQuestion{}
}

func (h *harness) answer(user, item string, right bool) {
	h.t.Helper()
	err := h.db.RecordStudy(context.Background(), store.StudyAnswer{Learner: "slack:" + user, Ref: "p-" + item, Channel: "slack:C1",
		ItemID: item, Source: store.SourceQuiz, Correct: right, At: h.clock.Now()})
	if err != nil {
		h.t.Fatal(err)
	}
}

func TestReviewListsMissedItemsAndMovesThem(t *testing.T) {
	h := newHarness(t)
	h.answer("U1", "alg-001", true)
	h.answer("U1", "alg-002", false)
	h.answer("U1", "db-001", false)
	h.answer("U2", "net-001", false)
	r := h.say("U1", "C1", "quiz review", bot.English)
	if !r.Ephemeral || !strings.Contains(r.Text, "(2 due)") {
		t.Fatalf("review is not private or lists the wrong count:\n%s", r.Text)
	}
	for _, id := range []string{"alg-002", "db-001"} {
		if !strings.Contains(r.Text, bot.Truncate(h.item(id).Question.EN, 90)) {
			t.Errorf("missed %s not listed:\n%s", id, r.Text)
		}
	}
	if strings.Contains(r.Text, bot.Truncate(h.item("alg-001").Question.EN, 90)) || strings.Contains(r.Text, h.item("net-001").Question.EN) {
		t.Errorf("lists an item answered right or another member's:\n%s", r.Text)
	}
	if len(r.Buttons) != 4 {
		t.Fatalf("first item has %d buttons, want 4", len(r.Buttons))
	}
	// Answer the first due item right: it leaves today's list, the other
	// one is asked next; clicking the same button again is one answer.
	first := h.item(strings.Split(strings.TrimPrefix(r.Buttons[0].ActionID, ClickPrefix), ":")[0])
	right := r.Buttons[first.Correct()].ActionID
	for range 2 {
		next := h.router.Click(context.Background(), bot.Click{Origin: bot.Origin{Platform: "slack", ChannelID: "C1", UserID: "U1"}, ActionID: right})
		if !strings.HasPrefix(next.Text, "✅") || !strings.Contains(next.Text, "(1 due)") || !next.Ephemeral {
			t.Fatalf("after a right answer:\n%s", next.Text)
		}
	}
	items, _ := h.db.Reviews(context.Background(), "slack:U1")
	for _, it := range items {
		if it.ItemID == first.ID && (it.Box != 1 || !it.Due.Equal(h.clock.Now().Add(24*time.Hour))) {
			t.Errorf("%s after one right review: box %d due %v, want box 1 due in a day", first.ID, it.Box, it.Due)
		}
	}
	// A forged or stale click changes nothing.
	for _, id := range []string{"review:nosuch:x:en:0", "review:alg-002:x:en:9", "review:alg-002"} {
		if r := h.router.Click(context.Background(), bot.Click{Origin: bot.Origin{Platform: "slack", ChannelID: "C1", UserID: "U1"}, ActionID: id}); !strings.Contains(r.Text, "no longer active") {
			t.Errorf("%s: %s", id, r.Text)
		}
	}
}

func TestStarPartsAndKeyPointCoverage(t *testing.T) {
	tests := []struct {
		answer string
		want   string // present parts
	}{
		{"I fixed a bug.", "Action"},
		{"When I was at my previous company our API was slow. My task was to cut latency. I profiled it and added an index. As a result p99 fell by 60%.", "Situation,Task,Action,Result"},
		{"前職のプロジェクトで障害が起きた当時、原因調査を担当しました。ログを調査し、インデックスを追加しました。その結果、応答時間が半分に短縮されました。", "Situation,Task,Action,Result"},
		{"", ""},
	}
	for _, tt := range tests {
		got := starParts(tt.answer)
		var have []string
		for _, p := range STARParts {
			if got[p] {
				have = append(have, p)
			}
		}
		if strings.Join(have, ",") != tt.want {
			t.Errorf("%q: parts %v, want %s", tt.answer, have, tt.want)
		}
	}
	in := GradeInput{KeyPoints: []string{"ハッシュセットの追加・検索は平均O(1)", "ソート方式はO(n log n)、二重ループはO(n²)"}, Sections: []string{"S"}}
	other := []string{"Hash set insert and lookup are O(1) on average", "Sorting is O(n log n); a nested loop is O(n²)"}
	for _, tt := range []struct {
		answer  string
		covered int
	}{
		{"ハッシュセットに追加しながら検索すれば平均O(1)なので全体O(n)です。", 1},
		{"Insert each element into a hash set; lookup is O(1) on average. Sorting would be O(n log n) and a nested loop O(n²).", 2},
		{"I don't know.", 0},
	} {
		g := gradeOffline(GradeInput{KeyPoints: in.KeyPoints, Sections: in.Sections, Answer: tt.answer}, other)
		if len(g.Covered) != tt.covered || len(g.Covered)+len(g.Missing) != 2 || g.Section != "S" {
			t.Errorf("%q: covered %v missing %v, want %d covered", tt.answer, g.Covered, g.Missing, tt.covered)
		}
	}
}

func TestBehavioralInterviewOffline(t *testing.T) {
	h := newHarness(t)
	r := h.say("U1", "C1", "interview behavioral", bot.English)
	if !strings.Contains(r.Text, "Question 1/3") {
		t.Fatalf("no first question:\n%s", r.Text)
	}
	// The session survives a restart; the answer is graded offline.
	h.restart()
	r = h.say("U1", "C1", "I fixed a bug.", bot.English)
	testkit.WantContains(t, "feedback", r.Text, "**Feedback** (1/3)", "STAR parts missing: Situation, Task, Result", "❌ Missing:", "📖 Reread:", "Question 2/3")
	// Another member's text and text in another channel are questions,
	// not answers (no answerer here: the router apologises).
	if r := h.say("U2", "C1", "What is DNS?", bot.English); strings.Contains(r.Text, "Feedback") {
		t.Errorf("another member's text was taken as an answer:\n%s", r.Text)
	}
	if r := h.say("U1", "C2", "What is DNS?", bot.English); strings.Contains(r.Text, "Feedback") {
		t.Errorf("text in another channel was taken as an answer:\n%s", r.Text)
	}
	h.say("U1", "C1", "When I was at my previous job our deploys failed. My task was to fix CI. I rewrote the pipeline. As a result deploys took 10 minutes.", bot.English)
	r = h.say("U1", "C1", "At the time our team disagreed; I had to decide. I wrote a benchmark. As a result we chose Postgres.", bot.English)
	testkit.WantContains(t, "closing", r.Text, "**Feedback** (3/3)", "**Summary**: 3 answers", "Sections to reread:")
	if _, err := h.db.Interview(context.Background(), "slack:U1"); err == nil {
		t.Error("session still open after the last answer")
	}
	hist, _ := h.db.StudyHistory(context.Background(), "slack:U1", 10)
	if len(hist) != 3 || hist[0].Source != store.SourceInterview {
		t.Errorf("interview answers not in the review history: %+v", hist)
	}
	if r := h.say("U1", "C1", "interview stop", bot.English); !strings.Contains(r.Text, "no mock interview open") {
		t.Errorf("stop without a session: %s", r.Text)
	}
}

func TestInterviewStopSummarises(t *testing.T) {
	h := newHarness(t)
	h.say("U1", "C1", "interview", bot.Japanese)
	h.say("U1", "C1", "B-Treeのインデックスで検索を高速化します。", bot.Japanese)
	r := h.say("U1", "C1", "interview stop", bot.Japanese)
	if !strings.Contains(r.Text, "模擬面接を終了しました") || !strings.Contains(r.Text, "**まとめ**: 1問回答") {
		t.Fatalf("stop:\n%s", r.Text)
	}
	if r := h.say("U1", "C1", "interview sideways", bot.Japanese); !strings.Contains(r.Text, "使い方") {
		t.Errorf("unknown kind: %s", r.Text)
	}
}

func TestProgressNamesTheThreeSteps(t *testing.T) {
	h := newHarness(t)
	h.answer("U1", "alg-001", true)
	h.answer("U1", "alg-002", true)
	h.answer("U1", "beh-001", false)
	r := h.say("U1", "C1", "progress", bot.English)
	step1 := 0
	for _, q := range h.bank {
		switch q.Category {
		case "algorithms", "networking", "databases", "history":
			step1++
		}
	}
	facts, err := content.GuideFacts()
	if err != nil || len(facts.Steps) != 3 {
		t.Fatalf("guide facts: %d steps, %v", len(facts.Steps), err)
	}
	name := func(i int) string { return fmt.Sprintf("Step %d: %s: ", i+1, facts.Steps[i].Name.EN) }
	// two items in box 1 of 4 over the step's items
	want1 := name(0) + percent(2.0/float64(4*step1))
	for _, want := range []string{want1, name(1) + "0%", name(2) + "0%",
		"Streak: 1 day", "Reviews due: 1", "Next: Step 1"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("progress lacks %q:\n%s", want, r.Text)
		}
	}
	if !r.Ephemeral {
		t.Error("progress is not private")
	}
}

type fakeDM struct {
	mu   sync.Mutex
	sent map[string][]bot.Reply
}

func (f *fakeDM) DirectMessage(ctx context.Context, userID string, r bot.Reply) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent[userID] = append(f.sent[userID], r)
	return nil
}

func TestReviewReminders(t *testing.T) {
	h := newHarness(t)
	tokyo := testkit.Zone(t, "Asia/Tokyo")
	h.clock.Set(time.Date(2026, 12, 1, 7, 0, 0, 0, tokyo))
	if r := h.say("U1", "C1", "quiz review daily 08:30", bot.English); !strings.Contains(r.Text, "08:30 (Asia/Tokyo)") {
		t.Fatalf("subscribe: %s", r.Text)
	}
	h.say("U2", "C1", "quiz review daily 08:30 Asia/Tokyo", bot.English)
	if r := h.say("U3", "C1", "quiz review daily 8.30", bot.English); !strings.Contains(r.Text, "Could not") {
		t.Errorf("bad time accepted: %s", r.Text)
	}
	h.answer("U1", "alg-001", false) // due; U2 has nothing due
	dm := &fakeDM{sent: map[string][]bot.Reply{}}
	tick := func(at time.Time) {
		h.clock.Set(at)
		if err := h.svc.TickReminders(context.Background(), at, map[string]bot.DirectMessenger{"slack": dm}); err != nil {
			t.Fatal(err)
		}
	}
	tick(time.Date(2026, 12, 1, 8, 29, 0, 0, tokyo))
	if len(dm.sent) != 0 {
		t.Fatalf("sent before time: %v", dm.sent)
	}
	tick(time.Date(2026, 12, 1, 8, 30, 0, 0, tokyo))
	h.restart()
	tick(time.Date(2026, 12, 1, 8, 31, 0, 0, tokyo))
	if len(dm.sent["U1"]) != 1 || !strings.Contains(dm.sent["U1"][0].Text, "1 items to review") || len(dm.sent["U2"]) != 0 {
		t.Fatalf("sent = %v; want one DM to U1 only", dm.sent)
	}
	tick(time.Date(2026, 12, 2, 8, 30, 0, 0, tokyo))
	if len(dm.sent["U1"]) != 2 {
		t.Fatalf("next day: %d DMs to U1, want 2", len(dm.sent["U1"]))
	}
	h.say("U1", "C1", "quiz review stop", bot.English)
	tick(time.Date(2026, 12, 3, 8, 30, 0, 0, tokyo))
	if len(dm.sent["U1"]) != 2 {
		t.Fatal("DM after stop")
	}
}

func TestInterviewWithRubric(t *testing.T) {
	h := newHarness(t)
	var got []GradeInput
	fail := false
	h.svc.opts.Grade = func(_ context.Context, in GradeInput) (Grade, error) {
		got = append(got, in)
		if fail {
			return Grade{}, context.DeadlineExceeded
		}
		return Grade{
			Covered: []string{in.KeyPoints[0], "@everyone made-up point"},
			STAR:    map[string]bool{"Situation": true, "Task": true, "Action": true, "Result": false, "Bogus": true},
			Section: "not a section of the item", Comment: "Add the result. @here",
		}, nil
	}
	h.say("U1", "C1", "interview behavioral", bot.English)
	r := h.say("U1", "C1", "At my last job I had to fix a flaky deploy, so I rewrote the pipeline.", bot.English)
	if len(got) != 1 || !got[0].Behavioral || got[0].Answer == "" || len(got[0].KeyPoints) == 0 {
		t.Fatalf("rubric input %+v", got)
	}
	first := got[0].KeyPoints[0]
	testkit.WantContains(t, "feedback", r.Text, "✅ Covered:\n• "+first, "STAR parts missing: Result", "💬 Add the result.", "📖 Reread:「How to Prepare for Interviews! > ")
	for _, bad := range []string{"made-up point", "Bogus", "not a section", "@here"} {
		if strings.Contains(r.Text, bad) {
			t.Errorf("feedback carries the model's %q:\n%s", bad, r.Text)
		}
	}
	// A failing model: graded offline, same shape.
	fail = true
	r = h.say("U1", "C1", "I fixed a bug.", bot.English)
	if !strings.Contains(r.Text, "STAR parts missing: Situation, Task, Result") {
		t.Errorf("offline fallback:\n%s", r.Text)
	}
}

// TestInterviewAnswersAtOnce: two answers sent together are two turns of
// the session, not two grades of the same question.
func TestInterviewAnswersAtOnce(t *testing.T) {
	h := newHarness(t)
	h.say("U1", "C1", "interview design", bot.English)
	var wg sync.WaitGroup
	for _, text := range []string{"Use a load balancer and a cache.", "Shard the database by user id."} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h.say("U1", "C1", text, bot.English)
		}()
	}
	wg.Wait()
	row, err := h.db.Interview(context.Background(), "slack:U1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(row.State, `"pos":2`) {
		t.Errorf("session after two answers: %s", row.State)
	}
	hist, _ := h.db.StudyHistory(context.Background(), "slack:U1", 10)
	if len(hist) != 2 || hist[0].ItemID == hist[1].ItemID {
		t.Errorf("answers recorded %+v, want two different items", hist)
	}
}

// TestInterviewTurnsAcrossReplicas: two replicas (two services, each with
// its own in-process lock, over one store) take one answer each for the
// same member at the same moment. Both read question 1; the store's
// version lets only one save, and the other takes its turn again on
// question 2, so no question is graded twice and none is skipped.
func TestInterviewTurnsAcrossReplicas(t *testing.T) {
	h := newHarness(t)
	docs := testkit.Guide(t)
	var mu sync.Mutex
	graded := map[string]int{} // question → grades
	var both sync.WaitGroup
	both.Add(2)
	calls := 0
	grade := func(_ context.Context, in GradeInput) (Grade, error) {
		mu.Lock()
		graded[in.Question]++
		calls++
		first := calls <= 2
		mu.Unlock()
		if first { // both replicas have read the session before either saves
			both.Done()
			both.Wait()
		}
		return Grade{Covered: in.KeyPoints[:1]}, nil
	}
	replicas := make([]*bot.Router, 2)
	for i := range replicas {
		svc, err := New(Options{Store: h.db, Questions: h.bank, Docs: docs, Basics: bot.Basics{Clock: h.clock.Now, Zone: "Asia/Tokyo"}, Grade: grade})
		if err != nil {
			t.Fatal(err)
		}
		replicas[i] = bot.NewRouter(bot.RouterOptions{Handlers: svc.Handlers(), Clicks: svc.Clicks(), Sessions: svc})
	}
	h.say("U1", "C1", "interview design", bot.English)
	var wg sync.WaitGroup
	replies := make([]string, 2)
	for i, text := range []string{"Use a load balancer and a cache.", "Shard the database by user id."} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := bot.NewCollector()
			replicas[i].Handle(context.Background(), bot.Request{Origin: bot.Origin{Platform: "slack", ChannelID: "C1", UserID: "U1"}, Text: text, Kind: bot.KindMention, Lang: bot.English}, c)
			r, _ := c.Final()
			replies[i] = r.Text
		}()
	}
	wg.Wait()
	row, err := h.db.Interview(context.Background(), "slack:U1")
	if err != nil || !strings.Contains(row.State, `"pos":2`) {
		t.Fatalf("session after two answers on two replicas: %+v, %v", row, err)
	}
	hist, _ := h.db.StudyHistory(context.Background(), "slack:U1", 10)
	if len(hist) != 2 || hist[0].ItemID == hist[1].ItemID {
		t.Errorf("answers recorded %+v, want two different items", hist)
	}
	feedback := strings.Join(replies, "\n")
	if !strings.Contains(feedback, "**Feedback** (1/3)") || !strings.Contains(feedback, "**Feedback** (2/3)") {
		t.Errorf("replies %q, want feedback on question 1 and on question 2", replies)
	}
	if len(graded) != 2 || calls != 3 {
		t.Errorf("grades %v (%d calls): want the loser's answer graded again on the next question only", graded, calls)
	}
}

// TestInterviewDrawsFromTheGuideAndTheBank: every kind asks 3–5
// questions, the guide's own examples (in its words, from its interview
// chapter) and the bank's open items that do not repeat them; a design
// question from the guide is graded against the guide's four steps.
func TestInterviewDrawsFromTheGuideAndTheBank(t *testing.T) {
	h := newHarness(t)
	docs := testkit.Guide(t)
	facts, err := content.FactsFrom(docs)
	if err != nil {
		t.Fatal(err)
	}
	examples := map[string]bool{}
	for _, it := range facts.Interviews {
		for _, ex := range it.Examples {
			examples[ex.EN] = true
		}
	}
	for _, kind := range []string{"technical", "design", "behavioral"} {
		items := h.svc.interviewItems(kind)
		fromGuide, fromBank := 0, 0
		for _, id := range items {
			q := h.svc.byID[id]
			if strings.HasPrefix(id, guideItemPrefix) {
				fromGuide++
				found := false
				for ex := range examples {
					found = found || strings.Contains(ex, q.Question.EN)
				}
				if !found || len(q.Sections) == 0 || !strings.HasPrefix(q.Sections[0], interviewChapter) {
					t.Errorf("%s: %s %q is not one of the guide's examples of its chapter (%v)", kind, id, q.Question.EN, q.Sections)
				}
				continue
			}
			fromBank++
			if h.svc.guide.twins[id] {
				t.Errorf("%s: bank item %s asks a guide example again", kind, id)
			}
		}
		if n := len(items); n < 3 || n > 5 || fromGuide == 0 || fromBank == 0 {
			t.Errorf("%s: %d questions, %d from the guide, %d from the bank: %v", kind, n, fromGuide, fromBank, items)
		}
	}
	design := h.svc.byID[h.svc.guide.byKind["design"][0]]
	if len(design.KeyPoints.EN) != len(facts.DesignSteps) || design.KeyPoints.EN[0] != facts.DesignSteps[0].EN || design.KeyPoints.JA[3] != facts.DesignSteps[3].JA {
		t.Errorf("design key points %q, want the guide's steps", design.KeyPoints.EN)
	}
	// Offline, in the console's shape: the design steps named in feedback.
	r := h.say("U1", "C1", "interview design", bot.English)
	if !strings.Contains(r.Text, "There is no single right answer") {
		t.Errorf("design intro:\n%s", r.Text)
	}
	r = h.say("U1", "C1", "I would clarify the functional and non-functional requirements such as availability and latency by asking, then estimate the requests per day.", bot.English)
	if !strings.Contains(r.Text, "✅ Covered:\n• Requirements definition:") || !strings.Contains(r.Text, "❌ Missing:") || !strings.Contains(r.Text, "Detailed design:") {
		t.Errorf("feedback on the guide's design question:\n%s", r.Text)
	}
}

// TestNextMatchesProgress: the Home tab's summary (Next) says what
// `progress` says: the same streak and the same next step.
func TestNextMatchesProgress(t *testing.T) {
	h := newHarness(t)
	days, next, err := h.svc.Next(context.Background(), "slack", "U1", bot.English)
	if err != nil || days != 0 || !strings.Contains(next, "Next: Step 1") {
		t.Fatalf("a new member: %d days, %q, %v", days, next, err)
	}
	h.answer("U1", "alg-001", true)
	h.clock.Set(h.clock.Now().Add(24 * time.Hour))
	h.answer("U1", "alg-002", true)
	days, next, err = h.svc.Next(context.Background(), "slack", "U1", bot.English)
	if err != nil {
		t.Fatal(err)
	}
	r := h.say("U1", "C1", "progress", bot.English)
	if days != 2 || !strings.Contains(r.Text, "Streak: 2 days") || !strings.Contains(r.Text, next) {
		t.Fatalf("Next = %d days, %q; progress says:\n%s", days, next, r.Text)
	}
}

// TestInterviewClaimsOnlyItsPlace: free text is an interview answer only
// from the session's member, where the session runs.
func TestInterviewClaimsOnlyItsPlace(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	sessions := map[string]store.InterviewSession{
		"slack:U1":   {Channel: "slack:C1", Thread: "1700.1"}, // a Slack thread
		"slack:U2":   {Channel: "slack:D2"},                   // a DM: anywhere in it
		"discord:U3": {Channel: "discord:C3", Thread: "M3"},   // a Discord thread (a channel of its own)
	}
	for who, row := range sessions {
		row.Learner, row.State, row.UpdatedAt = who, `{"id":"x","kind":"behavioral","lang":"en","items":["beh-009"],"pos":0}`, h.clock.Now()
		if _, err := h.db.StartInterview(ctx, row); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		req  bot.Request
		want bool
	}{
		{"in the thread", bot.Request{Origin: bot.Origin{Platform: "slack", ChannelID: "C1", UserID: "U1"}, ThreadID: "1700.1"}, true},
		{"top level of the channel", bot.Request{Origin: bot.Origin{Platform: "slack", ChannelID: "C1", UserID: "U1"}, ThreadID: "1800.1"}, false},
		{"another member in the thread", bot.Request{Origin: bot.Origin{Platform: "slack", ChannelID: "C1", UserID: "U9"}, ThreadID: "1700.1"}, false},
		{"another channel", bot.Request{Origin: bot.Origin{Platform: "slack", ChannelID: "C2", UserID: "U1"}, ThreadID: "1700.1"}, false},
		{"a DM message", bot.Request{Origin: bot.Origin{Platform: "slack", ChannelID: "D2", UserID: "U2"}, ThreadID: "1900.1", DM: true}, true},
		{"the DM member elsewhere", bot.Request{Origin: bot.Origin{Platform: "slack", ChannelID: "C1", UserID: "U2"}, ThreadID: "1700.1"}, false},
		{"a mention inside the Discord thread", bot.Request{Origin: bot.Origin{Platform: "discord", ChannelID: "M3", UserID: "U3"}, ThreadID: "M3"}, true},
		{"the Discord parent channel", bot.Request{Origin: bot.Origin{Platform: "discord", ChannelID: "C3", UserID: "U3"}}, false},
		{"same ids on another platform", bot.Request{Origin: bot.Origin{Platform: "slack", ChannelID: "M3", UserID: "U3"}, ThreadID: "M3"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Kind, tt.req.Text = bot.KindMention, "my answer"
			if _, got := h.svc.Claim(ctx, tt.req); got != tt.want {
				t.Errorf("claimed = %v, want %v", got, tt.want)
			}
		})
	}
	// Commands are never claimed; nor is a slash command's text.
	if _, got := h.svc.Claim(ctx, bot.Request{Origin: bot.Origin{Platform: "slack", ChannelID: "C1", UserID: "U1"}, ThreadID: "1700.1", Kind: bot.KindCommand, Text: "x"}); got {
		t.Error("a slash command's text was claimed")
	}
}
