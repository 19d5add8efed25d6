package quiz

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/quiz/quiztest"
	"github.com/backend-tip/backend-tip/bot/store"
	"github.com/backend-tip/backend-tip/content"
	"github.com/backend-tip/backend-tip/internal/testkit"
	"github.com/backend-tip/backend-tip/internal/teststore"
)

// harness is a quiz service over a real SQLite store in a temp dir, a fake
// clock and a fake "slack" platform; restart() simulates a process restart.
type harness struct {
	t        testing.TB
	proc     *teststore.Process
	clock    *testkit.Clock
	pl       *quiztest.Platform
	db       *store.DB
	st       Store // db, possibly wrapped (crash injection)
	wrap     func(Store) Store
	svc      *Service
	router   *bot.Router
	logs     *testkit.LogBuffer
	feedback FeedbackFunc
	// gradeOpen grades thread answers to open questions (nil: not scheduled)
	gradeOpen func(content.QuizQuestion, string, bot.Lang) bool
	intn      func(int) int // nil: always 0, so the first least-used question (db-001, multiple choice) comes first
}

func testData(t testing.TB) ([]content.QuizQuestion, []content.Tip, []content.Document) {
	t.Helper()
	fsys := os.DirFS("testdata")
	qs, err := content.LoadQuizBank(fsys, "bank.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tips, err := content.LoadTips(fsys, "tips.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return qs, tips, testkit.Guide(t)
}

func newHarness(t testing.TB, start time.Time) *harness {
	t.Helper()
	h := &harness{t: t, clock: testkit.NewClock(start), pl: quiztest.New("slack"), logs: &testkit.LogBuffer{}}
	h.proc = teststore.Start(t, h.clock.Now, h.wire)
	return h
}

// wire builds a fresh service (empty in-memory state) on the store.
func (h *harness) wire(db *store.DB) {
	h.t.Helper()
	h.db, h.st = db, db
	if h.intn == nil {
		h.intn = func(int) int { return 0 }
	}
	if h.wrap != nil {
		h.st = h.wrap(db)
	}
	qs, tips, docs := testData(h.t)
	var err error
	h.svc, err = New(Options{
		Store: h.st, Questions: qs, Tips: tips, Docs: docs, Grace: time.Hour, Feedback: h.feedback, GradeOpen: h.gradeOpen,
		Basics: bot.Basics{Clock: h.clock.Now, Zone: "Asia/Tokyo", Logger: slog.New(slog.NewTextHandler(h.logs, nil)), Intn: h.intn},
	})
	if err != nil {
		h.t.Fatal(err)
	}
	h.router = bot.NewRouter(bot.RouterOptions{Handlers: h.svc.Handlers(), Clicks: h.svc.Clicks()})
}

// restart closes the store and opens everything again, like a new process.
func (h *harness) restart() {
	h.t.Helper()
	h.proc.Restart()
}

func (h *harness) platforms() map[string]bot.Platform {
	return map[string]bot.Platform{"slack": h.pl}
}

func (h *harness) tick(at time.Time) error {
	h.clock.Set(at)
	return h.svc.Tick(context.Background(), at, h.platforms())
}

// command runs a command in channel C1 (or the given one) through the router.
func (h *harness) command(channel, text string, lang bot.Lang) bot.Reply {
	h.t.Helper()
	c := bot.NewCollector()
	h.router.Handle(context.Background(), bot.Request{Origin: bot.Origin{Platform: "slack", ChannelID: channel, UserID: "U0"}, Text: text, Lang: lang}, c)
	r, ok := c.Final()
	if !ok {
		h.t.Fatalf("%q: no reply", text)
	}
	return r
}

func (h *harness) click(channel, user, actionID string) bot.Reply {
	return h.router.Click(context.Background(), bot.Click{Origin: bot.Origin{Platform: "slack", ChannelID: channel, UserID: user, UserName: user}, ActionID: actionID})
}

// questionPosts returns the fake platform's quiz question messages.
func questionPosts(msgs []quiztest.Message) []quiztest.Message { return postsKeyed(msgs, "btq-") }

// revealPosts returns the fake platform's reveal messages.
func revealPosts(msgs []quiztest.Message) []quiztest.Message { return postsKeyed(msgs, "btr-") }

// postsKeyed returns the messages whose idempotency key starts with prefix.
func postsKeyed(msgs []quiztest.Message, prefix string) []quiztest.Message {
	var out []quiztest.Message
	for _, m := range msgs {
		if key := m.Reply.IdempotencyKey; len(key) > len(prefix) && strings.HasPrefix(key, prefix) {
			out = append(out, m)
		}
	}
	return out
}
