-- Open quiz answers (issue 13): a member's written answer to an open
-- question, submitted privately (a Discord modal) and scored at the
-- reveal; one per member and post, replaced until the reveal. Portable SQL.
CREATE TABLE open_answers (
    post_id     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    user_name   TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL,
    answered_ms BIGINT NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

-- A quiz post's thread is found by the post's message id (Discord: a
-- thread started from a message has the message's id).
CREATE INDEX posts_by_message ON posts (message_id);
