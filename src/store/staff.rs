//! Back-office accounts, sessions and failed-login counts. Creating and
//! changing accounts writes the change log (entity `staff`, never the hash).

use app::domain::change_chain::Change;
use chrono::{DateTime, Utc};

use super::change_log::{LogEntry, LogHead};
use super::{on_db, on_tx, Store, StoreError, Tx};
use app::domain::login_throttle::{attempt_locked_until, window_start, Client, Failures, FailuresSeen, DEVICE_DAYS};

/// A login attempt as the throttle sees it.
#[derive(Clone, Copy, Debug)]
pub struct LoginAttempt<'a> {
    pub username: &'a str,
    pub ip: &'a str,
    /// The SHA-256 of the device token, when the browser is a remembered
    /// device of this account (see `staff_device`).
    pub device: Option<&'a str>,
}

/// What [`Store::reserve_login_attempt`] decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reservation {
    /// Written as a failure (row id) until the password proves right.
    Reserved(i64),
    /// Too many failures: may try again at this time.
    Locked(DateTime<Utc>),
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StaffRow {
    pub id: i64,
    pub username: String,
    pub role: String,
    pub department_id: Option<i64>,
    pub password_hash: String,
    pub must_change_password: bool,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
}

/// A live session with its account.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: i64,
    pub created_at: DateTime<Utc>,
    pub csrf: String,
    pub expires_at: DateTime<Utc>,
    pub username: String,
    pub role: String,
    pub department_id: Option<i64>,
    /// The department's name, for the back-office header.
    pub department_name: Option<String>,
    pub must_change_password: bool,
    pub disabled: bool,
}

const STAFF_COLUMNS: &str =
    "id, username, role, department_id, password_hash, must_change_password, disabled, created_at";

/// A change-log row about an account (never its password or hash).
fn staff_log(actor: &str, change: Change, id: i64, reason: Option<String>) -> LogEntry {
    LogEntry {
        actor: actor.to_string(),
        change,
        entity_id: id,
        kind: None,
        reason,
        content_hash: None,
    }
}

/// The end of every account change: its sessions end (an old cookie stops
/// working), the change is logged, and the transaction commits.
async fn finish_staff_change(
    mut tx: Tx,
    mut head: LogHead,
    id: i64,
    entry: &LogEntry,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    on_tx!(&mut tx, c => {
        sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1").bind(id).execute(c).await?;
    });
    tx.append_log(&mut head, now, entry).await?;
    tx.store_log_head(&head).await?;
    tx.commit().await
}

