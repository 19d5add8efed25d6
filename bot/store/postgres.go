package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/lib/pq"

	"github.com/backend-tip/backend-tip/bot"
	botretry "github.com/backend-tip/backend-tip/bot/retry"
)

// PostgresOptions configure OpenPostgres.
type PostgresOptions struct {
	// URL is a postgres:// connection URL (BACKEND_TIP_DATABASE_URL).
	URL string
	// Clock tells the time for event expiry; time.Now when nil.
	Clock func() time.Time
	// MaxConns bounds the connection pool of this replica (default 10).
	MaxConns int
	// ClaimLease, when set, makes ClaimSlot answer ErrSlotBusy for a slot
	// another replica claimed less than this long ago (see ErrSlotBusy).
	// Replicas set DefaultClaimLease; zero keeps SQLite's semantics (a
	// pending claim is returned at once), which the shared suite checks.
	ClaimLease time.Duration
}

// Postgres is the store on PostgreSQL, for several replicas sharing one
// database. It runs the same queries and migrations as SQLite through DB.
//
// SQLite serialises writers (immediate transactions); PostgreSQL's default
// READ COMMITTED would let two replicas both read "slot free" or "not yet
// revealed" and both act. So every transaction here runs SERIALIZABLE, and
// a method whose transaction lost a race (serialization failure, deadlock,
// or the unique key another replica just took) is retried from the start:
// the retry sees the winner's rows and answers accordingly (ClaimSlot
// returns SlotPending or SlotDone, Reveal returns Already).
type Postgres struct {
	*DB
	lease time.Duration
}

var _ Store = (*Postgres)(nil)

// ErrSlotBusy is ClaimSlot's answer when another replica claimed the slot
// moments ago and is presumably posting it right now: the caller should
// leave the slot alone and look again on its next tick. Only once the claim
// is older than the claim lease is it treated as abandoned (its replica crashed
// between claiming and recording the post): one replica takes it over
// (renewing the lease) and gets SlotPending, so that it re-posts under the
// same idempotency key; the others keep getting ErrSlotBusy. Without the
// lease two replicas ticking together would both post, and Slack's
// idempotency (a look at recent history) cannot stop two concurrent posts.
var ErrSlotBusy = errors.New("quiz slot is being posted by another replica")

// DefaultClaimLease is how long a fresh claim belongs to the replica that
// made it: longer than any post takes, short against the grace window.
const DefaultClaimLease = 2 * time.Minute

// migrationLock is the advisory lock key replicas take while migrating, so
// two replicas starting together never create the same table twice.
const migrationLock = 0x6274_6970 // "btip"

// maxAttempts bounds the retries of one method after lost races.
const maxAttempts = 12

// OpenPostgres connects to PostgreSQL, applies the migrations under an
// advisory lock and returns the store.
func OpenPostgres(ctx context.Context, opts PostgresOptions) (*Postgres, error) {
	u, err := url.Parse(opts.URL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		// The parse error can quote the URL, password included: keep it out.
		return nil, errors.New("parse BACKEND_TIP_DATABASE_URL: not a valid postgres:// URL")
	}
	// Parameters the driver does not know travel to the server as run-time
	// parameters: every transaction is serializable, and the server's views
	// name the bot.
	q := u.Query()
	q.Set("default_transaction_isolation", "serializable")
	q.Set("application_name", "backend-tip")
	u.RawQuery = q.Encode()
	connector, err := pq.NewConnector(u.String())
	if err != nil {
		return nil, errors.New("parse BACKEND_TIP_DATABASE_URL: not a valid postgres:// URL")
	}
	sdb := sql.OpenDB(connector)
	if opts.MaxConns <= 0 {
		opts.MaxConns = 10
	}
	sdb.SetMaxOpenConns(opts.MaxConns)
	sdb.SetMaxIdleConns(opts.MaxConns)
	sdb.SetConnMaxIdleTime(5 * time.Minute)
	where := u.Host + u.Path
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("connect to PostgreSQL at %s (check BACKEND_TIP_DATABASE_URL and that the server is reachable): %w", where, err)
	}
	s, err := openLocked(ctx, sdb, opts.Clock)
	if err != nil {
		sdb.Close()
		return nil, fmt.Errorf("PostgreSQL at %s: %w", where, err)
	}
	return &Postgres{DB: s, lease: opts.ClaimLease}, nil
}

