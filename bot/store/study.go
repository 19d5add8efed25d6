package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// Study sources: where an answer was given.
const (
	SourceQuiz      = "quiz"      // a channel quiz post (ref is the post id)
	SourceReview    = "review"    // a private review item
	SourceInterview = "interview" // a mock interview answer
	SourceOpen      = "open"      // a thread answer to an open quiz question
)

// MaxBox is the last Leitner box: an item answered right that often comes
// back every two weeks.
const MaxBox = 4

// ReviewInterval is how long an item waits in a Leitner box before it is
// due again: box 0 (missed) the same day, then 1, 3, 7 and 14 days.
func ReviewInterval(box int) time.Duration {
	switch {
	case box <= 0:
		return 0
	case box == 1:
		return 24 * time.Hour
	case box == 2:
		return 3 * 24 * time.Hour
	case box == 3:
		return 7 * 24 * time.Hour
	}
	return 14 * 24 * time.Hour
}

// StudyAnswer is one answer a member gave, from any source.
type StudyAnswer struct {
	Learner  string // "slack:U123": platform and user id
	Ref      string // what was answered: a post id, or a unique id per answer
	Channel  string // channel key where it was answered
	ItemID   string // question id in the bank
	Source   string
	UserName string
	Correct  bool
	At       time.Time
}

// ReviewItem is one item of a member's review schedule.
type ReviewItem struct {
	ItemID string
	Box    int
	Due    time.Time
}

// StudyRecord is one logged answer, for progress.
type StudyRecord struct {
	ItemID  string
	Source  string
	Correct bool
	At      time.Time
}

// Reminder is a member's opt-in daily review DM.
type Reminder struct {
	Learner  string
	Hour     int
	Minute   int
	Zone     string
	Lang     bot.Lang
	Since    time.Time
	LastDate string // local date of the last reminder check that sent or found nothing due
}

// RecordStudy logs an answer and moves the item in the member's Leitner
// schedule, in one transaction: missed goes to box 0 (due at once), right
// moves one box up (due after its interval). Answering the same ref again
// (a changed quiz answer) first undoes the earlier move, so a member who
// changes their mind is scheduled once, by their final answer.
func (s *DB) RecordStudy(ctx context.Context, a StudyAnswer) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var box, prevBox int
		var due, prevDue int64
		var lastRef string
		err := tx.QueryRowContext(ctx, s.bind(`SELECT box, due_ms, last_ref, prev_box, prev_due_ms FROM reviews WHERE learner = ? AND item_id = ?`),
			a.Learner, a.ItemID).Scan(&box, &due, &lastRef, &prevBox, &prevDue)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			box, due = 0, 0
		case err != nil:
			return err
		case lastRef == a.Ref:
			box, due = prevBox, prevDue
		}
		newBox, newDue := 0, a.At
		if a.Correct {
			newBox = min(box+1, MaxBox)
			newDue = a.At.Add(ReviewInterval(newBox))
		}
		if _, err := tx.ExecContext(ctx, s.bind(`INSERT INTO reviews (learner, item_id, box, due_ms, last_ref, prev_box, prev_due_ms, updated_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (learner, item_id) DO UPDATE SET box = excluded.box, due_ms = excluded.due_ms, last_ref = excluded.last_ref,
				prev_box = excluded.prev_box, prev_due_ms = excluded.prev_due_ms, updated_ms = excluded.updated_ms`),
			a.Learner, a.ItemID, newBox, ms(newDue), a.Ref, box, due, ms(a.At)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.bind(`INSERT INTO study_log (learner, ref, channel, item_id, source, user_name, correct, at_ms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (learner, ref) DO UPDATE SET item_id = excluded.item_id, user_name = excluded.user_name,
				correct = excluded.correct, at_ms = excluded.at_ms`),
			a.Learner, a.Ref, a.Channel, a.ItemID, a.Source, a.UserName, boolInt(a.Correct), ms(a.At))
		return err
	})
	if err != nil {
		return fmt.Errorf("record study answer of %s on %s: %w", a.Learner, a.ItemID, err)
	}
	return nil
}

// DueReviews returns the member's items due by now, most overdue first.
func (s *DB) DueReviews(ctx context.Context, learner string, now time.Time, limit int) ([]ReviewItem, error) {
	return s.reviews(ctx, `SELECT item_id, box, due_ms FROM reviews WHERE learner = ? AND due_ms <= ? ORDER BY due_ms, item_id LIMIT ?`,
		learner, ms(now), limit)
}

// Reviews returns the member's whole schedule, soonest due first.
func (s *DB) Reviews(ctx context.Context, learner string) ([]ReviewItem, error) {
	return s.reviews(ctx, `SELECT item_id, box, due_ms FROM reviews WHERE learner = ? ORDER BY due_ms, item_id`, learner)
}

