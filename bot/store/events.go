package store

import (
	"context"
	"fmt"
	"time"

	"github.com/backend-tip/backend-tip/bot"
)

// pruneEvery is how many MarkEvent calls pass between deletions of expired
// event ids, so the table stays small without a background job.
const pruneEvery = 500

// MarkEvent records an event id; first is false when the id was already seen
// and has not expired (duplicate deliveries across restarts are dropped).
func (s *DB) MarkEvent(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	now := s.clock()
	if s.events.Add(1)%pruneEvery == 0 {
		if _, err := s.exec(ctx, s.bind(`DELETE FROM events WHERE expires_ms < ?`), now.UnixMilli()); err != nil {
			return false, fmt.Errorf("prune events: %w", err)
		}
	}
	// Insert, or take over an expired row; an unexpired row is left alone
	// and affects no rows.
	return s.changed(ctx, "mark event "+key, `INSERT INTO events (key, expires_ms) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET expires_ms = excluded.expires_ms WHERE events.expires_ms < ?`,
		key, now.Add(ttl).UnixMilli(), now.UnixMilli())
}

// RecordFeedback stores a 👍/👎; a member's later vote on the same message
// replaces the earlier one.
func (s *DB) RecordFeedback(ctx context.Context, f bot.Feedback) error {
	at := f.At
	if at.IsZero() {
		at = s.clock()
	}
	_, err := s.exec(ctx, s.bind(`INSERT INTO feedback (platform, channel_id, message_id, user_id, positive, at_ms)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (platform, channel_id, message_id, user_id) DO UPDATE SET positive = excluded.positive, at_ms = excluded.at_ms`),
		f.Platform, f.ChannelID, f.MessageID, f.UserID, boolInt(f.Positive), at.UnixMilli())
	if err != nil {
		return fmt.Errorf("record feedback on %s: %w", f.MessageID, err)
	}
	return nil
}

// FeedbackCounts returns how many 👍 and 👎 are stored (metrics, tests).
func (s *DB) FeedbackCounts(ctx context.Context) (positive, negative int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(positive), 0), COUNT(*) - COALESCE(SUM(positive), 0) FROM feedback`).Scan(&positive, &negative)
	if err != nil {
		return 0, 0, fmt.Errorf("count feedback: %w", err)
	}
	return positive, negative, nil
}
