-- Portable SQL (SQLite and PostgreSQL): TEXT, INTEGER and BIGINT only,
-- times as Unix milliseconds, booleans as 0/1.

CREATE TABLE events (
    key        TEXT PRIMARY KEY,
    expires_ms BIGINT NOT NULL
);

CREATE TABLE feedback (
    platform   TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    positive   INTEGER NOT NULL,
    at_ms      BIGINT NOT NULL,
    PRIMARY KEY (platform, channel_id, message_id, user_id)
);

CREATE TABLE subscriptions (
    channel  TEXT PRIMARY KEY,
    hour     INTEGER NOT NULL,
    minute   INTEGER NOT NULL,
    zone     TEXT NOT NULL,
    days     INTEGER NOT NULL,
    lang     TEXT NOT NULL,
    since_ms BIGINT NOT NULL
);

CREATE TABLE posts (
    id            TEXT PRIMARY KEY,
    channel       TEXT NOT NULL,
    question_id   TEXT NOT NULL,
    slot          TEXT NOT NULL DEFAULT '',
    lang          TEXT NOT NULL,
    message_id    TEXT NOT NULL DEFAULT '',
    created_ms    BIGINT NOT NULL,
    posted_ms     BIGINT NOT NULL DEFAULT 0,
    revealed_ms   BIGINT NOT NULL DEFAULT 0,
    reveal_posted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX posts_by_channel ON posts (channel, created_ms);

-- ledger: one row per (channel, local date) slot, claimed before posting.
CREATE TABLE ledger (
    channel    TEXT NOT NULL,
    local_date TEXT NOT NULL,
    status     TEXT NOT NULL,
    post_id    TEXT NOT NULL DEFAULT '',
    updated_ms BIGINT NOT NULL,
    PRIMARY KEY (channel, local_date)
);

CREATE TABLE answers (
    post_id     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    choice      INTEGER NOT NULL,
    answered_ms BIGINT NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE scores (
    channel     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    answered    INTEGER NOT NULL DEFAULT 0,
    correct     INTEGER NOT NULL DEFAULT 0,
    streak      INTEGER NOT NULL DEFAULT 0,
    best_streak INTEGER NOT NULL DEFAULT 0,
    updated_ms  BIGINT NOT NULL,
    PRIMARY KEY (channel, user_id)
);

CREATE TABLE last_tips (
    channel TEXT PRIMARY KEY,
    tip_id  TEXT NOT NULL
);