impl Store {
    /// Adds an account; refused when the username is taken or the department unknown.
    pub async fn create_staff(
        &self,
        username: &str,
        role: &str,
        department_id: Option<i64>,
        password_hash: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let taken: Option<(i64,)> = on_tx!(&mut tx, c => {
            sqlx::query_as("SELECT id FROM staff_users WHERE username = $1").bind(username).fetch_optional(c).await?
        });
        if taken.is_some() {
            return Err(StoreError::Refused(format!("用户名“{username}”已存在")));
        }
        if let Some(dept) = department_id {
            let found: Option<(i64,)> = on_tx!(&mut tx, c => {
                sqlx::query_as("SELECT id FROM departments WHERE id = $1").bind(dept).fetch_optional(c).await?
            });
            if found.is_none() {
                return Err(StoreError::Refused(format!("没有编号为 {dept} 的部门")));
            }
        }
        let (id,): (i64,) = on_tx!(&mut tx, c => {
            sqlx::query_as(
                "INSERT INTO staff_users (username, role, department_id, password_hash, must_change_password, disabled, created_at) \
                 VALUES ($1, $2, $3, $4, TRUE, FALSE, $5) RETURNING id",
            )
            .bind(username)
            .bind(role)
            .bind(department_id)
            .bind(password_hash)
            .bind(now)
            .fetch_one(c)
            .await?
        });
        let entry = staff_log(actor, Change::StaffCreate, id, Some(format!("{username} {role}")));
        tx.append_log(&mut head, now, &entry).await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn staff_by_username(&self, username: &str) -> Result<Option<StaffRow>, StoreError> {
        let sql = format!("SELECT {STAFF_COLUMNS} FROM staff_users WHERE username = $1");
        Ok(on_db!(&self.db, p => sqlx::query_as(&sql).bind(username).fetch_optional(p).await?))
    }

    pub async fn staff_by_id(&self, id: i64) -> Result<Option<StaffRow>, StoreError> {
        let sql = format!("SELECT {STAFF_COLUMNS} FROM staff_users WHERE id = $1");
        Ok(on_db!(&self.db, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await?))
    }

    pub async fn all_staff(&self) -> Result<Vec<StaffRow>, StoreError> {
        let sql = format!("SELECT {STAFF_COLUMNS} FROM staff_users ORDER BY username");
        Ok(on_db!(&self.db, p => sqlx::query_as(&sql).fetch_all(p).await?))
    }

    /// Sets a new password hash. `must_change` is true when an admin resets it.
    /// Every session of the account ends, so an old cookie stops working.
    pub async fn set_staff_password(
        &self,
        id: i64,
        password_hash: &str,
        must_change: bool,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let head = tx.lock_log_head().await?;
        on_tx!(&mut tx, c => {
            sqlx::query("UPDATE staff_users SET password_hash = $1, must_change_password = $2 WHERE id = $3")
                .bind(password_hash)
                .bind(must_change)
                .bind(id)
                .execute(c)
                .await?;
        });
        let reason = if must_change { "reset" } else { "changed" };
        let entry = staff_log(actor, Change::StaffPassword, id, Some(reason.to_string()));
        finish_staff_change(tx, head, id, &entry, now).await
    }

    /// Disables or re-enables an account; disabling ends its sessions.
    pub async fn set_staff_disabled(
        &self,
        id: i64,
        disabled: bool,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let head = tx.lock_log_head().await?;
        on_tx!(&mut tx, c => {
            sqlx::query("UPDATE staff_users SET disabled = $1 WHERE id = $2")
                .bind(disabled)
                .bind(id)
                .execute(c)
                .await?;
        });
        let entry = staff_log(
            actor,
            if disabled {
                Change::StaffDisable
            } else {
                Change::StaffEnable
            },
            id,
            None,
        );
        finish_staff_change(tx, head, id, &entry, now).await
    }

    /// Starts a session (the token's hash, its CSRF token and expiry).
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        on_db!(&self.db, p => {
            sqlx::query(
                "INSERT INTO staff_sessions (token_hash, user_id, csrf, created_at, last_seen_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $4, $5)",
            )
            .bind(token_hash)
            .bind(user_id)
            .bind(csrf)
            .bind(now)
            .bind(expires_at)
            .execute(p)
            .await?;
        });
        Ok(())
    }

    /// The live session of a token hash (expired ones are not returned).
    pub async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<SessionRow>, StoreError> {
        let sql = "SELECT s.user_id, s.created_at, s.csrf, s.expires_at, u.username, u.role, u.department_id, \
                   d.name AS department_name, u.must_change_password, u.disabled \
                   FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id \
                   LEFT JOIN departments d ON d.id = u.department_id \
                   WHERE s.token_hash = $1 AND s.expires_at > $2";
        Ok(on_db!(&self.db, p => sqlx::query_as(sql).bind(token_hash).bind(now).fetch_optional(p).await?))
    }

