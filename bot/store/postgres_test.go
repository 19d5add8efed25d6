package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/backend-tip/backend-tip/bot"
	"github.com/backend-tip/backend-tip/bot/store/storetest"
	"github.com/backend-tip/backend-tip/internal/testkit"
)

func openPostgresAt(t *testing.T, dsn string, clock func() time.Time) *Postgres {
	t.Helper()
	return openPostgresWith(t, PostgresOptions{URL: dsn, Clock: clock})
}

func openPostgresWith(t *testing.T, opts PostgresOptions) *Postgres {
	t.Helper()
	s, err := OpenPostgres(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openPostgres(t *testing.T, clock func() time.Time) Store {
	return openPostgresAt(t, storetest.PostgresSchema(t), clock)
}

func TestPostgresStore(t *testing.T) { runStoreSuite(t, openPostgres) }

func TestPostgresReplicasMigrateTogether(t *testing.T) {
	dsn := storetest.PostgresSchema(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			s, err := OpenPostgres(context.Background(), PostgresOptions{URL: dsn})
			if err != nil {
				errs <- err
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("replica failed to open: %v", err)
	}
	s := openPostgresAt(t, dsn, nil)
	var n int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	names, _ := migrations.ReadDir("migrations")
	if n != len(names) {
		t.Errorf("schema_migrations has %d rows, want %d (one per migration)", n, len(names))
	}
}

func TestPostgresBadURL(t *testing.T) {
	tests := []struct{ name, url, want string }{
		{"not a url", "postgres://bot:hunter2@[::1", "not a valid"},
		{"nothing listening", "postgres://bot:hunter2@127.0.0.1:1/db?connect_timeout=2", "127.0.0.1:1/db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OpenPostgres(context.Background(), PostgresOptions{URL: tt.url})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error leaks the password: %v", err)
			}
		})
	}
}

// idempotentPlatform posts at most one message per idempotency key, as the
// Slack and Discord adapters do, and counts the messages really sent.
type idempotentPlatform struct {
	mu    sync.Mutex
	sent  map[string]string // key -> message id
	calls map[string]int
	n     int
}

func (p *idempotentPlatform) totalCalls() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, c := range p.calls {
		n += c
	}
	return n
}

func (p *idempotentPlatform) post(key string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls[key]++
	if id, ok := p.sent[key]; ok {
		return id
	}
	p.n++
	id := fmt.Sprintf("m%d", p.n)
	p.sent[key] = id
	return id
}

