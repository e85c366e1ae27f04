//! Records as the back-office sees them (信息报送): a department's records in
//! every state, one record with its private columns, earlier versions and
//! history, saving a new record as a draft and publishing a draft. Corrections
//! and withdrawals use the shared paths (`ingest`, `withdraw_record`).

use app::domain::kinds::{RecordKind, RecordState};
use app::domain::record::NewRecord;
use chrono::{DateTime, NaiveDate, Utc};

use super::change_log::LogEntry;
use super::{on_db, on_tx, IngestCache, IngestOutcome, PreparedRecord, Store, StoreError};
use app::domain::list_lifecycle::{landing, Arrival, Landing};

/// Which records a back-office list shows: one department's (by 数据来源单位) or all.
#[derive(Clone, Copy, Debug, Default)]
pub struct StaffRecordFilter {
    pub source_id: Option<i64>,
    pub offset: i64,
    pub limit: i64,
}

/// One line of the back-office list.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StaffRecordRow {
    pub id: i64,
    pub kind: String,
    pub doc_no: String,
    pub title: String,
    pub subject_name: String,
    pub source_id: i64,
    pub source_name: String,
    pub decision_date: NaiveDate,
    pub state: String,
}

/// One record with everything the back-office may see, full IDs included.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StaffRecord {
    pub id: i64,
    pub kind: String,
    /// What the store finds the record by; a correction must keep it.
    pub record_key: String,
    pub doc_no: String,
    pub title: String,
    pub subject_name: String,
    pub authority_name: String,
    pub source_id: i64,
    pub source_name: String,
    pub decision_date: NaiveDate,
    pub state: String,
    pub state_reason: Option<String>,
    pub public_columns: String,
    pub private_columns: String,
    pub version: i64,
    pub published_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub pledge_status: Option<String>,
    pub pledge_due_date: Option<NaiveDate>,
}

/// A replaced version of a record (kept by every correction).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct VersionRow {
    pub version: i64,
    pub public_columns: String,
    pub replaced_at: DateTime<Utc>,
}

/// A change-log row about one record.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RecordEvent {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub op: String,
    pub reason: Option<String>,
}

const LIST_SELECT: &str = "SELECT r.id, r.kind, r.doc_no, r.title, s.name AS subject_name, r.source_id, \
     src.name AS source_name, r.decision_date, r.state \
     FROM records r JOIN subjects s ON s.id = r.subject_id JOIN departments src ON src.id = r.source_id";

impl Store {
    /// A page of records, newest first, and how many there are in all.
    pub async fn staff_records(&self, f: &StaffRecordFilter) -> Result<(Vec<StaffRecordRow>, i64), StoreError> {
        let (rows, total) = match f.source_id {
            Some(source) => {
                let sql = format!("{LIST_SELECT} WHERE r.source_id = $1 ORDER BY r.id DESC LIMIT $2 OFFSET $3");
                let count = "SELECT COUNT(*) FROM records WHERE source_id = $1";
                on_db!(&self.db, p => {
                    let rows = sqlx::query_as::<_, StaffRecordRow>(&sql)
                        .bind(source)
                        .bind(f.limit)
                        .bind(f.offset)
                        .fetch_all(p)
                        .await?;
                    let (total,): (i64,) = sqlx::query_as(count).bind(source).fetch_one(p).await?;
                    (rows, total)
                })
            }
            None => {
                let sql = format!("{LIST_SELECT} ORDER BY r.id DESC LIMIT $1 OFFSET $2");
                on_db!(&self.db, p => {
                    let rows = sqlx::query_as::<_, StaffRecordRow>(&sql)
                        .bind(f.limit)
                        .bind(f.offset)
                        .fetch_all(p)
                        .await?;
                    let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM records").fetch_one(p).await?;
                    (rows, total)
                })
            }
        };
        Ok((rows, total))
    }