func (s *DB) reviews(ctx context.Context, query string, args ...any) ([]ReviewItem, error) {
	rows, err := s.query(ctx, s.bind(query), args...)
	return collect(rows, err, fmt.Sprintf("reviews of %v", args[0]), func(row scanner) (it ReviewItem, err error) {
		var due int64
		err = row.Scan(&it.ItemID, &it.Box, &due)
		it.Due = time.UnixMilli(due)
		return it, err
	})
}

// StudyHistory returns the member's logged answers, newest first.
func (s *DB) StudyHistory(ctx context.Context, learner string, limit int) ([]StudyRecord, error) {
	rows, err := s.query(ctx, s.bind(`SELECT item_id, source, correct, at_ms FROM study_log WHERE learner = ? ORDER BY at_ms DESC, ref LIMIT ?`), learner, limit)
	return collect(rows, err, "study history of "+learner, func(row scanner) (r StudyRecord, err error) {
		var correct int
		var at int64
		err = row.Scan(&r.ItemID, &r.Source, &correct, &at)
		r.Correct, r.At = correct != 0, time.UnixMilli(at)
		return r, err
	})
}

// PeriodLeaderboard ranks the channel's members by correct answers to
// revealed quiz posts answered at or after since, ties broken by current
// streak, then by the earliest first answer. Unrevealed posts do not count:
// the board must not tell who is right before the reveal. A zero since is
// all time, counted from the scores kept since the first reveal (older than
// the answer log), with the log's first answers breaking ties.
func (s *DB) PeriodLeaderboard(ctx context.Context, channel string, since time.Time, limit int) ([]Score, error) {
	if since.IsZero() {
		return s.allTimeBoard(ctx, channel, limit)
	}
	rows, err := s.query(ctx, s.bind(`SELECT l.learner, MAX(l.user_name), COUNT(*), SUM(l.correct), MIN(l.at_ms)
		FROM study_log l JOIN posts p ON p.id = l.ref
		WHERE l.channel = ? AND l.source = ? AND p.revealed_ms > 0 AND l.at_ms >= ?
		GROUP BY l.learner`), channel, SourceQuiz, ms(since))
	if err != nil {
		return nil, fmt.Errorf("leaderboard of %s: %w", channel, err)
	}
	var out []Score
	for rows.Next() {
		var sc Score
		var learner string
		var first int64
		if err := rows.Scan(&learner, &sc.UserName, &sc.Answered, &sc.Correct, &first); err != nil {
			rows.Close()
			return nil, fmt.Errorf("leaderboard of %s: %w", channel, err)
		}
		_, sc.UserID, _ = strings.Cut(learner, ":")
		sc.Channel, sc.First = channel, time.UnixMilli(first)
		out = append(out, sc)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("leaderboard of %s: %w", channel, err)
	}
	streaks, err := s.Leaderboard(ctx, channel, 1<<20)
	if err != nil {
		return nil, err
	}
	byUser := map[string]Score{}
	for _, sc := range streaks {
		byUser[sc.UserID] = sc
	}
	for i := range out {
		sc := byUser[out[i].UserID]
		out[i].Streak, out[i].BestStreak = sc.Streak, sc.BestStreak
	}
	sortBoard(out)
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// allTimeBoard is the scores table ordered like a period board.
func (s *DB) allTimeBoard(ctx context.Context, channel string, limit int) ([]Score, error) {
	scores, err := s.Leaderboard(ctx, channel, 1<<20)
	if err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, s.bind(`SELECT learner, MIN(at_ms) FROM study_log WHERE channel = ? AND source = ? GROUP BY learner`), channel, SourceQuiz)
	if err != nil {
		return nil, fmt.Errorf("leaderboard of %s: %w", channel, err)
	}
	first := map[string]time.Time{}
	for rows.Next() {
		var learner string
		var at int64
		if err := rows.Scan(&learner, &at); err != nil {
			rows.Close()
			return nil, fmt.Errorf("leaderboard of %s: %w", channel, err)
		}
		_, user, _ := strings.Cut(learner, ":")
		first[user] = time.UnixMilli(at)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("leaderboard of %s: %w", channel, err)
	}
	for i := range scores {
		// Members known only from before the answer log sort after those
		// with a known first answer among equals.
		scores[i].First = first[scores[i].UserID]
		if scores[i].First.IsZero() {
			scores[i].First = time.UnixMilli(1 << 62)
		}
	}
	sortBoard(scores)
	if len(scores) > limit {
		scores = scores[:limit]
	}
	return scores, nil
}

// PutReminder creates or replaces a member's daily review reminder.
func (s *DB) PutReminder(ctx context.Context, r Reminder) error {
	_, err := s.exec(ctx, s.bind(`INSERT INTO review_reminders (learner, hour, minute, zone, lang, since_ms, last_date) VALUES (?, ?, ?, ?, ?, ?, '')
		ON CONFLICT (learner) DO UPDATE SET hour = excluded.hour, minute = excluded.minute, zone = excluded.zone,
			lang = excluded.lang, since_ms = excluded.since_ms`),
		r.Learner, r.Hour, r.Minute, r.Zone, string(r.Lang), ms(r.Since))
	if err != nil {
		return fmt.Errorf("save review reminder of %s: %w", r.Learner, err)
	}
	return nil
}