// TestPostgresTwoReplicasSimulatedWeek runs two replicas on one database
// through a simulated week of daily quiz slots in 24 channels. Both try
// every slot at the same instant; on some slots the winner crashes between
// claiming and recording the post, and the other replica (or the winner
// after restart) finishes it. Every slot must be claimed by exactly one
// replica and end with exactly one message.
func TestPostgresTwoReplicasSimulatedWeek(t *testing.T) {
	dsn := storetest.PostgresSchema(t)
	start := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	clk := testkit.NewClock(start)
	opts := PostgresOptions{URL: dsn, Clock: clk.Now, ClaimLease: DefaultClaimLease}
	replicas := []*Postgres{openPostgresWith(t, opts), openPostgresWith(t, opts)}
	platform := &idempotentPlatform{sent: map[string]string{}, calls: map[string]int{}}
	ctx := context.Background()
	const channels, days = 24, 7
	var claims, crashes, busy atomic.Int64

	// tick is one replica's scheduler handling one due slot; crash makes it
	// stop after the claim, before posting.
	tick := func(s *Postgres, replica int, channel, date string, crash bool) error {
		p := Post{ID: fmt.Sprintf("r%d-%s-%s", replica, channel, date), QuestionID: "q1", Lang: bot.Japanese, CreatedAt: start}
		got, state, err := s.ClaimSlot(ctx, channel, date, p)
		if errors.Is(err, ErrSlotBusy) {
			busy.Add(1) // the other replica is posting it: look again next tick
			return nil
		}
		if err != nil {
			return err
		}
		switch state {
		case SlotDone:
			return nil
		case SlotNew:
			claims.Add(1)
			if crash {
				crashes.Add(1)
				return nil
			}
		}
		// New or pending (claimed earlier, never recorded as posted): post
		// under the claimed post's key and record it.
		msg := platform.post(got.ID)
		return s.MarkPosted(ctx, got.ID, msg, start)
	}

	for day := range days {
		date := start.AddDate(0, 0, day).Format("2006-01-02")
		var wg sync.WaitGroup
		errs := make(chan error, channels*3)
		for c := range channels {
			channel := fmt.Sprintf("slack:C%02d", c)
			crash := (c+day)%5 == 0 // about one slot in five loses its winner
			gate := make(chan struct{})
			for r, s := range replicas {
				wg.Go(func() {
					<-gate
					errs <- tick(s, r, channel, date, crash)
				})
			}
			close(gate)
		}
		wg.Wait()
		// The next scheduler pass (either replica, here the second), after
		// the claim lease, finds the crashed slots pending and finishes them.
		clk.Add(DefaultClaimLease)
		for c := range channels {
			errs <- tick(replicas[1], 1, fmt.Sprintf("slack:C%02d", c), date, false)
		}
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("day %d: %v", day, err)
			}
		}
		clk.Add(24*time.Hour - DefaultClaimLease)
	}

	slots := int64(channels * days)
	if got := claims.Load(); got != slots {
		t.Errorf("%d slots claimed as new, want exactly %d (one per slot)", got, slots)
	}
	if platform.n != int(slots) {
		t.Errorf("%d messages sent, want exactly %d (one per slot)", platform.n, slots)
	}
	// One post call per slot: the replica that lost a claim saw it busy or
	// done, never pending, and a crashed claim was posted once, after the
	// lease, by the recovering replica.
	if got := platform.totalCalls(); got != int(slots) {
		t.Errorf("%d post calls, want %d (one per slot)", got, slots)
	}
	var posted, unposted int
	if err := replicas[0].db.QueryRow(`SELECT COUNT(*) FILTER (WHERE status = 'posted'), COUNT(*) FILTER (WHERE status <> 'posted') FROM ledger`).Scan(&posted, &unposted); err != nil {
		t.Fatal(err)
	}
	if posted != int(slots) || unposted != 0 {
		t.Errorf("ledger: %d posted, %d not; want %d, 0", posted, unposted, slots)
	}
	t.Logf("%d slots, %d replica crashes after claiming, %d claims found busy: %d messages, %d post calls",
		slots, crashes.Load(), busy.Load(), platform.n, platform.totalCalls())
}

// TestPostgresReplicasRevealOnce has both replicas reveal the same post at
// once from several goroutines each: exactly one reveal scores, the others
// see Already, and every member's score counts the question once.
func TestPostgresReplicasRevealOnce(t *testing.T) {
	dsn := storetest.PostgresSchema(t)
	replicas := []*Postgres{openPostgresAt(t, dsn, nil), openPostgresAt(t, dsn, nil)}
	ctx := context.Background()
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	if err := replicas[0].CreatePost(ctx, Post{ID: "p1", Channel: "slack:C1", QuestionID: "q", Slot: "2026-12-07", CreatedAt: at, PostedAt: at}); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		user := fmt.Sprintf("U%d", i)
		if _, err := replicas[i%2].RecordAnswer(ctx, Answer{PostID: "p1", UserID: user, UserName: user, Choice: i % 2, At: at}); err != nil {
			t.Fatal(err)
		}
	}
	var fresh atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	gate := make(chan struct{})
	for i := range 8 {
		wg.Go(func() {
			<-gate
			r, err := replicas[i%2].Reveal(ctx, "p1", 0, at)
			if err != nil {
				errs <- err
				return
			}
			if !r.Already {
				fresh.Add(1)
			}
		})
	}
	close(gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := fresh.Load(); n != 1 {
		t.Errorf("%d reveals scored, want exactly 1", n)
	}
	board, err := replicas[0].Leaderboard(ctx, "slack:C1", 20)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range board {
		if s.Answered != 1 {
			t.Errorf("%s answered = %d, want 1 (scored once)", s.UserID, s.Answered)
		}
	}
	if len(board) != 10 {
		t.Errorf("leaderboard has %d members, want 10", len(board))
	}
}

