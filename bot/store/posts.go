package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

const postColumns = `id, channel, question_id, slot, lang, message_id, created_ms, posted_ms, revealed_ms, reveal_posted`

func scanPost(row scanner) (Post, error) {
	var p Post
	var lang string
	var created, posted, revealed int64
	var revealPosted int
	if err := row.Scan(&p.ID, &p.Channel, &p.QuestionID, &p.Slot, &lang, &p.MessageID, &created, &posted, &revealed, &revealPosted); err != nil {
		return Post{}, err
	}
	p.Lang, p.CreatedAt, p.PostedAt, p.RevealedAt, p.RevealPosted = bot.Lang(lang), fromMS(created), fromMS(posted), fromMS(revealed), revealPosted != 0
	return p, nil
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func insertPost(ctx context.Context, db execer, bind func(string) string, p Post) error {
	_, err := db.ExecContext(ctx, bind(`INSERT INTO posts (`+postColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		p.ID, p.Channel, p.QuestionID, p.Slot, string(p.Lang), p.MessageID, ms(p.CreatedAt), ms(p.PostedAt), ms(p.RevealedAt), boolInt(p.RevealPosted))
	return err
}

// CreatePost records an on-demand post (scheduled posts go through ClaimSlot).
func (s *DB) CreatePost(ctx context.Context, p Post) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error { return insertPost(ctx, tx, s.bind, p) })
	if err != nil {
		return fmt.Errorf("create post %s: %w", p.ID, err)
	}
	return nil
}

// Post returns one post or ErrNotFound.
func (s *DB) Post(ctx context.Context, id string) (Post, error) {
	p, err := scanPost(s.queryRow(ctx, s.bind(`SELECT `+postColumns+` FROM posts WHERE id = ?`), id))
	return one(p, err, "post "+id)
}

// PendingReveals returns the channel's posted questions whose reveal message
// has not gone out yet (unrevealed, or revealed just before a crash), oldest
// first.
func (s *DB) PendingReveals(ctx context.Context, channel string) ([]Post, error) {
	rows, err := s.query(ctx, s.bind(`SELECT `+postColumns+` FROM posts
		WHERE channel = ? AND posted_ms > 0 AND reveal_posted = 0 ORDER BY created_ms, id`), channel)
	return collect(rows, err, "pending reveals in "+channel, scanPost)
}

// QuestionCounts returns how often each question was posted in the channel.
func (s *DB) QuestionCounts(ctx context.Context, channel string) (map[string]int, error) {
	rows, err := s.query(ctx, s.bind(`SELECT question_id, COUNT(*) FROM posts WHERE channel = ? AND posted_ms > 0 GROUP BY question_id`), channel)
	if err != nil {
		return nil, fmt.Errorf("question counts in %s: %w", channel, err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("question counts in %s: %w", channel, err)
		}
		counts[id] = n
	}
	return counts, rows.Err()
}

// Answers lists a post's answers in the order they were given.
func (s *DB) Answers(ctx context.Context, postID string) ([]Answer, error) {
	return answers(ctx, s.db, s.bind, postID)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func answers(ctx context.Context, db querier, bind func(string) string, postID string) ([]Answer, error) {
	rows, err := db.QueryContext(ctx, bind(`SELECT post_id, user_id, user_name, choice, answered_ms FROM answers WHERE post_id = ? ORDER BY answered_ms, user_id`), postID)
	return collect(rows, err, "answers of "+postID, func(row scanner) (a Answer, err error) {
		var at int64
		err = row.Scan(&a.PostID, &a.UserID, &a.UserName, &a.Choice, &at)
		a.At = fromMS(at)
		return a, err
	})
}

// Reveal closes a post to answers and, the first time, updates the scores of
// the channel in the same transaction. correct is the right choice, or -1
// for an open question (no scores). For a scheduled question every member
// with a score who got it wrong or did not answer loses the current streak;
// on-demand questions count answers but leave streaks alone. Revealing again
// returns the same counts with Already set and changes nothing.
func (s *DB) Reveal(ctx context.Context, postID string, correct int, at time.Time) (Reveal, error) {
	var out Reveal
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		p, err := scanPost(tx.QueryRowContext(ctx, s.bind(`SELECT `+postColumns+` FROM posts WHERE id = ?`), postID))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		list, err := answers(ctx, tx, s.bind, postID)
		if err != nil {
			return err
		}
		out = Reveal{Post: p, Answers: list, Answered: len(list), Already: !p.RevealedAt.IsZero()}
		for _, a := range list {
			if a.Choice == correct {
				out.Correct++
			}
		}
		if out.Already {
			return nil
		}
		out.Post.RevealedAt = at
		if _, err := tx.ExecContext(ctx, s.bind(`UPDATE posts SET revealed_ms = ? WHERE id = ?`), ms(at), postID); err != nil {
			return err
		}
		if correct < 0 {
			return nil
		}
		return s.score(ctx, tx, p, list, correct, at)
	})
	if err != nil {
		return Reveal{}, fmt.Errorf("reveal %s: %w", postID, err)
	}
	return out, nil
}