    pub async fn staff_record(&self, id: i64) -> Result<Option<StaffRecord>, StoreError> {
        let sql =
            "SELECT r.id, r.kind, r.record_key, r.doc_no, r.title, s.name AS subject_name, d.name AS authority_name, \
             r.source_id, src.name AS source_name, r.decision_date, r.state, r.state_reason, r.public_columns, \
             r.private_columns, r.version, r.published_at, r.updated_at, r.pledge_status, r.pledge_due_date \
             FROM records r JOIN subjects s ON s.id = r.subject_id JOIN departments d ON d.id = r.authority_id \
             JOIN departments src ON src.id = r.source_id WHERE r.id = $1";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, StaffRecord>(sql).bind(id).fetch_optional(p).await?))
    }

    /// Earlier versions of a record, newest first.
    pub async fn record_versions(&self, id: i64) -> Result<Vec<VersionRow>, StoreError> {
        let sql = "SELECT version, public_columns, replaced_at FROM record_versions \
                   WHERE record_id = $1 ORDER BY version DESC";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, VersionRow>(sql).bind(id).fetch_all(p).await?))
    }

    /// What was done to a record, oldest first.
    pub async fn record_history(&self, id: i64) -> Result<Vec<RecordEvent>, StoreError> {
        let sql = "SELECT at, actor, op, reason FROM change_log \
                   WHERE entity = 'record' AND entity_id = $1 ORDER BY seq";
        Ok(on_db!(&self.db, p => sqlx::query_as::<_, RecordEvent>(sql).bind(id).fetch_all(p).await?))
    }

    /// The record stored under a record key (kind + authority code + document
    /// number + subject, see `app::domain::record::record_key`).
    pub async fn record_id_by_key(&self, record_key: &str) -> Result<Option<i64>, StoreError> {
        let sql = "SELECT id FROM records WHERE record_key = $1";
        let found: Option<(i64,)> =
            on_db!(&self.db, p => sqlx::query_as(sql).bind(record_key).fetch_optional(p).await?);
        Ok(found.map(|(id,)| id))
    }

    /// Stores a new record as a draft (logged `draft`): not public, not indexed.
    pub async fn save_draft(
        &self,
        record: &NewRecord,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<IngestOutcome, StoreError> {
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        let mut cache = IngestCache::default();
        let outcomes = tx
            .ingest_batch_as(
                &mut head,
                &[PreparedRecord::from(record.clone())],
                Arrival::Draft,
                actor,
                now,
                &mut cache,
            )
            .await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        outcomes
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::Inconsistent("a draft was not stored".into()))
    }

    /// Puts a draft online (logged `publish`); its publication date is now.
    /// A black-list draft becomes a proposal (拟列入, logged `propose`), as
    /// every new black-list entry does; a red-list draft is refused when the
    /// subject is not eligible (`red_list_eligibility`). Returns the new state.
    pub async fn publish_draft(&self, id: i64, actor: &str, now: DateTime<Utc>) -> Result<RecordState, StoreError> {
        let today = app::domain::clock::china_date(now);
        let mut tx = self.begin().await?;
        let mut head = tx.lock_log_head().await?;
        type DraftFacts = (String, String, String, i64, Option<String>, chrono::NaiveDate);
        let found: Option<DraftFacts> = on_tx!(&mut tx, c => {
            sqlx::query_as("SELECT kind, state, content_hash, subject_id, list_name, start_date FROM records WHERE id = $1")
                .bind(id)
                .fetch_optional(c)
                .await?
        });
        let Some((kind, state, content_hash, subject_id, list_name, start)) = found else {
            return Err(StoreError::Refused(format!("记录 {id} 不存在")));
        };
        if state != RecordState::Draft.code() {
            return Err(StoreError::Refused(format!("记录 {id} 不是待上线的草稿，无需发布")));
        }
        let kind = RecordKind::from_code(&kind);
        let landed = kind.map_or(Landing::Publish, |k| landing(k, Arrival::Publish));
        if kind == Some(RecordKind::Redlist) {
            let facts = tx
                .red_entry_facts(subject_id, list_name.as_deref().unwrap_or(""), start, today)
                .await?;
            app::domain::red_list_eligibility::red_entry_eligibility(&facts)
                .map_err(|refusal| StoreError::Refused(refusal.to_string()))?;
        }
        let to = landed.state();
        on_tx!(&mut tx, c => {
            sqlx::query("UPDATE records SET state = $1, published_at = $2, updated_at = $2 WHERE id = $3")
                .bind(to.code())
                .bind(now)
                .bind(id)
                .execute(c)
                .await?;
        });
        // Its publication, for timeliness, is now: not when the draft was saved.
        tx.mark_first_public(id, now).await?;
        let entry = LogEntry {
            actor: actor.to_string(),
            change: landed.change(),
            entity_id: id,
            kind: kind.map(|k| k.code()),
            reason: (landed == Landing::Propose).then(|| format!("拟列入{}", list_name.as_deref().unwrap_or(""))),
            content_hash: Some(content_hash),
        };
        tx.append_log(&mut head, now, &entry).await?;
        tx.store_log_head(&head).await?;
        tx.commit().await?;
        Ok(to)
    }
}

impl Store {
    /// Drafts (decided, not yet online) of a data-source department, with
    /// their decision dates, for the dashboard's deadline count.
    pub async fn draft_decision_dates(&self, source_id: i64) -> Result<Vec<chrono::NaiveDate>, StoreError> {
        let sql = "SELECT decision_date FROM records WHERE source_id = $1 AND state = 'draft'";
        let rows: Vec<(chrono::NaiveDate,)> =
            on_db!(&self.db, p => sqlx::query_as(sql).bind(source_id).fetch_all(p).await?);
        Ok(rows.into_iter().map(|(d,)| d).collect())
    }
}
