//! Issued credit reports: stored as issued, found by number for `/verify`.

use app::domain::change_chain::Change;
use chrono::{DateTime, Utc};

use super::change_log::LogEntry;
use super::{on_db, on_tx, Store, StoreError};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReportRow {
    pub id: i64,
    pub report_number: String,
    pub subject_id: i64,
    pub issued_at: DateTime<Utc>,
    pub code_salt: String,
    pub code_hash: String,
    pub content: String,
    pub content_hash: String,
}

/// A report about to be stored.
pub struct NewReport<'a> {
    pub number: &'a str,
    pub subject_id: i64,
    pub code_salt: &'a str,
    pub code_hash: &'a str,
    pub content: &'a str,
    pub content_hash: &'a str,
}

impl Store {
    /// Stores an issued report with its change-log row (number and content hash only).
    pub async fn issue_report(&self, r: &NewReport<'_>, now: DateTime<Utc>) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let (id,): (i64,) = on_tx!(&mut tx, c => {
            sqlx::query_as(
                "INSERT INTO credit_reports (report_number, subject_id, issued_at, code_salt, code_hash, content, content_hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(r.number)
            .bind(r.subject_id)
            .bind(now)
            .bind(r.code_salt)
            .bind(r.code_hash)
            .bind(r.content)
            .bind(r.content_hash)
            .fetch_one(c)
            .await?
        });
        let entry = LogEntry {
            actor: "public".into(),
            change: Change::ReportIssue,
            entity_id: id,
            kind: None,
            reason: Some(r.number.to_string()),
            content_hash: Some(r.content_hash.to_string()),
        };
        tx.append_log(&mut head, now, &entry).await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn report_by_number(&self, number: &str) -> Result<Option<ReportRow>, StoreError> {
        let sql = "SELECT id, report_number, subject_id, issued_at, code_salt, code_hash, content, content_hash \
                   FROM credit_reports WHERE report_number = $1";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, ReportRow>(sql).bind(number).fetch_optional(p).await?))
    }
}
