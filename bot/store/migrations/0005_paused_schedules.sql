-- Paused quiz schedules (issue 13): a channel whose platform refused a
-- scheduled post for good (Discord 403 Missing Access/Permissions, 404
-- Unknown Channel) keeps its schedule but is skipped until someone runs
-- `quiz daily` there again. paused_ms = 0: active. Version 5, not 4: the
-- interview-turns migration takes 4. Portable SQL.
ALTER TABLE subscriptions ADD COLUMN paused_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE subscriptions ADD COLUMN paused_reason TEXT NOT NULL DEFAULT '';