// DeleteReminder stops a member's reminder; false when there was none.
func (s *DB) DeleteReminder(ctx context.Context, learner string) (bool, error) {
	return s.changed(ctx, "delete review reminder of "+learner, `DELETE FROM review_reminders WHERE learner = ?`, learner)
}

// Reminders lists every review reminder.
func (s *DB) Reminders(ctx context.Context) ([]Reminder, error) {
	rows, err := s.query(ctx, `SELECT learner, hour, minute, zone, lang, since_ms, last_date FROM review_reminders ORDER BY learner`)
	return collect(rows, err, "list review reminders", func(row scanner) (r Reminder, err error) {
		var lang string
		var since int64
		err = row.Scan(&r.Learner, &r.Hour, &r.Minute, &r.Zone, &lang, &since, &r.LastDate)
		r.Lang, r.Since = bot.Lang(lang), fromMS(since)
		return r, err
	})
}

// ClaimReminder marks the member's reminder of local date as handled and
// reports whether this call did it: of two replicas (or a restart) only
// one sends the day's DM.
func (s *DB) ClaimReminder(ctx context.Context, learner, localDate string) (bool, error) {
	return s.changed(ctx, "claim review reminder of "+learner,
		`UPDATE review_reminders SET last_date = ? WHERE learner = ? AND last_date <> ?`, localDate, learner, localDate)
}

// InterviewSession is a member's open mock interview.
type InterviewSession struct {
	Learner string // "slack:U123"
	Channel string // channel key where it runs
	Thread  string // thread its questions are in ("" = anywhere in the channel)
	State   string // the study service's JSON
	// Version is bumped by every save. UpdateInterview and EndInterview
	// name the version they read: of two turns racing on one question
	// (two replicas, two messages at once) only the first wins.
	Version   int64
	UpdatedAt time.Time
}

// ErrConflict is a compare-and-set that lost: the row changed (or went)
// since the caller read it, or a row it meant to create already exists.
var ErrConflict = errors.New("changed concurrently")

// StartInterview stores a new session at version 1; ErrConflict when the
// member already has one open.
func (s *DB) StartInterview(ctx context.Context, iv InterviewSession) (InterviewSession, error) {
	res, err := s.exec(ctx, s.bind(`INSERT INTO interviews (learner, channel, thread, state, version, updated_ms) VALUES (?, ?, ?, ?, 1, ?)
		ON CONFLICT (learner) DO NOTHING`), iv.Learner, iv.Channel, iv.Thread, iv.State, ms(iv.UpdatedAt))
	if err != nil {
		return iv, fmt.Errorf("start interview of %s: %w", iv.Learner, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return iv, fmt.Errorf("start interview of %s: %w", iv.Learner, errors.Join(ErrConflict, err))
	}
	iv.Version = 1
	return iv, nil
}

// UpdateInterview saves the session if it is still at iv.Version and
// returns it at the next version; ErrConflict when another turn saved or
// ended it first.
func (s *DB) UpdateInterview(ctx context.Context, iv InterviewSession) (InterviewSession, error) {
	res, err := s.exec(ctx, s.bind(`UPDATE interviews SET channel = ?, thread = ?, state = ?, version = version + 1, updated_ms = ?
		WHERE learner = ? AND version = ?`), iv.Channel, iv.Thread, iv.State, ms(iv.UpdatedAt), iv.Learner, iv.Version)
	if err != nil {
		return iv, fmt.Errorf("save interview of %s: %w", iv.Learner, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return iv, fmt.Errorf("save interview of %s at version %d: %w", iv.Learner, iv.Version, errors.Join(ErrConflict, err))
	}
	iv.Version++
	return iv, nil
}

// Interview returns a member's open session or ErrNotFound.
func (s *DB) Interview(ctx context.Context, learner string) (InterviewSession, error) {
	iv := InterviewSession{Learner: learner}
	var at int64
	err := s.queryRow(ctx, s.bind(`SELECT channel, thread, state, version, updated_ms FROM interviews WHERE learner = ?`), learner).
		Scan(&iv.Channel, &iv.Thread, &iv.State, &iv.Version, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return iv, ErrNotFound
	}
	if err != nil {
		return iv, fmt.Errorf("interview of %s: %w", learner, err)
	}
	iv.UpdatedAt = fromMS(at)
	return iv, nil
}

// EndInterview deletes a member's session if it is still at version (0:
// whatever its version, as `interview stop` does); false when there was
// no such session.
func (s *DB) EndInterview(ctx context.Context, learner string, version int64) (bool, error) {
	if version == 0 {
		return s.changed(ctx, "end interview of "+learner, `DELETE FROM interviews WHERE learner = ?`, learner)
	}
	return s.changed(ctx, "end interview of "+learner, `DELETE FROM interviews WHERE learner = ? AND version = ?`, learner, version)
}
