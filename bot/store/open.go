package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// OpenAnswer is a member's written answer to an open question.
type OpenAnswer struct {
	PostID   string
	UserID   string
	UserName string
	Text     string
	At       time.Time
}

// RecordOpenAnswer stores a member's written answer, replacing an earlier
// one, while the post is not revealed. It reports whether an earlier answer
// was replaced; ErrNotFound for an unknown post, ErrRevealed after the
// reveal.
func (s *DB) RecordOpenAnswer(ctx context.Context, a OpenAnswer) (replaced bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var revealed int64
		err := tx.QueryRowContext(ctx, s.bind(`SELECT revealed_ms FROM posts WHERE id = ?`), a.PostID).Scan(&revealed)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if revealed != 0 {
			return ErrRevealed
		}
		var n int
		if err := tx.QueryRowContext(ctx, s.bind(`SELECT COUNT(*) FROM open_answers WHERE post_id = ? AND user_id = ?`), a.PostID, a.UserID).Scan(&n); err != nil {
			return err
		}
		replaced = n > 0
		_, err = tx.ExecContext(ctx, s.bind(`INSERT INTO open_answers (post_id, user_id, user_name, text, answered_ms) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (post_id, user_id) DO UPDATE SET user_name = excluded.user_name, text = excluded.text, answered_ms = excluded.answered_ms`),
			a.PostID, a.UserID, a.UserName, a.Text, ms(a.At))
		return err
	})
	if err != nil {
		return false, fmt.Errorf("record open answer on %s: %w", a.PostID, err)
	}
	return replaced, nil
}

// OpenAnswers lists a post's written answers in the order they were given.
func (s *DB) OpenAnswers(ctx context.Context, postID string) ([]OpenAnswer, error) {
	rows, err := s.query(ctx, s.bind(`SELECT post_id, user_id, user_name, text, answered_ms FROM open_answers WHERE post_id = ? ORDER BY answered_ms, user_id`), postID)
	return collect(rows, err, "open answers of "+postID, func(row scanner) (a OpenAnswer, err error) {
		var at int64
		err = row.Scan(&a.PostID, &a.UserID, &a.UserName, &a.Text, &at)
		a.At = fromMS(at)
		return a, err
	})
}

// PostByMessage returns the newest post of the platform ("discord") whose
// message has id messageID, or ErrNotFound.
func (s *DB) PostByMessage(ctx context.Context, platform, messageID string) (Post, error) {
	if messageID == "" {
		return Post{}, ErrNotFound
	}
	p, err := scanPost(s.queryRow(ctx, s.bind(`SELECT `+postColumns+` FROM posts WHERE message_id = ? AND channel LIKE ? ORDER BY created_ms DESC LIMIT 1`),
		messageID, platform+":%"))
	return one(p, err, "post of message "+messageID)
}