func TestPostgresClaimLease(t *testing.T) {
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	clk := testkit.NewClock(start)
	s := openPostgresWith(t, PostgresOptions{URL: storetest.PostgresSchema(t), Clock: clk.Now, ClaimLease: DefaultClaimLease})
	ctx := context.Background()
	if _, state, err := s.ClaimSlot(ctx, "slack:C1", "2026-12-07", Post{ID: "p1", QuestionID: "q", CreatedAt: start}); err != nil || state != SlotNew {
		t.Fatalf("first claim = %v, %v; want SlotNew", state, err)
	}
	steps := []struct {
		advance  time.Duration
		wantBusy bool
	}{
		{0, true},                               // the claimer is posting right now
		{DefaultClaimLease - time.Second, true}, // still within its lease
		{time.Second, false},                    // abandoned: pending, re-post it
	}
	for i, st := range steps {
		clk.Add(st.advance)
		p, state, err := s.ClaimSlot(ctx, "slack:C1", "2026-12-07", Post{ID: "p2", QuestionID: "q", CreatedAt: clk.Now()})
		if st.wantBusy {
			if !errors.Is(err, ErrSlotBusy) {
				t.Fatalf("step %d: err = %v, state %v; want ErrSlotBusy", i, err, state)
			}
			continue
		}
		if err != nil || state != SlotPending || p.ID != "p1" {
			t.Fatalf("step %d: = %+v, %v, %v; want SlotPending with the first post", i, p, state, err)
		}
	}
}

// TestPostgresAbandonedClaimTakenOverOnce has eight goroutines on two
// replicas find the same abandoned claim at once: exactly one takes it over.
func TestPostgresAbandonedClaimTakenOverOnce(t *testing.T) {
	start := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	clk := testkit.NewClock(start)
	opts := PostgresOptions{URL: storetest.PostgresSchema(t), Clock: clk.Now, ClaimLease: DefaultClaimLease}
	replicas := []*Postgres{openPostgresWith(t, opts), openPostgresWith(t, opts)}
	ctx := context.Background()
	if _, _, err := replicas[0].ClaimSlot(ctx, "slack:C1", "2026-12-07", Post{ID: "p1", QuestionID: "q", CreatedAt: start}); err != nil {
		t.Fatal(err)
	}
	clk.Add(DefaultClaimLease + time.Minute) // the claimer crashed
	var pending, busy atomic.Int64
	var wg sync.WaitGroup
	gate := make(chan struct{})
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			<-gate
			_, state, err := replicas[i%2].ClaimSlot(ctx, "slack:C1", "2026-12-07", Post{ID: fmt.Sprint("x", i), QuestionID: "q"})
			switch {
			case errors.Is(err, ErrSlotBusy):
				busy.Add(1)
			case err != nil:
				errs <- err
			case state == SlotPending:
				pending.Add(1)
			default:
				errs <- fmt.Errorf("state %v", state)
			}
		})
	}
	close(gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if pending.Load() != 1 || busy.Load() != 7 {
		t.Errorf("pending %d, busy %d; want exactly 1 take-over and 7 busy", pending.Load(), busy.Load())
	}
}

// TestPostgresReplicasTakeOneInterviewTurn has two replicas save the same
// member's interview turn at the same version from several goroutines
// each, and start the same member's session at once: one turn and one
// start win, every other call gets ErrConflict, and nothing else fails.
func TestPostgresReplicasTakeOneInterviewTurn(t *testing.T) {
	dsn := storetest.PostgresSchema(t)
	replicas := []*Postgres{openPostgresAt(t, dsn, nil), openPostgresAt(t, dsn, nil)}
	ctx := context.Background()
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	race := func(what string, call func(r *Postgres, i int) error) {
		t.Helper()
		var wins, conflicts atomic.Int64
		var wg sync.WaitGroup
		gate := make(chan struct{})
		for i := range 8 {
			wg.Go(func() {
				<-gate
				switch err := call(replicas[i%2], i); {
				case err == nil:
					wins.Add(1)
				case errors.Is(err, ErrConflict):
					conflicts.Add(1)
				default:
					t.Errorf("%s %d: %v", what, i, err)
				}
			})
		}
		close(gate)
		wg.Wait()
		if wins.Load() != 1 || conflicts.Load() != 7 {
			t.Errorf("%s: %d won, %d conflicts; want 1 and 7", what, wins.Load(), conflicts.Load())
		}
	}
	race("start", func(r *Postgres, i int) error {
		_, err := r.StartInterview(ctx, InterviewSession{Learner: "slack:U1", Channel: "slack:C1", State: fmt.Sprintf(`{"by":%d}`, i), UpdatedAt: at})
		return err
	})
	race("turn", func(r *Postgres, i int) error {
		_, err := r.UpdateInterview(ctx, InterviewSession{Learner: "slack:U1", Channel: "slack:C1", State: fmt.Sprintf(`{"pos":1,"by":%d}`, i), Version: 1, UpdatedAt: at})
		return err
	})
	if got, err := replicas[1].Interview(ctx, "slack:U1"); err != nil || got.Version != 2 {
		t.Errorf("session after the race: %+v, %v; want version 2", got, err)
	}
}
