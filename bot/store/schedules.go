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

// Ledger row states.
const (
	slotClaimed = "claimed"
	slotPosted  = "posted"
	slotSkipped = "skipped"
)

// PutSubscription creates or replaces a channel's schedule. Setting it
// again resumes a paused one: the pause is cleared.
func (s *DB) PutSubscription(ctx context.Context, sub Subscription) error {
	_, err := s.exec(ctx, s.bind(`INSERT INTO subscriptions (channel, hour, minute, zone, days, lang, since_ms, categories, owner, paused_ms, paused_reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '')
		ON CONFLICT (channel) DO UPDATE SET hour = excluded.hour, minute = excluded.minute, zone = excluded.zone,
			days = excluded.days, lang = excluded.lang, since_ms = excluded.since_ms,
			categories = excluded.categories, owner = excluded.owner, paused_ms = 0, paused_reason = ''`),
		sub.Channel, sub.Hour, sub.Minute, sub.Zone, int(sub.Days), string(sub.Lang), ms(sub.Since), strings.Join(sub.Categories, ","), sub.Owner)
	if err != nil {
		return fmt.Errorf("save schedule of %s: %w", sub.Channel, err)
	}
	return nil
}

// DeleteSubscription stops a channel's schedule; false when it had none.
func (s *DB) DeleteSubscription(ctx context.Context, channel string) (bool, error) {
	return s.changed(ctx, "delete schedule of "+channel, `DELETE FROM subscriptions WHERE channel = ?`, channel)
}

// PauseSubscription pauses a channel's schedule at at, with why. It
// reports whether this call paused it: false when the channel has no
// schedule or it is paused already, so that of several replicas hitting
// the same refusal only one tells the subscriber.
func (s *DB) PauseSubscription(ctx context.Context, channel string, at time.Time, reason string) (bool, error) {
	res, err := s.exec(ctx, s.bind(`UPDATE subscriptions SET paused_ms = ?, paused_reason = ? WHERE channel = ? AND paused_ms = 0`),
		max(ms(at), 1), reason, channel)
	if err != nil {
		return false, fmt.Errorf("pause schedule of %s: %w", channel, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

const subscriptionColumns = `channel, hour, minute, zone, days, lang, since_ms, categories, owner, paused_ms, paused_reason`

func scanSubscription(row scanner) (Subscription, error) {
	var sub Subscription
	var days int
	var lang string
	var since int64
	var categories string
	var paused int64
	if err := row.Scan(&sub.Channel, &sub.Hour, &sub.Minute, &sub.Zone, &days, &lang, &since, &categories, &sub.Owner,
		&paused, &sub.PausedReason); err != nil {
		return Subscription{}, err
	}
	sub.Paused = fromMS(paused)
	if categories != "" {
		sub.Categories = strings.Split(categories, ",")
	}
	sub.Days, sub.Lang, sub.Since = Days(days), bot.Lang(lang), fromMS(since)
	return sub, nil
}

// Subscriptions lists every schedule, ordered by channel.
func (s *DB) Subscriptions(ctx context.Context) ([]Subscription, error) {
	rows, err := s.query(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions ORDER BY channel`)
	return collect(rows, err, "list schedules", scanSubscription)
}

// Subscription returns one channel's schedule or ErrNotFound.
func (s *DB) Subscription(ctx context.Context, channel string) (Subscription, error) {
	sub, err := scanSubscription(s.queryRow(ctx, s.bind(`SELECT `+subscriptionColumns+` FROM subscriptions WHERE channel = ?`), channel))
	return one(sub, err, "schedule of "+channel)
}

// ClaimSlot claims the (channel, local date) slot for p in one transaction:
// the ledger row and the post row are written together. When the slot was
// claimed before and never recorded as posted, it returns that earlier post
// (SlotPending) so the caller re-posts it under the same idempotency key.
func (s *DB) ClaimSlot(ctx context.Context, channel, localDate string, p Post) (Post, SlotState, error) {
	var out Post
	var state SlotState
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var status, postID string
		err := tx.QueryRowContext(ctx, s.bind(`SELECT status, post_id FROM ledger WHERE channel = ? AND local_date = ?`), channel, localDate).Scan(&status, &postID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			p.Channel, p.Slot = channel, localDate
			if _, err := tx.ExecContext(ctx, s.bind(`INSERT INTO ledger (channel, local_date, status, post_id, updated_ms) VALUES (?, ?, ?, ?, ?)`),
				channel, localDate, slotClaimed, p.ID, s.clock().UnixMilli()); err != nil {
				return err
			}
			if err := insertPost(ctx, tx, s.bind, p); err != nil {
				return err
			}
			out, state = p, SlotNew
			return nil
		case err != nil:
			return err
		case status != slotClaimed:
			state = SlotDone
			return nil
		}
		out, err = scanPost(tx.QueryRowContext(ctx, s.bind(`SELECT `+postColumns+` FROM posts WHERE id = ?`), postID))
		state = SlotPending
		return err
	})
	if err != nil {
		return Post{}, 0, fmt.Errorf("claim slot %s %s: %w", channel, localDate, err)
	}
	return out, state, nil
}

// SkipSlot records a slot as skipped (missed beyond the grace window). It
// returns true when this call changed the ledger: a free or claimed-but-
// unposted slot becomes skipped; a posted one is left alone.
func (s *DB) SkipSlot(ctx context.Context, channel, localDate string) (bool, error) {
	return s.changed(ctx, "skip slot "+channel+" "+localDate, `INSERT INTO ledger (channel, local_date, status, post_id, updated_ms) VALUES (?, ?, ?, '', ?)
		ON CONFLICT (channel, local_date) DO UPDATE SET status = excluded.status, updated_ms = excluded.updated_ms
		WHERE ledger.status = ?`,
		channel, localDate, slotSkipped, s.clock().UnixMilli(), slotClaimed)
}

// MarkPosted records the platform message id of a post and, for a
// scheduled post, marks its ledger slot posted, in one transaction.
func (s *DB) MarkPosted(ctx context.Context, postID, messageID string, at time.Time) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.bind(`UPDATE posts SET message_id = ?, posted_ms = ? WHERE id = ?`), messageID, ms(at), postID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(ErrNotFound, err)
		}
		_, err = tx.ExecContext(ctx, s.bind(`UPDATE ledger SET status = ?, updated_ms = ? WHERE post_id = ?`), slotPosted, s.clock().UnixMilli(), postID)
		return err
	})
	if err != nil {
		return fmt.Errorf("mark post %s posted: %w", postID, err)
	}
	return nil
}
