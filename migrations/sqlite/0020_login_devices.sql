-- Login throttling that cannot lock the owner out (issue 15; OWASP's "device
-- cookies"). A browser that logged in to an account before holds a random
-- device token (cookie `portal_device`, only its SHA-256 stored here); its
-- failed attempts count against that device alone, so failures from unknown
-- clients (which count per account and per address) never lock it out.
-- Keep in step with ../postgres/0020_login_devices.sql. Used by src/store/staff.rs.
CREATE TABLE staff_devices (
    token_hash     TEXT PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES staff_users(id) ON DELETE CASCADE,
    created_at     TEXT NOT NULL,
    last_login_at  TEXT NOT NULL
);
CREATE INDEX staff_devices_user ON staff_devices(user_id);

-- Which remembered device an attempt came from (NULL: an unknown client).
-- Every attempt is written before its password is checked and removed when it
-- succeeds, so parallel attempts cannot slip past the limits.
ALTER TABLE login_failures ADD COLUMN device TEXT;
CREATE INDEX login_failures_device ON login_failures(device, at);