// openLocked applies the migrations while holding the advisory lock on a
// connection of its own.
func openLocked(ctx context.Context, sdb *sql.DB, clock func() time.Time) (*DB, error) {
	conn, err := sdb.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration lock: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return nil, fmt.Errorf("migration lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)
	var s *DB
	err = retry(ctx, func() error {
		var err error
		s, err = OpenDB(ctx, sdb, Dollar, clock)
		return err
	})
	return s, err
}

// Ping reports whether the database answers (readiness).
func (p *Postgres) Ping(ctx context.Context) error { return p.db.PingContext(ctx) }

// lostRace reports whether err is a serialization failure or a deadlock:
// a lost race that a fresh attempt of the whole method resolves.
func lostRace(err error) bool {
	var pgErr *pq.Error
	return errors.As(err, &pgErr) && (pgErr.Code == "40001" || pgErr.Code == "40P01")
}

// lostKeyRace also counts a unique violation: another replica inserted the
// same key first (a slot claimed at the same instant).
func lostKeyRace(err error) bool {
	var pgErr *pq.Error
	return lostRace(err) || errors.As(err, &pgErr) && pgErr.Code == "23505"
}

// retry runs fn until it succeeds, fails for another reason, ctx ends or
// maxAttempts is reached, under the bot's retry policy with short jittered
// pauses: a lost race resolves in milliseconds.
func retry(ctx context.Context, fn func() error) error {
	return retryIf(ctx, lostRace, fn)
}

func retryIf(ctx context.Context, retryable func(error) bool, fn func() error) error {
	attempts := 0
	err := botretry.Do(ctx, pgPolicy, func(context.Context) error {
		attempts++
		err := fn()
		if err != nil && !retryable(err) {
			return botretry.Permanent(err)
		}
		return err
	})
	if err != nil && retryable(err) && attempts >= maxAttempts {
		return fmt.Errorf("gave up after %d attempts: %w", maxAttempts, err)
	}
	return err
}

// pgPolicy retries lost races quickly.
var pgPolicy = botretry.Policy{Tries: maxAttempts, Initial: 2 * time.Millisecond, MaxWait: 50 * time.Millisecond, MaxElapsed: 5 * time.Second}

// retry1 is retry for methods with one result.
func retry1[T any](ctx context.Context, fn func() (T, error)) (T, error) {
	var out T
	err := retry(ctx, func() error {
		var err error
		out, err = fn()
		return err
	})
	return out, err
}

// Every method that writes, or reads inside a transaction, retries.

func (p *Postgres) MarkEvent(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	return retry1(ctx, func() (bool, error) { return p.DB.MarkEvent(ctx, key, ttl) })
}

func (p *Postgres) RecordFeedback(ctx context.Context, f bot.Feedback) error {
	return retry(ctx, func() error { return p.DB.RecordFeedback(ctx, f) })
}

func (p *Postgres) PutSubscription(ctx context.Context, sub Subscription) error {
	return retry(ctx, func() error { return p.DB.PutSubscription(ctx, sub) })
}

func (p *Postgres) DeleteSubscription(ctx context.Context, channel string) (bool, error) {
	return retry1(ctx, func() (bool, error) { return p.DB.DeleteSubscription(ctx, channel) })
}

func (p *Postgres) PauseSubscription(ctx context.Context, channel string, at time.Time, reason string) (bool, error) {
	return retry1(ctx, func() (bool, error) { return p.DB.PauseSubscription(ctx, channel, at, reason) })
}

func (p *Postgres) ClaimSlot(ctx context.Context, channel, localDate string, post Post) (Post, SlotState, error) {
	var (
		out   Post
		state SlotState
	)
	err := retryIf(ctx, lostKeyRace, func() error {
		var err error
		out, state, err = p.DB.ClaimSlot(ctx, channel, localDate, post)
		return err
	})
	if err != nil || state != SlotPending || p.lease <= 0 {
		return out, state, err
	}
	// The claim is pending. Take it over only when it is older than the
	// lease, and only if no other replica took it over meanwhile: the
	// compare-and-set on updated_ms lets exactly one replica re-post.
	var owned bool
	err = retry(ctx, func() error {
		var claimedMS int64
		err := p.db.QueryRowContext(ctx, p.bind(`SELECT updated_ms FROM ledger WHERE channel = ? AND local_date = ?`), channel, localDate).Scan(&claimedMS)
		if err != nil {
			return fmt.Errorf("read claim time: %w", err)
		}
		now := p.clock()
		if age := now.Sub(time.UnixMilli(claimedMS)); age < p.lease {
			return fmt.Errorf("claimed %s ago: %w", age.Round(time.Second), ErrSlotBusy)
		}
		res, err := p.db.ExecContext(ctx, p.bind(`UPDATE ledger SET updated_ms = ? WHERE channel = ? AND local_date = ? AND status = ? AND updated_ms = ?`),
			now.UnixMilli(), channel, localDate, slotClaimed, claimedMS)
		if err != nil {
			return fmt.Errorf("take over claim: %w", err)
		}
		n, err := res.RowsAffected()
		owned = n == 1
		return err
	})
	if err != nil {
		return Post{}, 0, fmt.Errorf("claim slot %s %s: %w", channel, localDate, err)
	}
	if !owned {
		return Post{}, 0, fmt.Errorf("claim slot %s %s: taken over by another replica: %w", channel, localDate, ErrSlotBusy)
	}
	return out, state, nil
}

func (p *Postgres) SkipSlot(ctx context.Context, channel, localDate string) (bool, error) {
	return retry1(ctx, func() (bool, error) { return p.DB.SkipSlot(ctx, channel, localDate) })
}

func (p *Postgres) MarkPosted(ctx context.Context, postID, messageID string, at time.Time) error {
	return retry(ctx, func() error { return p.DB.MarkPosted(ctx, postID, messageID, at) })
}

func (p *Postgres) CreatePost(ctx context.Context, post Post) error {
	return retry(ctx, func() error { return p.DB.CreatePost(ctx, post) })
}

func (p *Postgres) RecordAnswer(ctx context.Context, a Answer) (int, error) {
	return retry1(ctx, func() (int, error) { return p.DB.RecordAnswer(ctx, a) })
}

func (p *Postgres) Reveal(ctx context.Context, postID string, correct int, at time.Time) (Reveal, error) {
	return retry1(ctx, func() (Reveal, error) { return p.DB.Reveal(ctx, postID, correct, at) })
}

func (p *Postgres) MarkRevealPosted(ctx context.Context, postID string) error {
	return retry(ctx, func() error { return p.DB.MarkRevealPosted(ctx, postID) })
}

func (p *Postgres) SetLastTip(ctx context.Context, channel, tipID string) error {
	return retry(ctx, func() error { return p.DB.SetLastTip(ctx, channel, tipID) })
}

func (p *Postgres) RecordStudy(ctx context.Context, a StudyAnswer) error {
	return retry(ctx, func() error { return p.DB.RecordStudy(ctx, a) })
}

func (p *Postgres) PutReminder(ctx context.Context, r Reminder) error {
	return retry(ctx, func() error { return p.DB.PutReminder(ctx, r) })
}

func (p *Postgres) DeleteReminder(ctx context.Context, learner string) (bool, error) {
	return retry1(ctx, func() (bool, error) { return p.DB.DeleteReminder(ctx, learner) })
}

func (p *Postgres) ClaimReminder(ctx context.Context, learner, localDate string) (bool, error) {
	return retry1(ctx, func() (bool, error) { return p.DB.ClaimReminder(ctx, learner, localDate) })
}

// StartInterview retries a lost key race: a replica that inserted the same
// member's session at the same instant makes the retry see it and answer
// ErrConflict.
func (p *Postgres) StartInterview(ctx context.Context, iv InterviewSession) (InterviewSession, error) {
	var out InterviewSession
	err := retryIf(ctx, lostKeyRace, func() (err error) {
		out, err = p.DB.StartInterview(ctx, iv)
		return err
	})
	return out, err
}

// UpdateInterview retries a serialization failure against another
// replica's save; the retry finds the version moved on (ErrConflict).
func (p *Postgres) UpdateInterview(ctx context.Context, iv InterviewSession) (InterviewSession, error) {
	return retry1(ctx, func() (InterviewSession, error) { return p.DB.UpdateInterview(ctx, iv) })
}

func (p *Postgres) EndInterview(ctx context.Context, learner string, version int64) (bool, error) {
	return retry1(ctx, func() (bool, error) { return p.DB.EndInterview(ctx, learner, version) })
}
