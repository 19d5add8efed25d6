-- Study features (issue 14): per-member review schedule, answer log,
-- review reminders, interview sessions, and who subscribed a channel to
-- which categories. Portable SQL, as in 0001.

-- study_log: one row per answer a member gave (quiz button, review, open
-- or interview answer), keyed by what was answered (ref: the post id for a
-- channel quiz, so a changed answer replaces the earlier one).
CREATE TABLE study_log (
    learner   TEXT NOT NULL,
    ref       TEXT NOT NULL,
    channel   TEXT NOT NULL,
    item_id   TEXT NOT NULL,
    source    TEXT NOT NULL,
    user_name TEXT NOT NULL DEFAULT '',
    correct   INTEGER NOT NULL,
    at_ms     BIGINT NOT NULL,
    PRIMARY KEY (learner, ref)
);
CREATE INDEX study_log_by_channel ON study_log (channel, at_ms);

-- reviews: the Leitner box of each item per member. prev_* undo the last
-- answer when the same ref is answered again (a changed quiz answer).
CREATE TABLE reviews (
    learner     TEXT NOT NULL,
    item_id     TEXT NOT NULL,
    box         INTEGER NOT NULL,
    due_ms      BIGINT NOT NULL,
    last_ref    TEXT NOT NULL DEFAULT '',
    prev_box    INTEGER NOT NULL DEFAULT 0,
    prev_due_ms BIGINT NOT NULL DEFAULT 0,
    updated_ms  BIGINT NOT NULL,
    PRIMARY KEY (learner, item_id)
);
CREATE INDEX reviews_due ON reviews (learner, due_ms);

-- review_reminders: opt-in daily DM when reviews are due.
CREATE TABLE review_reminders (
    learner    TEXT PRIMARY KEY,
    hour       INTEGER NOT NULL,
    minute     INTEGER NOT NULL,
    zone       TEXT NOT NULL,
    lang       TEXT NOT NULL,
    since_ms   BIGINT NOT NULL,
    last_date  TEXT NOT NULL DEFAULT ''
);

-- interviews: one open mock interview per member; state is JSON.
CREATE TABLE interviews (
    learner    TEXT PRIMARY KEY,
    channel    TEXT NOT NULL,
    state      TEXT NOT NULL,
    updated_ms BIGINT NOT NULL
);

ALTER TABLE subscriptions ADD COLUMN categories TEXT NOT NULL DEFAULT '';
ALTER TABLE subscriptions ADD COLUMN owner TEXT NOT NULL DEFAULT '';