    /// Slides an idle session's expiry forward.
    pub async fn touch_session(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        on_db!(&self.db, p => {
            sqlx::query("UPDATE staff_sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
                .bind(now)
                .bind(expires_at)
                .bind(token_hash)
                .execute(p)
                .await?;
        });
        Ok(())
    }

    pub async fn end_session(&self, token_hash: &str) -> Result<(), StoreError> {
        on_db!(&self.db, p => {
            sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1").bind(token_hash).execute(p).await?;
        });
        Ok(())
    }

    /// Writes `attempt` as a failure before its password is checked, unless
    /// the throttle says it must wait (then when it may try again). Checking
    /// the counts and writing the row happen under one write lock, so
    /// parallel attempts cannot all read "4 failures" and all go ahead.
    /// [`Store::forget_login_attempt`] removes the row when it succeeds.
    pub async fn reserve_login_attempt(
        &self,
        attempt: &LoginAttempt<'_>,
        now: DateTime<Utc>,
    ) -> Result<Reservation, StoreError> {
        let since = window_start(now);
        let mut tx = self.begin().await?;
        let reservation = on_tx!(&mut tx, c => {
            if matches!(self.db, super::Db::Postgres(_)) {
                // One login reservation at a time across every node.
                sqlx::query("SELECT pg_advisory_xact_lock(hashtext('login_failures'))").execute(&mut *c).await?;
            }
            // Old rows go first; on SQLite this write takes the write lock
            // before anything is read.
            sqlx::query("DELETE FROM login_failures WHERE at < $1").bind(since).execute(&mut *c).await?;
            let count = |sql: &'static str, value: String| {
                sqlx::query_as::<_, (i64, Option<DateTime<Utc>>)>(sql).bind(value).bind(since)
            };
            let seen = if let Some(device) = attempt.device {
                let (n, oldest) = count(
                    "SELECT COUNT(*), MIN(at) FROM login_failures WHERE device = $1 AND at > $2",
                    device.to_string(),
                ).fetch_one(&mut *c).await?;
                FailuresSeen { device: Failures { count: n, oldest }, ..FailuresSeen::default() }
            } else {
                let (n, oldest) = count(
                    "SELECT COUNT(*), MIN(at) FROM login_failures WHERE username = $1 AND device IS NULL AND at > $2",
                    attempt.username.to_string(),
                ).fetch_one(&mut *c).await?;
                let account = Failures { count: n, oldest };
                let (n, oldest) = count(
                    "SELECT COUNT(*), MIN(at) FROM login_failures WHERE ip = $1 AND device IS NULL AND at > $2",
                    attempt.ip.to_string(),
                ).fetch_one(&mut *c).await?;
                FailuresSeen { account, address: Failures { count: n, oldest }, ..FailuresSeen::default() }
            };
            let client = if attempt.device.is_some() { Client::KnownDevice } else { Client::Unknown };
            match attempt_locked_until(client, seen) {
                Some(until) => Reservation::Locked(until),
                None => {
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO login_failures (username, ip, at, device) VALUES ($1, $2, $3, $4) RETURNING id",
                    )
                    .bind(attempt.username)
                    .bind(attempt.ip)
                    .bind(now)
                    .bind(attempt.device)
                    .fetch_one(&mut *c)
                    .await?;
                    Reservation::Reserved(id)
                }
            }
        });
        tx.commit().await?;
        Ok(reservation)
    }

    /// Removes a reserved attempt that turned out not to be a failure (the
    /// password was right, or it was never checked).
    pub async fn forget_login_attempt(&self, id: i64) -> Result<(), StoreError> {
        on_db!(&self.db, p => {
            sqlx::query("DELETE FROM login_failures WHERE id = $1").bind(id).execute(p).await?;
        });
        Ok(())
    }

    /// The account a remembered device (by its token's hash) belongs to, if
    /// it logged in within [`DEVICE_DAYS`].
    pub async fn staff_device(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<i64>, StoreError> {
        let since = now - chrono::Duration::days(DEVICE_DAYS);
        let row: Option<(i64,)> = on_db!(&self.db, p => {
            sqlx::query_as("SELECT user_id FROM staff_devices WHERE token_hash = $1 AND last_login_at > $2")
                .bind(token_hash)
                .bind(since)
                .fetch_optional(p)
                .await?
        });
        Ok(row.map(|r| r.0))
    }

    /// Remembers (or refreshes) a device after a successful login of `user_id`,
    /// and forgets the account's devices unused for [`DEVICE_DAYS`].
    pub async fn remember_device(&self, token_hash: &str, user_id: i64, now: DateTime<Utc>) -> Result<(), StoreError> {
        let stale = now - chrono::Duration::days(DEVICE_DAYS);
        on_db!(&self.db, p => {
            sqlx::query(
                "INSERT INTO staff_devices (token_hash, user_id, created_at, last_login_at) VALUES ($1, $2, $3, $3) \
                 ON CONFLICT (token_hash) DO UPDATE SET last_login_at = excluded.last_login_at",
            )
            .bind(token_hash)
            .bind(user_id)
            .bind(now)
            .execute(p)
            .await?;
            sqlx::query("DELETE FROM staff_devices WHERE user_id = $1 AND last_login_at < $2")
                .bind(user_id)
                .bind(stale)
                .execute(p)
                .await?;
        });
        Ok(())
    }
}
