// Package store persists backend-tip's state: quiz schedules and their
// ledger, posts, answers, scores, the last tip per channel, Slack event ids
// and answer feedback. SQLite (modernc.org/sqlite, pure Go) in the data
// directory is the default. All SQL is portable (TEXT/INTEGER/BIGINT, `?`
// placeholders rebound per dialect, INSERT ... ON CONFLICT) so that a
// PostgreSQL implementation can run the same queries and the same test suite:
// open a *sql.DB with lib/pq's driver and pass it to OpenDB with Dollar.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)
)

//go:embed migrations/*.sql
var migrations embed.FS

// FileName is the SQLite database file inside the data directory.
const FileName = "backend-tip.db"

// Sentinel errors callers test with errors.Is.
var (
	ErrNotFound = errors.New("not found")
	ErrRevealed = errors.New("already revealed")
)

// Ping reports whether the database answers (readiness).
func (s *DB) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Options configure Open.
type Options struct {
	// DataDir holds the database file; it is created when missing.
	DataDir string
	// Clock tells the time for event expiry; time.Now when nil.
	Clock func() time.Time
}

// DB is the store over database/sql. It is safe for concurrent use.
type DB struct {
	db     *sql.DB
	bind   func(string) string
	clock  func() time.Time
	events atomic.Int64 // MarkEvent calls, to prune expired ids now and then
	// wmu, when set, queues this process's writers in Go. SQLite has one
	// writer at a time and its busy handler waits by sleeping (1, 2, 5, 10
	// ms...), which puts tens of milliseconds on the tail of 100 concurrent
	// clicks; a mutex hands over in microseconds. busy_timeout still covers
	// other processes. PostgreSQL needs no such queue (nil).
	wmu *sync.Mutex
	// stmts caches prepared statements by query text: parsing SQL is a good
	// part of a small statement's cost in the pure-Go SQLite.
	stmts sync.Map // string → *sql.Stmt

	answers    chan *answerReq // clicks waiting for the answer writer
	closed     chan struct{}   // closed by Close
	closeOnce  sync.Once
	writerDone chan struct{}
}

// Open opens (creating if needed) the SQLite database in opts.DataDir with
// WAL, a busy timeout and immediate transactions, and applies migrations.
func Open(ctx context.Context, opts Options) (*DB, error) {
	if err := os.MkdirAll(opts.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir %s (set BACKEND_TIP_DATA_DIR to a writable folder): %w", opts.DataDir, err)
	}
	path := filepath.Join(opts.DataDir, FileName)
	// _txlock=immediate takes the write lock at BEGIN, so two transactions
	// never deadlock upgrading a read lock; busy_timeout makes writers queue.
	dsn := path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	sdb, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	sdb.SetMaxOpenConns(8)
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open database %s (is BACKEND_TIP_DATA_DIR writable?): %w", path, err)
	}
	s := newDB(sdb, nil, opts.Clock)
	s.wmu = &sync.Mutex{}
	if err := s.migrate(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	s.start()
	return s, nil
}

// OpenDB wraps an open database: bind rewrites `?` placeholders for the
// dialect (nil keeps them, Dollar gives PostgreSQL's $1, $2...). It applies
// the migrations that are not yet recorded.
func OpenDB(ctx context.Context, db *sql.DB, bind func(string) string, clock func() time.Time) (*DB, error) {
	s := newDB(db, bind, clock)
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	s.start()
	return s, nil
}

func newDB(db *sql.DB, bind func(string) string, clock func() time.Time) *DB {
	if bind == nil {
		bind = func(q string) string { return q }
	}
	if clock == nil {
		clock = time.Now
	}
	return &DB{db: db, bind: bind, clock: clock,
		answers: make(chan *answerReq, maxAnswerBatch), closed: make(chan struct{}), writerDone: make(chan struct{})}
}

// start runs the answer writer (see RecordAnswer).
func (s *DB) start() { go s.writeAnswers() }

// Close stops the answer writer (after its current batch), closes the
// cached statements and the database. Calling it again is harmless.
func (s *DB) Close() error {
	first := false
	s.closeOnce.Do(func() { first = true; close(s.closed) })
	if !first {
		return nil
	}
	<-s.writerDone
	s.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	return s.db.Close()
}

// Dollar rewrites `?` placeholders to PostgreSQL's $1, $2, ... (our queries
// never contain a literal question mark).
func Dollar(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// migrate applies embedded migrations in file-name order, each in its own
// transaction together with its schema_migrations row.
func (s *DB) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_ms BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := filepath.Base(name)
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", base)
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("read migration %s: %w", base, err)
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, s.bind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, s.bind(`INSERT INTO schema_migrations (version, applied_ms) VALUES (?, ?)`), version, s.clock().UnixMilli())
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	return nil
}

// exec runs one write statement.
// changed runs a statement (placeholders ?) and reports whether it
// changed a row: the answer of every claim, skip and delete. what names
// the statement in errors.
func (s *DB) changed(ctx context.Context, what, query string, args ...any) (bool, error) {
	res, err := s.exec(ctx, s.bind(query), args...)
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("%s: %w", what, err)
	}
	return n > 0, nil
}

func (s *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s.wmu != nil {
		s.wmu.Lock()
		defer s.wmu.Unlock()
	}
	if st := s.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return s.db.ExecContext(ctx, query, args...)
}

// query runs a query through the statement cache.
func (s *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := s.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.db.QueryContext(ctx, query, args...)
}

// queryRow runs a one-row query through the statement cache.
func (s *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := s.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.db.QueryRowContext(ctx, query, args...)
}

// stmt returns the cached prepared statement for query, or nil when it
// cannot be prepared (the caller then runs the query directly and gets the
// error from there).
func (s *DB) stmt(ctx context.Context, query string) *sql.Stmt {
	if st, ok := s.stmts.Load(query); ok {
		return st.(*sql.Stmt)
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if prev, loaded := s.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		return prev.(*sql.Stmt)
	}
	return st
}

// inTx runs fn in one transaction: committed when fn returns nil, else
// rolled back.
func (s *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.wmu != nil {
		s.wmu.Lock()
		defer s.wmu.Unlock()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// scanner is one row of a result: a *sql.Row or the current of *sql.Rows.
type scanner = interface{ Scan(...any) error }

// collect reads every row of a list query's result (rows and err as the
// query returned them) with scan; what names the list in errors.
func collect[T any](rows *sql.Rows, err error, what string, scan func(scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// one is a one-row lookup's result: ErrNotFound when there was no row, the
// error named by what when the query failed.
func one[T any](v T, err error, what string) (T, error) {
	var zero T
	if errors.Is(err, sql.ErrNoRows) {
		return zero, ErrNotFound
	}
	if err != nil {
		return zero, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}
