//! The writes of the scheduled tick (`crate::tick`): expiring records whose
//! window or term ended and flagging overdue submissions. Each change is a
//! conditional UPDATE inside a transaction that holds the log-head lock, so
//! with several portal processes on one database (or a tick run twice) a
//! record is expired, and a step flagged, exactly once, with one log row.

use app::domain::change_chain::Change;
use app::domain::kinds::RecordKind;
use chrono::{DateTime, NaiveDate, Utc};

use super::change_log::LogEntry;
use super::submissions::SUBMISSION_COLUMNS;
use super::{on_db, on_tx, Store, StoreError, SubmissionRow};

/// Records handled per transaction: keeps each lock short.
const EXPIRY_BATCH: i64 = 200;

impl Store {
    /// Published records whose last day is before `today` (at most `limit`),
    /// the longest overdue first: read in `records_expiry (state, end_date)`
    /// order. (`ORDER BY id` made PostgreSQL walk the primary key past every
    /// record expired in the batches before: 0.2–0.5 s a batch after a 1M
    /// demo load, whose 117,000 due records took the tick minutes of a core.)
    pub async fn records_due_for_expiry(&self, today: NaiveDate, limit: i64) -> Result<Vec<(i64, String)>, StoreError> {
        let sql = "SELECT id, kind FROM records WHERE state = 'published' AND end_date IS NOT NULL AND end_date < $1 \
                   ORDER BY end_date, id LIMIT $2";
        Ok(on_db!(&self.db, p => sqlx::query_as(sql).bind(today).bind(limit).fetch_all(p).await?))
    }

    /// Expires every published record whose window or term ended before
    /// `today`: state `expired` and one `expire` log row each. Returns how many
    /// this call expired (a record another process expired first is skipped).
    pub async fn expire_due_records(
        &self,
        today: NaiveDate,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let mut expired = 0;
        loop {
            let due = self.records_due_for_expiry(today, EXPIRY_BATCH).await?;
            if due.is_empty() {
                return Ok(expired);
            }
            let mut tx = self.begin().await?;
            let mut head = tx.lock_log_head().await?;
            let mut in_batch = 0;
            for (id, kind) in &due {
                let kind = RecordKind::from_code(kind);
                let reason = if kind.is_some_and(RecordKind::is_list) {
                    "管理期限届满，移出名单"
                } else {
                    "公示期届满"
                };
                // Conditional: only a record still published and still past its end changes.
                let changed = on_tx!(&mut tx, c => {
                    sqlx::query(
                        "UPDATE records SET state = 'expired', state_reason = $1, updated_at = $2 \
                         WHERE id = $3 AND state = 'published' AND end_date < $4",
                    )
                    .bind(reason)
                    .bind(now)
                    .bind(*id)
                    .bind(today)
                    .execute(c)
                    .await?
                    .rows_affected()
                });
                if changed == 1 {
                    let entry = LogEntry {
                        actor: actor.to_string(),
                        change: Change::RecordExpire,
                        entity_id: *id,
                        kind: kind.map(|k| k.code()),
                        reason: Some(reason.to_string()),
                        content_hash: None,
                    };
                    tx.append_log(&mut head, now, &entry).await?;
                    in_batch += 1;
                }
            }
            tx.store_log_head(&head).await?;
            tx.commit().await?;
            expired += in_batch;
            if in_batch == 0 {
                // Everything seen was taken by another process, which goes on with the rest.
                return Ok(expired);
            }
        }
    }

    /// Open submissions whose current step was not flagged overdue yet.
    pub async fn unflagged_open_submissions(&self) -> Result<Vec<SubmissionRow>, StoreError> {
        let sql = format!(
            "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE status IN ('received', 'accepted', 'in_review') \
             AND overdue_flagged_at IS NULL ORDER BY id"
        );
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, SubmissionRow>(&sql).fetch_all(p).await?))
    }

    /// Flags the current step of a submission overdue, once: only while it is
    /// still in `status` and unflagged (a decision clears the flag for the
    /// next step). Writes one `overdue` log row; whether this call flagged it.
    pub async fn flag_overdue(
        &self,
        submission_id: i64,
        kind: &'static str,
        status: &str,
        due: NaiveDate,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let changed = on_tx!(&mut tx, c => {
            sqlx::query(
                "UPDATE submissions SET overdue_flagged_at = $1 WHERE id = $2 AND status = $3 AND overdue_flagged_at IS NULL",
            )
            .bind(now)
            .bind(submission_id)
            .bind(status)
            .execute(c)
            .await?
            .rows_affected()
        });
        if changed == 1 {
            let entry = LogEntry {
                actor: actor.to_string(),
                change: Change::SubmissionOverdue,
                entity_id: submission_id,
                kind: Some(kind),
                reason: Some(format!("{status}|{due}")),
                content_hash: None,
            };
            tx.append_log(&mut head, now, &entry).await?;
            tx.store_log_head(&head).await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }
}
