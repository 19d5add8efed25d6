-- Mock interview turns across replicas (issue 14): the thread a session's
-- questions are in (a Slack thread ts, a Discord thread id; '' for the
-- whole channel, as in a DM), and a version every save bumps, so that of
-- two answers to the same question (two replicas, two messages) only the
-- first moves the session on. Portable SQL.
ALTER TABLE interviews ADD COLUMN thread TEXT NOT NULL DEFAULT '';
ALTER TABLE interviews ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
