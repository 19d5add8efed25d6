package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrClosed is returned for work handed to a closed store.
var ErrClosed = errors.New("store closed")

// maxAnswerBatch bounds how many clicks share one transaction.
const maxAnswerBatch = 256

// answerTimeout bounds one batch transaction.
const answerTimeout = 10 * time.Second

// answerReq is one click waiting for the answer writer.
type answerReq struct {
	a        Answer
	previous int
	err      error
	done     chan struct{}
}

// RecordAnswer stores a member's choice, replacing an earlier one, while the
// post is not revealed. previous is the earlier choice or -1. It returns
// ErrNotFound for an unknown post and ErrRevealed after the reveal.
//
// Clicks arrive in bursts (a whole channel answering a question at once),
// and SQLite commits one writer at a time, so a single writer goroutine
// groups whatever clicks are waiting into one transaction (group commit):
// 100 simultaneous clicks cost a few transactions instead of 100 queued ones.
func (s *DB) RecordAnswer(ctx context.Context, a Answer) (int, error) {
	req := &answerReq{a: a, previous: -1, done: make(chan struct{})}
	select {
	case s.answers <- req:
	case <-s.closed:
		return -1, ErrClosed
	case <-ctx.Done():
		return -1, fmt.Errorf("record answer on %s: %w", a.PostID, ctx.Err())
	}
	select {
	case <-req.done:
		if req.err != nil {
			return -1, fmt.Errorf("record answer on %s: %w", a.PostID, req.err)
		}
		return req.previous, nil
	case <-ctx.Done():
		return -1, fmt.Errorf("record answer on %s: %w", a.PostID, ctx.Err())
	}
}

// writeAnswers is the answer writer: it runs until the store is closed.
func (s *DB) writeAnswers() {
	defer close(s.writerDone)
	for {
		var first *answerReq
		select {
		case <-s.closed:
			return
		case first = <-s.answers:
		}
		batch := []*answerReq{first}
	drain:
		for len(batch) < maxAnswerBatch {
			select {
			case r := <-s.answers:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		s.answerBatch(batch)
		for _, r := range batch {
			close(r.done)
		}
	}
}

// answerBatch records a batch in one transaction. An unknown or revealed
// post fails only its own clicks; a failed transaction fails them all.
func (s *DB) answerBatch(batch []*answerReq) {
	ctx, cancel := context.WithTimeout(context.Background(), answerTimeout)
	defer cancel()
	posts := map[string]error{} // post id → nil when open
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// Cached prepared statements bound to this transaction: parsing SQL
		// would otherwise cost more than executing it.
		revealedQ := s.txStmt(ctx, tx, s.bind(`SELECT revealed_ms FROM posts WHERE id = ?`))
		previousQ := s.txStmt(ctx, tx, s.bind(`SELECT choice FROM answers WHERE post_id = ? AND user_id = ?`))
		upsert := s.txStmt(ctx, tx, s.bind(`INSERT INTO answers (post_id, user_id, user_name, choice, answered_ms) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (post_id, user_id) DO UPDATE SET user_name = excluded.user_name, choice = excluded.choice, answered_ms = excluded.answered_ms`))
		for _, r := range batch {
			r.err, r.previous = nil, -1
			perr, seen := posts[r.a.PostID]
			if !seen {
				perr = openPost(ctx, revealedQ, r.a.PostID)
				if perr != nil && !errors.Is(perr, ErrNotFound) && !errors.Is(perr, ErrRevealed) {
					return perr
				}
				posts[r.a.PostID] = perr
			}
			if perr != nil {
				r.err = perr
				continue
			}
			err := previousQ.QueryRowContext(ctx, r.a.PostID, r.a.UserID).Scan(&r.previous)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			_, err = upsert.ExecContext(ctx, r.a.PostID, r.a.UserID, r.a.UserName, r.a.Choice, ms(r.a.At))
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		for _, r := range batch {
			r.err, r.previous = err, -1
		}
	}
}

// txQuery is a statement usable inside a transaction (*sql.Stmt or txStmt's
// fallback).
type txQuery interface {
	QueryRowContext(ctx context.Context, args ...any) *sql.Row
	ExecContext(ctx context.Context, args ...any) (sql.Result, error)
}

// txStmt binds the cached prepared statement for query to tx; when it
// cannot be prepared the query runs unprepared and reports its own error.
func (s *DB) txStmt(ctx context.Context, tx *sql.Tx, query string) txQuery {
	if st := s.stmt(ctx, query); st != nil {
		return tx.StmtContext(ctx, st)
	}
	return plainQuery{tx: tx, query: query}
}

type plainQuery struct {
	tx    *sql.Tx
	query string
}

func (p plainQuery) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	return p.tx.QueryRowContext(ctx, p.query, args...)
}

func (p plainQuery) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return p.tx.ExecContext(ctx, p.query, args...)
}

// openPost returns nil when the post exists and is not revealed.
func openPost(ctx context.Context, q txQuery, id string) error {
	var revealed int64
	err := q.QueryRowContext(ctx, id).Scan(&revealed)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return ErrNotFound
	case err != nil:
		return err
	case revealed != 0:
		return ErrRevealed
	}
	return nil
}