// score applies one revealed multiple-choice post to the channel's scores:
// answered and correct always; for a scheduled post also the streaks (a
// right answer extends it, a wrong or missing answer ends it).
func (s *DB) score(ctx context.Context, tx *sql.Tx, p Post, list []Answer, correct int, at time.Time) error {
	for _, a := range list {
		right := a.Choice == correct
		streak, newStreak := `scores.streak`, 0
		best := `scores.best_streak`
		if p.Scheduled() && right {
			streak, newStreak = `scores.streak + 1`, 1
			best = `CASE WHEN scores.streak + 1 > scores.best_streak THEN scores.streak + 1 ELSE scores.best_streak END`
		} else if p.Scheduled() {
			streak = `0`
		}
		_, err := tx.ExecContext(ctx, s.bind(`INSERT INTO scores (channel, user_id, user_name, answered, correct, streak, best_streak, updated_ms)
			VALUES (?, ?, ?, 1, ?, ?, ?, ?)
			ON CONFLICT (channel, user_id) DO UPDATE SET user_name = excluded.user_name,
				answered = scores.answered + 1, correct = scores.correct + excluded.correct,
				streak = `+streak+`, best_streak = `+best+`, updated_ms = excluded.updated_ms`),
			p.Channel, a.UserID, a.UserName, boolInt(right), newStreak, newStreak, ms(at))
		if err != nil {
			return err
		}
	}
	if !p.Scheduled() {
		return nil
	}
	_, err := tx.ExecContext(ctx, s.bind(`UPDATE scores SET streak = 0
		WHERE channel = ? AND user_id NOT IN (SELECT user_id FROM answers WHERE post_id = ?)`), p.Channel, p.ID)
	return err
}

// MarkRevealPosted records that the reveal message went out.
func (s *DB) MarkRevealPosted(ctx context.Context, postID string) error {
	if _, err := s.exec(ctx, s.bind(`UPDATE posts SET reveal_posted = 1 WHERE id = ?`), postID); err != nil {
		return fmt.Errorf("mark reveal of %s posted: %w", postID, err)
	}
	return nil
}

// Leaderboard returns the channel's top members: most correct answers, then
// best streak, then current streak, then fewest answers.
func (s *DB) Leaderboard(ctx context.Context, channel string, limit int) ([]Score, error) {
	rows, err := s.query(ctx, s.bind(`SELECT channel, user_id, user_name, answered, correct, streak, best_streak FROM scores
		WHERE channel = ? ORDER BY correct DESC, best_streak DESC, streak DESC, answered ASC, user_id LIMIT ?`), channel, limit)
	return collect(rows, err, "leaderboard of "+channel, func(row scanner) (sc Score, err error) {
		err = row.Scan(&sc.Channel, &sc.UserID, &sc.UserName, &sc.Answered, &sc.Correct, &sc.Streak, &sc.BestStreak)
		return sc, err
	})
}

// LastTip returns the id of the tip the channel saw last, or "".
func (s *DB) LastTip(ctx context.Context, channel string) (string, error) {
	var id string
	err := s.queryRow(ctx, s.bind(`SELECT tip_id FROM last_tips WHERE channel = ?`), channel).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("last tip of %s: %w", channel, err)
	}
	return id, nil
}

// SetLastTip remembers the tip the channel saw last.
func (s *DB) SetLastTip(ctx context.Context, channel, tipID string) error {
	_, err := s.exec(ctx, s.bind(`INSERT INTO last_tips (channel, tip_id) VALUES (?, ?)
		ON CONFLICT (channel) DO UPDATE SET tip_id = excluded.tip_id`), channel, tipID)
	if err != nil {
		return fmt.Errorf("set last tip of %s: %w", channel, err)
	}
	return nil
}
