//! Values a migration added as columns but could not compute in SQL: filled in
//! by the portal right after the migrations run, with the same domain
//! functions validation uses (one rule, one place).

use app::domain::change_chain::Change;
use app::domain::kinds::RecordKind;
use app::domain::masking::{mask_free_text, mask_free_text_columns};
use app::domain::publicity::penalty_columns_are_strict;
use app::domain::record::{record_content_hash, subject_key_of_record_key};
use chrono::Utc;

use super::change_log::LogEntry;
use super::{on_db, on_tx, Store, StoreError};

/// Rows decided per transaction.
const BATCH: i64 = 1000;

/// Who the change log names for the start-up backfill.
pub const BACKFILL_ACTOR: &str = "system:migration-0013";

/// The reason of the `correct` log row of a record whose free text was masked.
pub const SCREENED_REASON: &str = "公示文本中的身份证号码、手机号码已脱敏";

type Stored = (i64, String, String, String, String, String);

impl Store {
    /// Brings the records stored before migration 0013 (`strict_domain IS
    /// NULL`) up to what validation now does for every new row:
    ///
    /// - decides `strict_domain` from their stored national columns (处罚机关,
    ///   违法行为类型, 处罚依据) with `publicity::penalty_columns_are_strict`;
    /// - screens their free-text columns and title with
    ///   `masking::mask_free_text`; a record that changes gets a new content
    ///   hash and a `correct` row in the change log (so the search follower,
    ///   the feeds and the open-data change list pick it up), and its unmasked
    ///   text is not kept anywhere.
    ///
    /// Runs until no row is undecided, so it is a no-op once done; several
    /// processes starting at once serialise on the change-log head. Returns
    /// (records decided, records whose text was masked).
    pub async fn backfill_records_before_0013(&self) -> Result<(u64, u64), StoreError> {
        let (mut decided, mut screened) = (0u64, 0u64);
        // Usually nothing to do: answer without taking the change-log lock.
        let pending: Option<(i64,)> = on_db!(&self.db, p => {
            sqlx::query_as("SELECT id FROM records WHERE strict_domain IS NULL LIMIT 1").fetch_optional(p).await?
        });
        if pending.is_none() {
            return Ok((0, 0));
        }
        loop {
            let mut tx = self.begin().await?;
            // Taken first, so two processes never screen the same rows twice.
            let mut head = tx.lock_log_head().await?;
            let rows: Vec<Stored> = on_tx!(&mut tx, c => {
                sqlx::query_as(
                    "SELECT id, kind, record_key, title, public_columns, private_columns FROM records \
                     WHERE strict_domain IS NULL ORDER BY id LIMIT $1",
                )
                .bind(BATCH)
                .fetch_all(&mut *c)
                .await?
            });
            if rows.is_empty() {
                break;
            }
            let now = Utc::now();
            let mut strict_ids = Vec::new();
            let mut plain_ids = Vec::new();
            let mut log = Vec::new();
            for (id, kind_code, key, title, public_json, private_json) in &rows {
                let kind = RecordKind::from_code(kind_code);
                let public: Vec<(String, String)> = serde_json::from_str(public_json).unwrap_or_default();
                // Only penalties have a minimum period before repair.
                if kind == Some(RecordKind::Penalty) && penalty_columns_are_strict(&public) {
                    strict_ids.push(*id);
                } else {
                    plain_ids.push(*id);
                }
                let masked_title = mask_free_text(title);
                let masked_public = mask_free_text_columns(&public);
                if masked_public.is_none() && !masked_title.changed() {
                    continue;
                }
                let public = masked_public.unwrap_or(public);
                let private: Vec<(String, String)> = serde_json::from_str(private_json).unwrap_or_default();
                let (Some(kind), Some(subject)) = (kind, subject_key_of_record_key(key)) else {
                    return Err(StoreError::Inconsistent(format!(
                        "record {id} has an unreadable key {key}"
                    )));
                };
                let hash = record_content_hash(kind, subject, &public, &private);
                let public_json = serde_json::to_string(&public)
                    .map_err(|e| StoreError::Inconsistent(format!("record {id}: {e}")))?;
                on_tx!(&mut tx, c => {
                    sqlx::query("UPDATE records SET title = $1, public_columns = $2, content_hash = $3 WHERE id = $4")
                        .bind(&masked_title.text)
                        .bind(&public_json)
                        .bind(&hash)
                        .bind(*id)
                        .execute(&mut *c)
                        .await?;
                });
                log.push(LogEntry {
                    actor: BACKFILL_ACTOR.to_string(),
                    change: Change::RecordCorrect,
                    entity_id: *id,
                    kind: Some(kind.code()),
                    reason: Some(SCREENED_REASON.to_string()),
                    content_hash: Some(hash),
                });
            }
            for (value, ids) in [(true, &strict_ids), (false, &plain_ids)] {
                if ids.is_empty() {
                    continue;
                }
                on_tx!(&mut tx, c, DB => {
                    let mut qb = sqlx::QueryBuilder::<DB>::new("UPDATE records SET strict_domain = ");
                    qb.push_bind(value).push(" WHERE id IN (");
                    let mut list = qb.separated(", ");
                    for id in ids.iter() {
                        list.push_bind(*id);
                    }
                    qb.push(")");
                    qb.build().execute(&mut *c).await?;
                });
            }
            if !log.is_empty() {
                tx.append_logs(&mut head, now, &log).await?;
                tx.store_log_head(&head).await?;
            }
            tx.commit().await?;
            decided += rows.len() as u64;
            screened += log.len() as u64;
        }
        if decided > 0 {
            tracing::info!(
                records = decided,
                masked = screened,
                "records stored before migration 0013: strict domain decided, free text screened"
            );
        }
        Ok((decided, screened))
    }
}
